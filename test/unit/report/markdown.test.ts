import { describe, expect, it } from 'vitest';
import { PR_COMMENT_MAX_CHARS } from '../../../src/action/pr-comment.js';
import { DEFAULT_POLICY } from '../../../src/core/policy.js';
import { JOB_SUMMARY_MAX_BYTES, renderMarkdownSummary } from '../../../src/report/markdown.js';
import { buildReport, generateFindings, generateReport } from '../../support/generate-findings.js';
import {
  CONTROL_CHARACTER,
  INJECTION_CORPUS,
  LIVE_ISSUE_REFERENCE,
  LIVE_MENTION,
} from './injection-corpus.js';
import {
  MADE_IMAGE,
  MADE_IMAGE_NAME,
  madeDefaultReport,
  madeFindings,
  madeTarget,
  madeVulnerability,
  okRun,
} from './made-report.js';

/** The lines of the table under `### heading`: header, separator, rows. */
function tableUnder(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`### ${heading}`);
  if (start === -1) return [];
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  return table;
}

/** Cells of a table line, splitting on `|` not escaped by a backslash. */
function cells(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1);
}

describe('renderMarkdownSummary', () => {
  it('opens with the verdict and lists the reasons', () => {
    const report = madeDefaultReport();
    const markdown = renderMarkdownSummary(report);
    const firstLine = markdown.split('\n')[0]!;
    expect(report.gate.status).toBe('failed');
    expect(firstLine).toContain('Gate failed');
    for (const reason of report.gate.reasons)
      expect(markdown).toMatch(new RegExp(`- (❌ )?${reason.split(' ')[0]}`));
  });

  it('opens with one line per failed rule, marked, before the counts', () => {
    const report = madeDefaultReport();
    const lines = renderMarkdownSummary(report)
      .split('\n')
      .filter((l) => l !== '');
    expect(report.gate.failedRules.length).toBeGreaterThan(0);
    report.gate.failedRules.forEach((rule, i) => {
      expect(lines[1 + i]).toBe(`- ❌ ${rule.rule}: ${rule.summary}`);
    });
    expect(lines.findIndex((l) => l.startsWith('Threshold **'))).toBeGreaterThan(
      report.gate.failedRules.length,
    );
  });

  it('says passed when nothing meets the threshold, and error when a scanner failed', () => {
    const passed = buildReport({
      findings: [],
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [okRun('trivy', MADE_IMAGE)],
    });
    expect(renderMarkdownSummary(passed).split('\n')[0]).toContain('Gate passed');
    const failedRun = {
      ...okRun('grype', MADE_IMAGE),
      status: 'timeout' as const,
      error: 'timed out after 600 s',
    };
    const errored = buildReport({
      findings: [],
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [failedRun],
    });
    const markdown = renderMarkdownSummary(errored);
    expect(markdown.split('\n')[0]).toContain('Gate error');
    expect(markdown).toContain('**timeout**');
  });

  it('counts findings by severity and by scanner from the report', () => {
    const report = madeDefaultReport();
    const markdown = renderMarkdownSummary(report);
    const [header, , values] = tableUnder(markdown, 'Findings by severity');
    const names = cells(header!).map((c) => c.trim());
    const counts = cells(values!).map((c) => Number(c.trim()));
    for (const [i, name] of names.entries()) {
      const expected =
        name === 'total' ? report.findings.length : report.findings.filter((f) => f.severity === name).length;
      expect(counts[i], name).toBe(expected);
    }
    const scannerRows = tableUnder(markdown, 'Findings by scanner').slice(2);
    for (const row of scannerRows) {
      const [scanner, count] = cells(row).map((c) => c.trim());
      expect(Number(count)).toBe(report.findings.filter((f) => f.foundBy.includes(scanner!)).length);
    }
  });

  it('has a status row per scanner run with status, duration and version', () => {
    const report = madeDefaultReport();
    const rows = tableUnder(renderMarkdownSummary(report), 'Scanners').slice(2);
    expect(rows).toHaveLength(report.scanners.length);
    expect(rows[0]).toContain(`${(report.scanners[0]!.durationMs / 1000).toFixed(1)} s`);
    expect(rows[0]).toContain(report.scanners[0]!.version!);
  });

  it('lists every finding, violations first, with installed → fixed, found by and the gate decision', () => {
    const report = madeDefaultReport();
    const rows = tableUnder(renderMarkdownSummary(report), 'Findings').slice(2);
    expect(rows).toHaveLength(report.findings.length);
    const violations = report.findings.filter((f) => f.gate.decision === 'violation').length;
    expect(rows.slice(0, violations).every((r) => r.includes('**violation: threshold**'))).toBe(true);
    expect(rows.slice(violations).some((r) => r.includes('**violation'))).toBe(false);
    const openssl = rows.find((r) => r.includes('openssl'))!;
    expect(openssl).toContain('3.0.1-r0 → 3.0.2-r0');
    expect(openssl).toContain('grype, trivy');
  });

  it('shows applied, expired and unused exceptions', () => {
    const policy = {
      ...DEFAULT_POLICY,
      exceptions: [
        {
          id: 'CVE-2024-0001',
          reason: 'not reachable',
          expires: '2026-06-30',
          origin: 'exceptions.yaml entry 1',
        },
        { id: 'github-pat', reason: 'test token', expires: '2025-01-01', origin: 'exceptions.yaml entry 2' },
        { id: 'CVE-1999-9999', reason: 'old', expires: '2027-01-01', origin: 'exceptions.yaml entry 3' },
      ],
    };
    const report = buildReport({
      findings: madeFindings(),
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [],
      policy,
    });
    const markdown = renderMarkdownSummary(report);
    expect(tableUnder(markdown, 'Exceptions applied')[2]).toContain('CVE-2024-0001');
    expect(markdown).toContain('Exceptions expired');
    expect(markdown).toContain('entry 2');
    expect(markdown).toContain('Exceptions unused');
    expect(markdown).toContain('CVE-1999-9999');
  });

  it('adds the links it is given, dropping non-http URLs', () => {
    const markdown = renderMarkdownSummary(madeDefaultReport(), {
      links: [
        { label: 'Workflow run', url: 'https://github.com/acme/api/actions/runs/1' },
        { label: 'evil', url: 'javascript:alert(1)' },
      ],
    });
    expect(markdown).toContain('- [Workflow run](https://github.com/acme/api/actions/runs/1)');
    expect(markdown).toContain('- evil');
    expect(markdown).not.toContain('javascript:');
  });
});

describe('renderMarkdownSummary with hostile scanner text', () => {
  const hostileReport = () =>
    buildReport({
      findings: INJECTION_CORPUS.map((hostile, i) =>
        madeVulnerability({
          id: `CVE-2024-${1000 + i} ${hostile}`,
          package: { name: hostile, version: hostile, type: 'npm' },
          fix: { state: 'fixed', versions: [hostile] },
          title: hostile,
          description: hostile,
          foundBy: ['trivy'],
        }),
      ),
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [{ ...okRun('trivy', MADE_IMAGE), status: 'failed', error: INJECTION_CORPUS.join(' ') }],
      policy: {
        ...DEFAULT_POLICY,
        exceptions: [
          {
            id: INJECTION_CORPUS[0]!,
            reason: INJECTION_CORPUS[14]!,
            expires: '2027-01-01',
            origin: INJECTION_CORPUS[16]!,
          },
        ],
      },
    });

  it('keeps every table row to its header column count', () => {
    const markdown = renderMarkdownSummary(hostileReport(), { title: INJECTION_CORPUS[5] });
    for (const heading of ['Findings', 'Scanners', 'Exceptions unused (matched nothing: remove them)']) {
      const [header, ...rest] = tableUnder(markdown, heading);
      expect(rest.length, heading).toBeGreaterThan(1);
      for (const row of rest) expect(cells(row).length, row.slice(0, 80)).toBe(cells(header!).length);
    }
  });

  it('leaves no raw HTML, no ANSI or control characters, and no live mention or issue reference', () => {
    const markdown = renderMarkdownSummary(hostileReport(), { title: INJECTION_CORPUS[14] });
    expect(markdown).not.toContain('<');
    expect(markdown).not.toMatch(CONTROL_CHARACTER);
    expect(markdown).not.toMatch(LIVE_MENTION);
    expect(markdown).not.toMatch(LIVE_ISSUE_REFERENCE);
    expect(markdown).not.toContain('A'.repeat(2100));
  });
});

describe('renderMarkdownSummary size limits', () => {
  const big = generateReport(
    generateFindings(20_000, { seed: 7, overlap: 0, targets: ['generated/a:1', 'generated/b:1'] }),
  );

  it(`stays within the job summary limit of ${JOB_SUMMARY_MAX_BYTES} bytes by leaving out rows, and says how many`, () => {
    const markdown = renderMarkdownSummary(big);
    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    const shown = tableUnder(markdown, 'Findings').length - 2;
    expect(shown).toBeGreaterThan(1000);
    expect(markdown).toContain(
      `_${big.findings.length - shown} of ${big.findings.length} findings not shown`,
    );
  });

  it(`stays within ${PR_COMMENT_MAX_CHARS} characters for a PR comment, table markup intact`, () => {
    const markdown = renderMarkdownSummary(big, { maxChars: PR_COMMENT_MAX_CHARS });
    expect(markdown.length).toBeLessThanOrEqual(PR_COMMENT_MAX_CHARS);
    const table = tableUnder(markdown, 'Findings');
    expect(table[1]).toMatch(/^\| --- \|/);
    const shown = table.length - 2;
    expect(markdown).toContain(
      `_${big.findings.length - shown} of ${big.findings.length} findings not shown`,
    );
    expect(markdown.split('\n')[0]).toContain('Gate failed');
  });

  it('renders the whole table with no left-out line when it fits', () => {
    const small = generateReport(generateFindings(50, { seed: 3, overlap: 0.5 }));
    const markdown = renderMarkdownSummary(small, { maxChars: PR_COMMENT_MAX_CHARS });
    expect(tableUnder(markdown, 'Findings').length - 2).toBe(small.findings.length);
    expect(markdown).not.toContain('not shown');
  });

  it('falls back to the bare verdict when even the headings do not fit', () => {
    const markdown = renderMarkdownSummary(big, { maxChars: 120 });
    expect(markdown.length).toBeLessThanOrEqual(120);
    expect(markdown).toContain('Gate failed');
  });
});

describe('the scanner table of the summary', () => {
  it('says how many packages an SBOM tool listed', () => {
    const report = madeDefaultReport();
    report.scanners.push({
      name: 'syft',
      target: report.targets[0]!.display,
      status: 'ok',
      durationMs: 900,
      findings: 0,
      packages: 42,
    });
    expect(renderMarkdownSummary(report)).toMatch(/\| syft \|.*\| 0 \| SBOM of 42 packages \|/);
  });

  it('says "1 package", not "1 packages"', () => {
    const report = madeDefaultReport();
    report.scanners.push({
      name: 'syft',
      target: report.targets[0]!.display,
      status: 'ok',
      durationMs: 900,
      findings: 0,
      packages: 1,
    });
    expect(renderMarkdownSummary(report)).toMatch(/\| syft \|.*\| 0 \| SBOM of 1 package \|/);
  });
});
