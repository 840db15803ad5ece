import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { evaluateGate } from '../../../src/core/gate.js';
import { markKnownExploited } from '../../../src/core/kev.js';
import { DEFAULT_POLICY, type Policy } from '../../../src/core/policy.js';
import { parseKevCatalog } from '../../../src/databases/kev-catalog.js';
import { parseGrypeJson } from '../../../src/scanners/grype/parse.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import { readMadeFixture, readSharedFixture } from '../scanners/shared-fixtures.js';

const today = '2026-11-23';
const policy = (overrides: Partial<Policy> = {}): Policy => ({ ...DEFAULT_POLICY, ...overrides });
const grype = (file: string) => parseGrypeJson(file, { target: 'ghcr.io/acme/api:1' }).findings;
const byId = (findings: readonly Finding[], id: string) => findings.findIndex((f) => f.id === id);

describe('kev: known exploited fails at any severity (Grype supplies it)', () => {
  const findings = grype(readMadeFixture('grype-presenter-image-kev-low.generated.json'));
  const kevIndex = byId(findings, 'CVE-1999-0002');

  it('a Low known-exploited vulnerability fails on the kev rule alone', () => {
    expect(findings[kevIndex]).toMatchObject({ severity: 'low', knownExploited: true });
    const { verdict, decisions } = evaluateGate({ findings, policy: policy(), today });
    expect(decisions[kevIndex]).toEqual({ decision: 'violation', rules: ['kev'] });
    expect(verdict.failedRules).toEqual([
      {
        rule: 'kev',
        violations: 1,
        summary: "1 vulnerability on CISA's Known Exploited Vulnerabilities catalog, at any severity",
      },
    ]);
    expect(verdict.reasons[0]).toBe(
      "kev: 1 vulnerability on CISA's Known Exploited Vulnerabilities catalog, at any severity",
    );
  });

  it('--kev ignore leaves it to the threshold; fixable-only spares it (Grype says wont-fix)', () => {
    expect(evaluateGate({ findings, policy: policy({ kev: 'ignore' }), today }).verdict.status).toBe(
      'passed',
    );
    const fixable = evaluateGate({ findings, policy: policy({ ignoreUnfixed: true }), today });
    expect(fixable.decisions[kevIndex]!.decision).toBe('unfixed-ignored');
  });

  it('the real snapshot: the critical KEV match fails on both threshold and kev', () => {
    const real = grype(readSharedFixture('grype/presenter-image.json'));
    const { decisions } = evaluateGate({ findings: real, policy: policy(), today });
    expect(decisions[byId(real, 'CVE-1999-0002')]).toEqual({
      decision: 'violation',
      rules: ['threshold', 'kev'],
    });
  });
});

describe("kev with CISA's catalog (--kev-catalog) for what no scanner marked", () => {
  const catalog = parseKevCatalog(readMadeFixture('kev-catalog.generated.json'), 'kev.json');
  const trivy = parseTrivyJson(
    readSharedFixture('trivy/alpine-310.json'),
    { target: 'alpine:3.10' },
    'trivy',
  ).findings;

  it('reads the feed, trimming its stray spaces, and marks the findings it lists', () => {
    expect(catalog.version).toBe('2025.02.25');
    expect([...catalog.ids].sort()).toEqual(['CVE-2019-1549', 'CVE-2023-34192', 'CVE-2024-57727']);
    const marked = markKnownExploited(trivy, catalog);
    expect(marked.filter((f) => f.knownExploited).map((f) => `${f.id} ${f.package?.name}`)).toEqual([
      'CVE-2019-1549 libcrypto1.1',
      'CVE-2019-1549 libssl1.1',
    ]);
  });

  it('fails the medium CVE-2019-1549 findings that pass the threshold; the gate applies the catalog itself too', () => {
    const { verdict, decisions } = evaluateGate({
      findings: trivy,
      policy: policy({ kevCatalog: catalog }),
      today,
    });
    expect(verdict.status).toBe('failed');
    expect(decisions.filter((d) => d.rules?.includes('kev'))).toHaveLength(2);
    expect(evaluateGate({ findings: trivy, policy: policy(), today }).verdict.status).toBe('passed');
  });

  it.each([
    ['not JSON', '<html>rate limited</html>', /not valid JSON/],
    ['another list', '{"vulnerabilities": []}', /not CISA's KEV feed \(catalogVersion/],
    [
      'a bad CVE id',
      JSON.stringify({
        catalogVersion: '1',
        dateReleased: 'x',
        count: 1,
        vulnerabilities: [{ cveID: 'CVE-1' }],
      }),
      /vulnerabilities\.0\.cveID/,
    ],
    [
      'cut short',
      JSON.stringify({ catalogVersion: '1', dateReleased: 'x', count: 5, vulnerabilities: [] }),
      /says it lists 5 vulnerabilities but holds 0/,
    ],
    [
      // Would match nothing: the kev rule would pass every finding no scanner marked.
      'an empty catalog',
      JSON.stringify({ catalogVersion: '1', dateReleased: 'x', count: 0, vulnerabilities: [] }),
      /lists no vulnerabilities, so it would mark nothing known-exploited/,
    ],
  ])('refuses %s with a one-line error naming the file', (_what, text, message) => {
    expect(() => parseKevCatalog(text, 'kev.json')).toThrow(message);
    expect(() => parseKevCatalog(text, 'kev.json')).toThrow(/^--kev-catalog kev\.json: /);
  });
});

describe('epss: fail at or above a probability (off by default)', () => {
  const findings = grype(readSharedFixture('grype/presenter-image.json'));

  it('is off unless asked', () => {
    const { decisions } = evaluateGate({ findings, policy: policy(), today });
    expect(decisions[byId(findings, 'CVE-1999-0001')]!.decision).toBe('below-threshold');
  });

  it('fails the real EPSS scores at or above the policy and not below', () => {
    // The snapshot's scores: CVE-1999-0001 0.03 (Low), CVE-1999-0002 0.08 (Critical, KEV).
    const at = evaluateGate({ findings, policy: policy({ epss: 0.03 }), today });
    expect(at.decisions[byId(findings, 'CVE-1999-0001')]).toEqual({ decision: 'violation', rules: ['epss'] });
    const above = evaluateGate({ findings, policy: policy({ epss: 0.05 }), today });
    expect(above.decisions[byId(findings, 'CVE-1999-0001')]!.decision).toBe('below-threshold');
    expect(above.decisions[byId(findings, 'CVE-1999-0002')]!.rules).toEqual(['threshold', 'kev', 'epss']);
    expect(above.verdict.failedRules.find((r) => r.rule === 'epss')!.summary).toBe(
      '1 vulnerability with an EPSS probability of 0.05 or more',
    );
  });
});

describe('exceptions scoped to a rule', () => {
  const findings = grype(readSharedFixture('grype/presenter-image.json'));
  const index = byId(findings, 'CVE-1999-0002');
  const waiver = (rule: Policy['exceptions'][number]['rule']) => ({
    id: 'CVE-1999-0002',
    ...(rule ? { rule } : {}),
    reason: 'isolated network',
    expires: '2027-01-01',
    origin: 'exceptions.yaml entry 1',
  });

  it('waives only the rule it names: the others still fail the finding', () => {
    const { decisions, verdict } = evaluateGate({
      findings,
      policy: policy({ exceptions: [waiver('kev')] }),
      today,
    });
    expect(decisions[index]).toMatchObject({
      decision: 'violation',
      rules: ['threshold'],
      exception: { rule: 'kev' },
    });
    expect(verdict.exceptionsApplied).toHaveLength(1);
  });

  it('with every failing rule waived the finding is excepted, suppressed by the exception', () => {
    const exceptions = [waiver('kev'), { ...waiver('threshold'), origin: 'exceptions.yaml entry 2' }];
    const { decisions, verdict } = evaluateGate({ findings, policy: policy({ exceptions }), today });
    expect(decisions[index]).toMatchObject({ decision: 'excepted', suppressedBy: 'exception' });
    expect(verdict.exceptionsApplied).toHaveLength(2);
    expect(verdict.suppressed.exception).toBe(1);
  });
});

describe('licenses: allow and deny lists', () => {
  const findings = parseTrivyJson(
    readMadeFixture('trivy-alpine-310-licenses.generated.json'),
    { target: 'alpine:3.10' },
    'trivy',
  ).findings.filter((f) => f.kind === 'license');
  const off = { thresholds: { license: 'off' as const } };

  it('a deny list fails exactly the licenses it names (deprecated ids match their current form)', () => {
    const { decisions, verdict } = evaluateGate({
      findings,
      policy: policy({ ...off, licenses: { allow: [], deny: ['GPL-2.0-only'] } }),
      today,
    });
    const failed = findings.filter((_, i) => decisions[i]!.decision === 'violation');
    expect(failed.map((f) => f.package?.name).sort()).toEqual([
      'alpine-baselayout',
      'apk-tools',
      'busybox',
      'ca-certificates-cacert',
      'musl-utils',
      'scanelf',
      'ssl_client',
    ]);
    expect(decisions.filter((d) => d.rules?.includes('license'))).toHaveLength(7);
    expect(verdict.reasons[0]).toBe(
      'license: 7 license findings denied or not on the allow list (GPL-2.0-only)',
    );
  });

  it('an allow list fails everything it does not allow, and spares what it allows from the threshold', () => {
    const allow = ['MIT', 'BSD-3-Clause', 'ISC', 'Zlib', 'OpenSSL', 'GPL-2.0-only'];
    const { decisions } = evaluateGate({
      findings,
      policy: policy({ licenses: { allow, deny: [] } }),
      today,
    });
    const failed = findings.filter((_, i) => decisions[i]!.decision === 'violation').map((f) => f.id);
    expect(failed).toEqual(['MPL-2.0']);
    const busybox = findings.findIndex((f) => f.package?.name === 'busybox');
    expect(findings[busybox]!.severity).toBe('high');
    expect(decisions[busybox]!.decision).toBe('license-allowed');
  });

  it('a license exception accepts one package, written with the id as the report shows it or as Trivy wrote it', () => {
    for (const id of ['GPL-2.0-only', 'GPL-2.0']) {
      const { decisions } = evaluateGate({
        findings,
        policy: policy({
          ...off,
          licenses: { allow: [], deny: ['GPL-2.0-only'] },
          exceptions: [
            { id, package: 'busybox', reason: 'linked dynamically', expires: '2027-01-01', origin: 'e 1' },
          ],
        }),
        today,
      });
      expect(decisions.filter((d) => d.decision === 'violation')).toHaveLength(6);
      expect(decisions.filter((d) => d.decision === 'excepted')).toHaveLength(1);
    }
  });

  it('SBOM licenses (unrated) are gated by the lists only, never by unknown-severity', () => {
    const sbom: Finding = { ...findings[0]!, severity: 'unknown', severities: [], foundBy: ['syft'] };
    const strict = evaluateGate({ findings: [sbom], policy: policy({ unknownSeverity: 'fail' }), today });
    expect(strict.decisions[0]!.decision).toBe('license-unrated');
    expect(strict.verdict.unknownSeverity).toBe(0);
  });
});

describe('new only: a baseline report', () => {
  const trivy = parseTrivyJson(
    readSharedFixture('trivy/alpine-39.json'),
    { target: 'alpine:3.9' },
    'trivy',
  ).findings;
  const baseline = {
    origin: 'main.json',
    // The default branch's run: the same image name, a different tag; two of the six findings and one since fixed.
    findings: [
      { ...trivy[0]!, target: 'alpine' },
      { ...trivy[1]!, target: 'alpine', package: { ...trivy[1]!.package!, version: '0.9' } },
      { ...trivy[2]!, id: 'CVE-2018-0001', aliases: [], target: 'alpine' },
    ],
  };
  const gate = () =>
    evaluateGate({
      findings: trivy,
      policy: policy({ threshold: 'medium', baseline }),
      today,
      imageNameOf: () => 'alpine',
    });

  it('fails only on findings absent from the baseline, marks each one, and lists the fixed ones', () => {
    const { verdict, decisions } = gate();
    expect(decisions.map((d) => d.baseline)).toEqual(['unchanged', 'unchanged', 'new', 'new', 'new', 'new']);
    expect(decisions[0]).toEqual({
      decision: 'baseline-unchanged',
      suppressedBy: 'baseline',
      baseline: 'unchanged',
    });
    expect(verdict.violations).toBe(4);
    expect(verdict.baseline).toMatchObject({ origin: 'main.json', new: 4, unchanged: 2 });
    expect(verdict.baseline!.fixed.map((f) => f.id)).toEqual(['CVE-2018-0001']);
    expect(verdict.reasons).toContain(
      '4 new, 1 fixed since the baseline main.json (2 unchanged, not gated: new only)',
    );
  });

  it('a new hit of a rule already in the baseline is new (matched by count, not hidden)', () => {
    const twice = [trivy[0]!, { ...trivy[0]!, package: { ...trivy[0]!.package!, path: 'usr/lib/copy' } }];
    const { decisions } = evaluateGate({
      findings: twice,
      policy: policy({ baseline: { origin: 'b', findings: [{ ...trivy[0]!, target: 'alpine' }] } }),
      today,
      imageNameOf: () => 'alpine',
    });
    expect(decisions.map((d) => d.baseline).sort()).toEqual(['new', 'unchanged']);
  });

  it('an exception still counts as used on an unchanged finding (it is not reported unused)', () => {
    const { verdict } = evaluateGate({
      findings: trivy,
      policy: policy({
        baseline,
        exceptions: [{ id: trivy[0]!.id, reason: 'r', expires: '2027-01-01', origin: 'e 1' }],
      }),
      today,
      imageNameOf: () => 'alpine',
    });
    expect(verdict.exceptionsUnused).toEqual([]);
  });
});
