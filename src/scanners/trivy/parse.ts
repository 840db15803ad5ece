import type {
  CvssScore,
  Finding,
  FixState,
  PackageRef,
  ScanResult,
  SourceLocation,
  VendorStatus,
  VendorStatusOpinion,
} from '../../core/finding.js';
import { dedupeFindings, normaliseEcosystem, normalisePath, uniqueSorted } from '../../core/identity.js';
import { normaliseLicenseExpression } from '../../core/license.js';
import { parseSeverity } from '../../core/severity.js';
import type { ParseContext } from '../scanner.js';
import {
  collectLinks,
  ignoredScoresWarning,
  isCvssScore,
  nonEmpty,
  parseToolJson,
  purlType,
} from '../tool-output.js';
import {
  type TrivyLicense,
  type TrivyMisconfiguration,
  type TrivyReport,
  type TrivyResult,
  type TrivySecret,
  type TrivyVulnerability,
  trivyReportSchema,
} from './schema.js';

/**
 * Every Trivy finding says `foundBy: ['trivy']`, whichever slot ran it (`trivy`, `trivy-secret`,
 * `trivy-config`): cross-scanner dedupe and the report's "found by" column are about tools, and one tool does
 * not confirm itself. `scanner` names the slot in error messages only.
 */
export const TRIVY_TOOL = 'trivy';

/** Vulnerabilities, secrets, misconfigurations (Status FAIL) and licenses from one Trivy JSON report. */
export function parseTrivyJson(text: string, ctx: ParseContext, scanner: string): ScanResult {
  const report = parseToolJson(text, scanner, 'JSON report', trivyReportSchema);
  const findings: Finding[] = [];
  const root = scannedRoot(report, ctx);
  for (const result of report.Results ?? []) {
    if (root !== undefined) result.Target = underRoot(root, result.Target);
    for (const vulnerability of result.Vulnerabilities ?? []) {
      findings.push(vulnerabilityFinding(vulnerability, result, ctx));
    }
    for (const secret of result.Secrets ?? []) findings.push(secretFinding(secret, result, ctx));
    for (const misconfiguration of result.Misconfigurations ?? []) {
      // Trivy lists only failures unless --include-non-failures is set (possibly in a user's trivy.yaml); a
      // check without a status is kept, since dropping a real failure is the unsafe direction.
      const status = (misconfiguration.Status ?? 'FAIL').toUpperCase();
      if (status === 'FAIL') findings.push(misconfigurationFinding(misconfiguration, result, ctx));
    }
    // Class `license` (package licenses) and `license-file` (T pkg/types/report.go:73-81): dropping them was a
    // silent pass for a license scan.
    for (const license of result.Licenses ?? []) findings.push(licenseFinding(license, ctx));
  }
  const warnings = [
    ...reportWarnings(report),
    ...ignoredScoresWarning(countInvalidCvss(report), 'CVSS scores', '0–10'),
  ];
  const toolVersion = nonEmpty(report.Trivy?.Version);
  const packageTypes = uniqueSorted(
    (report.Results ?? []).map((r) => nonEmpty(r.Type) ?? '').filter(Boolean),
  );
  return {
    findings: dedupeFindings(findings),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(toolVersion ? { toolVersion } : {}),
    ...(packageTypes.length > 0 ? { packageTypes } : {}),
  };
}

function vulnerabilityFinding(v: TrivyVulnerability, result: TrivyResult, ctx: ParseContext): Finding {
  const severity = parseSeverity(v.Severity);
  const rawSeverity = nonEmpty(v.Severity) ?? 'UNKNOWN';
  const source = nonEmpty(v.SeveritySource);
  const description = nonEmpty(v.Description);
  return {
    kind: 'vulnerability',
    id: v.VulnerabilityID,
    aliases: uniqueSorted((v.VendorIDs ?? []).map((alias) => alias.trim())).filter(
      (alias) => alias !== '' && alias !== v.VulnerabilityID,
    ),
    target: ctx.target,
    package: packageOf(v, result),
    severity,
    severitySource: TRIVY_TOOL,
    severities: [
      { scanner: TRIVY_TOOL, severity, vendorSeverity: source ? `${rawSeverity} (${source})` : rawSeverity },
    ],
    cvss: cvssScores(v.CVSS),
    fix: fixOf(v),
    ...vendorStatusesOf(v),
    title: nonEmpty(v.Title) ?? v.VulnerabilityID,
    ...(description ? { description } : {}),
    links: collectLinks([v.PrimaryURL, ...(v.References ?? [])]),
    foundBy: [TRIVY_TOOL],
  };
}

function packageOf(v: TrivyVulnerability, result: TrivyResult): PackageRef {
  const purl = nonEmpty(v.PkgIdentifier?.PURL);
  const version = nonEmpty(v.InstalledVersion);
  // The purl's type is already the ecosystem name identity uses; the Result's Type (`alpine`, `node-pkg`) is
  // Trivy's own spelling and is only the fallback.
  const type = normaliseEcosystem(purlType(purl) ?? nonEmpty(result.Type));
  const path = normalisePath(v.PkgPath ?? undefined);
  return {
    name: v.PkgName,
    ...(version ? { version } : {}),
    ...(type ? { type } : {}),
    ...(purl ? { purl } : {}),
    ...(path ? { path } : {}),
  };
}

/**
 * One score per scoring source: CVSS v3 when the source has it (what GitHub's security-severity and most
 * policies are written against), else v4.0, else v2 — an old v2-only score is better than none.
 */
function cvssScores(map: TrivyVulnerability['CVSS']): CvssScore[] {
  if (!map) return [];
  const scores: CvssScore[] = [];
  for (const source of Object.keys(map).sort()) {
    const entry = map[source];
    if (!entry) continue;
    const candidates: [number | null | undefined, string | null | undefined, string][] = [
      [entry.V3Score, entry.V3Vector, '3'],
      [entry.V40Score, entry.V40Vector, '4.0'],
      [entry.V2Score, entry.V2Vector, '2.0'],
    ];
    const chosen = candidates.find(([score]) => isCvssScore(score));
    if (!chosen) continue;
    const [score, rawVector, fallbackVersion] = chosen;
    const vector = nonEmpty(rawVector);
    const version = (vector && /^CVSS:(\d+(?:\.\d+)?)\//.exec(vector)?.[1]) || fallbackVersion;
    scores.push({ source, version, ...(vector ? { vector } : {}), score: score as number });
  }
  return scores;
}

/**
 * Trivy's `Status` (trivy-db pkg/types/status.go:14-34), as container-gate's fix state. Trivy writes `fixed` when it
 * has a fixed version and turns `unknown` into `affected` otherwise (T pkg/vulnerability/vulnerability.go:67-74);
 * the rest is the vendor's word. A named fixed version means an upgrade exists, whatever the status says, so it
 * makes the finding fixable; without one, every status but `fixed` is unfixed. `not_affected` is suppressed by the
 * gate through `vendorStatuses`, not here. A Map: a status spelt `constructor` or `__proto__` must not find
 * Object.prototype's members.
 */
const FIX_STATES: ReadonlyMap<string, FixState> = new Map<VendorStatus | 'unknown', FixState>([
  ['fixed', 'fixed'],
  ['affected', 'not-fixed'],
  ['fix_deferred', 'not-fixed'],
  ['will_not_fix', 'wont-fix'],
  ['end_of_life', 'wont-fix'],
  ['under_investigation', 'unknown'],
  ['not_affected', 'unknown'],
  ['unknown', 'unknown'],
]);

/** The statuses that say more than "fixed or not": worth carrying to the report and the gate. */
const VENDOR_STATEMENTS: ReadonlySet<string> = new Set<VendorStatus>([
  'not_affected',
  'will_not_fix',
  'fix_deferred',
  'end_of_life',
  'under_investigation',
]);

function trivyStatus(v: TrivyVulnerability): VendorStatus | 'unknown' | undefined {
  const status = nonEmpty(v.Status)?.toLowerCase();
  if (status === undefined) return undefined;
  return FIX_STATES.has(status) ? (status as VendorStatus | 'unknown') : 'unknown';
}

function fixOf(v: TrivyVulnerability): Finding['fix'] {
  // Several fixed versions (one per release branch) come joined as `1.2.3, 2.0.1`.
  const versions = (v.FixedVersion ?? '')
    .split(',')
    .map((version) => version.trim())
    .filter((version) => version !== '');
  const status = trivyStatus(v);
  // Reports from Trivy versions before `Status` existed only say fixed by naming a version.
  if (versions.length > 0 && status !== 'not_affected') return { state: 'fixed', versions };
  return { state: FIX_STATES.get(status ?? 'unknown') ?? 'unknown', versions };
}

function vendorStatusesOf(v: TrivyVulnerability): { vendorStatuses?: VendorStatusOpinion[] } {
  const status = trivyStatus(v);
  if (status === undefined || !VENDOR_STATEMENTS.has(status)) return {};
  const source = nonEmpty(v.DataSource?.ID) ?? nonEmpty(v.SeveritySource);
  const opinion: VendorStatusOpinion = { scanner: TRIVY_TOOL, status: status as VendorStatus };
  if (source) opinion.source = source;
  return { vendorStatuses: [opinion] };
}

function secretFinding(s: TrivySecret, result: TrivyResult, ctx: ParseContext): Finding {
  const severity = parseSeverity(s.Severity);
  const category = nonEmpty(s.Category);
  // `Match` and `Code` are deliberately not read: Trivy masks the secret in them, but the surrounding lines it
  // quotes are unmasked and can hold other secrets. A gate's report must never republish one.
  return {
    kind: 'secret',
    id: s.RuleID,
    aliases: [],
    target: ctx.target,
    location: locationOf(result.Target, s.StartLine, s.EndLine),
    severity,
    severitySource: TRIVY_TOOL,
    severities: [{ scanner: TRIVY_TOOL, severity, vendorSeverity: nonEmpty(s.Severity) ?? 'UNKNOWN' }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: nonEmpty(s.Title) ?? s.RuleID,
    ...(category ? { description: `${category} secret matched by Trivy rule ${s.RuleID}` } : {}),
    links: [],
    remediation: 'Remove the secret from the image and its build history, then revoke and rotate it',
    foundBy: [TRIVY_TOOL],
  };
}

function misconfigurationFinding(m: TrivyMisconfiguration, result: TrivyResult, ctx: ParseContext): Finding {
  const severity = parseSeverity(m.Severity);
  const { id, aliases } = checkIdentity(m.ID, m.AVDID);
  const description = [nonEmpty(m.Message), nonEmpty(m.Description)].filter(Boolean).join('\n\n');
  const remediation = nonEmpty(m.Resolution);
  return {
    kind: 'misconfiguration',
    id,
    aliases,
    target: ctx.target,
    location: locationOf(result.Target, m.CauseMetadata?.StartLine, m.CauseMetadata?.EndLine),
    severity,
    severitySource: TRIVY_TOOL,
    severities: [{ scanner: TRIVY_TOOL, severity, vendorSeverity: nonEmpty(m.Severity) ?? 'UNKNOWN' }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: nonEmpty(m.Title) ?? id,
    ...(description ? { description } : {}),
    links: collectLinks([m.PrimaryURL, ...(m.References ?? [])]),
    ...(remediation ? { remediation } : {}),
    foundBy: [TRIVY_TOOL],
  };
}

/**
 * One finding per license Trivy detected: the license as an SPDX expression is the id (the text as Trivy wrote it
 * stays an alias), its package or file is what it belongs to, and the severity is Trivy's for its category
 * (forbidden critical, restricted high, reciprocal medium, notice/permissive/unencumbered low, else unknown:
 * T pkg/licensing/scanner.go:99-111).
 */
function licenseFinding(l: TrivyLicense, ctx: ParseContext): Finding {
  const severity = parseSeverity(l.Severity);
  const raw = l.Name.trim();
  const id = normaliseLicenseExpression(raw);
  const category = nonEmpty(l.Category)?.toLowerCase();
  const pkgName = nonEmpty(l.PkgName);
  const filePath = normalisePath(l.FilePath ?? undefined);
  const confidence =
    typeof l.Confidence === 'number' && l.Confidence < 1 ? ` (match confidence ${l.Confidence})` : '';
  return {
    kind: 'license',
    id,
    aliases: raw !== id ? [raw] : [],
    target: ctx.target,
    ...(pkgName ? { package: { name: pkgName } } : {}),
    ...(filePath && !pkgName ? { location: { path: filePath } } : {}),
    severity,
    severitySource: TRIVY_TOOL,
    severities: [{ scanner: TRIVY_TOOL, severity, vendorSeverity: nonEmpty(l.Severity) ?? 'UNKNOWN' }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: category ? `${id} (${category} license)` : `${id} license`,
    description: `Trivy classifies ${id} as ${category ?? 'unknown'}${confidence}`,
    links: collectLinks([l.Link]),
    foundBy: [TRIVY_TOOL],
  };
}

const CHECK_ID = /^(?:AVD-)?([A-Z]+)-?(\d+)$/i;

/**
 * Trivy has spelled one check `DS002`, `AVD-DS-0002` and (since the trivy-checks renumbering) `DS-0002`. The
 * id is normalised to the current `DS-0002` form so exceptions and SARIF fingerprints survive a Trivy upgrade;
 * the other spellings go to `aliases`, so an exception written with any of them still matches.
 */
export function checkIdentity(rawId: string, avdId?: string | null): { id: string; aliases: string[] } {
  const match = CHECK_ID.exec(rawId.trim());
  if (!match) return { id: rawId, aliases: uniqueSorted([avdId ?? '']).filter((alias) => alias !== rawId) };
  const prefix = match[1]!.toUpperCase();
  const number = match[2]!.replace(/^0+(?=\d)/, '');
  const id = `${prefix}-${number.padStart(4, '0')}`;
  const spellings = [rawId, avdId ?? '', `${prefix}${number.padStart(3, '0')}`, `AVD-${id}`];
  return { id, aliases: uniqueSorted(spellings).filter((alias) => alias !== id) };
}

function locationOf(
  target: string,
  startLine: number | null | undefined,
  endLine: number | null | undefined,
): SourceLocation {
  return {
    path: normalisePath(target) ?? target,
    ...(startLine ? { startLine } : {}),
    ...(endLine ? { endLine } : {}),
  };
}

/**
 * In `trivy config` and `trivy fs` reports each Target is relative to the scanned path (ArtifactName): findings
 * must name the file as the user's repository does (`k8s/deploy.yaml`, not `deploy.yaml`). Trivy is handed the
 * absolute path (it runs in a private directory), so the path as the user gave it wins when known. Image reports
 * keep in-image paths.
 */
function scannedRoot(report: TrivyReport, ctx: ParseContext): string | undefined {
  const type = report.ArtifactType;
  if (type !== 'repository' && type !== 'filesystem') return undefined;
  return ctx.givenPath ?? nonEmpty(report.ArtifactName);
}

function underRoot(root: string, target: string): string {
  const base = root.replace(/\/+$/, '');
  if (base === '.' || base === '' || target.startsWith('/') || target.startsWith(`${base}/`)) return target;
  // A single scanned file: Trivy's Target is its base name.
  if (base === target || base.endsWith(`/${target}`)) return base;
  return `${base}/${target}`;
}

function countInvalidCvss(report: TrivyReport): number {
  let count = 0;
  for (const result of report.Results ?? [])
    for (const v of result.Vulnerabilities ?? [])
      for (const entry of Object.values(v.CVSS ?? {}))
        for (const score of [entry.V2Score, entry.V3Score, entry.V40Score])
          if (typeof score === 'number' && !isCvssScore(score)) count++;
  return count;
}

function reportWarnings(report: TrivyReport): string[] {
  const os = report.Metadata?.OS;
  if (!os?.EOSL) return [];
  const name = [nonEmpty(os.Family), nonEmpty(os.Name)].filter(Boolean).join(' ') || 'the base OS';
  return [
    `${name} has reached end of support; its distribution publishes no more fixes, so vulnerability results for ` +
      'its packages are incomplete — move to a supported base image',
  ];
}
