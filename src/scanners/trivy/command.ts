import { join } from 'node:path';
import type { ScannerInvocation, ScanOptions, ScanTarget } from '../scanner.js';

/** What one `trivy image` run looks for; each is its own run so a DB outage only costs the `vuln` slot. */
export type TrivyImageMode = 'vuln' | 'secret' | 'sbom';

/**
 * `trivy image` with the report written to a file in the run's private directory. Never `--exit-code`: the gate
 * decides from the report, not from Trivy's exit status. `--no-progress`, not `--quiet`: under `--quiet` some
 * Trivy builds exit 1 without a word when the vulnerability DB cannot be downloaded (seen with the build in
 * tools/e2e-deps), and the log lines are what `explainTrivyFailure` reads. (`trivy config` keeps `--quiet`: it does
 * not accept `--no-progress`.)
 */
export function trivyImageCommand(
  target: ScanTarget,
  opts: ScanOptions,
  mode: TrivyImageMode,
): ScannerInvocation {
  const isSbom = mode === 'sbom';
  const role = isSbom ? 'cyclonedx' : 'json';
  const output = join(opts.workDir, isSbom ? 'trivy-sbom.cdx.json' : `trivy-${mode}.json`);
  const args = ['image', '--no-progress', '--format', isSbom ? 'cyclonedx' : 'json', `--output=${output}`];
  // The CycloneDX format scans for nothing unless asked, which keeps the SBOM slot working offline.
  if (!isSbom) args.push('--scanners', mode);
  if (target.platform) args.push(`--platform=${target.platform}`);
  if (opts.insecureRegistry) args.push('--insecure');
  args.push(...trivyImageSource(target));
  return { args, outputs: { [role]: output } };
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
  if (target.kind === 'files')
    throw new Error(`trivy image cannot scan files (${target.display}); use trivy-config`);
  if (!target.path) throw new Error(`${target.kind} target ${target.display} has no archive path`);
  if (target.kind === 'oci-archive') {
    if (!target.ociLayout)
      throw new Error(`trivy cannot open the OCI tarball of ${target.display}: unpack it to a layout first`);
    return [`--input=${target.ociLayout}`];
  }
  return [`--input=${target.path}`];
}
