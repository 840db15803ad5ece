import {
  type CvssScore,
  FINDING_FIELDS,
  type Finding,
  type FixState,
  type PackageRef,
  type SeverityOpinion,
  type VendorStatusOpinion,
} from './finding.js';
import { severityRank } from './severity.js';

/**
 * Scanners name ecosystems differently (Trivy: `alpine`, `node-pkg`, `jar`; Grype: `apk`, `npm`,
 * `java-archive`). Identity uses purl types so that the same package is the same on both sides.
 */
const ECOSYSTEM_ALIASES: Record<string, string> = {
  alpine: 'apk',
  wolfi: 'apk',
  chainguard: 'apk',
  apk: 'apk',
  debian: 'deb',
  ubuntu: 'deb',
  deb: 'deb',
  dpkg: 'deb',
  redhat: 'rpm',
  centos: 'rpm',
  rocky: 'rpm',
  alma: 'rpm',
  amazon: 'rpm',
  oracle: 'rpm',
  fedora: 'rpm',
  photon: 'rpm',
  suse: 'rpm',
  'opensuse.leap': 'rpm',
  'opensuse.tumbleweed': 'rpm',
  sles: 'rpm',
  'cbl-mariner': 'rpm',
  azurelinux: 'rpm',
  rpm: 'rpm',
  npm: 'npm',
  'node-pkg': 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  bun: 'npm',
  javascript: 'npm',
  pip: 'pypi',
  pipenv: 'pypi',
  poetry: 'pypi',
  uv: 'pypi',
  'python-pkg': 'pypi',
  python: 'pypi',
  pypi: 'pypi',
  jar: 'maven',
  pom: 'maven',
  gradle: 'maven',
  sbt: 'maven',
  'java-archive': 'maven',
  'jenkins-plugin': 'maven',
  maven: 'maven',
  java: 'maven',
  gomod: 'golang',
  gobinary: 'golang',
  'go-module': 'golang',
  golang: 'golang',
  go: 'golang',
  bundler: 'gem',
  gemspec: 'gem',
  gem: 'gem',
  ruby: 'gem',
  cargo: 'cargo',
  'rust-binary': 'cargo',
  'rust-crate': 'cargo',
  rust: 'cargo',
  nuget: 'nuget',
  'dotnet-core': 'nuget',
  'packages-props': 'nuget',
  dotnet: 'nuget',
  composer: 'composer',
  'php-composer': 'composer',
  php: 'composer',
  conda: 'conda',
  'conda-pkg': 'conda',
};

export function normaliseEcosystem(type: string | undefined): string | undefined {
  if (!type) return undefined;
  const lower = type.trim().toLowerCase();
  if (lower === '') return undefined;
  return ECOSYSTEM_ALIASES[lower] ?? lower;
}

/** In-image paths compare without a leading slash (`/usr/lib/x` from Grype is `usr/lib/x` from Trivy). */
export function normalisePath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const trimmed = path.trim().replace(/^\/+/, '');
  return trimmed === '' ? undefined : trimmed;
}

const CVE = /^CVE-\d{4}-\d+$/i;

/**
 * The id a vulnerability is known by across scanners: the lowest CVE among its id and aliases, else the id.
 * Grype reports `GHSA-…` with the CVE in `relatedVulnerabilities`, Trivy usually reports the CVE; both meet here.
 */
export function canonicalVulnerabilityId(id: string, aliases: readonly string[]): string {
  // A loop, not filter/map/sort: this runs for every finding several times (dedupe, SARIF rule ids).
  let lowest = CVE.test(id) ? id.toUpperCase() : undefined;
  for (const alias of aliases) {
    if (!CVE.test(alias)) continue;
    const cve = alias.toUpperCase();
    if (lowest === undefined || cve < lowest) lowest = cve;
  }
  return lowest ?? id;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The part of a finding's identity that never varies between scanners. Findings with the same group key
 * are the same issue unless their in-image paths say otherwise (see `dedupeFindings`).
 */
export function identityGroupKey(finding: Finding): string {
  const pkg = finding.package;
  const parts: (string | number | undefined)[] = [finding.kind, finding.target];
  if (finding.kind === 'vulnerability') {
    parts.push(
      canonicalVulnerabilityId(finding.id, finding.aliases),
      normaliseEcosystem(pkg?.type),
      pkg?.name,
      pkg?.version,
    );
  } else {
    parts.push(finding.id, normalisePath(finding.location?.path), finding.location?.startLine, pkg?.name);
  }
  return JSON.stringify(parts);
}

/** A stable id for one (deduplicated) finding, used for SARIF fingerprints and report cross-references. */
export function findingKey(finding: Finding): string {
  return `${identityGroupKey(finding)}|${normalisePath(finding.package?.path) ?? ''}`;
}

/**
 * Turns every scanner's findings into one list where each issue appears once with `foundBy` naming every
 * scanner that saw it. Two findings in a group are kept apart only when both name an in-image path and the
 * paths differ (the same library vendored twice is two findings); a missing path matches any path, because
 * Trivy leaves OS packages without one while Grype points at the package database.
 */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  // Most groups hold one finding: keep it as is, and make an array only for a group that gets a second one.
  const groups = new Map<string, Finding | Finding[]>();
  for (const finding of findings) {
    const key = identityGroupKey(finding);
    const existing = groups.get(key);
    if (existing === undefined) {
      groups.set(key, finding);
      continue;
    }
    const clusters = Array.isArray(existing) ? existing : [existing];
    const path = vulnerabilityPath(finding);
    const index = clusters.findIndex((cluster) => {
      const other = vulnerabilityPath(cluster);
      return path === undefined || other === undefined || path === other;
    });
    if (index === -1) clusters.push(finding);
    else clusters[index] = mergeFindings(clusters[index]!, finding);
    groups.set(key, clusters.length === 1 ? clusters[0]! : clusters);
  }
  const merged: Finding[] = [];
  for (const group of groups.values()) {
    if (Array.isArray(group)) for (const finding of group) merged.push(finding);
    else merged.push(group);
  }
  return sortFindings(merged);
}

function vulnerabilityPath(finding: Finding): string | undefined {
  return finding.kind === 'vulnerability' ? normalisePath(finding.package?.path) : undefined;
}

/**
 * Combines two reports of the same issue. Severity rule (documented in docs/report-format.md): the gate uses
 * the most severe opinion of any scanner (a gate should not pass what one of its scanners rates high), ties
 * going to the scanner first by name; every opinion is kept in `severities`.
 */
export function mergeFindings(a: Finding, b: Finding): Finding {
  const [first, second] = compareStrings(a.foundBy[0] ?? '', b.foundBy[0] ?? '') <= 0 ? [a, b] : [b, a];
  const canonicalId =
    first.kind === 'vulnerability'
      ? canonicalVulnerabilityId(first.id, [...first.aliases, second.id, ...second.aliases])
      : first.id;
  const ids = [first.id, second.id, ...first.aliases, ...second.aliases];
  const aliases = uniqueSorted(ids).filter((alias) => alias.toUpperCase() !== canonicalId.toUpperCase());
  const severities = mergeOpinions(first.severities, second.severities);
  const chosen = chooseSeverity(severities) ?? { scanner: first.severitySource, severity: first.severity };
  // Grype sorts first by name but has no titles: prefer a title that says something over one that repeats an id.
  const idSet = new Set(ids.map((id) => id.toUpperCase()));
  const title =
    [first.title, second.title].find((t) => t && !idSet.has(t.toUpperCase())) ?? first.title ?? canonicalId;
  const pkg = first.package || second.package ? mergePackages(first.package, second.package) : undefined;
  const location = first.location ?? second.location;
  const description = longer(first.description, second.description);
  const epss =
    first.epss && second.epss
      ? second.epss.score > first.epss.score
        ? second.epss
        : first.epss
      : (first.epss ?? second.epss);
  const remediation = first.remediation ?? second.remediation;
  const vendorStatuses = mergeVendorStatuses(first, second);
  // Built key by key in the model's order, optional keys only when set: no spreads of whole findings and no
  // `delete` (which turns an object into a slow dictionary), since 100k-finding reports merge half their findings.
  const merged: Finding = {
    kind: first.kind,
    id: canonicalId,
    aliases,
    target: first.target,
    ...(pkg ? { package: pkg } : {}),
    ...(location ? { location } : {}),
    severity: chosen.severity,
    severitySource: chosen.scanner,
    severities,
    cvss: mergeCvss(first.cvss, second.cvss),
    fix: mergeFix(first.fix, second.fix),
    ...(vendorStatuses ? { vendorStatuses } : {}),
    title,
    ...(description !== undefined ? { description } : {}),
    links: uniqueSorted([...first.links, ...second.links]).slice(0, MAX_LINKS),
    ...(epss ? { epss } : {}),
    ...(first.knownExploited || second.knownExploited ? { knownExploited: true } : {}),
    ...(remediation !== undefined ? { remediation } : {}),
    foundBy: uniqueSorted([...first.foundBy, ...second.foundBy]),
  };
  keepUnknownFields(merged, first, second);
  return merged;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(FINDING_FIELDS);

/**
 * Findings read from a later v1 report can carry fields this release does not know; a reader must keep them
 * (docs/report-format.md), so a merged finding keeps them too, the first finding's value winning.
 */
function keepUnknownFields(merged: Finding, first: Finding, second: Finding): void {
  const target = merged as unknown as Record<string, unknown>;
  for (const source of [first, second]) {
    for (const key in source) {
      if (!Object.hasOwn(source, key) || KNOWN_FIELDS.has(key) || Object.hasOwn(target, key)) continue;
      target[key] = (source as unknown as Record<string, unknown>)[key];
    }
  }
}

/** The first package's fields win; the second fills the ones the first leaves empty. */
function mergePackages(first: PackageRef | undefined, second: PackageRef | undefined): PackageRef {
  const pick = (key: keyof PackageRef) => (first?.[key] ? first[key] : second?.[key]);
  const name = pick('name') ?? '';
  const version = pick('version');
  const type = pick('type');
  const purl = pick('purl');
  const path = pick('path');
  return {
    name,
    ...(version ? { version } : {}),
    ...(type ? { type } : {}),
    ...(purl ? { purl } : {}),
    ...(path ? { path } : {}),
  };
}

/** Reports stay readable and SARIF help text short: scanners can list dozens of reference URLs. */
export const MAX_LINKS = 10;

export function chooseSeverity(opinions: readonly SeverityOpinion[]): SeverityOpinion | undefined {
  let best = opinions[0];
  if (!best) return undefined;
  for (const opinion of opinions) {
    const diff = severityRank(opinion.severity) - severityRank(best.severity);
    if (diff > 0 || (diff === 0 && compareStrings(opinion.scanner, best.scanner) < 0)) best = opinion;
  }
  return best;
}

function mergeOpinions(a: readonly SeverityOpinion[], b: readonly SeverityOpinion[]): SeverityOpinion[] {
  const byScanner = new Map<string, SeverityOpinion>();
  for (const opinion of [...a, ...b]) {
    const existing = byScanner.get(opinion.scanner);
    if (!existing || severityRank(opinion.severity) > severityRank(existing.severity)) {
      byScanner.set(opinion.scanner, opinion);
    }
  }
  return [...byScanner.values()].sort((x, y) => compareStrings(x.scanner, y.scanner));
}

/**
 * One opinion per scanner (the first seen), sorted by scanner: like `severities`. A scanner's `not_affected` stands
 * only if that scanner said so wherever it found the issue: when it reported the same issue again without it (a
 * second report of the same image to `merge`, with a newer database), its other word (or none) is kept, so the
 * finding stays in the gate.
 */
function mergeVendorStatuses(first: Finding, second: Finding): VendorStatusOpinion[] | undefined {
  const a = first.vendorStatuses ?? [];
  const b = second.vendorStatuses ?? [];
  if (a.length === 0 && b.length === 0) return undefined;
  const saysNotAffected = (f: Finding, scanner: string) =>
    (f.vendorStatuses ?? []).some((o) => o.scanner === scanner && o.status === 'not_affected');
  const byScanner = new Map<string, VendorStatusOpinion>();
  for (const opinion of [...a, ...b]) {
    const seen = byScanner.get(opinion.scanner);
    if (!seen || (seen.status === 'not_affected' && opinion.status !== 'not_affected'))
      byScanner.set(opinion.scanner, opinion);
  }
  for (const [scanner, opinion] of byScanner) {
    const contradicted = [first, second].some(
      (f) => f.foundBy.includes(scanner) && !saysNotAffected(f, scanner),
    );
    if (opinion.status === 'not_affected' && contradicted) byScanner.delete(scanner);
  }
  if (byScanner.size === 0) return undefined;
  return [...byScanner.values()].sort((x, y) => compareStrings(x.scanner, y.scanner));
}

function mergeCvss(a: readonly CvssScore[], b: readonly CvssScore[]): CvssScore[] {
  const seen = new Map<string, CvssScore>();
  for (const score of [...a, ...b]) {
    const key = `${score.source}|${score.version ?? ''}|${score.vector ?? ''}|${score.score}`;
    if (!seen.has(key)) seen.set(key, score);
  }
  return [...seen.values()];
}

function mergeFix(a: Finding['fix'], b: Finding['fix']): Finding['fix'] {
  const order: FixState[] = ['fixed', 'wont-fix', 'not-fixed', 'unknown'];
  const state = order.find((s) => a.state === s || b.state === s) ?? 'unknown';
  return { state, versions: uniqueSorted([...a.versions, ...b.versions]) };
}

function longer(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.length > a.length ? b : a;
}

export function uniqueSorted(values: readonly string[]): string[] {
  // Most lists a finding carries hold one value or none.
  if (values.length < 2) return values.length === 1 && values[0] !== '' ? [values[0]!] : [];
  return [...new Set(values.filter((v) => v !== ''))].sort(compareStrings);
}

/** Deterministic order for every report: severity (most severe first), id, package, version, target, path. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareStrings(a.id, b.id) ||
    compareStrings(a.package?.name ?? '', b.package?.name ?? '') ||
    compareStrings(a.package?.version ?? '', b.package?.version ?? '') ||
    compareStrings(a.target, b.target) ||
    compareStrings(a.location?.path ?? a.package?.path ?? '', b.location?.path ?? b.package?.path ?? '') ||
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    compareStrings(a.kind, b.kind)
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}
