import { createHash } from 'node:crypto';
import { UsageError } from '../util/errors.js';
import { parseImageReference } from './reference.js';

/** Pure helpers for `name@sha256:…` references; digest.ts re-exports them next to resolveDigest. */
const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

export function isSha256Digest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

/**
 * `ghcr.io/acme/api:1.2` + `sha256:…` → `ghcr.io/acme/api@sha256:…`. The tag is dropped: a signature or an
 * attestation is bound to the digest, and `name:tag@digest` is refused by containers/image and ambiguous to readers.
 */
export function withDigest(reference: string, digest: string): string {
  const parsed = parseImageReference(reference);
  if (!parsed)
    throw new UsageError(
      `image ${JSON.stringify(reference)}: not an image reference — use name:tag or name@sha256:<digest>`,
    );
  if (!isSha256Digest(digest))
    throw new UsageError(
      `digest ${JSON.stringify(digest)}: not a sha256 digest — expected sha256: and 64 hex digits`,
    );
  if (parsed.digest && parsed.digest !== digest) {
    throw new UsageError(
      `image ${reference} already names digest ${parsed.digest}, not ${digest} — pass one or the other`,
    );
  }
  return `${parsed.name}@${digest}`;
}

/** The digest of a manifest as a registry computes it: sha256 over the exact bytes served. */
export function manifestDigest(raw: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}
