import { RunError } from '../util/errors.js';
import {
  Descriptor,
  ImageIndex,
  MEDIA_TYPES,
  type OciDescriptor,
  type RegistryClient,
  safeJson,
  sha256Digest,
} from './registry.js';

/**
 * OCI 1.1 referrers: an artifact manifest whose `subject` is the image, found with the referrers API or, on
 * registries without it (docker-registry 2.8 has none), through the tag-schema fallback: an image index at the tag
 * `sha256-<hex>` listing the referrers (distribution-spec v1.1.1 spec.md "Pushing Manifests with Subject" and
 * "Referrers Tag Schema").
 */

/** The empty config every artifact manifest points at (image-spec v1.1 manifest.md "Guidance for an Empty Descriptor"). */
const EMPTY_CONFIG = Buffer.from('{}');

/** `sha256:abc…` → `sha256-abc…`, the fallback tag (distribution-spec v1.1.1 spec.md L722-731). */
export function fallbackTag(digest: string): string {
  return digest.replace(':', '-');
}

export interface AttachOptions {
  /** The artifact's media type: the layer's and the manifest's `artifactType`. */
  artifactType: string;
  annotations: Record<string, string>;
}

/**
 * Pushes `artifact` as a referrer of `subject`: the blob, the empty config, then the manifest by digest. When the
 * registry does not confirm it processed the subject (no `OCI-Subject` header) and has no referrers API, the
 * fallback index is updated: read, append, write, read back, so a concurrent writer (docker-registry 2.8 ignores
 * If-Match) cannot silently drop this entry.
 */
export async function attachReferrer(
  client: RegistryClient,
  subject: OciDescriptor,
  artifact: Buffer,
  opts: AttachOptions,
): Promise<OciDescriptor> {
  const layer = await client.pushBlob(artifact);
  const config = await client.pushBlob(EMPTY_CONFIG);
  // The layout cosign 3 writes (pkg/oci/remote/write.go WriteReferrer) and actions/attest pushes via @sigstore/oci.
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: opts.artifactType,
    config: { mediaType: MEDIA_TYPES.ociEmpty, digest: config.digest, size: config.size },
    layers: [{ mediaType: opts.artifactType, digest: layer.digest, size: layer.size }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: opts.annotations,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const { digest, subject: processed } = await client.putManifest(
    sha256Digest(bytes),
    bytes,
    MEDIA_TYPES.ociManifest,
  );
  const descriptor: OciDescriptor = {
    mediaType: MEDIA_TYPES.ociManifest,
    digest,
    size: bytes.length,
    artifactType: opts.artifactType,
    annotations: opts.annotations,
  };
  if (processed === subject.digest) return descriptor;
  if (await client.referrersApi(subject.digest)) return descriptor;
  await addToFallbackIndex(client, subject.digest, descriptor);
  return descriptor;
}

const FALLBACK_ATTEMPTS = 5;

async function addToFallbackIndex(
  client: RegistryClient,
  subjectDigest: string,
  descriptor: OciDescriptor,
): Promise<void> {
  const tag = fallbackTag(subjectDigest);
  for (let attempt = 1; attempt <= FALLBACK_ATTEMPTS; attempt++) {
    const index = await readFallbackIndex(client, subjectDigest, { strict: true });
    if (index.manifests.some((m) => m.digest === descriptor.digest)) return;
    // The spec says to copy the manifest's annotations into the entry (v1.1.1 spec.md L497-512); ggcr does not, but
    // readers that filter on the predicate type without fetching each manifest need them.
    const next = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [...index.manifests, descriptor],
    };
    await client.putManifest(tag, Buffer.from(JSON.stringify(next)), MEDIA_TYPES.ociIndex);
    const written = await readFallbackIndex(client, subjectDigest, { strict: true });
    if (written.manifests.some((m) => m.digest === descriptor.digest)) return;
  }
  throw new RunError(
    `${client.ref.registry}/${client.ref.repository}: the referrers index ${tag} kept changing under this write (${FALLBACK_ATTEMPTS} attempts) — another signer is writing; run again`,
  );
}

/**
 * The fallback index at `sha256-<hex>`. Absent → empty. Something else at that tag is an error when writing (the spec
 * says to stop, v1.1.1 L497-512) and "no referrers" when reading (L717-720).
 */
async function readFallbackIndex(
  client: RegistryClient,
  subjectDigest: string,
  opts: { strict: boolean },
): Promise<ImageIndex> {
  const tag = fallbackTag(subjectDigest);
  const found = await client.getManifest(tag, MEDIA_TYPES.ociIndex);
  if (!found) return { schemaVersion: 2, manifests: [] };
  const parsed = ImageIndex.safeParse(safeJson(found.bytes));
  if (found.mediaType === MEDIA_TYPES.ociIndex && parsed.success) return parsed.data;
  if (!opts.strict) return { schemaVersion: 2, manifests: [] };
  throw new RunError(
    `${client.ref.registry}/${client.ref.repository}: tag ${tag} is not a referrers index (${found.mediaType || 'unknown type'}) — it must not be used for anything else; remove it`,
  );
}

export interface ReferrerList {
  /** `api` when the registry answered the referrers API, `tag` for the fallback index. */
  source: 'api' | 'tag';
  referrers: OciDescriptor[];
}

/** Every referrer of `digest`, from the referrers API when the registry has one, else from the fallback tag. */
export async function listReferrers(client: RegistryClient, digest: string): Promise<ReferrerList> {
  const api = await client.referrersApi(digest);
  const index = api ?? (await readFallbackIndex(client, digest, { strict: false }));
  const referrers = index.manifests.filter((m) => Descriptor.safeParse(m).success);
  return { source: api ? 'api' : 'tag', referrers };
}
