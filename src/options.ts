import { cpus } from 'node:os';
import type { FindingKind, SbomFormat } from './core/finding.js';
import type { KindThreshold, UnknownSeverityPolicy } from './core/policy.js';
import type { Report, ScannerRun } from './core/report.js';
import type { Severity } from './core/severity.js';
import type { Clock } from './databases/attempts.js';
import { type DatabaseSettings, defaultDatabaseSettings } from './databases/settings.js';
import type { DatabaseCacheHooks } from './databases/steps.js';
import type { ScannerName } from './scanners/scanner.js';
import type { Matcher } from './sign/verify-policy.js';
import type { ToolCache } from './tools/cache.js';

/**
 * The one options object. The CLI (yargs) and the Action (@actions/core inputs) each turn their inputs into
 * this and call `runScan` in pipeline.ts; nothing else differs between them.
 */
export interface RunOptions {
  /** Image arguments as the user wrote them (`name:tag`, `name@sha256:…`, `oci-archive:…`, `docker-archive:…`). */
  images: string[];
  platform?: string;
  /** External scanners to run; the embedded checks run whenever `checks` is true. */
  scanners: ScannerName[];
  checks: boolean;
  /** Dockerfile (repo-relative): checked, and used to place image findings on lines in SARIF. */
  dockerfile?: string;
  /** Kubernetes manifest files or directories to check. */
  manifests: string[];
  build?: BuildRequest;
  /** Export the image once and hand every scanner the same archive (`auto`: when a tool for it is at hand). */
  export: 'auto' | 'always' | 'never';
  policy: PolicyOptions;
  outputs: OutputOptions;
  /** Per scanner run. */
  timeoutMs: number;
  /** Scanner runs at once. */
  concurrency: number;
  toolPaths: Partial<Record<ToolName, string>>;
  installMissing: boolean;
  /** Registry over plain HTTP / without TLS verification (a local registry). */
  insecureRegistry: boolean;
  /** Where exports and raw scanner outputs go; a fresh temporary directory when absent. */
  workDir?: string;
  /** Keep the raw scanner outputs in workDir after the run (for debugging). */
  keepWorkDir: boolean;
  /** The scanners' databases: one cache, mirrors, retries, the age bound, --offline (src/databases/). */
  databases: DatabaseSettings;
  /**
   * `rescan`: `images` are deployed images (`name@sha256:…`); each one's SBOM attestation is verified with this
   * policy and its SBOM scanned instead of the image (src/image/rescan.ts). Nothing is pulled.
   */
  rescan?: AttestationPolicy;
}

/** Who must have signed an attestation, and against which trust root (the policy of `verify`). */
export interface AttestationPolicy {
  /** A PEM public key file or env://VAR; keyless (identity and issuer) otherwise. */
  key?: string;
  identity?: Matcher;
  issuer?: Matcher;
  /** trusted_root.json; the public-good root from Sigstore's TUF repository when absent. */
  trustedRoot?: string;
  tufMirrorURL?: string;
  tufRootPath?: string;
  /** With a key: accept a bundle without a transparency log entry. */
  ignoreTlog?: boolean;
  /** Resolve `name:tag` to the digest the registry serves now; otherwise a digest is required. */
  resolveDigest?: boolean;
}

export type ToolName = 'trivy' | 'grype' | 'syft' | 'cosign' | 'skopeo' | 'buildah' | 'podman' | 'docker';

export interface BuildRequest {
  context: string;
  dockerfile: string;
  /** The tag to give the built image. */
  tag: string;
  builder: 'auto' | 'buildx' | 'podman' | 'buildah';
  /** OCI labels for provenance (`org.opencontainers.image.source`, `.revision`, `.created`). */
  labels: Record<string, string>;
  buildArgs: Record<string, string>;
}

export interface PolicyOptions {
  threshold: Severity;
  /** Per-kind thresholds (`off`: the threshold rule does not gate that kind). */
  thresholds: Partial<Record<FindingKind, KindThreshold>>;
  ignoreUnfixed: boolean;
  unknownSeverity: UnknownSeverityPolicy;
  kev: 'fail' | 'ignore';
  /** CISA's KEV JSON feed, for vulnerabilities no scanner marked known-exploited. */
  kevCatalog?: string;
  /** Fail vulnerabilities at or above this EPSS probability; off when absent. */
  epss?: number;
  licenseAllow: string[];
  licenseDeny: string[];
  /** A previous JSON report: only findings absent from it fail (new-only). */
  baseline?: string;
  exceptionsFile?: string;
  /** Exceptions written in the config file itself, with where they were written (for messages). */
  inlineExceptions?: { entries: unknown[]; origin: string };
  vexFiles: string[];
}

export function defaultPolicyOptions(): PolicyOptions {
  return {
    threshold: 'high',
    thresholds: {},
    ignoreUnfixed: false,
    unknownSeverity: 'warn',
    kev: 'fail',
    licenseAllow: [],
    licenseDeny: [],
    vexFiles: [],
  };
}

export interface OutputOptions {
  json?: string;
  sarif?: string;
  summary?: string;
  /** Summary size cap in characters (a PR comment takes at most 65,536). */
  summaryMaxChars?: number;
  sbomDir?: string;
  sbomFormats: SbomFormat[];
  /** Print the findings table to stdout. */
  table: boolean;
}

export interface RunOutcome {
  report: Report;
  /** 0 gate passed, 1 gate failed, 2 a scanner or the run failed, 3 bad input (a file the checks cannot read). */
  exitCode: 0 | 1 | 2 | 3;
  files: { json?: string; sarif: string[]; summary?: string; sboms: string[] };
  warnings: string[];
}

/**
 * The longest `--timeout` accepted: a week. Node's timers hold at most 2^31-1 ms (24.8 days); a longer delay fires
 * at once (a TimeoutOverflowWarning), which killed every scanner the moment it started (issue 14 item 8).
 */
export const MAX_TIMEOUT_SECONDS = 7 * 24 * 60 * 60;

export const DEFAULT_SCANNERS: ScannerName[] = ['trivy', 'trivy-secret', 'grype', 'syft'];

/**
 * At least the four runs one image takes (trivy, trivy-secret, grype, syft): scanners spend much of their time on
 * I/O (registry, DB, disk), so on a 2-core runner holding the fourth back costs more than sharing the cores
 * (bench/RESULTS.md: wall/slowest 1.49 with 2 slots, 1.13 with 3).
 */
export function defaultConcurrency(): number {
  return Math.max(4, cpus().length);
}

export function defaultOptions(): RunOptions {
  return {
    images: [],
    scanners: [...DEFAULT_SCANNERS],
    checks: true,
    manifests: [],
    export: 'auto',
    policy: defaultPolicyOptions(),
    outputs: { sbomFormats: ['cyclonedx-json', 'spdx-json'], table: true },
    timeoutMs: 10 * 60 * 1000,
    concurrency: defaultConcurrency(),
    toolPaths: {},
    installMissing: false,
    insecureRegistry: false,
    keepWorkDir: false,
    databases: defaultDatabaseSettings(),
  };
}

export interface ProgressSink {
  start(id: string, label: string): void;
  finish(id: string, run: ScannerRun): void;
  /** `info`: what the run is doing; `warning`: also returned in `RunOutcome.warnings` (a shell may show those apart). */
  note(line: string, level: 'info' | 'warning'): void;
}

export interface RunHooks {
  /** Aborted with reason `'SIGINT'`, `'SIGTERM'` or `'SIGHUP'` when the user stops the run. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  /** Today as YYYY-MM-DD for exception expiry; injectable so tests do not depend on the calendar. */
  today?: string;
  /** Where `--install-missing` keeps downloaded scanners (the Action passes the runner's tool cache). */
  toolCache?: ToolCache;
  /** Time for database ages and retry waits; injectable so tests control both. */
  clock?: Clock;
  /** The Action's @actions/cache copy of the database cache (restore before a step, save after a download). */
  databaseCache?: DatabaseCacheHooks;
}
