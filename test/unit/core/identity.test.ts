import { describe, expect, it } from 'vitest';
import { FINDING_FIELDS, type Finding } from '../../../src/core/finding.js';
import { evaluateGate } from '../../../src/core/gate.js';
import {
  canonicalVulnerabilityId,
  chooseSeverity,
  compareFindings,
  dedupeFindings,
  findingKey,
  identityGroupKey,
  MAX_LINKS,
  mergeFindings,
  normaliseEcosystem,
  normalisePath,
} from '../../../src/core/identity.js';
import { DEFAULT_POLICY } from '../../../src/core/policy.js';

function vulnerability(scanner: string, overrides: Partial<Finding> = {}): Finding {
  const severity = overrides.severity ?? 'medium';
  return {
    kind: 'vulnerability',
    id: 'CVE-2024-0001',
    aliases: [],
    target: 'app:1',
    package: { name: 'openssl', version: '3.0.1', type: 'apk' },
    severity,
    severitySource: scanner,
    severities: [{ scanner, severity }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: 'CVE-2024-0001',
    links: [],
    foundBy: [scanner],
    ...overrides,
  };
}

describe('normaliseEcosystem', () => {
  it.each([
    ['alpine', 'apk'],
    ['wolfi', 'apk'],
    ['debian', 'deb'],
    ['ubuntu', 'deb'],
    ['centos', 'rpm'],
    ['redhat', 'rpm'],
    ['node-pkg', 'npm'],
    ['yarn', 'npm'],
    ['python-pkg', 'pypi'],
    ['jar', 'maven'],
    ['java-archive', 'maven'],
    ['gobinary', 'golang'],
    ['go-module', 'golang'],
    ['rust-crate', 'cargo'],
    ['dotnet-core', 'nuget'],
    ['conda-pkg', 'conda'],
  ])('reads %s (Trivy or Grype spelling) as the purl type %s', (type, expected) => {
    expect(normaliseEcosystem(type)).toBe(expected);
  });

  it('ignores case and surrounding spaces', () => {
    expect(normaliseEcosystem(' Alpine ')).toBe('apk');
  });

  it('keeps an ecosystem it does not know, lower-cased', () => {
    expect(normaliseEcosystem('Binary')).toBe('binary');
  });

  it.each([undefined, '', '   '])('has no ecosystem for %j', (type) => {
    expect(normaliseEcosystem(type)).toBeUndefined();
  });
});

describe('normalisePath', () => {
  it('compares in-image paths without the leading slash', () => {
    expect(normalisePath('/usr/lib/x.jar')).toBe('usr/lib/x.jar');
    expect(normalisePath('//usr/lib/x.jar')).toBe('usr/lib/x.jar');
    expect(normalisePath('usr/lib/x.jar')).toBe('usr/lib/x.jar');
  });

  it.each([undefined, '', '/', '  '])('has no path for %j', (path) => {
    expect(normalisePath(path)).toBeUndefined();
  });
});

describe('canonicalVulnerabilityId', () => {
  it('knows a GHSA by the CVE among its aliases', () => {
    expect(canonicalVulnerabilityId('GHSA-aaaa-bbbb-cccc', ['CVE-2021-1234'])).toBe('CVE-2021-1234');
  });

  it('picks the lowest CVE when there are several, whatever their order', () => {
    expect(canonicalVulnerabilityId('GHSA-x', ['CVE-2022-2', 'CVE-2021-9'])).toBe('CVE-2021-9');
    expect(canonicalVulnerabilityId('GHSA-x', ['CVE-2021-9', 'CVE-2022-2'])).toBe('CVE-2021-9');
  });

  it('upper-cases a CVE id', () => {
    expect(canonicalVulnerabilityId('cve-2021-1234', [])).toBe('CVE-2021-1234');
  });

  it('keeps the id when nothing is a CVE', () => {
    expect(canonicalVulnerabilityId('GHSA-aaaa-bbbb-cccc', ['RHSA-2019:2304'])).toBe('GHSA-aaaa-bbbb-cccc');
  });
});

describe('identity keys', () => {
  it('gives a GHSA and its CVE on the same package the same group key across ecosystem spellings', () => {
    const trivy = vulnerability('trivy', { package: { name: 'openssl', version: '3.0.1', type: 'alpine' } });
    const grype = vulnerability('grype', { id: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2024-0001'] });
    expect(identityGroupKey(trivy)).toBe(identityGroupKey(grype));
  });

  it('tells apart the same CVE on another version, package or target', () => {
    const base = identityGroupKey(vulnerability('trivy'));
    expect(
      identityGroupKey(
        vulnerability('trivy', { package: { name: 'openssl', version: '3.0.2', type: 'apk' } }),
      ),
    ).not.toBe(base);
    expect(
      identityGroupKey(
        vulnerability('trivy', { package: { name: 'libssl', version: '3.0.1', type: 'apk' } }),
      ),
    ).not.toBe(base);
    expect(identityGroupKey(vulnerability('trivy', { target: 'other:1' }))).not.toBe(base);
  });

  it('puts the package path in the finding key, without its leading slash', () => {
    const a = vulnerability('trivy', {
      package: { name: 'x', version: '1', type: 'npm', path: '/app/a/package.json' },
    });
    const b = vulnerability('grype', {
      package: { name: 'x', version: '1', type: 'npm', path: 'app/a/package.json' },
    });
    expect(findingKey(a)).toBe(findingKey(b));
    expect(findingKey(a)).toMatch(/\|app\/a\/package\.json$/);
  });
});

describe('dedupeFindings', () => {
  it('merges the same issue from two scanners when one of them gives no path', () => {
    const trivy = vulnerability('trivy');
    const grype = vulnerability('grype', {
      package: { name: 'openssl', version: '3.0.1', type: 'apk', path: 'lib/apk/db/installed' },
    });
    expect(dedupeFindings([trivy, grype])).toHaveLength(1);
  });

  it('keeps a library vendored at two paths as two findings', () => {
    const at = (path: string, scanner: string) =>
      vulnerability(scanner, { package: { name: 'x', version: '1', type: 'npm', path } });
    const findings = dedupeFindings([
      at('app/a/package.json', 'trivy'),
      at('app/b/package.json', 'trivy'),
      at('/app/a/package.json', 'grype'),
    ]);
    expect(findings).toHaveLength(2);
    expect(findings.map((f) => [normalisePath(f.package?.path), f.foundBy])).toEqual([
      ['app/a/package.json', ['grype', 'trivy']],
      ['app/b/package.json', ['trivy']],
    ]);
  });

  it('merges secrets and misconfigurations only at the same place', () => {
    const secret = (startLine: number): Finding => ({
      ...vulnerability('trivy'),
      kind: 'secret',
      id: 'github-pat',
      package: undefined,
      location: { path: 'app/.env', startLine },
    });
    expect(dedupeFindings([secret(3), secret(3)])).toHaveLength(1);
    expect(dedupeFindings([secret(3), secret(4)])).toHaveLength(2);
  });

  it('sorts most severe first, then by id', () => {
    const findings = dedupeFindings([
      vulnerability('trivy', { id: 'CVE-2024-0003', severity: 'low' }),
      vulnerability('trivy', { id: 'CVE-2024-0002', severity: 'critical' }),
      vulnerability('trivy', { id: 'CVE-2024-0001', severity: 'critical' }),
    ]);
    expect(findings.map((f) => f.id)).toEqual(['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003']);
    expect(compareFindings(findings[0]!, findings[2]!)).toBeLessThan(0);
  });
});

describe('mergeFindings', () => {
  it('gates on the most severe opinion and keeps every opinion in scanner order', () => {
    const merged = mergeFindings(
      vulnerability('trivy', { severity: 'medium' }),
      vulnerability('grype', { severity: 'high' }),
    );
    expect(merged.severity).toBe('high');
    expect(merged.severitySource).toBe('grype');
    expect(merged.severities).toEqual([
      { scanner: 'grype', severity: 'high' },
      { scanner: 'trivy', severity: 'medium' },
    ]);
  });

  it('settles a tie on the scanner first by name', () => {
    expect(
      chooseSeverity([
        { scanner: 'trivy', severity: 'high' },
        { scanner: 'grype', severity: 'high' },
      ])?.scanner,
    ).toBe('grype');
  });

  it('keeps the more severe of two opinions from one scanner', () => {
    const merged = mergeFindings(
      vulnerability('grype', { severity: 'low' }),
      vulnerability('grype', { severity: 'critical' }),
    );
    expect(merged.severities).toEqual([{ scanner: 'grype', severity: 'critical' }]);
  });

  it('uses the CVE as id and every other id as an alias, never the id itself', () => {
    const merged = mergeFindings(
      vulnerability('grype', { id: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2024-0001'] }),
      vulnerability('trivy', { aliases: ['RHSA-2024:1'] }),
    );
    expect(merged.id).toBe('CVE-2024-0001');
    expect(merged.aliases).toEqual(['GHSA-aaaa-bbbb-cccc', 'RHSA-2024:1']);
  });

  it.each([
    ['fixed', 'not-fixed', 'fixed'],
    ['wont-fix', 'not-fixed', 'wont-fix'],
    ['not-fixed', 'unknown', 'not-fixed'],
    ['unknown', 'unknown', 'unknown'],
  ] as const)('takes fix state %s over %s', (a, b, expected) => {
    const merged = mergeFindings(
      vulnerability('trivy', { fix: { state: a, versions: ['1.2'] } }),
      vulnerability('grype', { fix: { state: b, versions: ['1.3', '1.2'] } }),
    );
    expect(merged.fix).toEqual({ state: expected, versions: ['1.2', '1.3'] });
  });

  it('keeps the higher EPSS score and a KEV listing from either side', () => {
    const merged = mergeFindings(
      vulnerability('trivy', { epss: { score: 0.1, percentile: 0.5 } }),
      vulnerability('grype', { epss: { score: 0.3, percentile: 0.8 }, knownExploited: true }),
    );
    expect(merged.epss).toEqual({ score: 0.3, percentile: 0.8 });
    expect(merged.knownExploited).toBe(true);
  });

  it('joins found-by names, links and CVSS scores without duplicates', () => {
    const nvd = { source: 'nvd', version: '3.1', vector: 'CVSS:3.1/AV:N', score: 7.5 };
    const merged = mergeFindings(
      vulnerability('trivy', { links: ['https://b', 'https://a'], cvss: [nvd] }),
      vulnerability('grype', { links: ['https://a'], cvss: [nvd, { ...nvd, source: 'ghsa' }] }),
    );
    expect(merged.foundBy).toEqual(['grype', 'trivy']);
    expect(merged.links).toEqual(['https://a', 'https://b']);
    expect(merged.cvss).toHaveLength(2);
  });

  it('keeps the longer description and fills package fields one side lacks', () => {
    const merged = mergeFindings(
      vulnerability('trivy', {
        description: 'long description of the issue',
        package: { name: 'x', version: '1', type: 'apk', purl: 'pkg:apk/x@1' },
      }),
      vulnerability('grype', {
        description: 'short',
        package: { name: 'x', version: '1', type: 'apk', path: 'lib/x' },
      }),
    );
    expect(merged.description).toBe('long description of the issue');
    expect(merged.package).toEqual({
      name: 'x',
      version: '1',
      type: 'apk',
      purl: 'pkg:apk/x@1',
      path: 'lib/x',
    });
  });

  it("builds the merged finding in the model's key order, optional keys only when set", () => {
    const merged = mergeFindings(
      vulnerability('trivy', { description: 'd' }),
      vulnerability('grype', { epss: { score: 0.3, percentile: 0.8 } }),
    );
    // The JSON report writes findings already in this order as they are; a key out of place costs a copy.
    expect(merged).toHaveProperty('description');
    expect(merged).toHaveProperty('epss');
    expect(Object.keys(merged)).toEqual(FINDING_FIELDS.filter((field) => field in merged));
    expect(Object.keys(merged.package!)).toEqual(['name', 'version', 'type']);
  });

  it('keeps fields a later report version added, the first finding winning', () => {
    const later = (scanner: string, extra: Record<string, unknown>) =>
      ({ ...vulnerability(scanner), ...extra }) as unknown as Finding;
    const merged = mergeFindings(
      later('grype', { riskScore: 4, reachability: 'yes' }),
      later('trivy', { riskScore: 9, sourceLayer: 'sha256:1' }),
    ) as unknown as Record<string, unknown>;
    expect(merged.riskScore).toBe(4);
    expect(merged.reachability).toBe('yes');
    expect(merged.sourceLayer).toBe('sha256:1');
  });

  it("fills an empty package field from the other side, the first scanner's value winning", () => {
    const merged = mergeFindings(
      vulnerability('grype', { package: { name: 'x', version: '', type: 'npm', path: 'a/x' } }),
      vulnerability('trivy', { package: { name: 'x', version: '2', type: 'node-pkg', path: 'b/x' } }),
    );
    expect(merged.package).toEqual({ name: 'x', version: '2', type: 'npm', path: 'a/x' });
  });

  it('gives the same result in either order', () => {
    const a = vulnerability('trivy', { severity: 'medium', links: ['https://t'] });
    const b = vulnerability('grype', {
      severity: 'high',
      id: 'GHSA-aaaa-bbbb-cccc',
      aliases: ['CVE-2024-0001'],
    });
    expect(mergeFindings(a, b)).toEqual(mergeFindings(b, a));
  });
});

describe('vendor statuses across two reports of the same issue by one scanner', () => {
  const notAffected = { scanner: 'trivy', status: 'not_affected' as const, source: 'debian' };

  it("drops trivy's not_affected when trivy also reported the issue without it (merge of two jobs, a newer DB)", () => {
    const older = vulnerability('trivy', { severity: 'critical', vendorStatuses: [notAffected] });
    const newer = vulnerability('trivy', { severity: 'critical' });
    for (const [a, b] of [
      [older, newer],
      [newer, older],
    ] as const) {
      const merged = mergeFindings(a, b);
      expect(merged.vendorStatuses).toBeUndefined();
      expect(
        evaluateGate({ findings: [merged], policy: DEFAULT_POLICY, today: '2026-01-01' }).decisions[0],
      ).toEqual({ decision: 'violation', rules: ['threshold'] });
    }
    const willNotFix = vulnerability('trivy', {
      vendorStatuses: [{ scanner: 'trivy', status: 'will_not_fix' }],
    });
    expect(mergeFindings(older, willNotFix).vendorStatuses).toEqual([
      { scanner: 'trivy', status: 'will_not_fix' },
    ]);
    expect(mergeFindings(older, { ...older }).vendorStatuses).toEqual([notAffected]);
  });
});

describe('mergeFindings keeps what users read', () => {
  const base = {
    kind: 'vulnerability' as const,
    aliases: [],
    target: 'img:1',
    package: { name: 'openssl', version: '1.1.1', type: 'apk' },
    cvss: [],
    fix: { state: 'fixed' as const, versions: ['1.1.2'] },
    links: [],
  };
  it('keeps the descriptive title when the other scanner only repeats the id', () => {
    const grype = {
      ...base,
      id: 'CVE-2024-1',
      title: 'CVE-2024-1',
      severity: 'high' as const,
      severitySource: 'grype',
      severities: [{ scanner: 'grype', severity: 'high' as const }],
      foundBy: ['grype'],
    };
    const trivy = {
      ...base,
      id: 'CVE-2024-1',
      title: 'openssl: buffer overflow',
      severity: 'high' as const,
      severitySource: 'trivy',
      severities: [{ scanner: 'trivy', severity: 'high' as const }],
      foundBy: ['trivy'],
    };
    expect(mergeFindings(grype, trivy).title).toBe('openssl: buffer overflow');
  });

  it('caps merged links and drops a lower-case spelling of the canonical id from aliases', () => {
    const links = (p: string) => Array.from({ length: 8 }, (_, i) => `https://${p}.example/${i}`);
    const a = {
      ...base,
      id: 'cve-2024-1',
      title: 't',
      links: links('a'),
      severity: 'low' as const,
      severitySource: 'grype',
      severities: [{ scanner: 'grype', severity: 'low' as const }],
      foundBy: ['grype'],
    };
    const b = {
      ...base,
      id: 'CVE-2024-1',
      title: 't',
      links: links('b'),
      severity: 'low' as const,
      severitySource: 'trivy',
      severities: [{ scanner: 'trivy', severity: 'low' as const }],
      foundBy: ['trivy'],
    };
    const merged = mergeFindings(a, b);
    expect(merged.links).toHaveLength(MAX_LINKS);
    expect(merged.id).toBe('CVE-2024-1');
    expect(merged.aliases).toEqual([]);
  });
});
