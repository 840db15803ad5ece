import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExceptionsFile } from '../../src/core/exceptions.js';
import type { Finding } from '../../src/core/finding.js';
import { evaluateGate, exceptionMatches } from '../../src/core/gate.js';
import { DEFAULT_POLICY } from '../../src/core/policy.js';
import type { Report } from '../../src/core/report.js';
import { replay, runCli, tempDir } from '../support/cli.js';
import { writeEditedTrivyReport } from '../support/generate-hostile-reports.js';

/**
 * Exceptions are security decisions: a malformed one is refused (exit 3, the entry named), and ids are matched
 * exactly — there is no regex or glob, so an id that looks like a pattern matches only itself, at once, whatever
 * the length of the ids it is compared with.
 */
const scanWithExceptions = async (yaml: string, extra: string[] = [], env: Record<string, string> = {}) => {
  const dir = tempDir('cg-exc-');
  const file = join(dir, 'exceptions.made.yaml');
  writeFileSync(file, yaml);
  const json = join(dir, 'r.json');
  const res = await runCli(
    [
      'scan',
      'alpine:3.10',
      '--export',
      'never',
      '--scanners',
      'trivy',
      '--json',
      json,
      '--exceptions',
      file,
      ...extra,
    ],
    {
      env: replay(env),
    },
  );
  return { res, file, json };
};

const entry = (fields: string) => `exceptions:\n  - id: CVE-2019-1549\n    reason: not reachable\n${fields}`;

describe('malformed exceptions files are refused with exit 3, naming the entry', () => {
  it.each([
    ['an impossible day', '    expires: 2026-02-30\n', /entry 1: expires: expires must be a date YYYY-MM-DD/],
    ['month 13', '    expires: 2026-13-01\n', /entry 1: expires: expires must be a date/],
    ['a word', '    expires: tomorrow\n', /entry 1: expires: expires must be a date/],
    ['a day-first date', '    expires: 31/12/2026\n', /entry 1: expires: expires must be a date/],
    ['no leading zeros', '    expires: 2026-1-1\n', /entry 1: expires: expires must be a date/],
    ['a date with a time', '    expires: 2026-12-31T23:59:59Z\n', /entry 1: expires: expires must be a date/],
    ['a number', '    expires: 20261231\n', /entry 1: expires:/],
    ['no expiry at all', '', /entry 1: expires:/],
    ['a misspelt key', '    expires: 2999-01-01\n    pakage: openssl\n', /entry 1: unknown key "pakage"/],
    ['a regex key', '    expires: 2999-01-01\n    idPattern: "CVE-.*"\n', /entry 1: unknown key "idPattern"/],
  ])('%s', async (_what, fields, message) => {
    const { res, file } = await scanWithExceptions(entry(fields));
    expect(res.code).toBe(3);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('container-gate: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`exceptions file ${file}`);
    expect(lines[0]).toMatch(message);
  });

  it('refuses an alias bomb ("billion laughs") instead of expanding it', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level <= 9; level++) {
      const prev = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const { res, file } = await scanWithExceptions(`${bomb.join('\n')}\nexceptions: []\n`);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(`exceptions file ${file}`);
  });
});

describe('exception ids are exact, never patterns', () => {
  const PATTERN_ID = '(a+)+$';
  /** The input that makes `(a+)+$` backtrack for ever if it were ever used as a regex. */
  const LONG_ID = `${'a'.repeat(100_000)}!`;

  const finding = (id: string): Finding => ({
    kind: 'vulnerability',
    id,
    aliases: [],
    target: 'alpine:3.10',
    package: { name: 'openssl', version: '1.1.1c-r0', type: 'apk' },
    severity: 'critical',
    severitySource: 'trivy',
    severities: [{ scanner: 'trivy', severity: 'critical' }],
    cvss: [],
    fix: { state: 'fixed', versions: ['1.1.1d-r0'] },
    title: id,
    links: [],
    foundBy: ['trivy'],
  });

  it('matches a regex-looking id only to itself, against a 100 kB id, in bounded time', {
    timeout: 10_000,
  }, () => {
    const [exception] = parseExceptionsFile(
      `exceptions:\n  - id: "${PATTERN_ID}"\n    reason: looks like a regex\n    expires: 2999-01-01\n`,
      'exceptions.yaml',
    );
    const byName = (t: string) => t;
    expect(exceptionMatches(exception!, finding(LONG_ID), byName)).toBe(false);
    expect(exceptionMatches(exception!, finding('aaaa'), byName)).toBe(false);
    expect(exceptionMatches(exception!, finding(PATTERN_ID), byName)).toBe(true);
    const result = evaluateGate({
      findings: [finding(LONG_ID), finding(PATTERN_ID), finding('a')],
      policy: { ...DEFAULT_POLICY, exceptions: [exception!] },
      today: '2026-01-01',
    });
    expect(result.decisions.map((d) => d.decision)).toEqual(['violation', 'excepted', 'violation']);
    expect(result.verdict.exceptionsApplied).toEqual([
      expect.objectContaining({ id: PATTERN_ID, matched: 1 }),
    ]);
  });

  it('through the CLI: a glob and a regex-looking id except only findings with exactly that id', {
    timeout: 30_000,
  }, async () => {
    const dir = tempDir('cg-exc-');
    const ids = [PATTERN_ID, LONG_ID, 'CVE-2019-1549', 'CVE-2019-*'];
    const made = writeEditedTrivyReport(
      dir,
      'trivy-pattern-ids',
      ids.map((id) => (v) => ({ ...v, VulnerabilityID: id, VendorIDs: [], Severity: 'CRITICAL' })),
    );
    const yaml = [PATTERN_ID, 'CVE-2019-*', 'CVE-*', '.*']
      .map((id) => `  - id: "${id}"\n    reason: pattern-looking\n    expires: 2999-01-01\n`)
      .join('');
    const { res, json } = await scanWithExceptions(`exceptions:\n${yaml}`, [], { STANDIN_TRIVY_VULN: made });
    expect(res.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const decisionOf = (id: string) => report.findings.find((f) => f.id === id)?.gate.decision;
    expect(decisionOf(PATTERN_ID)).toBe('excepted');
    expect(decisionOf('CVE-2019-*')).toBe('excepted');
    expect(decisionOf(LONG_ID)).toBe('violation');
    expect(decisionOf('CVE-2019-1549')).toBe('violation');
    expect(report.gate.exceptionsApplied.map((e) => [e.id, e.matched]).sort()).toEqual([
      [PATTERN_ID, 1],
      ['CVE-2019-*', 1],
    ]);
    expect(report.gate.exceptionsUnused.map((e) => e.id).sort()).toEqual(['.*', 'CVE-*']);
  });
});
