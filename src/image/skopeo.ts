import type { ScanTarget } from '../scanners/scanner.js';
import { runTool } from '../tools/run-tool.js';
import { findExecutable } from '../tools/which.js';
import { UsageError } from '../util/errors.js';
import { withDigest } from './reference-digest.js';

/**
 * skopeo is how container-gate talks to registries and archives without a daemon: inspect (digest, platforms)
 * and copy (export). Credentials are never passed on argv: skopeo reads REGISTRY_AUTH_FILE, then
 * ${XDG_RUNTIME_DIR}/containers/auth.json, then ~/.docker/config.json, like docker login leaves them.
 */
export const SKOPEO_INSTALL_HINT =
  'install skopeo (apt-get install skopeo, dnf install skopeo, brew install skopeo) or pass --skopeo-path';

export interface SkopeoOptions {
  /** Registry over plain HTTP or with a self-signed certificate (a local registry). */
  insecureRegistry?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Path to skopeo; PATH when absent. */
  skopeo?: string;
  env?: Record<string, string>;
}

const DEFAULT_INSPECT_TIMEOUT_MS = 2 * 60 * 1000;

export function findSkopeo(explicit: string | undefined, path = process.env.PATH ?? ''): string | undefined {
  return findExecutable(explicit ?? 'skopeo', path);
}

/**
 * The containers-transports name of a target. A reference carrying both a tag and a digest is reduced to the
 * digest: containers/image refuses `name:tag@sha256:…`, and the digest is what identifies the image anyway.
 */
export function skopeoSource(target: ScanTarget): string {
  if (target.kind === 'reference') {
    const reference = target.reference ?? target.display;
    return `docker://${target.digest ? withDigest(reference, target.digest) : reference}`;
  }
  if (!target.path)
    throw new UsageError(
      `image ${target.display}: ${target.kind} without a file path — pass ${target.kind}:<file>`,
    );
  return `${target.kind}:${target.path}`;
}

/** Pure: `skopeo inspect` argv. `--raw` prints the manifest (or index) exactly as stored. */
export function skopeoInspectArgs(
  target: ScanTarget,
  opts: { insecureRegistry?: boolean; raw?: boolean },
): string[] {
  const args = ['inspect'];
  if (opts.raw) args.push('--raw');
  if (opts.insecureRegistry && target.kind === 'reference') args.push('--tls-verify=false');
  args.push(skopeoSource(target));
  return args;
}

export async function runSkopeoInspect(
  target: ScanTarget,
  opts: SkopeoOptions & { raw?: boolean },
): Promise<string> {
  const executable = findSkopeo(opts.skopeo, opts.env?.PATH ?? process.env.PATH ?? '');
  if (!executable) {
    throw new UsageError(
      `inspect ${target.display}: skopeo not found${opts.skopeo ? ` at ${opts.skopeo}` : ' on PATH'} — ${SKOPEO_INSTALL_HINT}`,
    );
  }
  const res = await runTool({
    tool: 'skopeo',
    executable,
    args: skopeoInspectArgs(target, opts),
    action: `inspect ${target.display}`,
    installHint: SKOPEO_INSTALL_HINT,
    timeoutMs: opts.timeoutMs ?? DEFAULT_INSPECT_TIMEOUT_MS,
    maxOutputBytes: 8 * 1024 * 1024,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  return res.stdout;
}
