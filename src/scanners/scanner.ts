import type { TargetAttestation } from '../core/attestation.js';
import type { FindingKind, SbomFormat, ScanResult } from '../core/finding.js';

/**
 * What is scanned. `display` is what the user typed and what findings and reports name; the rest says how a
 * tool can read it. After `--export`, every scanner reads the same archive, a `docker-archive` by default: the one
 * format Trivy, Grype and Syft all read (image/export-plan.ts). An `oci-archive` is scanned as one only when it is
 * kept (the export format asked for it, or no skopeo was there to convert it); Trivy then reads `ociLayout`.
 */
export interface ScanTarget {
  display: string;
  /** Image name without tag or digest (`ghcr.io/acme/api`), the stable part used in SARIF categories. */
  name: string;
  /**
   * `files`: a Dockerfile or manifest path for config scanners (`path` holds it). `sbom`: an SBOM file (`path`),
   * scanned for vulnerabilities without an image (`scan sbom:<file>`, and Grype on the SBOM Syft wrote).
   */
  kind: 'reference' | 'oci-archive' | 'docker-archive' | 'files' | 'sbom';
  /** For `reference`: `name:tag` or `name@sha256:…`. */
  reference?: string;
  /** For archives and `files`: the file or directory. */
  path?: string;
  /**
   * For `oci-archive`: the OCI layout directory unpacked from it, for Trivy, whose `--input` cannot open an OCI
   * tarball. Set by the pipeline when a Trivy image scanner runs on the archive.
   */
  ociLayout?: string;
  digest?: string;
  /** A specific platform of a multi-platform index (`linux/arm64`). */
  platform?: string;
  /** For a platform of an index: the index's digest (what one signature for every platform covers). */
  indexDigest?: string;
  /** For `sbom`: the SBOM's format, detected from its content. */
  sbomFormat?: SbomFormat;
  /**
   * `rescan`: an image (`reference`) whose SBOM attestation is verified and scanned in its place. `path` is set to the
   * verified SBOM once fetched; `attestation` says what was found.
   */
  attested?: true;
  attestation?: TargetAttestation;
}

/** The one scanner name space; `container-gate` is the embedded checks engine (no external tool). */
export type ScannerName =
  | 'trivy'
  | 'trivy-secret'
  | 'trivy-license'
  | 'trivy-config'
  | 'trivy-sbom'
  | 'grype'
  | 'syft';

/** Every external scanner's name, in the order help texts list them. */
export const SCANNER_NAMES: readonly ScannerName[] = [
  'trivy',
  'trivy-secret',
  'trivy-license',
  'trivy-config',
  'trivy-sbom',
  'grype',
  'syft',
];

export interface ScanOptions {
  /** The executable to run (resolved from PATH or `--trivy-path` etc.). */
  executable: string;
  /** A directory private to this scanner run, created empty by the runner; output files go here. */
  workDir: string;
  /** For config scanners: the files or directories to check (Dockerfile, manifests). */
  configPaths?: string[];
  /** Registry without TLS (the local registry in tests). */
  insecureRegistry?: boolean;
  /** Settings for the tool given by its environment (`SYFT_…`, Grype's database settings), added to the command's own. */
  env?: Record<string, string>;
  /**
   * Trivy's `--cache-dir` for this process: a directory of its own with the run's databases linked in
   * (src/databases/steps.ts). Always on argv, never from the environment.
   */
  cacheDir?: string;
  /** The tool's version as `--version` printed it, for flags whose spelling changed between releases. */
  toolVersion?: string;
}

export interface ScannerInvocation {
  args: string[];
  /** Files the tool is told to write, by role (`json`, `cyclonedx`, `spdx`); parse reads them. */
  outputs: Record<string, string>;
  /** Extra environment for the tool (never secrets on argv). */
  env?: Record<string, string>;
  /**
   * Files of container-gate's own the tool is pointed at instead of any it would find (an empty config, an empty
   * ignore file), by path, with their content; the runner writes them before the run.
   */
  inputs?: Record<string, string>;
  /**
   * The tool's own environment variables (`TRIVY_…`): which of those set in our environment may reach it. Every
   * other one is withheld (and named in a warning), since it could filter, ignore or re-grade findings.
   */
  ownEnv?: ToolEnvironment;
}

export interface ToolEnvironment {
  /** `TRIVY_`, `GRYPE_`, `SYFT_`. */
  prefix: string;
  /** Names that only say where to fetch from and how to connect (DB mirror, cache, credentials, TLS). */
  passes: RegExp;
}

export interface ScannerOutputs {
  stdout: string;
  stderr: string;
  /** Contents of each file named in `ScannerInvocation.outputs`, by role; missing when the tool did not write it. */
  files: Record<string, string | undefined>;
}

export interface ParseContext {
  /** `ScanTarget.display`, stamped on every finding. */
  target: string;
  /**
   * For config scans: the path as the user gave it. The tool runs in a private directory and is handed the
   * absolute path, so a report naming the scanned path (Trivy's ArtifactName) names it in that form.
   */
  givenPath?: string;
}

/** What selection, progress and reports know of a scanner; `Scanner` adds how to run it as one process. */
export interface ScannerInfo {
  readonly name: ScannerName;
  /** The kinds of finding it reports, or `sbom` for a tool that only writes SBOMs. */
  readonly produces: readonly FindingKind[] | 'sbom';
  /** The executable looked up on PATH. */
  readonly executable: string;
  /** One line telling a user how to get the tool. */
  readonly installHint: string;
  /** Which targets it can read (config scanners read files, not images). */
  readonly reads: 'image' | 'config';
  /** The SBOM formats it scans for vulnerabilities as an `sbom` target; absent: it does not read SBOMs. */
  readonly sbomInputs?: readonly SbomFormat[];
  /** The version flag, for the report's scanner list (`--version`). */
  readonly versionArgs: string[];
  /**
   * Turns a failed run's stderr into one actionable line when the cause is known (Trivy's vulnerability DB
   * download failing offline, a registry refusing credentials); undefined leaves the generic message.
   */
  explainFailure?(outputs: ScannerOutputs): string | undefined;
}

/** One process per target: the argv, and how to read what it wrote. */
export interface Scanner extends ScannerInfo {
  /**
   * Pure: the argv (never a shell string) and output files for one run. Every file it names is under
   * `opts.workDir`, and the tool is told to exit 0 whatever it finds: any other exit is a failed run.
   */
  command(target: ScanTarget, opts: ScanOptions): ScannerInvocation;
  /** Pure: the tool's output to findings. Throws `ScannerOutputError` on output it cannot trust. */
  parse(outputs: ScannerOutputs, ctx: ParseContext): ScanResult;
}

/**
 * A scanner that is one slot of Trivy's single pass over an image (`trivy`, `trivy-secret`, `trivy-sbom`): every
 * slot selected shares one `trivy image` process per image (src/scanners/trivy/pass.ts), and each is still reported
 * under its own name.
 */
export interface TrivyPassSlot extends ScannerInfo {
  readonly pass: 'vuln' | 'secret' | 'license' | 'sbom';
}

export type RegisteredScanner = Scanner | TrivyPassSlot;

export function isTrivyPassSlot(scanner: RegisteredScanner): scanner is TrivyPassSlot {
  return 'pass' in scanner;
}
