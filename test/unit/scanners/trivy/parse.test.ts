import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/core/finding.js';
import { checkIdentity, parseTrivyJson } from '../../../../src/scanners/trivy/parse.js';
import { ScannerOutputError } from '../../../../src/util/errors.js';
import { rawJson, readSharedFixture } from '../shared-fixtures.js';

const ctx = { target: 'registry.example/app:1' };

const REPORTS = [
  'trivy/alpine-310.json',
  'trivy/alpine-39.json',
  'trivy/centos-7.json',
  'trivy/npm.json',
  'trivy/secrets.json',
  'trivy/dockerfile.json',
  'trivy/helm.json',
];

// biome-ignore lint/suspicious/noExplicitAny: raw Trivy JSON
type Raw = any;

function rawResults(raw: Raw): Raw[] {
  return raw.Results ?? [];
}

function rawVulnerabilities(raw: Raw): { v: Raw; result: Raw }[] {
  return rawResults(raw).flatMap((result) => (result.Vulnerabilities ?? []).map((v: Raw) => ({ v, result })));
}

function rawSecrets(raw: Raw): { s: Raw; result: Raw }[] {
  return rawResults(raw).flatMap((result) => (result.Secrets ?? []).map((s: Raw) => ({ s, result })));
}

function rawFailures(raw: Raw): { m: Raw; result: Raw }[] {
  return rawResults(raw).flatMap((result) =>
    (result.Misconfigurations ?? []).filter((m: Raw) => m.Status === 'FAIL').map((m: Raw) => ({ m, result })),
  );
}

function parseText(text: string): Finding[] {
  return parseTrivyJson(text, ctx, 'trivy').findings;
}

function findVulnerability(findings: Finding[], v: Raw): Finding {
  const found = findings.filter(
    (f) => f.kind === 'vulnerability' && f.id === v.VulnerabilityID && f.package?.name === v.PkgName,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('parseTrivyJson on every real Trivy report', () => {
  it.each(REPORTS)('%s: one finding per vulnerability, secret and failed check in the raw report', (file) => {
    const text = readSharedFixture(file);
    const raw = rawJson(text);
    const findings = parseText(text);
    expect(findings.filter((f) => f.kind === 'vulnerability')).toHaveLength(rawVulnerabilities(raw).length);
    expect(findings.filter((f) => f.kind === 'secret')).toHaveLength(rawSecrets(raw).length);
    expect(findings.filter((f) => f.kind === 'misconfiguration')).toHaveLength(rawFailures(raw).length);
    expect(findings.length).toBeGreaterThan(0);
  });

  it.each(REPORTS)('%s: every finding is stamped with the target and found by the tool trivy', (file) => {
    for (const finding of parseText(readSharedFixture(file))) {
      expect(finding.target).toBe(ctx.target);
      expect(finding.foundBy).toEqual(['trivy']);
      expect(finding.severitySource).toBe('trivy');
      expect(finding.severities.map((s) => s.scanner)).toEqual(['trivy']);
      expect(finding.severities[0]!.severity).toBe(finding.severity);
      expect(finding.aliases).not.toContain(finding.id);
      expect(finding.package?.path ?? '').not.toMatch(/^\//);
      expect(finding.location?.path ?? '').not.toMatch(/^\//);
      expect(finding.links.length).toBeLessThanOrEqual(10);
    }
  });

  it.each(REPORTS)('%s: reports the tool version Trivy wrote', (file) => {
    const text = readSharedFixture(file);
    expect(parseTrivyJson(text, ctx, 'trivy').toolVersion).toBe(rawJson(text).Trivy.Version);
  });

  it('lists findings in a deterministic order, the same on every parse', () => {
    const text = readSharedFixture('trivy/helm.json');
    expect(parseText(text)).toEqual(parseText(text));
  });
});

describe('Trivy vulnerabilities', () => {
  it.each(['trivy/alpine-310.json', 'trivy/alpine-39.json', 'trivy/centos-7.json', 'trivy/npm.json'])(
    '%s: severity, package, fixed versions and vendor severity come from each raw entry',
    (file) => {
      const text = readSharedFixture(file);
      const findings = parseText(text);
      for (const { v } of rawVulnerabilities(rawJson(text))) {
        const finding = findVulnerability(findings, v);
        expect(finding.severity).toBe(v.Severity.toLowerCase());
        expect(finding.severities[0]!.vendorSeverity).toBe(`${v.Severity} (${v.SeveritySource})`);
        expect(finding.package?.version).toBe(v.InstalledVersion);
        expect(finding.package?.purl).toBe(v.PkgIdentifier.PURL);
        expect(finding.package?.type).toBe(/^pkg:([^/]+)\//.exec(v.PkgIdentifier.PURL)![1]);
        expect(finding.fix.versions).toEqual(v.FixedVersion ? v.FixedVersion.split(', ') : []);
        expect(finding.title).toBe(v.Title ?? v.VulnerabilityID);
        expect(finding.description).toBe(v.Description);
        expect(finding.links[0]).toBe(v.PrimaryURL);
      }
    },
  );

  it('reads the ecosystem as a purl type (alpine → apk, centos → rpm, npm → npm)', () => {
    const types = (file: string) => new Set(parseText(readSharedFixture(file)).map((f) => f.package?.type));
    expect(types('trivy/alpine-310.json')).toEqual(new Set(['apk']));
    expect(types('trivy/centos-7.json')).toEqual(new Set(['rpm']));
    expect(types('trivy/npm.json')).toEqual(new Set(['npm']));
  });

  it('falls back to the Result Type for the ecosystem when there is no purl', () => {
    const raw = rawJson(readSharedFixture('trivy/alpine-310.json'));
    for (const v of raw.Results[0].Vulnerabilities) delete v.PkgIdentifier;
    expect(new Set(parseText(JSON.stringify(raw)).map((f) => f.package?.type))).toEqual(new Set(['apk']));
  });

  it('maps Trivy statuses to fix states (will_not_fix on centos bash → wont-fix)', () => {
    const text = readSharedFixture('trivy/centos-7.json');
    const findings = parseText(text);
    for (const { v } of rawVulnerabilities(rawJson(text))) {
      const expected = v.Status === 'fixed' ? 'fixed' : v.Status === 'will_not_fix' ? 'wont-fix' : undefined;
      expect(findVulnerability(findings, v).fix.state).toBe(expected);
    }
  });

  // trivy-db pkg/types/status.go:14-34; without a fixed version every status but `fixed` is unfixed.
  it.each([
    ['fixed', 'fixed'],
    ['affected', 'not-fixed'],
    ['fix_deferred', 'not-fixed'],
    ['will_not_fix', 'wont-fix'],
    ['end_of_life', 'wont-fix'],
    ['under_investigation', 'unknown'],
    ['not_affected', 'unknown'],
    ['unknown', 'unknown'],
    ['something_new', 'unknown'],
  ])('status %s without a fixed version → fix state %s', (status, state) => {
    const raw = rawJson(readSharedFixture('trivy/npm.json'));
    raw.Results[0].Vulnerabilities[0].Status = status;
    delete raw.Results[0].Vulnerabilities[0].FixedVersion;
    expect(parseText(JSON.stringify(raw))[0]!.fix.state).toBe(state);
  });

  it.each(['affected', 'fix_deferred', 'will_not_fix', 'end_of_life', 'under_investigation', 'unknown'])(
    'a named fixed version makes status %s fixable (an upgrade exists)',
    (status) => {
      const raw = rawJson(readSharedFixture('trivy/npm.json'));
      raw.Results[0].Vulnerabilities[0].Status = status;
      expect(parseText(JSON.stringify(raw))[0]!.fix).toEqual({ state: 'fixed', versions: ['3.4.0'] });
    },
  );

  it('treats a fixed version without a Status (older Trivy) as fixed', () => {
    const raw = rawJson(readSharedFixture('trivy/npm.json'));
    delete raw.Results[0].Vulnerabilities[0].Status;
    expect(parseText(JSON.stringify(raw))[0]!.fix).toEqual({ state: 'fixed', versions: ['3.4.0'] });
  });

  it('splits several fixed versions joined with ", "', () => {
    const raw = rawJson(readSharedFixture('trivy/npm.json'));
    raw.Results[0].Vulnerabilities[0].FixedVersion = '3.4.0, 2.2.5';
    expect(parseText(JSON.stringify(raw))[0]!.fix.versions).toEqual(['3.4.0', '2.2.5']);
  });

  it('keeps VendorIDs as aliases (centos RHSA ids)', () => {
    const text = readSharedFixture('trivy/centos-7.json');
    const findings = parseText(text);
    for (const { v } of rawVulnerabilities(rawJson(text))) {
      expect(findVulnerability(findings, v).aliases).toEqual(v.VendorIDs ?? []);
    }
  });

  it('takes one CVSS score per source, v3 when the source has one', () => {
    const text = readSharedFixture('trivy/centos-7.json');
    const findings = parseText(text);
    for (const { v } of rawVulnerabilities(rawJson(text))) {
      const cvss = findVulnerability(findings, v).cvss;
      expect(cvss.map((c) => c.source)).toEqual(Object.keys(v.CVSS).sort());
      for (const score of cvss) {
        expect(score.score).toBe(v.CVSS[score.source].V3Score);
        expect(score.vector).toBe(v.CVSS[score.source].V3Vector);
        expect(score.version).toBe(/^CVSS:(\d\.\d)/.exec(v.CVSS[score.source].V3Vector)![1]);
      }
    }
  });

  it('keeps a v2 score only when the source has no v3 score', () => {
    const raw = rawJson(readSharedFixture('trivy/npm.json'));
    const nvd = raw.Results[0].Vulnerabilities[0].CVSS.nvd;
    delete nvd.V3Score;
    delete nvd.V3Vector;
    const cvss = parseText(JSON.stringify(raw))[0]!.cvss.find((c) => c.source === 'nvd');
    expect(cvss).toEqual({ source: 'nvd', version: '2.0', vector: nvd.V2Vector, score: nvd.V2Score });
  });

  it('caps links at 10, advisory first, without duplicates (npm jquery has 79 references)', () => {
    const text = readSharedFixture('trivy/npm.json');
    const v = rawJson(text).Results[0].Vulnerabilities[0];
    expect(v.References.length).toBeGreaterThan(10);
    const links = parseText(text)[0]!.links;
    expect(links).toHaveLength(10);
    expect(links[0]).toBe(v.PrimaryURL);
    expect(new Set(links).size).toBe(links.length);
  });

  it('writes the package path without a leading slash', () => {
    const raw = rawJson(readSharedFixture('trivy/npm.json'));
    raw.Results[0].Vulnerabilities[0].PkgPath = '/app/node_modules/jquery/package.json';
    expect(parseText(JSON.stringify(raw))[0]!.package?.path).toBe('app/node_modules/jquery/package.json');
  });

  it('leaves OS packages without a path, as Trivy does', () => {
    for (const finding of parseText(readSharedFixture('trivy/alpine-39.json'))) {
      expect(finding.package?.path).toBeUndefined();
    }
  });

  it('warns when the base OS is end of life (alpine 3.10 is)', () => {
    const text = readSharedFixture('trivy/alpine-310.json');
    const os = rawJson(text).Metadata.OS;
    expect(os.EOSL).toBe(true);
    const warnings = parseTrivyJson(text, ctx, 'trivy').warnings ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${os.Family} ${os.Name}`);
  });
});

describe('Trivy secrets', () => {
  const text = readSharedFixture('trivy/secrets.json');
  const raw = rawJson(text);

  it('maps each secret to a finding located at its file and lines', () => {
    const findings = parseText(text);
    for (const { s, result } of rawSecrets(raw)) {
      const finding = findings.find((f) => f.id === s.RuleID)!;
      expect(finding.kind).toBe('secret');
      expect(finding.severity).toBe(s.Severity.toLowerCase());
      expect(finding.title).toBe(s.Title);
      // A filesystem scan's Targets are relative to the scanned path (ArtifactName).
      expect(finding.location).toEqual({
        path: `${raw.ArtifactName}/${result.Target}`,
        startLine: s.StartLine,
        endLine: s.EndLine,
      });
      expect(finding.remediation).toMatch(/rotate/);
      expect(finding.package).toBeUndefined();
    }
  });

  it('never copies the matched text or the quoted code lines into a finding', () => {
    const serialised = JSON.stringify(parseText(text));
    const quoted: string[] = rawSecrets(raw).flatMap(({ s }) => [
      s.Match,
      ...s.Code.Lines.map((line: Raw) => line.Content).filter((content: string) => content.trim().length > 0),
    ]);
    // The fixture quotes an unmasked GitHub token on a neighbouring line: the case this guards against.
    expect(quoted.some((line) => line.includes('ghp_'))).toBe(true);
    for (const line of quoted) expect(serialised).not.toContain(line);
  });

  it('writes an in-image secret path without a leading slash', () => {
    const variant = rawJson(text);
    variant.Results[0].Target = '/app/deploy.sh';
    for (const finding of parseText(JSON.stringify(variant)))
      expect(finding.location?.path).toBe('app/deploy.sh');
  });
});

describe('Trivy paths of a config or filesystem scan', () => {
  const report = (artifactName: string, target: string, type = 'repository') =>
    JSON.stringify({
      ...rawJson(readSharedFixture('trivy/dockerfile.json')),
      ArtifactName: artifactName,
      ArtifactType: type,
      Results: [{ ...rawJson(readSharedFixture('trivy/dockerfile.json')).Results[0], Target: target }],
    });
  it.each([
    ['examples/k8s', 'deployment.yaml', 'examples/k8s/deployment.yaml'],
    ['examples/k8s/', 'deployment.yaml', 'examples/k8s/deployment.yaml'],
    ['examples/app/Dockerfile', 'Dockerfile', 'examples/app/Dockerfile'],
    ['.', 'Dockerfile', 'Dockerfile'],
    ['examples/app', 'examples/app/Dockerfile', 'examples/app/Dockerfile'],
  ])('scanned %s, Target %s → %s', (root, target, expected) => {
    expect(parseText(report(root, target))[0]!.location?.path).toBe(expected);
  });

  it('keeps in-image paths of an image scan as they are', () => {
    expect(parseText(report('alpine:3.19', 'app/Dockerfile', 'container_image'))[0]!.location?.path).toBe(
      'app/Dockerfile',
    );
  });
});

describe('Trivy misconfigurations', () => {
  it('maps a failed Dockerfile check with remediation, message and description', () => {
    const text = readSharedFixture('trivy/dockerfile.json');
    const report = rawJson(text);
    const [{ m, result }] = rawFailures(report) as [{ m: Raw; result: Raw }];
    const [finding] = parseText(text) as [Finding];
    expect(finding.kind).toBe('misconfiguration');
    expect(finding.id).toBe(m.ID);
    expect(finding.title).toBe(m.Title);
    expect(finding.severity).toBe(m.Severity.toLowerCase());
    expect(finding.remediation).toBe(m.Resolution);
    expect(finding.description).toContain(m.Message);
    expect(finding.description).toContain(m.Description);
    expect(finding.location).toEqual({ path: `${report.ArtifactName}/${result.Target}` });
    expect(finding.links[0]).toBe(m.PrimaryURL);
  });

  it('gives the check id in the DS-0002 form and the other spellings as aliases', () => {
    const [finding] = parseText(readSharedFixture('trivy/dockerfile.json')) as [Finding];
    expect(finding.id).toBe('DS-0002');
    expect(finding.aliases).toEqual(['AVD-DS-0002', 'DS002']);
  });

  it('gives the same id to a report from an older Trivy that spelled it DS002', () => {
    const raw = rawJson(readSharedFixture('trivy/dockerfile.json'));
    raw.Results[0].Misconfigurations[0].ID = 'DS002';
    raw.Results[0].Misconfigurations[0].AVDID = 'AVD-DS-0002';
    const [finding] = parseText(JSON.stringify(raw)) as [Finding];
    expect(finding.id).toBe('DS-0002');
    expect(finding.aliases).toEqual(['AVD-DS-0002', 'DS002']);
  });

  it('places Helm chart failures on their lines from CauseMetadata', () => {
    const text = readSharedFixture('trivy/helm.json');
    const findings = parseText(text);
    const report = rawJson(text);
    for (const { m, result } of rawFailures(report)) {
      const matches = findings.filter(
        (f) => f.id === m.ID && f.location?.startLine === m.CauseMetadata.StartLine,
      );
      expect(matches).toHaveLength(1);
      expect(matches[0]!.location).toEqual({
        path: `${report.ArtifactName}/${result.Target}`,
        ...(m.CauseMetadata.StartLine ? { startLine: m.CauseMetadata.StartLine } : {}),
        ...(m.CauseMetadata.EndLine ? { endLine: m.CauseMetadata.EndLine } : {}),
      });
    }
  });

  it('skips checks that passed', () => {
    const raw = rawJson(readSharedFixture('trivy/helm.json'));
    const checks = raw.Results[0].Misconfigurations;
    checks[0].Status = 'PASS';
    checks[1].Status = 'EXCEPTION';
    const findings = parseText(JSON.stringify(raw));
    expect(findings).toHaveLength(checks.length - 2);
    expect(findings.map((f) => f.id)).not.toContain(checks[0].ID);
  });

  it.each([
    ['DS-0002', undefined, 'DS-0002', ['AVD-DS-0002', 'DS002']],
    ['KSV104', 'AVD-KSV-0104', 'KSV-0104', ['AVD-KSV-0104', 'KSV104']],
    ['AVD-KSV-0001', undefined, 'KSV-0001', ['AVD-KSV-0001', 'KSV001']],
    ['my-custom-check', 'AVD-CUSTOM', 'my-custom-check', ['AVD-CUSTOM']],
  ])('check id %s (AVDID %s) → %s with aliases %j', (raw, avd, id, aliases) => {
    expect(checkIdentity(raw, avd)).toEqual({ id, aliases });
  });
});

describe('Trivy output that cannot be trusted', () => {
  const complete = readSharedFixture('trivy/alpine-310.json');

  it.each([
    ['truncated JSON', complete.slice(0, Math.floor(complete.length / 2))],
    ['an array', '[]'],
    ['an empty object', '{}'],
    ['an unrelated object', '{"foo":1}'],
    ['an empty string', ''],
    ['whitespace', '  \n'],
    ['Results null without ArtifactName', '{"SchemaVersion":2,"Results":null}'],
    [
      'a vulnerability without an id',
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: 'x',
        Results: [{ Target: 't', Vulnerabilities: [{ PkgName: 'p' }] }],
      }),
    ],
  ])('throws a one-line ScannerOutputError naming the tool for %s', (_label, text) => {
    let error: unknown;
    try {
      parseTrivyJson(text, ctx, 'trivy-secret');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScannerOutputError);
    const message = (error as Error).message;
    expect(message).toMatch(/^trivy-secret: /);
    expect(message).not.toContain('\n');
  });

  it('reads a complete report with Results null as zero findings (a clean image)', () => {
    const raw = rawJson(complete);
    raw.Results = null;
    expect(parseTrivyJson(JSON.stringify(raw), ctx, 'trivy').findings).toEqual([]);
  });

  it('reads a complete report without Results as zero findings', () => {
    const raw = rawJson(complete);
    delete raw.Results;
    expect(parseTrivyJson(JSON.stringify(raw), ctx, 'trivy').findings).toEqual([]);
  });
});
