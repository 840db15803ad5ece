import { describe, expect, it } from 'vitest';
import { parseJsonReport, renderJsonReport } from '../../../src/report/json.js';
import { UsageError } from '../../../src/util/errors.js';
import { madeDefaultReport } from './made-report.js';

function expectUsageError(run: () => unknown, ...fragments: string[]): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  const message = (caught as Error).message;
  expect(message).not.toContain('\n');
  for (const fragment of fragments) expect(message).toContain(fragment);
}

describe('renderJsonReport', () => {
  it('writes the report with version first, two-space indent and a trailing newline', () => {
    const text = renderJsonReport(madeDefaultReport());
    expect(text.startsWith('{\n  "version": 2,\n  "tool": {')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(madeDefaultReport())));
  });

  it('gives the same bytes whatever order the keys were built in', () => {
    const report = madeDefaultReport();
    const shuffled = JSON.parse(JSON.stringify(report), (_key, value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    );
    expect(renderJsonReport(shuffled)).toBe(renderJsonReport(report));
  });

  it("writes nested objects in their type's field order, unknown keys alphabetically after them", () => {
    const report = madeDefaultReport();
    const finding = report.findings.find((f) => f.package)!;
    const extra = finding as unknown as Record<string, unknown>;
    // Built out of order on purpose, with two keys no release knows.
    finding.package = {
      zeta: 1,
      path: 'usr/lib/x',
      purl: 'pkg:apk/x@1',
      type: 'apk',
      version: '1',
      name: 'x',
      alpha: 2,
    } as never;
    finding.cvss = [{ score: 7.5, vector: 'CVSS:3.1/AV:N', version: '3.1', source: 'nvd' }];
    extra.zzz = { b: 1, a: 2 };
    const written = JSON.parse(renderJsonReport(report));
    const out = written.findings.find((f: { package?: { name: string } }) => f.package?.name === 'x');
    expect(Object.keys(out.package)).toEqual(['name', 'version', 'type', 'purl', 'path', 'alpha', 'zeta']);
    expect(Object.keys(out.cvss[0])).toEqual(['source', 'version', 'vector', 'score']);
    expect(Object.keys(out.gate)[0]).toBe('decision');
    expect(Object.keys(out).slice(-2)).toEqual(['gate', 'zzz']);
    expect(Object.keys(out.zzz)).toEqual(['a', 'b']);
  });

  it('does not choke on keys that name Object.prototype members', () => {
    const report = madeDefaultReport() as unknown as Record<string, unknown>;
    report.extra = JSON.parse('{"constructor": {"b": 1, "a": 2}, "toString": [1], "hasOwnProperty": 3}');
    const written = JSON.parse(renderJsonReport(report as never));
    expect(Object.keys(written.extra)).toEqual(['constructor', 'hasOwnProperty', 'toString']);
    expect(Object.keys(written.extra.constructor)).toEqual(['a', 'b']);
  });

  it("puts a finding's kind and id first", () => {
    const parsed = JSON.parse(renderJsonReport(madeDefaultReport()));
    expect(Object.keys(parsed.findings[0]).slice(0, 2)).toEqual(['kind', 'id']);
  });
});

describe('parseJsonReport', () => {
  it('reads back what renderJsonReport wrote, byte for byte on the way out again', () => {
    const text = renderJsonReport(madeDefaultReport());
    const report = parseJsonReport(text, 'report.json');
    expect(renderJsonReport(report)).toBe(text);
  });

  it('keeps fields it does not know (a later v1 may add some)', () => {
    const raw = JSON.parse(renderJsonReport(madeDefaultReport()));
    raw.addedLater = { x: 1 };
    raw.findings[0].riskScore = 42;
    const report = parseJsonReport(JSON.stringify(raw), 'report.json') as unknown as Record<string, unknown>;
    expect(report.addedLater).toEqual({ x: 1 });
    expect((report.findings as Record<string, unknown>[])[0]!.riskScore).toBe(42);
  });

  it('refuses another version, naming the input and the version it reads', () => {
    const raw = JSON.parse(renderJsonReport(madeDefaultReport()));
    raw.version = 3;
    expectUsageError(
      () => parseJsonReport(JSON.stringify(raw), 'jobs/a.json'),
      'jobs/a.json',
      'version 3',
      'versions 1 and 2',
    );
  });

  it('reads a version 1 report (an earlier release) and fills in what version 2 added', () => {
    const raw = JSON.parse(renderJsonReport(madeDefaultReport()));
    raw.version = 1;
    for (const f of raw.findings) {
      delete f.gate.rules;
      delete f.gate.suppressedBy;
    }
    delete raw.gate.failedRules;
    delete raw.gate.suppressed;
    delete raw.gate.policy;
    const report = parseJsonReport(JSON.stringify(raw), 'old.json');
    expect(report.version).toBe(2);
    const violations = report.findings.filter((f) => f.gate.decision === 'violation');
    expect(violations.length).toBeGreaterThan(0);
    for (const f of violations)
      expect(f.gate.rules).toEqual([f.severity === 'unknown' ? 'unknown-severity' : 'threshold']);
    expect(report.gate.failedRules.reduce((n, r) => n + r.violations, 0)).toBe(violations.length);
    expect(report.gate.suppressed.exception).toBe(
      report.findings.filter((f) => f.gate.decision === 'excepted').length,
    );
    expect(report.gate.policy).toBeUndefined();
  });

  it('refuses a report missing a required field or with an unknown severity', () => {
    const raw = JSON.parse(renderJsonReport(madeDefaultReport()));
    delete raw.findings[0].foundBy;
    expectUsageError(() => parseJsonReport(JSON.stringify(raw), 'a.json'), 'a.json', 'findings.0.foundBy');
    const bad = JSON.parse(renderJsonReport(madeDefaultReport()));
    bad.findings[1].severity = 'catastrophic';
    expectUsageError(() => parseJsonReport(JSON.stringify(bad), 'b.json'), 'findings.1.severity');
  });

  it('refuses text that is not JSON, or JSON that is not a report', () => {
    expectUsageError(() => parseJsonReport('{"version": 1,', 'cut.json'), 'cut.json', 'not valid JSON');
    expectUsageError(() => parseJsonReport('[1,2]', 'array.json'), 'array.json', 'no "version"');
  });

  it('gives a clear error for 100,000 nested brackets instead of overflowing the stack', () => {
    const deep = `{"version":1,"targets":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expectUsageError(() => parseJsonReport(deep, 'deep.json'), 'deep.json', 'nested deeper');
  });

  it('drops __proto__, constructor and prototype keys so that nothing is polluted', () => {
    const raw = JSON.parse(renderJsonReport(madeDefaultReport()));
    const text = JSON.stringify(raw)
      .replace('{"version":1', '{"__proto__":{"polluted":"top"},"version":1')
      .replace(
        '"kind":"vulnerability"',
        '"__proto__":{"polluted":"finding"},"constructor":{"prototype":{"polluted":"ctor"}},"kind":"vulnerability"',
      );
    expect(text).toContain('"__proto__"');
    const report = parseJsonReport(text, 'proto.json');
    const finding = report.findings[0]!;
    for (const value of [report, finding, finding.package]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(value!, '__proto__')).toBe(false);
      expect(Object.hasOwn(value!, 'constructor')).toBe(false);
    }
    const fresh: Record<string, unknown> = {};
    expect(fresh.polluted).toBeUndefined();
    expect((Object.assign({}, finding) as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(({ ...report } as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});
