import { join } from 'node:path';
import type { ScannerInvocation, ScanOptions, ScanTarget, ToolEnvironment } from '../scanner.js';

/** What one `trivy image` run looks for; each is its own run so a DB outage only costs the `vuln` slot. */
export type TrivyImageMode = 'vuln' | 'secret' | 'sbom';

/**
 * `TRIVY_` variables that only say where to fetch from and how to connect; every other one (TRIVY_IGNOREFILE,
 * TRIVY_SEVERITY, TRIVY_SKIP_FILES, TRIVY_CONFIG…) is withheld. Trivy binds each flag to `TRIVY_<FLAG>`
 * (pkg/flag/options.go `BindEnv`, v0.74.0).
 */
const TRIVY_ENV: ToolEnvironment = {
  prefix: 'TRIVY_',
  passes:
    /^TRIVY_(CACHE_DIR|CACHE_BACKEND|CACHE_TTL|REDIS_[A-Z_]+|DB_REPOSITORY|JAVA_DB_REPOSITORY|CHECKS_BUNDLE_REPOSITORY|SKIP_DB_UPDATE|SKIP_JAVA_DB_UPDATE|SKIP_CHECK_UPDATE|SKIP_VERSION_CHECK|DISABLE_TELEMETRY|OFFLINE_SCAN|NO_PROGRESS|DEBUG|TIMEOUT|PARALLEL|USERNAME|PASSWORD|REGISTRY_TOKEN|INSECURE|CACERT|IMAGE_SRC|DOCKER_HOST|PODMAN_HOST)$/,
};

/**
 * What makes Trivy read nothing of the repository's or the user's (issue 14), read at v0.74.0:
 * - `--config` of ours: without it Trivy reads `trivy.yaml` from its working directory or TRIVY_CONFIG; a named
 *   file must exist (pkg/commands/app.go `initConfig`), so it is an empty file of ours.
 * - `--ignorefile` of ours: the default `.trivyignore` suppresses by id; a named file must exist
 *   (pkg/flag/report_flags.go), an empty one ignores nothing (pkg/result/ignore.go `ParseIgnoreFile`).
 * - `--exit-code 0`: Trivy exits non-zero on findings only when asked (pkg/commands/operation/operation.go `Exit`)
 *   and 1 on any fatal error (cmd/trivy/main.go), so with this every non-zero exit is a failure.
 * - for `trivy image`, `--exit-on-eol 0` (the same `Exit`) and `--secret-config` of ours holding `{}`: the default
 *   `trivy-secret.yaml` can disable rules; an empty mapping is the built-in rules (pkg/fanal/secret/scanner.go
 *   `NewScanner`), while an empty file fails to decode (`ParseConfig`).
 */
export function trivyIsolation(workDir: string, command: 'image' | 'config') {
  const config = join(workDir, 'container-gate.trivy.yaml');
  const ignore = join(workDir, 'container-gate.trivyignore');
  const args = ['--config', config, '--ignorefile', ignore, '--exit-code', '0'];
  const inputs: Record<string, string> = {
    [config]: '# container-gate: Trivy reads this file and no trivy.yaml\n',
    [ignore]: '',
  };
  if (command === 'image') {
    const secretConfig = join(workDir, 'container-gate.trivy-secret.yaml');
    args.push('--exit-on-eol', '0', '--secret-config', secretConfig);
    inputs[secretConfig] = '{}\n';
  }
  return { args, inputs, ownEnv: TRIVY_ENV } satisfies Partial<ScannerInvocation>;
}

/**
 * `trivy image` with the report written to a file in the run's private directory. The gate decides from the
 * report, never from Trivy's exit status (see `trivyIsolation`). `--no-progress`, not `--quiet`: under `--quiet` some
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
  const isolation = trivyIsolation(opts.workDir, 'image');
  args.push(...isolation.args, ...trivyImageSource(target));
  return { ...isolation, args, outputs: { [role]: output } };
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
 * Archives go through `--input`; a reference goes after `--` so that no value can be read as a flag. The
 * `=` form keeps a path that starts with `-` a value.
 */
function trivyImageSource(target: ScanTarget): string[] {
  if (target.kind === 'reference') return ['--', target.reference ?? target.display];
  if (target.kind === 'files')
    throw new Error(`trivy image cannot scan files (${target.display}); use trivy-config`);
  if (!target.path) throw new Error(`${target.kind} target ${target.display} has no archive path`);
  return [`--input=${target.path}`];
}
