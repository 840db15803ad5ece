import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { JOB_SUMMARY_MAX_BYTES } from '../../src/report/markdown.js';
import { type CliRun, replay, runCli, tempDir } from '../support/cli.js';
import {
  HOSTILE_ID,
  HOSTILE_TEXT,
  type HostileFlavour,
  writeHostileTrivyReport,
} from '../support/generate-hostile-reports.js';

/**
 * Scanner text is attacker-controlled: a package can name itself `<script>`, `@org/team` or an ANSI sequence. A
 * hostile copy of a real Trivy report goes through the CLI to every human-facing output (markdown summary, SARIF,
 * terminal table); each must show the text inert.
 */
// C0 and C1 controls except tab and line feed, and the bidi overrides ("Trojan Source").
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ACTIVE_HTML = /<\s*(script|img|iframe|a\s)/i;
const RAW_MENTION = /@(octocat|github\/security-team)/;

interface Outputs {
  res: CliRun;
  report: Report;
  summary: string;
  sarif: string;
  ids: Record<HostileFlavour, string>;
}

async function scanHostile(extra: string[] = []): Promise<Outputs> {
  const dir = tempDir('cg-hostile-');
  const { path, ids } = writeHostileTrivyReport(dir);
  const files = { json: join(dir, 'r.json'), sarif: join(dir, 'r.sarif'), summary: join(dir, 'summary.md') };
  const res = await runCli(
    [
      'scan',
      'alpine:3.10',
      '--export',
      'never',
      '--scanners',
      'trivy',
      '--json',
      files.json,
      '--sarif',
      files.sarif,
      '--summary',
      files.summary,
      ...extra,
    ],
    { env: replay({ STANDIN_TRIVY_VULN: path }) },
  );
  const read = (file: string) => readFileSync(file, 'utf8');
  return {
    res,
    report: JSON.parse(read(files.json)),
    summary: read(files.summary),
    sarif: read(files.sarif),
    ids,
  };
}

/** Every string in a JSON value, with its path. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, `${path}.${k}`);
}

/** Pipes that split a markdown table cell: not escaped with a backslash. */
const cellSeparators = (row: string) => row.replace(/\\\\/g, '').match(/(?<!\\)\|/g)?.length ?? 0;

describe('hostile text in scanner output', () => {
  let plain: Outputs;
  beforeAll(async () => {
    plain = await scanHostile();
  });

  it('still reports every hostile finding (inert does not mean dropped)', () => {
    expect(plain.res.code).toBe(1);
    const ids = plain.report.findings.map((f) => f.id).sort();
    expect(ids).toEqual([...Object.values(plain.ids), HOSTILE_ID].sort());
  });

  describe('markdown summary', () => {
    it('has no active HTML, script or javascript: link', () => {
      expect(plain.summary).not.toMatch(ACTIVE_HTML);
      expect(plain.summary).not.toMatch(/\]\(\s*javascript:/i);
      expect(plain.summary).toContain('&lt;script&gt;');
    });

    it('defuses @-mentions', () => {
      expect(plain.summary).not.toMatch(RAW_MENTION);
      expect(plain.summary).toMatch(/@\u200doctocat/);
    });

    // GitHub autolinks `#1` and `GH-2` alike to issue 1 and 2 and posts a back-reference on them.
    it('defuses `#N` issue references', () => {
      expect(plain.summary).not.toMatch(/(?<![\\\w])#1\b/);
    });

    it('defuses `GH-N` issue references', () => {
      expect(plain.summary).not.toMatch(/\bGH-2\b/);
    });

    it('keeps every table row at its header column count despite pipes and newlines in the text', () => {
      const lines = plain.summary.split('\n');
      let tables = 0;
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
        tables++;
        const columns = cellSeparators(lines[i]!);
        for (let j = i + 1; lines[j]?.startsWith('|'); j++)
          expect(cellSeparators(lines[j]!), lines[j]).toBe(columns);
      }
      expect(tables).toBeGreaterThan(0);
      // Each finding is one row: a newline in the text did not start a row of its own.
      for (const id of Object.values(plain.ids))
        expect(lines.filter((l) => l.startsWith(`| ${id} |`))).toHaveLength(1);
      expect(lines.some((l) => l.startsWith('| injected'))).toBe(false);
    });

    it('has no control characters, no code fence, and stays far below the 1 MiB job summary limit', () => {
      expect(plain.summary).not.toMatch(CONTROL);
      expect(plain.summary).not.toMatch(/(?<!\\)```/);
      expect(Buffer.byteLength(plain.summary)).toBeLessThan(JOB_SUMMARY_MAX_BYTES);
      expect(plain.summary).not.toContain(HOSTILE_TEXT.huge);
    });
  });

  describe('SARIF', () => {
    it('has no active HTML, script, javascript: URL or raw mention in any markdown field', () => {
      const log = JSON.parse(plain.sarif);
      const markdown = [...strings(log)].filter(([path]) => path.endsWith('.markdown'));
      expect(markdown.length).toBeGreaterThan(0);
      for (const [path, text] of markdown) {
        expect(text, path).not.toMatch(ACTIVE_HTML);
        expect(text, path).not.toMatch(RAW_MENTION);
        expect(text, path).not.toMatch(/\]\(\s*javascript:/i);
      }
      for (const [path, text] of strings(log)) {
        if (/helpUri$|\.uri$/.test(path)) expect(text, path).not.toMatch(/^\s*javascript:/i);
      }
    });

    it('carries no control character in any string, properties included', () => {
      for (const [path, text] of strings(JSON.parse(plain.sarif))) expect(text, path).not.toMatch(CONTROL);
    });

    it("keeps within GitHub's rule limits: name ≤ 255, descriptions ≤ 1,024 characters", () => {
      const log = JSON.parse(plain.sarif) as {
        runs: { tool: { driver: { rules?: Record<string, { text?: string } | string>[] } } }[];
      };
      const rules = log.runs.flatMap((r) => r.tool.driver.rules ?? []);
      expect(rules.length).toBe(plain.report.findings.length);
      for (const rule of rules) {
        expect(String(rule.name ?? '').length).toBeLessThanOrEqual(255);
        for (const key of ['shortDescription', 'fullDescription'] as const) {
          const text = (rule[key] as { text?: string } | undefined)?.text ?? '';
          expect(text.length).toBeLessThanOrEqual(1024);
        }
      }
    });
  });

  describe('terminal table', () => {
    it('prints no escape or control byte on stdout or stderr', () => {
      expect(plain.res.stdout).not.toMatch(CONTROL);
      expect(plain.res.stderr).not.toMatch(CONTROL);
    });

    it('keeps every column in place: one row per finding, the found-by and gate cells where the header says', () => {
      const lines = plain.res.stdout.split('\n');
      const header = lines.find((l) => /^\s+id\s+title\s+package\s/.test(l));
      if (!header) throw new Error(`no table header in:\n${plain.res.stdout.slice(0, 2000)}`);
      const foundBy = header.indexOf('found by');
      const gate = header.indexOf('gate');
      const rows = lines.filter((l) => l.startsWith('  ') && l !== header);
      expect(rows).toHaveLength(plain.report.findings.length);
      for (const row of rows) {
        expect(row.slice(foundBy, gate).trim(), row.slice(0, 120)).toBe('trivy');
        expect(row.slice(gate).trim()).toBe('violation: threshold');
      }
    });

    it('with --color, the only escape sequences are its own colours', async () => {
      const coloured = await scanHostile(['--color']);
      const withoutOwnColours = coloured.res.stdout.replace(/\u001b\[\d+(;\d+)*m/g, '');
      expect(coloured.res.stdout).toMatch(/\u001b\[\d+m/);
      expect(withoutOwnColours).not.toMatch(CONTROL);
      expect(coloured.res.stdout).not.toContain('pwned');
      expect(coloured.res.stdout).not.toMatch(/\u001b\[2J|\u001b\]/);
    });
  });
});

describe('hostile text on a failing scanner’s stderr', () => {
  it('reports the failure in one clean line: escapes and control characters removed, the words kept', async () => {
    const dir = tempDir();
    const json = join(dir, 'r.json');
    const res = await runCli(['scan', 'alpine:3.10', '--export', 'never', '--json', json], {
      env: replay({
        STANDIN_GRYPE_BEHAVIOUR: 'exit1-silent',
        STANDIN_GRYPE_STDERR: `progress\n${HOSTILE_TEXT.ansi} ${HOSTILE_TEXT.mentions}`,
      }),
    });
    expect(res.code).toBe(2);
    expect(res.stdout).not.toMatch(CONTROL);
    expect(res.stderr).not.toMatch(CONTROL);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const grype = report.scanners.find((s) => s.name === 'grype');
    expect(grype?.error).toMatch(/^exited with code 1: .*RED.*ping @octocat/);
    // The report is data, not terminal output: it must be one line without C0/C1 controls.
    expect(grype?.error).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(report.gate.errors.join(' ')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
