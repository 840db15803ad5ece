import type { Severity } from './severity.js';

/**
 * The one findings model. Every scanner's output is normalised into `Finding`s; reports, the gate and
 * merging only ever see this shape.
 */
export type FindingKind = 'vulnerability' | 'secret' | 'misconfiguration' | 'hardening' | 'license';
export const FINDING_KINDS: readonly FindingKind[] = [
  'vulnerability',
  'secret',
  'misconfiguration',
  'hardening',
  'license',
];

export interface PackageRef {
  name: string;
  version?: string;
  /** Ecosystem as a purl type where one is known: apk, deb, rpm, npm, pypi, maven, golang, gem, cargo, nuget… */
  type?: string;
  purl?: string;
  /** Path of the package's manifest or file inside the image, without a leading slash. */
  path?: string;
}

export interface CvssScore {
  /** Who scored it: nvd, ghsa, redhat, a distro… */
  source: string;
  version?: string;
  vector?: string;
  score: number;
}

/** What one scanner said the severity is, and on what ground. */
export interface SeverityOpinion {
  scanner: string;
  severity: Severity;
  /** The scanner's own spelling and data source, e.g. `HIGH (nvd)`. */
  vendorSeverity?: string;
}

export type FixState = 'fixed' | 'not-fixed' | 'wont-fix' | 'unknown';

/**
 * A vendor's word on a vulnerability in its package, in Trivy's vocabulary (trivy-db pkg/types/status.go): the
 * distribution's security tracker says the package is `not_affected`, or affected with no fix yet (`affected`),
 * `fix_deferred`, `will_not_fix`, `end_of_life` (no longer analysed), `under_investigation`; or `fixed`.
 * Grype's `fix.state` maps onto it (`not-fixed` → affected, `wont-fix` → will_not_fix).
 */
export type VendorStatus =
  | 'not_affected'
  | 'affected'
  | 'fixed'
  | 'under_investigation'
  | 'will_not_fix'
  | 'fix_deferred'
  | 'end_of_life';
export const VENDOR_STATUSES: readonly VendorStatus[] = [
  'not_affected',
  'affected',
  'fixed',
  'under_investigation',
  'will_not_fix',
  'fix_deferred',
  'end_of_life',
];

/** What one scanner relayed of the vendor's status, and from which data source (`debian`, `redhat`…). */
export interface VendorStatusOpinion {
  scanner: string;
  status: VendorStatus;
  source?: string;
}

export interface SourceLocation {
  /** Repository-relative or in-image path, without a leading slash. */
  path: string;
  startLine?: number;
  endLine?: number;
}

export interface Finding {
  kind: FindingKind;
  /**
   * CVE / GHSA / distro advisory id, secret rule id, or check id. For a license, the license as an SPDX
   * expression (`GPL-2.0-only`, `MIT OR Apache-2.0`), or the scanner's text when it is not one.
   */
  id: string;
  /** Other ids for the same issue (GHSA ↔ CVE). Never includes `id`. */
  aliases: string[];
  /**
   * What the finding belongs to, as the user named it: the image, or for Dockerfiles and manifests the path given
   * (`k8s/` for every manifest under it; the file itself is in `location`).
   */
  target: string;
  package?: PackageRef;
  location?: SourceLocation;
  /** The severity the gate uses; see `severityRule` in identity.ts for how disagreements are settled. */
  severity: Severity;
  /** Which scanner's opinion `severity` came from. */
  severitySource: string;
  /** Every scanner's opinion, one per scanner, in scanner-name order. */
  severities: SeverityOpinion[];
  cvss: CvssScore[];
  fix: { state: FixState; versions: string[] };
  /**
   * The vendor's status as each scanner relayed it, one per scanner, sorted by scanner; absent when no scanner gave
   * one. `not_affected` from every scanner that found the issue suppresses it (see the gate).
   */
  vendorStatuses?: VendorStatusOpinion[];
  title: string;
  description?: string;
  links: string[];
  /** FIRST EPSS probability (0..1) and percentile, when a scanner supplies it (Grype does). */
  epss?: { score: number; percentile: number };
  /** On CISA's Known Exploited Vulnerabilities list, when a scanner says so. */
  knownExploited?: boolean;
  /** For misconfigurations and hardening: what to change. */
  remediation?: string;
  /** Names of the scanners that reported it, sorted. */
  foundBy: string[];
}

/**
 * The fields of `Finding` in the model's order: the JSON report writes them in this order, and findings are built in
 * it (an object already in order is written without a copy).
 */
export const FINDING_FIELDS = [
  'kind',
  'id',
  'aliases',
  'target',
  'package',
  'location',
  'severity',
  'severitySource',
  'severities',
  'cvss',
  'fix',
  'vendorStatuses',
  'title',
  'description',
  'links',
  'epss',
  'knownExploited',
  'remediation',
  'foundBy',
] as const satisfies readonly (keyof Finding)[];

// A field added to `Finding` but not to the list above fails to compile here.
type UnlistedField = Exclude<keyof Finding, (typeof FINDING_FIELDS)[number]>;
const _everyFieldListed: [UnlistedField] extends [never] ? true : UnlistedField = true;
void _everyFieldListed;

/** What one scanner hands back after parsing its output. */
export interface ScanResult {
  findings: Finding[];
  /** An SBOM document the scanner produced, verbatim (Syft, or Trivy's CycloneDX). */
  sboms?: SbomDocument[];
  /** Things the user should know that are not findings (e.g. "vulnerability DB unavailable"). */
  warnings?: string[];
  /** Tool version as the tool reports it, when the output says. */
  toolVersion?: string;
}

export type SbomFormat = 'cyclonedx-json' | 'spdx-json' | 'syft-json';

export interface SbomDocument {
  format: SbomFormat;
  /** The document as the tool wrote it (JSON text). */
  content: string;
}
