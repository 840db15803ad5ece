import { z } from 'zod';
import type { ScanTarget } from '../scanners/scanner.js';
import { RunError } from '../util/errors.js';
import { isSha256Digest } from './reference-digest.js';
import { runSkopeoInspect, type SkopeoOptions } from './skopeo.js';

export { isSha256Digest, manifestDigest, withDigest } from './reference-digest.js';

const InspectOutput = z.looseObject({ Digest: z.string() });

/**
 * The manifest digest to sign, attest or pin: for a reference, what the registry serves for it (an index digest
 * for a multi-platform image); for an archive, its manifest digest. A reference that already names a digest is
 * returned without asking anyone.
 */
export async function resolveDigest(target: ScanTarget, opts: SkopeoOptions = {}): Promise<string> {
  if (target.kind === 'reference' && target.digest) return target.digest;
  const stdout = await runSkopeoInspect(target, opts);
  return parseInspectDigest(stdout, target.display);
}

/** Pure: `.Digest` of `skopeo inspect` output; anything else is output that cannot be trusted. */
export function parseInspectDigest(stdout: string, display: string): string {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (error) {
    throw new RunError(
      `resolve digest of ${display}: skopeo inspect printed something that is not JSON — check the skopeo version (1.4 or later)`,
      { cause: error },
    );
  }
  const parsed = InspectOutput.safeParse(json);
  if (!parsed.success || !isSha256Digest(parsed.data.Digest)) {
    throw new RunError(
      `resolve digest of ${display}: skopeo inspect gave no sha256 Digest — cannot sign or pin an image without one`,
    );
  }
  return parsed.data.Digest;
}
