import { join } from 'node:path';
import type { ScannerInvocation, ScanOptions, ScanTarget } from '../scanner.js';
import { SBOM_ROLES } from './parse.js';

/**
 * The source argument Syft and Grype share (Grype reads images through Syft's source layer). A reference is
 * passed without a `registry:` scheme so that either tool may use a local daemon before the registry.
 */
export function anchoreSource(target: ScanTarget): string {
  if (target.kind === 'reference') return target.reference ?? target.display;
  if (target.kind === 'files') throw new Error(`image scanners cannot scan files (${target.display})`);
  if (!target.path) throw new Error(`${target.kind} target ${target.display} has no archive path`);
  return `${target.kind}:${target.path}`;
}

/**
 * Environment for an Anchore tool (`GRYPE_` / `SYFT_` prefix): no update check against the network on every
 * run, and the registry options that have no flag.
 */
export function anchoreEnv(prefix: 'GRYPE' | 'SYFT', opts: ScanOptions): Record<string, string> {
  const env: Record<string, string> = { [`${prefix}_CHECK_FOR_APP_UPDATE`]: 'false' };
  if (opts.insecureRegistry) {
    env[`${prefix}_REGISTRY_INSECURE_SKIP_TLS_VERIFY`] = 'true';
    env[`${prefix}_REGISTRY_INSECURE_USE_HTTP`] = 'true';
  }
  return env;
}

const SYFT_FILES = {
  cyclonedx: 'syft.cdx.json',
  spdx: 'syft.spdx.json',
  'syft-json': 'syft.syft.json',
} as const;

/** One `syft scan` writes every SBOM format (`-o format=file`, repeatable): the image is catalogued once. */
export function syftCommand(target: ScanTarget, opts: ScanOptions): ScannerInvocation {
  const outputs: Record<string, string> = {};
  const args = ['scan'];
  for (const role of Object.keys(SBOM_ROLES) as (keyof typeof SBOM_ROLES)[]) {
    const file = join(opts.workDir, SYFT_FILES[role]);
    outputs[role] = file;
    args.push('--output', `${SBOM_ROLES[role]}=${file}`);
  }
  if (target.platform) args.push(`--platform=${target.platform}`);
  args.push('--', anchoreSource(target));
  return { args, outputs, env: anchoreEnv('SYFT', opts) };
}
