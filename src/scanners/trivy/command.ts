import { join } from 'node:path';
import type { ScannerInvocation, ScanOptions, ScanTarget } from '../scanner.js';

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
 * Never `--exit-code`: the gate decides from the report, not from Trivy's exit status. `--no-progress`, not
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
  args.push(...trivyImageSource(target));
  return { args, outputs: { json: output } };
}

/**
 * The vulnerability database as a step of its own, once per run before any vulnerability scan
 * (`--download-db-only`: download, then exit without a scan, pkg/commands/artifact/run.go:341-343). The scans then
 * pass `--skip-db-update`, so that parallel Trivy processes never download into one cache at once (the download
 * is extracted in place with only an in-process lock, pkg/oci/artifact.go:222-246; operation.go:22-27).
 */
export function trivyDbCommand(): ScannerInvocation {
  return { args: ['image', '--download-db-only', '--no-progress'], outputs: {} };
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
  return {
    args: [
      'convert',
      '--format',
      TRIVY_SBOM_FORMATS[role],
      '--list-all-pkgs',
      `--output=${output}`,
      '--',
      report,
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
  return {
    args: [
      'sbom',
      '--no-progress',
      '--format',
      'json',
      `--output=${output}`,
      '--scanners=vuln',
      '--skip-db-update',
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
  return {
    args: ['config', '--quiet', '--format', 'json', `--output=${output}`, '--', paths[0]!],
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
