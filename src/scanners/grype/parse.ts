import type {
  CvssScore,
  Finding,
  FixState,
  PackageRef,
  ScanResult,
  VendorStatusOpinion,
} from '../../core/finding.js';
import { dedupeFindings, normaliseEcosystem, normalisePath, uniqueSorted } from '../../core/identity.js';
import { parseSeverity } from '../../core/severity.js';
import type { ParseContext } from '../scanner.js';
import {
  collectLinks,
  ignoredScoresWarning,
  isCvssScore,
  isProbability,
  nonEmpty,
  parseToolJson,
  purlType,
} from '../tool-output.js';
import { type GrypeArtifact, type GrypeCvss, type GrypeMatch, grypeReportSchema } from './schema.js';

export const GRYPE_TOOL = 'grype';

/**
 * One finding per (vulnerability, package): Grype emits a match per matcher, so the same pair can appear
 * several times; `dedupeFindings` folds those together.
 */
export function parseGrypeJson(text: string, ctx: ParseContext): ScanResult {
  const report = parseToolJson(text, GRYPE_TOOL, 'JSON report', grypeReportSchema);
  const findings = report.matches.map((match) => matchFinding(match, ctx));
  const warnings: string[] = [];
  const ignored = report.ignoredMatches?.length ?? 0;
  if (ignored > 0) {
    warnings.push(
      `grype's own ignore rules (a .grype.yaml) hid ${ignored} match${ignored === 1 ? '' : 'es'} from the gate; ` +
        'record accepted risks in container-gate exceptions instead, where they expire and are reported',
    );
  }
  warnings.push(
    ...ignoredScoresWarning(countInvalidScores(report.matches), 'CVSS or EPSS scores', 'their range'),
  );
  // Grype builds without version info (its own test snapshots) say "[not provided]": not a version.
  const toolVersion = nonEmpty(report.descriptor.version?.replace(/^\[not provided\]$/, ''));
  return {
    findings: dedupeFindings(findings),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(toolVersion ? { toolVersion } : {}),
  };
}

/** Scores outside their range (CVSS 0–10, EPSS 0–1), which the findings leave out. */
function countInvalidScores(matches: readonly GrypeMatch[]): number {
  let count = 0;
  for (const match of matches) {
    const entries = [match.vulnerability, ...(match.relatedVulnerabilities ?? [])].flatMap(
      (v) => v.cvss ?? [],
    );
    for (const cvss of entries) {
      const score = cvss.metrics?.baseScore;
      if (typeof score === 'number' && !isCvssScore(score)) count++;
    }
    for (const e of match.vulnerability.epss ?? [])
      if (!isProbability(e.epss) || !isProbability(e.percentile)) count++;
  }
  return count;
}

function matchFinding(match: GrypeMatch, ctx: ParseContext): Finding {
  const v = match.vulnerability;
  const related = match.relatedVulnerabilities ?? [];
  const severity = parseSeverity(v.severity);
  const description = nonEmpty(v.description) ?? related.map((r) => nonEmpty(r.description)).find(Boolean);
  const epss = v.epss?.find((e) => isProbability(e.epss) && isProbability(e.percentile));
  return {
    kind: 'vulnerability',
    id: v.id,
    aliases: uniqueSorted(related.map((r) => r.id.trim())).filter((alias) => alias !== '' && alias !== v.id),
    target: ctx.target,
    package: packageOf(match.artifact),
    severity,
    severitySource: GRYPE_TOOL,
    severities: [
      {
        scanner: GRYPE_TOOL,
        severity,
        vendorSeverity: `${nonEmpty(v.severity) ?? 'Unknown'} (${nonEmpty(v.namespace) ?? GRYPE_TOOL})`,
      },
    ],
    cvss: cvssScores([
      ...(v.cvss ?? []).map((c) => [c, v.namespace] as const),
      ...related.flatMap((r) => (r.cvss ?? []).map((c) => [c, r.namespace] as const)),
    ]),
    fix: fixOf(v.fix),
    ...vendorStatusesOf(v),
    // Grype has no short title; the id stands in (the merged finding takes Trivy's title when both report it).
    title: v.id,
    ...(description ? { description } : {}),
    links: collectLinks([v.dataSource, ...(v.urls ?? [])]),
    ...(epss ? { epss: { score: epss.epss, percentile: epss.percentile } } : {}),
    ...((v.knownExploited?.length ?? 0) > 0 ? { knownExploited: true } : {}),
    foundBy: [GRYPE_TOOL],
  };
}

/** Package types whose location is the distro's package database, not a file of the package itself. */
const OS_PACKAGE_TYPES = new Set(['apk', 'deb', 'rpm', 'alpm', 'portage']);

function packageOf(artifact: GrypeArtifact): PackageRef {
  const purl = nonEmpty(artifact.purl);
  const rawType = nonEmpty(artifact.type)?.toLowerCase();
  const type = normaliseEcosystem(purlType(purl) ?? rawType);
  const version = nonEmpty(artifact.version);
  // An OS package's location is /lib/apk/db/installed or /var/lib/dpkg/status: shared by every package, so it
  // says nothing about identity, and Trivy leaves the path out for these. Left out here too, so both meet.
  const path =
    rawType && OS_PACKAGE_TYPES.has(rawType)
      ? undefined
      : normalisePath(artifact.locations?.[0]?.path ?? undefined);
  return {
    name: artifact.name,
    ...(version ? { version } : {}),
    ...(type ? { type } : {}),
    ...(purl ? { purl } : {}),
    ...(path ? { path } : {}),
  };
}

function cvssScores(entries: readonly (readonly [GrypeCvss, string | null | undefined])[]): CvssScore[] {
  const scores = new Map<string, CvssScore>();
  for (const [cvss, namespace] of entries) {
    const score = cvss.metrics?.baseScore;
    if (!isCvssScore(score)) continue;
    const source = nonEmpty(cvss.source) ?? nonEmpty(namespace) ?? GRYPE_TOOL;
    const version = nonEmpty(cvss.version);
    const vector = nonEmpty(cvss.vector);
    const key = `${source}|${version ?? ''}|${vector ?? ''}|${score}`;
    if (!scores.has(key))
      scores.set(key, { source, ...(version ? { version } : {}), ...(vector ? { vector } : {}), score });
  }
  return [...scores.values()];
}

/**
 * Grype's `fix.state` (G grype/vulnerability/fix.go:8-11): only `fixed` is fixable; `not-fixed`, `wont-fix` and
 * `unknown` (or a state this release does not know) are unfixed. A Map: a state spelt `constructor` or `__proto__`
 * must not find Object.prototype's members.
 */
const FIX_STATES: ReadonlyMap<string, FixState> = new Map([
  ['fixed', 'fixed'],
  ['not-fixed', 'not-fixed'],
  ['wont-fix', 'wont-fix'],
  ['unknown', 'unknown'],
]);

function fixOf(fix: GrypeMatch['vulnerability']['fix']): Finding['fix'] {
  const versions = (fix?.versions ?? []).map((version) => version.trim()).filter((version) => version !== '');
  const state = FIX_STATES.get(nonEmpty(fix?.state)?.toLowerCase() ?? '') ?? 'unknown';
  return { state, versions };
}

/** `wont-fix` is the vendor's word; Grype has no not-affected fix state (G grype/vulnerability/fix.go:7-12). */
function vendorStatusesOf(v: GrypeMatch['vulnerability']): { vendorStatuses?: VendorStatusOpinion[] } {
  if (nonEmpty(v.fix?.state)?.toLowerCase() !== 'wont-fix') return {};
  const source = nonEmpty(v.namespace);
  return {
    vendorStatuses: [{ scanner: GRYPE_TOOL, status: 'will_not_fix', ...(source ? { source } : {}) }],
  };
}
