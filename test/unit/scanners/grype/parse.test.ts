import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/core/finding.js';
import { parseGrypeJson } from '../../../../src/scanners/grype/parse.js';
import { ScannerOutputError } from '../../../../src/util/errors.js';
import { rawJson, readMadeFixture, readSharedFixture } from '../shared-fixtures.js';

const ctx = { target: 'registry.example/app:1' };
const REPORTS = ['grype/presenter-image.json', 'grype/presenter-dir.json'];

// biome-ignore lint/suspicious/noExplicitAny: raw Grype JSON
type Raw = any;

function parseText(text: string): Finding[] {
  return parseGrypeJson(text, ctx).findings;
}

function findingFor(findings: Finding[], match: Raw): Finding {
  const found = findings.filter(
    (f) => f.id === match.vulnerability.id && f.package?.name === match.artifact.name,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** (vulnerability, package, version) pairs in the raw report: what one finding each stands for. */
function distinctPairs(raw: Raw): number {
  return new Set(
    raw.matches.map((m: Raw) => `${m.vulnerability.id}|${m.artifact.name}|${m.artifact.version}`),
  ).size;
}

describe('parseGrypeJson on every real Grype report', () => {
  it.each(REPORTS)('%s: one finding per vulnerability and package in the raw report', (file) => {
    const text = readSharedFixture(file);
    const raw = rawJson(text);
    const findings = parseText(text);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings).toHaveLength(distinctPairs(raw));
    for (const finding of findings) {
      expect(finding.kind).toBe('vulnerability');
      expect(finding.target).toBe(ctx.target);
      expect(finding.foundBy).toEqual(['grype']);
      expect(finding.severitySource).toBe('grype');
    }
  });

  it.each(REPORTS)('%s: severity, fix, package and scores come from each raw match', (file) => {
    const text = readSharedFixture(file);
    const findings = parseText(text);
    for (const match of rawJson(text).matches) {
      const v = match.vulnerability;
      const finding = findingFor(findings, match);
      expect(finding.severity).toBe(v.severity.toLowerCase());
      expect(finding.severities).toEqual([
        { scanner: 'grype', severity: v.severity.toLowerCase(), vendorSeverity: `${v.severity} (grype)` },
      ]);
      expect(finding.fix.versions).toEqual(v.fix.versions);
      expect(finding.fix.state).toBe(v.fix.state === 'fixed' ? 'fixed' : 'unknown');
      expect(finding.package?.version).toBe(match.artifact.version);
      expect(finding.package?.type).toBe(match.artifact.type);
      expect(finding.package?.purl).toBe(match.artifact.purl === '' ? undefined : match.artifact.purl);
      expect(finding.cvss.map((c) => c.score)).toEqual(v.cvss.map((c: Raw) => c.metrics.baseScore));
      expect(finding.cvss.map((c) => c.vector)).toEqual(v.cvss.map((c: Raw) => c.vector));
      expect(finding.epss).toEqual({ score: v.epss[0].epss, percentile: v.epss[0].percentile });
      expect(finding.knownExploited).toBe((v.knownExploited?.length ?? 0) > 0 ? true : undefined);
    }
  });

  it.each(REPORTS)('%s: takes the descriptor\'s "[not provided]" placeholder as no version', (file) => {
    const text = readSharedFixture(file);
    expect(rawJson(text).descriptor.version).toBe('[not provided]');
    expect(parseGrypeJson(text, ctx).toolVersion).toBeUndefined();
  });

  it('reports the tool version from the descriptor when it has one', () => {
    const json = rawJson(readSharedFixture('grype/presenter-image.json'));
    json.descriptor.version = '0.86.1';
    expect(parseGrypeJson(JSON.stringify(json), ctx).toolVersion).toBe('0.86.1');
  });

  it('leaves OS packages (rpm, deb) without a path: their location is the package database', () => {
    const text = readSharedFixture('grype/presenter-image.json');
    const types = new Set(rawJson(text).matches.map((m: Raw) => m.artifact.type));
    expect(types).toEqual(new Set(['rpm', 'deb']));
    for (const finding of parseText(text)) expect(finding.package?.path).toBeUndefined();
  });

  it('gives a language package the path of its first location, without the leading slash', () => {
    const raw = rawJson(readSharedFixture('grype/presenter-image.json'));
    const artifact = raw.matches[0].artifact;
    artifact.type = 'java-archive';
    artifact.purl = 'pkg:maven/org.example/package-1@1.1.1';
    artifact.locations = [{ path: '/app/lib/package-1.jar' }, { path: '/other/place.jar' }];
    const finding = findingFor(parseText(JSON.stringify(raw)), raw.matches[0]);
    expect(finding.package).toMatchObject({ type: 'maven', path: 'app/lib/package-1.jar' });
  });

  it('names the Grype namespace as the source of its severity when the report has one', () => {
    const raw = rawJson(readSharedFixture('grype/presenter-image.json'));
    raw.matches[0].vulnerability.namespace = 'nvd:cpe';
    const finding = findingFor(parseText(JSON.stringify(raw)), raw.matches[0]);
    expect(finding.severities[0]!.vendorSeverity).toBe(`${raw.matches[0].vulnerability.severity} (nvd:cpe)`);
  });

  it('keeps related vulnerability ids as aliases and their CVSS scores', () => {
    const raw = rawJson(readMadeFixture('grype-from-trivy-alpine-310.made.json'));
    const ghsa = raw.matches.filter((m: Raw) => m.vulnerability.id.startsWith('GHSA-'));
    expect(ghsa.length).toBeGreaterThan(0);
    const findings = parseText(JSON.stringify(raw));
    for (const match of ghsa) {
      const finding = findingFor(findings, match);
      expect(finding.aliases).toEqual(match.relatedVulnerabilities.map((r: Raw) => r.id));
      expect(finding.cvss.map((c) => c.score)).toEqual(
        match.relatedVulnerabilities.flatMap((r: Raw) => r.cvss.map((c: Raw) => c.metrics.baseScore)),
      );
    }
  });

  it('links the advisory first, then the urls', () => {
    const raw = rawJson(readMadeFixture('grype-from-trivy-alpine-310.made.json'));
    const findings = parseText(JSON.stringify(raw));
    const ids = raw.matches.map((m: Raw) => m.vulnerability.id);
    // A pair matched twice is merged, and merged links are sorted; only single matches keep Grype's order.
    const single = raw.matches.filter(
      (m: Raw) => ids.filter((id: string) => id === m.vulnerability.id).length === 1,
    );
    expect(single.length).toBeGreaterThan(0);
    for (const match of single) {
      expect(findingFor(findings, match).links).toEqual([
        match.vulnerability.dataSource,
        ...match.vulnerability.urls,
      ]);
    }
  });

  it.each([
    ['fixed', 'fixed'],
    ['not-fixed', 'not-fixed'],
    ['wont-fix', 'wont-fix'],
    ['unknown', 'unknown'],
    ['', 'unknown'],
  ])('fix state %j → %s', (state, expected) => {
    const raw = rawJson(readSharedFixture('grype/presenter-image.json'));
    raw.matches[0].vulnerability.fix.state = state;
    expect(findingFor(parseText(JSON.stringify(raw)), raw.matches[0]).fix.state).toBe(expected);
  });

  it('counts the same vulnerability matched twice for one package (two matchers) once', () => {
    const raw = rawJson(readSharedFixture('grype/presenter-image.json'));
    const second = structuredClone(raw.matches[0]);
    second.matchDetails[0].matcher = 'stock-matcher';
    raw.matches.push(second);
    const findings = parseText(JSON.stringify(raw));
    expect(findings).toHaveLength(distinctPairs(raw));
    expect(findings).toHaveLength(raw.matches.length - 1);
    expect(findingFor(findings, second).foundBy).toEqual(['grype']);
  });

  it('warns when Grype’s own ignore rules hid matches from the gate', () => {
    const raw = rawJson(readSharedFixture('grype/presenter-image.json'));
    raw.ignoredMatches = [structuredClone(raw.matches[0]), structuredClone(raw.matches[1])];
    const warnings = parseGrypeJson(JSON.stringify(raw), ctx).warnings ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${raw.ignoredMatches.length} matches`);
  });
});

describe('Grype output that cannot be trusted', () => {
  const complete = readSharedFixture('grype/presenter-image.json');

  it.each([
    ['truncated JSON', complete.slice(0, Math.floor(complete.length / 2))],
    ['an array', '[]'],
    ['an empty object', '{}'],
    ['matches that are not a list', '{"matches": "x"}'],
    ['an empty string', ''],
    ['matches without a descriptor', '{"matches": []}'],
    [
      'a match without an artifact',
      JSON.stringify({ matches: [{ vulnerability: { id: 'CVE-1' } }], descriptor: { name: 'grype' } }),
    ],
  ])('throws a one-line ScannerOutputError naming grype for %s', (_label, text) => {
    let error: unknown;
    try {
      parseGrypeJson(text, ctx);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScannerOutputError);
    expect((error as Error).message).toMatch(/^grype: /);
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads a complete report with no matches as zero findings (a clean image)', () => {
    const raw = rawJson(complete);
    raw.matches = [];
    expect(parseGrypeJson(JSON.stringify(raw), ctx).findings).toEqual([]);
  });
});

/**
 * Grype reads Syft's syft-json (`grype sbom:<file>`) when Syft runs on the same image. The report then differs only in
 * `source`: the SBOM's own source (the image) when the syft-json has one, else `{type: "sbom-file", target: path}`
 * (anchore/grype v0.116.0 grype/pkg/syft_sbom_provider.go:31-37, grype/presenter/models/source.go:18-22). The distro
 * comes from the syft-json's linux release either way (syft_provider.go:47-58). The same matches must give the same
 * findings whichever way Grype read the packages.
 */
describe('a Grype report of an image and of Syft’s SBOM of it', () => {
  it.each(REPORTS)('parses %s identically whichever source Grype read', (file) => {
    const raw: Raw = rawJson(readSharedFixture(file));
    const fromImage = parseGrypeJson(JSON.stringify(raw), ctx);
    const fromSbomFile = parseGrypeJson(
      JSON.stringify({ ...raw, source: { type: 'sbom-file', target: '/tmp/run/005-syft/syft.syft.json' } }),
      ctx,
    );
    const fromSbomWithImageSource = parseGrypeJson(
      JSON.stringify({ ...raw, source: { type: 'image', target: { userInput: 'registry.example/app:1' } } }),
      ctx,
    );
    expect(fromImage.findings.length).toBeGreaterThan(0);
    expect(fromSbomFile).toEqual(fromImage);
    expect(fromSbomWithImageSource).toEqual(fromImage);
  });
});
