import type { SerializedBundle } from '@sigstore/bundle';
import { attachReferrer } from '../../src/sign/referrers.js';
import { RegistryClient, repositoryOf } from '../../src/sign/registry.js';
import { BUNDLE_MEDIA_TYPE } from '../../src/sign/sigstore.js';
import { inspectRaw } from './oci-images.js';

/**
 * What an attacker with push access to the registry can do to a signed bundle: change the statement inside the DSSE
 * envelope (the signature then no longer covers it) and put the result in the genuine referrer's place — pushed as a
 * new referrer, the genuine one dropped from the `sha256-<hex>` fallback index, so only the tampered one is listed.
 */
export async function replaceWithTampered(
  registryHost: string,
  repository: string,
  subjectDigest: string,
  genuine: { bundle: SerializedBundle; referrer: { digest: string } },
  edit: (statement: { subject: { annotations?: unknown }[]; predicate: unknown }) => void,
): Promise<void> {
  const bundle = structuredClone(genuine.bundle) as { dsseEnvelope: { payload: string } };
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
  edit(statement);
  bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  const client = new RegistryClient(repositoryOf(`${registryHost}/${repository}`));
  await attachReferrer(
    client,
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: subjectDigest, size: 1 },
    Buffer.from(JSON.stringify(bundle)),
    { artifactType: BUNDLE_MEDIA_TYPE, annotations: {} },
  );
  const tag = subjectDigest.replace(':', '-');
  const index = (await inspectRaw(registryHost, repository, tag)) as { manifests: { digest: string }[] };
  const kept = index.manifests.filter((m) => m.digest !== genuine.referrer.digest);
  await client.putManifest(
    tag,
    Buffer.from(JSON.stringify({ ...index, manifests: kept })),
    'application/vnd.oci.image.index.v1+json',
  );
}
