import { join, resolve } from 'node:path';
import type { ScannerInvocation, ScanOptions, ScanTarget, ToolEnvironment } from '../scanner.js';

/**
 * `TRIVY_` variables that only say where to fetch from and how to connect; every other one (TRIVY_IGNOREFILE,
 * TRIVY_SEVERITY, TRIVY_SKIP_FILES, TRIVY_CONFIG…) is withheld. Trivy binds each flag to `TRIVY_<FLAG>`
 * (aquasecurity/trivy v0.74.0 pkg/flag/options.go `BindEnv`).
 */
const TRIVY_ENV: ToolEnvironment = {
  prefix: 'TRIVY_',
  passes:
    /^TRIVY_(CACHE_DIR|CACHE_BACKEND|CACHE_TTL|REDIS_[A-Z_]+|DB_REPOSITORY|JAVA_DB_REPOSITORY|CHECKS_BUNDLE_REPOSITORY|SKIP_DB_UPDATE|SKIP_JAVA_DB_UPDATE|SKIP_CHECK_UPDATE|SKIP_VERSION_CHECK|DISABLE_TELEMETRY|OFFLINE_SCAN|NO_PROGRESS|DEBUG|TIMEOUT|PARALLEL|USERNAME|PASSWORD|REGISTRY_TOKEN|INSECURE|CACERT|IMAGE_SRC|DOCKER_HOST|PODMAN_HOST)$/,
};

/**
 * What makes a Trivy process read nothing of the repository's or the user's (issue 14), read at v0.74.0:
 * - `--config` of ours: without it Trivy reads `trivy.yaml` from its working directory or TRIVY_CONFIG (which can
 *   also name another vulnerability database); a named file must exist (pkg/commands/app.go `initConfig`), so it is
 *   an empty file of ours. Every command takes it (a global flag).
 * - `--ignorefile` of ours: the default `.trivyignore` suppresses by id, `trivy convert` included (it re-applies the
 *   report flags, pkg/commands/convert/run.go); a named file must exist (pkg/flag/report_flags.go), an empty one
 *   ignores nothing (pkg/result/ignore.go `ParseIgnoreFile`).
 * - `--exit-code 0`: Trivy exits non-zero on findings only when asked (pkg/commands/operation/operation.go `Exit`)
 *   and 1 on any fatal error (cmd/trivy/main.go), so with this every non-zero exit is a failure. With
 *   `--exit-on-eol 0` for every command that has it (`trivy config` has not: pkg/commands/app.go NewConfigCommand).
 * - for `trivy image`, `--secret-config` of ours holding `{}`: the default `trivy-secret.yaml` can disable rules;
 *   an empty mapping is the built-in rules (pkg/fanal/secret/scanner.go `NewScanner`), while an empty file fails to
 *   decode (`ParseConfig`).
 */
export function trivyIsolation(workDir: string, command: 'image' | 'convert' | 'sbom' | 'config') {
  const config = join(workDir, 'container-gate.trivy.yaml');
  const ignore = join(workDir, 'container-gate.trivyignore');
  const args = ['--config', config, '--ignorefile', ignore, '--exit-code', '0'];
  const inputs: Record<string, string> = {
    [config]: '# container-gate: Trivy reads this file and no trivy.yaml\n',
    [ignore]: '',
  };
  if (command !== 'config') args.push('--exit-on-eol', '0');
  if (command === 'image') {
    const secretConfig = join(workDir, 'container-gate.trivy-secret.yaml');
    args.push('--secret-config', secretConfig);
    inputs[secretConfig] = '{}\n';
  }
  return { args, inputs, ownEnv: TRIVY_ENV } satisfies Partial<ScannerInvocation>;
}

/**
 * What one `trivy image` pass looks for (`--scanners`, aquasecurity/trivy v0.74.0 pkg/flag/scan_flags.go:37-49).
 * Every Trivy-backed scanner the user selected shares one pass per image: the image is read once.
 */
export type TrivyScanKind = 'vuln' | 'secret' | 'license';

export interface TrivyImagePlan {
  /** May be empty: with `--list-all-pkgs` the pass still lists packages, which is all the SBOM needs. */
  scanners: readonly TrivyScanKind[];
}

/** The report one `trivy image` pass writes; `trivy convert` reads it for the SBOMs. */
export const TRIVY_REPORT_FILE = 'trivy-image.json';

/**
 * `trivy image`, one pass for every selected Trivy scanner, its JSON report to a file in the run's private
 * directory:
 * - `--scanners` joined (an empty value is an empty list: pflag v1.0.10 string_slice.go readAsCSV, and Trivy checks
 *   only that each listed value is allowed, pkg/flag/options.go:124-126,213-226);
 * - `--list-all-pkgs`, so that the report lists every package (it enables Trivy's SBOM scanner,
 *   pkg/flag/options.go:493-502) and `trivy convert` can turn it into CycloneDX and SPDX;
 * - `--skip-db-update`: the database was fetched by its own step first (`trivyDbCommand`), so that a database that
 *   cannot be had costs only the `vuln` slot, which is then left out of `--scanners`.
 * The gate decides from the report, never from Trivy's exit status (see `trivyIsolation`). `--no-progress`, not
 * `--quiet`: under `--quiet` some Trivy builds exit 1 without a word when the vulnerability DB cannot be downloaded
 * (seen with the build in tools/e2e-deps), and the log lines are what `explainTrivyFailure` reads.
 */
export function trivyImageCommand(
  target: ScanTarget,
  opts: ScanOptions,
  plan: TrivyImagePlan,
): ScannerInvocation {
  const output = join(opts.workDir, TRIVY_REPORT_FILE);
  const args = [
    'image',
    '--no-progress',
    '--format',
    'json',
    `--output=${output}`,
    '--list-all-pkgs',
    `--scanners=${plan.scanners.join(',')}`,
  ];
  if (plan.scanners.includes('vuln')) args.push('--skip-db-update');
  if (target.platform) args.push(`--platform=${target.platform}`);
  if (opts.insecureRegistry) args.push('--insecure');
  const isolation = trivyIsolation(opts.workDir, 'image');
  args.push(...isolation.args, ...trivyImageSource(target));
  return { ...isolation, args, outputs: { json: output } };
}

/**
 * The vulnerability database as a step of its own, once per run before any vulnerability scan
 * (`--download-db-only`: download, then exit without a scan, pkg/commands/artifact/run.go:341-343). The scans then
 * pass `--skip-db-update`, so that parallel Trivy processes never download into one cache at once (the download
 * is extracted in place with only an in-process lock, pkg/oci/artifact.go:222-246; operation.go:22-27).
 */
export function trivyDbCommand(opts: ScanOptions): ScannerInvocation {
  // Isolated like a scan: a repository's trivy.yaml could otherwise name another database to download.
  const isolation = trivyIsolation(opts.workDir, 'image');
  return {
    ...isolation,
    args: ['image', '--download-db-only', '--no-progress', ...isolation.args],
    outputs: {},
  };
}

/** The SBOM formats `trivy convert` writes from a pass's JSON report, by output role. */
export const TRIVY_SBOM_FORMATS = { cyclonedx: 'cyclonedx', spdx: 'spdx-json' } as const;
export type TrivySbomRole = keyof typeof TRIVY_SBOM_FORMATS;

/**
 * `trivy convert` of a pass's JSON report to one SBOM format: no second scan of the image. Convert re-applies the
 * report flags (pkg/commands/convert/run.go:43-46); `--list-all-pkgs` is explicit because it defaulted to false
 * before v0.67.0 (pkg/flag/report_flags.go:61-67), and without it packages without vulnerabilities are dropped.
 */
export function trivyConvertCommand(
  report: string,
  opts: ScanOptions,
  role: TrivySbomRole,
): ScannerInvocation {
  const output = join(opts.workDir, role === 'cyclonedx' ? 'trivy.cdx.json' : 'trivy.spdx.json');
  const isolation = trivyIsolation(opts.workDir, 'convert');
  return {
    ...isolation,
    args: [
      'convert',
      '--format',
      TRIVY_SBOM_FORMATS[role],
      '--list-all-pkgs',
      `--output=${output}`,
      ...isolation.args,
      '--',
      // Absolute: the process starts in a directory of its own.
      resolve(report),
    ],
    outputs: { [role]: output },
  };
}

/**
 * `trivy sbom` of an SBOM file (CycloneDX or SPDX JSON; aquasecurity/trivy v0.74.0 pkg/sbom/sbom.go DetectFormat),
 * vulnerabilities only, with the database fetched beforehand like an image pass.
 */
export function trivySbomFileCommand(target: ScanTarget, opts: ScanOptions): ScannerInvocation {
  if (target.kind !== 'sbom' || !target.path)
    throw new Error(`trivy sbom needs an SBOM file (${target.display})`);
  const output = join(opts.workDir, 'trivy-sbom-vuln.json');
  const isolation = trivyIsolation(opts.workDir, 'sbom');
  return {
    ...isolation,
    args: [
      'sbom',
      '--no-progress',
      '--format',
      'json',
      `--output=${output}`,
      '--scanners=vuln',
      '--skip-db-update',
      ...isolation.args,
      '--',
      target.path,
    ],
    outputs: { json: output },
  };
}

/** `trivy config` of one file or directory (the pipeline calls once per path). */
export function trivyConfigCommand(opts: ScanOptions): ScannerInvocation {
  const paths = opts.configPaths ?? [];
  if (paths.length !== 1) {
    throw new Error(`trivy-config takes exactly one file or directory per run, got ${paths.length}`);
  }
  const output = join(opts.workDir, 'trivy-config.json');
  const isolation = trivyIsolation(opts.workDir, 'config');
  return {
    ...isolation,
    args: ['config', '--quiet', '--format', 'json', `--output=${output}`, ...isolation.args, '--', paths[0]!],
    outputs: { json: output },
  };
}

/**
 * What `trivy image` reads. `--input` opens a docker-archive tarball or an OCI layout *directory*, never an OCI
 * tarball (aquasecurity/trivy v0.74.0 pkg/fanal/image/archive.go:21-40 tries tarball.Image, then oci.go:12-33
 * `layout.FromPath`), so an oci-archive is handed over as the layout the pipeline unpacked from it (`ociLayout`).
 * A reference is read from its registry only (`--image-src remote`, pkg/flag/image_flags.go:58 and
 * pkg/fanal/types/image.go:20), as Grype and Syft read it with `--from registry`: all three see the one image
 * whose digest was recorded, never a same-named image in a local daemon. It goes after `--` so that no value can
 * be read as a flag; the `=` form keeps a path that starts with `-` a value.
 */
export function trivyImageSource(target: ScanTarget): string[] {
  if (target.kind === 'reference') return ['--image-src', 'remote', '--', target.reference ?? target.display];
  if (target.kind === 'files' || target.kind === 'sbom')
    throw new Error(`trivy image cannot scan ${target.kind} (${target.display})`);
  if (!target.path) throw new Error(`${target.kind} target ${target.display} has no archive path`);
  if (target.kind === 'oci-archive') {
    if (!target.ociLayout)
      throw new Error(`trivy cannot open the OCI tarball of ${target.display}: unpack it to a layout first`);
    return [`--input=${target.ociLayout}`];
  }
  return [`--input=${target.path}`];
}
