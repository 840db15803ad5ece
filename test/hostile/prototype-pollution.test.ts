import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runMergeCommand, runReportCommand } from '../../src/cli/gate-commands.js';
import type { GateArgs } from '../../src/cli/options.js';
import { parseExceptionsFile, parseVexDocument } from '../../src/core/exceptions.js';
import type { Report } from '../../src/core/report.js';
import { defaultOptions } from '../../src/options.js';
import { runScan } from '../../src/pipeline.js';
import { parseJsonReport } from '../../src/report/json.js';
import { parseGrypeJson } from '../../src/scanners/grype/parse.js';
import { parseTrivyJson } from '../../src/scanners/trivy/parse.js';
import { fixtures, replay, standinBin, tempDir } from '../support/cli.js';

/**
 * JSON and YAML with `__proto__`, `constructor` and `prototype` keys go through container-gate's own code in this
 * process (parsers, the pipeline, `report --from`, `merge`); afterwards a fresh object must still have no
 * `polluted` property. JSON.parse makes such keys own properties; the danger is code that copies them with `obj[key] =`.
 */
const POLLUTERS = {
  __proto__: { polluted: 'via __proto__' },
  constructor: { prototype: { polluted: 'via constructor.prototype' } },
  prototype: { polluted: 'via prototype' },
};
// Object literals cannot hold an own `__proto__` key; JSON text can, which is what an attacker sends.
const POLLUTER_JSON = JSON.stringify(POLLUTERS).replace(
  '"constructor"',
  '"__proto__":{"polluted":"via __proto__"},"constructor"',
);

const expectNoPollution = () => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
};

/** Puts the polluting keys into every object of a JSON document, as text (so `__proto__` stays an own key). */
function pollute(json: string): string {
  return json.replace(/\{(?=\s*")/g, `{${POLLUTER_JSON.slice(1, -1)},`);
}

const raw = (file: string) => readFileSync(join(fixtures, file), 'utf8');

describe('scanner output with prototype-polluting keys', () => {
  it('parses a polluted Trivy report to the same findings as the clean one, polluting nothing', () => {
    const clean = parseTrivyJson(raw('trivy/alpine-310.json'), { target: 'alpine:3.10' }, 'trivy');
    const hostile = parseTrivyJson(pollute(raw('trivy/alpine-310.json')), { target: 'alpine:3.10' }, 'trivy');
    expectNoPollution();
    expect(hostile.findings).toEqual(clean.findings);
    for (const finding of hostile.findings) expect(Object.getPrototypeOf(finding)).toBe(Object.prototype);
  });

  it('parses a polluted Grype report to the same findings as the clean one, polluting nothing', () => {
    const clean = parseGrypeJson(raw('grype/presenter-image.json'), { target: 'alpine:3.10' });
    const hostile = parseGrypeJson(pollute(raw('grype/presenter-image.json')), { target: 'alpine:3.10' });
    expectNoPollution();
    expect(hostile.findings).toEqual(clean.findings);
  });

  it('reads a polluted OpenVEX document without polluting', () => {
    const vex = pollute(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [{ vulnerability: { name: 'CVE-2019-1549' }, status: 'not_affected' }],
      }),
    );
    expect(parseVexDocument(vex, 'hostile.vex.json').map((s) => s.vulnerability)).toEqual(['CVE-2019-1549']);
    expectNoPollution();
  });
});

describe('exceptions file with prototype-polluting keys', () => {
  it.each([
    [
      'an entry',
      'exceptions:\n  - id: CVE-2019-1549\n    reason: r\n    expires: 2999-01-01\n    __proto__:\n      polluted: yes\n',
      /entry 1: unknown key "__proto__"/,
    ],
    ['the top level', '__proto__:\n  polluted: yes\nexceptions: []\n', /unknown key "__proto__"/],
    [
      'constructor.prototype',
      'exceptions:\n  - id: CVE-1\n    reason: r\n    expires: 2999-01-01\n    constructor:\n      prototype:\n        polluted: yes\n',
      /unknown key "constructor"/,
    ],
  ])('refuses %s as an unknown key and pollutes nothing', (_where, yaml, message) => {
    expect(() => parseExceptionsFile(yaml, 'hostile.yaml')).toThrow(message);
    expectNoPollution();
  });
});

describe('the CLI code, in this process', () => {
  const saved = { ...process.env };
  let cleanReport: string;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('cg-pollute-');
    // The pipeline runs the stand-ins with this process's environment: the polluted recordings are replayed.
    const trivy = join(dir, 'trivy.polluted.made.json');
    const grype = join(dir, 'grype.polluted.made.json');
    writeFileSync(trivy, pollute(raw('trivy/alpine-310.json')));
    writeFileSync(grype, pollute(raw('grype/presenter-image.json')));
    Object.assign(process.env, replay({ STANDIN_TRIVY_VULN: trivy, STANDIN_GRYPE: grype }));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    process.env = saved;
    vi.restoreAllMocks();
  });

  it('scans with polluted scanner outputs and a VEX document through runScan without pollution', async () => {
    const options = defaultOptions();
    options.images = ['alpine:3.10'];
    options.scanners = ['trivy', 'grype'];
    options.export = 'never';
    options.checks = false;
    options.toolPaths = { trivy: join(standinBin, 'trivy'), grype: join(standinBin, 'grype') };
    options.outputs = { ...options.outputs, table: false, json: join(dir, 'scan.json') };
    const vex = join(dir, 'hostile.vex.json');
    writeFileSync(
      vex,
      pollute(JSON.stringify({ statements: [{ vulnerability: 'CVE-0000-0000', status: 'not_affected' }] })),
    );
    options.policy.vexFiles = [vex];
    const outcome = await runScan(options, { today: '2026-01-01' });
    expectNoPollution();
    expect(outcome.report.scanners.map((s) => `${s.name}:${s.status}`)).toEqual(['trivy:ok', 'grype:ok']);
    cleanReport = readFileSync(join(dir, 'scan.json'), 'utf8');
    expect(Object.keys(JSON.parse(cleanReport))).not.toContain('__proto__');
  });

  const gateArgs = (extra: Partial<GateArgs>): GateArgs => ({
    severity: 'high',
    ignoreUnfixed: false,
    unknownSeverity: 'warn',
    vex: [],
    table: false,
    timeout: 600,
    ...extra,
  });

  it('renders a polluted JSON report with report --from without pollution, reading the same findings', async () => {
    const hostile = join(dir, 'polluted.report.made.json');
    writeFileSync(hostile, pollute(cleanReport));
    const out = join(dir, 'rendered.json');
    const code = await runReportCommand({ ...gateArgs({ json: out }), from: hostile, quiet: true });
    expectNoPollution();
    const clean = JSON.parse(cleanReport) as Report;
    expect(code).toBe(clean.gate.status === 'failed' ? 1 : 0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as Report).findings).toEqual(clean.findings);
    expect(parseJsonReport(pollute(cleanReport), 'x').findings.length).toBe(clean.findings.length);
  });

  it('refuses a polluted exceptions file, and merges polluted JSON reports without pollution', async () => {
    const hostile = join(dir, 'polluted.report.made.json');
    writeFileSync(hostile, pollute(cleanReport));
    const exceptions = join(dir, 'exceptions.made.yaml');
    writeFileSync(
      exceptions,
      'exceptions:\n  - id: CVE-2019-1549\n    reason: r\n    expires: 2999-01-01\n    __proto__: { polluted: yes }\n',
    );
    await expect(
      runMergeCommand({ ...gateArgs({ exceptions }), reports: [hostile, hostile], quiet: true }),
    ).rejects.toThrow(/unknown key "__proto__"/);
    const merged = join(dir, 'merged.json');
    const code = await runMergeCommand({
      ...gateArgs({ json: merged }),
      reports: [hostile, hostile],
      quiet: true,
    });
    expectNoPollution();
    expect([0, 1]).toContain(code);
    expect((JSON.parse(readFileSync(merged, 'utf8')) as Report).findings.length).toBe(
      (JSON.parse(cleanReport) as Report).findings.length,
    );
  });
});
