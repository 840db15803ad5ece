import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { dedupeFindings } from '../../../src/core/identity.js';
import { mostSevere, parseSeverity } from '../../../src/core/severity.js';
import { parseGrypeJson } from '../../../src/scanners/grype/parse.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import { rawJson, readMadeFixture, readSharedFixture } from '../scanners/shared-fixtures.js';

/**
 * Trivy's real alpine 3.10 report against a Grype-shaped report of the same image, made from it by hand
 * (test/fixtures/made/README.md): the same issues under GHSA ids, other severities, a second matcher, and
 * one vulnerability only Grype has.
 */
const ctx = { target: 'ghcr.io/aquasecurity/trivy-test-images:alpine-310' };
const trivyText = readSharedFixture('trivy/alpine-310.json');
const grypeText = readMadeFixture('grype-from-trivy-alpine-310.made.json');

// biome-ignore lint/suspicious/noExplicitAny: raw tool JSON
type Raw = any;

interface RawOpinion {
  cve: string;
  id: string;
  name: string;
  version: string;
  severity: string;
}

const trivyRaw: RawOpinion[] = rawJson(trivyText).Results.flatMap((r: Raw) =>
  r.Vulnerabilities.map((v: Raw) => ({
    cve: v.VulnerabilityID,
    id: v.VulnerabilityID,
    name: v.PkgName,
    version: v.InstalledVersion,
    severity: v.Severity,
  })),
);

const grypeRaw: RawOpinion[] = rawJson(grypeText).matches.map((m: Raw) => ({
  cve: [m.vulnerability.id, ...m.relatedVulnerabilities.map((r: Raw) => r.id)].find((id) =>
    id.startsWith('CVE-'),
  ),
  id: m.vulnerability.id,
  name: m.artifact.name,
  version: m.artifact.version,
  severity: m.vulnerability.severity,
}));

const pairOf = (o: RawOpinion) => `${o.cve}|${o.name}|${o.version}`;
const trivyPairs = new Set(trivyRaw.map(pairOf));
const grypePairs = new Set(grypeRaw.map(pairOf));
const overlaps = [...trivyPairs].filter((pair) => grypePairs.has(pair));

const trivyFindings = parseTrivyJson(trivyText, ctx, 'trivy').findings;
const grypeFindings = parseGrypeJson(grypeText, ctx).findings;
const merged = dedupeFindings([...trivyFindings, ...grypeFindings]);

function mergedFor(o: RawOpinion): Finding {
  const found = merged.filter(
    (f) => f.id === o.cve && f.package?.name === o.name && f.package?.version === o.version,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('deduplicating Trivy and Grype findings of one image', () => {
  it('uses a fixture that has overlaps, Grype-only findings and GHSA ids', () => {
    expect(overlaps.length).toBeGreaterThan(0);
    expect(grypePairs.size).toBeGreaterThan(overlaps.length);
    expect(grypeRaw.some((o) => o.id.startsWith('GHSA-'))).toBe(true);
    expect(grypeRaw.length).toBeGreaterThan(grypePairs.size);
  });

  it('parses one finding per vulnerability and package on each side', () => {
    expect(trivyFindings).toHaveLength(trivyPairs.size);
    expect(grypeFindings).toHaveLength(grypePairs.size);
  });

  it('counts a vulnerability found by both scanners once: union = trivy + grype − overlaps', () => {
    expect(merged).toHaveLength(trivyPairs.size + grypePairs.size - overlaps.length);
  });

  it('marks each overlap as found by grype and trivy', () => {
    for (const o of trivyRaw.filter((t) => grypePairs.has(pairOf(t)))) {
      expect(mergedFor(o).foundBy).toEqual(['grype', 'trivy']);
    }
  });

  it('keeps a finding only Grype has as found by grype alone', () => {
    const grypeOnly = grypeRaw.filter((g) => !trivyPairs.has(pairOf(g)));
    expect(grypeOnly.length).toBeGreaterThan(0);
    for (const o of grypeOnly) expect(mergedFor(o).foundBy).toEqual(['grype']);
  });

  it('joins a GHSA id from Grype with the CVE from Trivy, the CVE as id and the GHSA as alias', () => {
    const ghsa = grypeRaw.filter((g) => g.id.startsWith('GHSA-'));
    for (const o of ghsa) {
      const finding = mergedFor(o);
      expect(finding.id).toBe(o.cve);
      expect(finding.aliases).toContain(o.id);
      expect(finding.foundBy).toEqual(['grype', 'trivy']);
    }
  });

  it('keeps both opinions where the severities disagree and gates on the higher one', () => {
    const disagreements = grypeRaw.filter((g) => {
      const t = trivyRaw.find((x) => pairOf(x) === pairOf(g));
      return t && parseSeverity(t.severity) !== parseSeverity(g.severity);
    });
    expect(disagreements.length).toBeGreaterThan(0);
    for (const g of disagreements) {
      const t = trivyRaw.find((x) => pairOf(x) === pairOf(g))!;
      const finding = mergedFor(g);
      const grypeSeverity = parseSeverity(g.severity);
      const trivySeverity = parseSeverity(t.severity);
      expect(finding.severities.map((s) => [s.scanner, s.severity])).toEqual([
        ['grype', grypeSeverity],
        ['trivy', trivySeverity],
      ]);
      expect(finding.severity).toBe(mostSevere([grypeSeverity, trivySeverity]));
      expect(finding.severitySource).toBe(finding.severity === grypeSeverity ? 'grype' : 'trivy');
    }
  });

  it('keeps what only one side knows: Trivy’s vendor CVSS scores, Grype’s EPSS and KEV flag', () => {
    const grypeMatches = rawJson(grypeText).matches;
    for (const match of grypeMatches) {
      const cve = [match.vulnerability.id, ...match.relatedVulnerabilities.map((r: Raw) => r.id)].find(
        (id: string) => id.startsWith('CVE-'),
      );
      const finding = merged.find((f) => f.id === cve && f.package?.name === match.artifact.name)!;
      if (match.vulnerability.epss) expect(finding.epss?.score).toBe(match.vulnerability.epss[0].epss);
      if (match.vulnerability.knownExploited) expect(finding.knownExploited).toBe(true);
      const trivyFinding = trivyFindings.find((f) => f.id === cve && f.package?.name === match.artifact.name);
      for (const score of trivyFinding?.cvss ?? []) expect(finding.cvss).toContainEqual(score);
    }
  });

  it('gives the same result whichever scanner’s findings come first', () => {
    expect(dedupeFindings([...grypeFindings, ...trivyFindings])).toEqual(merged);
  });
});
