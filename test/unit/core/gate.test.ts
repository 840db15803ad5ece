import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { evaluateGate } from '../../../src/core/gate.js';
import { DEFAULT_POLICY, type GateException, type Policy } from '../../../src/core/policy.js';
import type { Severity } from '../../../src/core/severity.js';

function vuln(id: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return {
    kind: 'vulnerability',
    id,
    aliases: [],
    target: 'ghcr.io/acme/api:1.0',
    package: { name: 'openssl', version: '1.1.1', type: 'apk' },
    severity,
    severitySource: 'trivy',
    severities: [{ scanner: 'trivy', severity }],
    cvss: [],
    fix: { state: 'fixed', versions: ['1.1.2'] },
    title: id,
    links: [],
    foundBy: ['trivy'],
    ...extra,
  };
}

const policy = (overrides: Partial<Policy> = {}): Policy => ({ ...DEFAULT_POLICY, ...overrides });
const exception = (overrides: Partial<GateException> = {}): GateException => ({
  id: 'CVE-2024-0001',
  reason: 'not reachable',
  expires: '2026-12-31',
  origin: 'exceptions.yaml entry 1',
  ...overrides,
});
const today = '2026-11-23';

describe('the gate', () => {
  it('fails on a finding at the threshold and passes below it', () => {
    const failing = evaluateGate({ findings: [vuln('CVE-1', 'high')], policy: policy(), today });
    expect(failing.verdict.status).toBe('failed');
    expect(failing.verdict.violations).toBe(1);
    const passing = evaluateGate({ findings: [vuln('CVE-1', 'medium')], policy: policy(), today });
    expect(passing.verdict.status).toBe('passed');
    expect(passing.decisions[0]!.decision).toBe('below-threshold');
  });

  it('is an error, never a pass, when a scanner failed, even with no findings', () => {
    const result = evaluateGate({ findings: [], policy: policy(), today, errors: ['grype on x: timed out'] });
    expect(result.verdict.status).toBe('error');
    expect(result.verdict.passed).toBe(false);
    expect(result.verdict.reasons.join(' ')).toContain('grype on x: timed out');
  });

  it('ignores unfixed vulnerabilities only when asked, and still reports them', () => {
    const unfixed = vuln('CVE-2', 'critical', { fix: { state: 'not-fixed', versions: [] } });
    expect(evaluateGate({ findings: [unfixed], policy: policy(), today }).verdict.status).toBe('failed');
    const ignored = evaluateGate({ findings: [unfixed], policy: policy({ ignoreUnfixed: true }), today });
    expect(ignored.verdict.status).toBe('passed');
    expect(ignored.decisions[0]!.decision).toBe('unfixed-ignored');
  });

  it('shows unknown severity instead of passing it silently, and fails on it when configured', () => {
    const unknown = vuln('CVE-3', 'unknown');
    const warned = evaluateGate({ findings: [unknown], policy: policy(), today });
    expect(warned.verdict.unknownSeverity).toBe(1);
    expect(warned.decisions[0]!.decision).toBe('unknown-severity');
    expect(warned.verdict.reasons.some((r) => r.includes('unknown severity'))).toBe(true);
    expect(
      evaluateGate({ findings: [unknown], policy: policy({ unknownSeverity: 'fail' }), today }).verdict
        .status,
    ).toBe('failed');
  });

  it('applies an exception until its expiry date, inclusive, and reports it', () => {
    const finding = vuln('CVE-2024-0001', 'critical');
    const onLastDay = evaluateGate({
      findings: [finding],
      policy: policy({ exceptions: [exception()] }),
      today: '2026-12-31',
    });
    expect(onLastDay.verdict.status).toBe('passed');
    expect(onLastDay.verdict.exceptionsApplied).toHaveLength(1);
    expect(onLastDay.decisions[0]!.exception?.reason).toBe('not reachable');
  });

  it('stops applying an expired exception and says so', () => {
    const finding = vuln('CVE-2024-0001', 'critical');
    const result = evaluateGate({
      findings: [finding],
      policy: policy({ exceptions: [exception({ expires: '2026-11-22' })] }),
      today,
    });
    expect(result.verdict.status).toBe('failed');
    expect(result.verdict.exceptionsExpired).toEqual([
      expect.objectContaining({ id: 'CVE-2024-0001', matched: 1 }),
    ]);
    expect(result.verdict.reasons.some((r) => r.includes('expired on 2026-11-22'))).toBe(true);
  });

  it('matches exceptions by alias and honours package and image scopes', () => {
    const finding = vuln('CVE-2024-0001', 'high', { aliases: ['GHSA-aaaa-bbbb-cccc'] });
    const byAlias = exception({ id: 'ghsa-aaaa-bbbb-cccc' });
    expect(
      evaluateGate({ findings: [finding], policy: policy({ exceptions: [byAlias] }), today }).verdict.status,
    ).toBe('passed');
    const otherPackage = exception({ package: 'zlib' });
    expect(
      evaluateGate({ findings: [finding], policy: policy({ exceptions: [otherPackage] }), today }).verdict
        .status,
    ).toBe('failed');
    const otherImage = exception({ image: 'ghcr.io/acme/web' });
    const scoped = evaluateGate({
      findings: [finding],
      policy: policy({ exceptions: [otherImage] }),
      today,
      imageNameOf: () => 'ghcr.io/acme/api',
    });
    expect(scoped.verdict.status).toBe('failed');
    expect(scoped.verdict.exceptionsUnused).toHaveLength(1);
  });

  it('suppresses a vulnerability with a not_affected VEX statement for its package', () => {
    const finding = vuln('CVE-2024-0002', 'critical', {
      package: { name: 'openssl', version: '1.1.1', purl: 'pkg:apk/alpine/openssl@1.1.1?arch=x86_64' },
    });
    const vex = [
      {
        vulnerability: 'CVE-2024-0002',
        products: [{ id: 'pkg:apk/alpine/openssl' }],
        status: 'not_affected' as const,
        origin: 'vex.json statement 1',
      },
    ];
    const result = evaluateGate({ findings: [finding], policy: policy({ vex }), today });
    expect(result.decisions[0]!.decision).toBe('vex-suppressed');
    expect(result.verdict.status).toBe('passed');
    const affected = [{ ...vex[0]!, status: 'affected' as const }];
    expect(
      evaluateGate({ findings: [finding], policy: policy({ vex: affected }), today }).verdict.status,
    ).toBe('failed');
  });

  it('a VEX statement about one subcomponent of the image does not suppress the vulnerability in another package', () => {
    const inPackage = (purl: string) =>
      vuln('CVE-2024-0002', 'critical', { package: { name: purl.split('/')[1]!.split('@')[0]!, purl } });
    const [openssl, lodash] = [inPackage('pkg:apk/openssl@1.1.1'), inPackage('pkg:npm/lodash@4.17.20')];
    const vex = [
      {
        vulnerability: 'CVE-2024-0002',
        products: [{ id: 'ghcr.io/acme/api', subcomponents: ['pkg:npm/lodash'] }],
        status: 'not_affected' as const,
        origin: 'vex.json statement 1',
      },
    ];
    const result = evaluateGate({
      findings: [openssl, lodash],
      policy: policy({ vex }),
      today,
      imageNameOf: () => 'ghcr.io/acme/api',
    });
    expect(result.decisions.map((d) => d.decision)).toEqual(['violation', 'vex-suppressed']);
    expect(result.verdict.status).toBe('failed');
  });

  it('one CVE of an advisory that carries several (Grype ALAS with its CVEs related) neither excepts nor VEX-suppresses it', () => {
    const alas = vuln('ALAS-2023-1234', 'critical', {
      aliases: ['CVE-2023-0001', 'CVE-2023-0002'],
      package: { name: 'openssl', version: '3.0.8', purl: 'pkg:rpm/amazon/openssl@3.0.8' },
      foundBy: ['grype'],
    });
    const oneCve = exception({ id: 'CVE-2023-0001' });
    const excepted = evaluateGate({ findings: [alas], policy: policy({ exceptions: [oneCve] }), today });
    expect(excepted.decisions[0]!.decision).toBe('violation');
    expect(excepted.verdict.exceptionsUnused).toHaveLength(1);
    const statement = {
      vulnerability: 'CVE-2023-0001',
      products: [{ id: 'pkg:rpm/amazon/openssl' }],
      status: 'not_affected' as const,
      origin: 'vex.json statement 1',
    };
    expect(
      evaluateGate({ findings: [alas], policy: policy({ vex: [statement] }), today }).verdict.status,
    ).toBe('failed');
    // The advisory's own id names the whole of it; a finding with one CVE is still named by that CVE.
    const advisory = exception({ id: 'ALAS-2023-1234' });
    expect(
      evaluateGate({ findings: [alas], policy: policy({ exceptions: [advisory] }), today }).verdict.status,
    ).toBe('passed');
    const single = vuln('GHSA-aaaa-bbbb-cccc', 'critical', { aliases: ['CVE-2023-0001'] });
    expect(
      evaluateGate({ findings: [single], policy: policy({ exceptions: [oneCve] }), today }).verdict.status,
    ).toBe('passed');
  });

  it('gates secrets and hardening findings like vulnerabilities', () => {
    const secret = vuln('github-pat', 'critical', {
      kind: 'secret',
      package: undefined,
      fix: { state: 'unknown', versions: [] },
    });
    const result = evaluateGate({ findings: [secret], policy: policy({ ignoreUnfixed: true }), today });
    expect(result.verdict.status).toBe('failed');
  });
});

describe('vendor statuses in the gate', () => {
  const notAffected = (scanner: string) => ({ scanner, status: 'not_affected' as const, source: 'debian' });

  it('a finding that names no scanner (a hand-edited report given to merge) is not suppressed by a vendor status', () => {
    const orphan = vuln('CVE-9', 'critical', { vendorStatuses: [notAffected('trivy')], foundBy: [] });
    expect(evaluateGate({ findings: [orphan], policy: policy(), today }).decisions[0]!.decision).toBe(
      'violation',
    );
  });

  it('suppresses a not_affected finding only when every scanner that found it relayed the statement', () => {
    const trivyOnly = vuln('CVE-9', 'critical', { vendorStatuses: [notAffected('trivy')] });
    const alone = evaluateGate({ findings: [trivyOnly], policy: policy(), today });
    expect(alone.decisions[0]).toMatchObject({
      decision: 'vendor-suppressed',
      suppressedBy: 'vendor-status',
      vendorStatus: { status: 'not_affected', source: 'trivy: debian' },
    });
    expect(alone.verdict.status).toBe('passed');
    // Grype matched it too, with no such statement: the disagreement keeps it in the gate (fail closed).
    const both = { ...trivyOnly, foundBy: ['grype', 'trivy'] };
    const contested = evaluateGate({ findings: [both], policy: policy(), today });
    expect(contested.decisions[0]).toEqual({ decision: 'violation', rules: ['threshold'] });
  });

  it('other vendor statuses do not suppress', () => {
    const wontFix = vuln('CVE-10', 'high', {
      fix: { state: 'wont-fix', versions: [] },
      vendorStatuses: [{ scanner: 'trivy', status: 'will_not_fix', source: 'redhat' }],
    });
    expect(evaluateGate({ findings: [wontFix], policy: policy(), today }).decisions[0]!.decision).toBe(
      'violation',
    );
  });
});
