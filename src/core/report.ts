import { plural } from '../util/format.js';
import type { TargetAttestation } from './attestation.js';
import type { Finding, SbomFormat } from './finding.js';
import type { FindingGate, GateVerdict } from './gate.js';

/** The `tool.name` of every report container-gate writes (not the checks' scanner name, CHECKS_SCANNER). */
export const REPORT_TOOL_NAME = 'container-gate';

/**
 * The JSON report (`--json`), version 2: a public contract documented in docs/report-format.md. `merge` and
 * `report --from` read it back (version 1 too), the Action's outputs come from it. Add fields; never rename or
 * remove one. Version 2 added the `license` kind and gate decisions that a version 1 reader refuses (its enums are
 * closed), with the fields that explain the verdict.
 */
export const REPORT_VERSION = 2;
/** Every report version this release reads. */
export const READABLE_REPORT_VERSIONS = [1, 2] as const;

export interface ReportTarget {
  /** As the user named it. */
  display: string;
  /** Image name without tag or digest. */
  name: string;
  kind: 'reference' | 'oci-archive' | 'docker-archive' | 'files' | 'sbom';
  digest?: string;
  platform?: string;
  /** For a platform of a multi-platform image: the digest of its index. */
  indexDigest?: string;
  /** `rescan`: the SBOM attestation the image was re-scanned from, or why it was not. */
  attestation?: TargetAttestation;
}

export type ScannerStatus = 'ok' | 'failed' | 'timeout' | 'skipped';

/** The databases container-gate fetches and caches for the scanners (src/databases/). */
export type DatabaseName = 'trivy-db' | 'trivy-java-db' | 'trivy-checks' | 'grype-db';

/**
 * The database a scanner run read, so that a verdict can be reproduced and audited: which one, how old, where it came
 * from, and whether this run downloaded it. Times are RFC 3339, as the tool recorded them.
 */
export interface ScannerDatabase {
  name: DatabaseName;
  tool: 'trivy' | 'grype';
  /** The database schema (Trivy's `Version`, Grype's `schemaVersion`); absent for Trivy's embedded checks. */
  schemaVersion?: string;
  /** When the database was built (Trivy `UpdatedAt`, Grype `built`; for the checks bundle, absent). */
  builtAt?: string;
  /** When it was downloaded into the cache. */
  downloadedAt?: string;
  /** The repository or listing URL it came from, or `embedded` for the checks compiled into Trivy. */
  source?: string;
  /** True when this run did not download it (the cached copy was fresh enough, or downloads failed, or --offline). */
  fromCache: boolean;
  /** One line when the run used less than a fresh download: every download failed and the cache was used, etc. */
  warning?: string;
}

export interface ScannerRun {
  name: string;
  target: string;
  version?: string;
  status: ScannerStatus;
  durationMs: number;
  findings: number;
  /** For SBOM tools (syft, trivy-sbom): how many packages the SBOM lists. */
  packages?: number;
  /** One line, for `failed`/`timeout`/`skipped`. */
  error?: string;
  warnings?: string[];
  /** The vulnerability database (trivy, grype) or the checks bundle (trivy-config) the run read. */
  database?: ScannerDatabase;
  /** For `trivy`: the Java archive index, when the image holds Java archives it was read for. */
  javaDatabase?: ScannerDatabase;
}

export interface ReportFinding extends Finding {
  gate: FindingGate;
}

export interface ReportSbom {
  target: string;
  format: SbomFormat;
  /** Where it was written, relative to the working directory when possible. */
  path: string;
  /** Which tool produced it. */
  producer: string;
}

export interface Report {
  version: typeof REPORT_VERSION;
  tool: { name: typeof REPORT_TOOL_NAME; version: string };
  targets: ReportTarget[];
  findings: ReportFinding[];
  gate: GateVerdict;
  scanners: ScannerRun[];
  sboms: ReportSbom[];
}

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  negligible: number;
  unknown: number;
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** How the terminal and the summary describe an SBOM run's size: `SBOM of 1 package`, `SBOM of 42 packages`. */
export function describeSbomSize(packages: number): string {
  return `SBOM of ${packages} package${plural(packages)}`;
}
