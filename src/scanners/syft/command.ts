import { join } from 'node:path';
import { dockerHubQualified } from '../../image/reference.js';
import type { ScannerInvocation, ScanOptions, ScanTarget, ToolEnvironment } from '../scanner.js';
import { SBOM_ROLES } from './parse.js';

/**
 * The source arguments Syft and Grype share (Grype reads images through Syft's source layer), always with `--from`:
 * without it both try a plain input as a local file or directory before any registry, and read `registry:2` or
 * `docker:27-dind` as a scheme plus a name (anchore/syft v1.51.0 cmd/syft/internal/commands/scan.go:185-193 and
 * anchore/grype v0.116.0 grype/pkg/syft_provider.go:74-83 call stereoscope's ExtractSchemeSource only when `--from`
 * is empty; syft/source/sourceproviders/source_providers.go:27-44 puts file and directory providers first).
 * `--from` values are provider tags (anchore/stereoscope v0.3.0 providers.go:14-20, pkg/image/source.go:8-11):
 * `registry` (the registry provider only, no daemon), `docker-archive`, `oci-archive`.
 * The input goes after `--` so that no value can be read as a flag.
 */
export function anchoreSourceArgs(target: ScanTarget): string[] {
  if (target.kind === 'reference') return ['--from', 'registry', '--', target.reference ?? target.display];
  if (target.kind === 'files' || target.kind === 'sbom')
    throw new Error(`image scanners cannot scan ${target.kind} (${target.display})`);
  if (!target.path) throw new Error(`${target.kind} target ${target.display} has no archive path`);
  return ['--from', target.kind, '--', target.path];
}

/**
 * Grype reads an input starting with `pkg:`, `purl:`, `cpe:`, `cpes:` or `sbom:` as package URLs, CPEs or an SBOM
 * file whatever `--from` says (anchore/grype v0.116.0 grype/pkg/provider.go:222-246 tries those providers before
 * syftProvider; purl_provider.go:17-20, cpe_provider.go:13-14, syft_sbom_provider.go:118-120), and a Docker Hub image
 * can be named `sbom:1` or `pkg:latest`. Such a reference is written out in full (`docker.io/library/sbom:1`), the
 * name the registry provider resolves it to anyway.
 */
export function grypeSourceArgs(target: ScanTarget): string[] {
  // An SBOM file: `sbom:<file>`, read before any image source is considered (grype/pkg/provider.go:222-246,
  // syft_sbom_provider.go:118-120).
  if (target.kind === 'sbom') {
    if (!target.path) throw new Error(`sbom target ${target.display} has no file`);
    return ['--', `sbom:${target.path}`];
  }
  const args = anchoreSourceArgs(target);
  if (target.kind !== 'reference') return args;
  const reference = args.at(-1)!;
  return GRYPE_INPUT_PREFIX.test(reference) ? [...args.slice(0, -1), dockerHubQualified(reference)] : args;
}

const GRYPE_INPUT_PREFIX = /^(?:pkg|purl|cpes?|sbom):/i;

/**
 * Environment for an Anchore tool (`GRYPE_` / `SYFT_` prefix): no update check against the network on every
 * run, and the registry options that have no flag.
 */
export function anchoreEnv(prefix: 'GRYPE' | 'SYFT', opts: ScanOptions): Record<string, string> {
  const env: Record<string, string> = { ...opts.env, [`${prefix}_CHECK_FOR_APP_UPDATE`]: 'false' };
  if (opts.insecureRegistry) {
    env[`${prefix}_REGISTRY_INSECURE_SKIP_TLS_VERIFY`] = 'true';
    env[`${prefix}_REGISTRY_INSECURE_USE_HTTP`] = 'true';
  }
  return env;
}

/**
 * `GRYPE_` / `SYFT_` variables that only say where to fetch from and how to connect (DB location and cache,
 * registry credentials and TLS, logging); every other one (GRYPE_CONFIG, GRYPE_IGNORE, GRYPE_FAIL_ON_SEVERITY,
 * GRYPE_ONLY_FIXED, SYFT_EXCLUDE, SYFT_SCOPE…) is withheld. Both read every config key from `<APP>_<KEY>`
 * (anchore/fangs v0.1.1 load.go `newViper`: AutomaticEnv with the app's prefix).
 */
const ANCHORE_ENV: Record<'GRYPE' | 'SYFT', ToolEnvironment> = {
  GRYPE: {
    prefix: 'GRYPE_',
    passes:
      /^GRYPE_(DB_(CACHE_DIR|UPDATE_URL|CA_CERT|AUTO_UPDATE|VALIDATE_BY_HASH_ON_START|REQUIRE_UPDATE_CHECK|UPDATE_AVAILABLE_TIMEOUT|UPDATE_DOWNLOAD_TIMEOUT|MAX_UPDATE_CHECK_FREQUENCY)|REGISTRY_[A-Z0-9_]+|DEFAULT_IMAGE_PULL_SOURCE|CHECK_FOR_APP_UPDATE|LOG_(LEVEL|FILE))$/,
  },
  SYFT: {
    prefix: 'SYFT_',
    passes:
      /^SYFT_(REGISTRY_[A-Z0-9_]+|CACHE_(DIR|TTL)|PARALLELISM|SOURCE_IMAGE_DEFAULT_PULL_SOURCE|CHECK_FOR_APP_UPDATE|LOG_(LEVEL|FILE))$/,
  },
};

/**
 * What makes Grype or Syft read nothing of the repository's or the user's (issue 14): `--config` of ours. Without
 * it they read `.grype.yaml` / `.syft.yaml` (and `.<app>/config.yaml`) from the working directory, the home
 * directory and XDG; with a file named, they read that file alone, which must exist (anchore/fangs v0.1.1 load.go
 * `findConfigurationFiles`, as pinned by grype v0.116+ and syft v1.51). Grype's file states `fail-on-severity`
 * unset: then Grype exits 2 never, 1 on an error (cmd/grype/cli/cli.go `WithMapExitCode`), and Syft exits 1 on any
 * error (anchore/clio application.go), so every non-zero exit is a failure.
 */
export function anchoreIsolation(prefix: 'GRYPE' | 'SYFT', workDir: string) {
  const tool = prefix.toLowerCase();
  const config = join(workDir, `container-gate.${tool}.yaml`);
  const content =
    prefix === 'GRYPE'
      ? '# container-gate: Grype reads this file and no .grype.yaml\nfail-on-severity: ""\n'
      : '# container-gate: Syft reads this file and no .syft.yaml\n';
  return {
    args: ['--config', config],
    inputs: { [config]: content },
    ownEnv: ANCHORE_ENV[prefix],
  } satisfies Partial<ScannerInvocation>;
}

const SYFT_FILES = {
  cyclonedx: 'syft.cdx.json',
  spdx: 'syft.spdx.json',
  'syft-json': 'syft.syft.json',
} as const;

/** One `syft scan` writes every SBOM format (`-o format=file`, repeatable): the image is catalogued once. */
export function syftCommand(target: ScanTarget, opts: ScanOptions): ScannerInvocation {
  const outputs: Record<string, string> = {};
  const isolation = anchoreIsolation('SYFT', opts.workDir);
  const args = ['scan', ...isolation.args];
  for (const role of Object.keys(SBOM_ROLES) as (keyof typeof SBOM_ROLES)[]) {
    const file = join(opts.workDir, SYFT_FILES[role]);
    outputs[role] = file;
    args.push('--output', `${SBOM_ROLES[role]}=${file}`);
  }
  if (target.platform) args.push(`--platform=${target.platform}`);
  args.push(...anchoreSourceArgs(target));
  return { ...isolation, args, outputs, env: anchoreEnv('SYFT', opts) };
}
