import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleToJSON } from '@sigstore/bundle';
import { FulcioSigner, MessageSignatureBundleBuilder, TSAWitness } from '@sigstore/sign';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, VerificationError } from '../../src/errors.js';
import { fetchAttestedSbom } from '../../src/sign/attested-sbom.js';
import {
  ANNOTATIONS,
  attestImageNative,
  type NativeSignOptions,
  type NativeVerifyOptions,
  signImageNative,
  verifyImageNative,
} from '../../src/sign/native.js';
import { attachReferrer } from '../../src/sign/referrers.js';
import { MEDIA_TYPES, RegistryClient, repositoryOf } from '../../src/sign/registry.js';
import { BUNDLE_MEDIA_TYPE, createStatementBundle } from '../../src/sign/sigstore.js';
import { PREDICATE_TYPES, SIGNATURE_PREDICATE_TYPE, signatureStatement } from '../../src/sign/statement.js';
import { type PushedImage, pushImage } from '../support/oci-images.js';
import { type LocalRegistry, requireRealTools, startRegistry } from '../support/real-tools.js';
import {
  GITHUB_ISSUER,
  type SigstoreTestServer,
  startSigstoreServer,
  WORKFLOW_IDENTITY,
} from '../support/sigstore-server.js';

const ready = requireRealTools('skopeo', 'registry');

/**
 * `verify` against an attacker who can push anything to the registry (referrers, fallback indexes, bundles) and can
 * get a Fulcio certificate for an identity of their own, but holds neither the trusted identity nor its key. Each
 * test is one attack; each must end in exit 1 (VerificationError), never in "verified".
 */
describe.skipIf(!ready)('verify against an attacker with push access to the registry', () => {
  let work: string;
  let registry: LocalRegistry;
  let sigstore: SigstoreTestServer;
  let trustedRoot: string;
  const images: Record<string, PushedImage> = {};

  const endpoints = () => ({ fulcioURL: sigstore.url, rekorURL: sigstore.url, tsaURL: sigstore.url });
  const keyless = (claims?: Record<string, string>): NativeSignOptions => ({
    endpoints: endpoints(),
    identityToken: sigstore.token(claims),
  });
  const policy = (extra: Partial<NativeVerifyOptions> = {}): NativeVerifyOptions => ({
    identity: { exact: WORKFLOW_IDENTITY },
    issuer: { exact: GITHUB_ISSUER },
    trustedRoot,
    ...extra,
  });
  const repo = (name: string) => new RegistryClient(repositoryOf(`${registry.host}/att/${name}`));
  const subjectOf = (image: PushedImage) => ({
    mediaType: MEDIA_TYPES.ociManifest,
    digest: image.digest,
    size: 1,
  });
  const attach = (name: string, bundle: unknown, annotations: Record<string, string> = {}) =>
    attachReferrer(repo(name), subjectOf(images[name]!), Buffer.from(JSON.stringify(bundle)), {
      artifactType: BUNDLE_MEDIA_TYPE,
      annotations,
    });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VerificationError);
    expect(exitCodeFor(error)).toBe(1);
    return (error as Error).message;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-e2e-attacks-'));
    registry = await startRegistry(join(work, 'registry'));
    sigstore = await startSigstoreServer();
    trustedRoot = join(work, 'trusted_root.json');
    await sigstore.writeTrustedRoot(trustedRoot);
    for (const name of [
      'own-identity',
      'issuer',
      'stripped',
      'message',
      'labels',
      'index',
      'rollback',
      'key-policy',
    ]) {
      images[name] = await pushImage(work, registry.host, `att/${name}`, `attack ${name}`);
    }
  }, 120_000);

  afterAll(async () => {
    await sigstore?.close();
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("turns down the attacker's own identity, however close its name is to the trusted one", async () => {
    const target = images['own-identity']!;
    for (const sub of [
      `${WORKFLOW_IDENTITY}-evil`,
      `https://github.com/evil/api/.github/workflows/release.yml@refs/heads/${WORKFLOW_IDENTITY.replace('https://', '')}`,
      WORKFLOW_IDENTITY.toUpperCase(),
    ]) {
      await signImageNative(target.reference, keyless({ sub, iss: GITHUB_ISSUER }));
    }
    for (const identity of [
      { exact: WORKFLOW_IDENTITY },
      { regexp: 'https://github\\.com/acme/api/\\.github/workflows/release\\.yml@refs/heads/main' },
    ]) {
      expect(await failure(verifyImageNative(target.reference, policy({ identity })))).toMatch(
        /no valid signature — 3 bundles, none a valid signature matching the policy: bundle [0-9a-f]+…: signed by/,
      );
    }
  });

  it('turns down the trusted identity certified for another OIDC issuer', async () => {
    const target = images.issuer!;
    await signImageNative(
      target.reference,
      keyless({ sub: WORKFLOW_IDENTITY, iss: 'https://evil.example.com' }),
    );
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
      /issuer https:\/\/evil\.example\.com, not https:\/\/token\.actions\.githubusercontent\.com/,
    );
    expect(
      await failure(
        verifyImageNative(
          target.reference,
          policy({ issuer: { regexp: 'https://token\\.actions\\.githubusercontent\\.com' } }),
        ),
      ),
    ).toMatch(/issuer https:\/\/evil\.example\.com/);
  });

  it('does not take a keyless bundle when verifying with a key, even one whose certificate holds that key', async () => {
    const target = images['key-policy']!;
    // A key policy takes key-signed bundles only: a certificate bundle (here the trusted identity's own) never
    // stands in for the key, whatever key its certificate holds.
    await signImageNative(target.reference, keyless());
    const pub = join(work, 'trusted.pub');
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await writeFile(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    for (const extra of [{ trustedRoot }, { ignoreTlog: true }]) {
      expect(await failure(verifyImageNative(target.reference, { key: pub, ...extra }))).toMatch(
        /signed with a certificate, not with the given key/,
      );
    }
  });

  it('does not take a genuine bundle stripped of its log entry and timestamps, even with --insecure-ignore-tlog', async () => {
    const target = images.stripped!;
    const signed = await signImageNative(target.reference, keyless());
    // Take the genuine referrer out of the index, then push the stripped copy.
    const tag = target.digest.replace(':', '-');
    await repo('stripped').putManifest(
      tag,
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] })),
      MEDIA_TYPES.ociIndex,
    );
    const bundle = structuredClone(signed.bundle) as {
      verificationMaterial: { tlogEntries: unknown[]; timestampVerificationData?: unknown };
    };
    bundle.verificationMaterial.tlogEntries = [];
    delete bundle.verificationMaterial.timestampVerificationData;
    await attach('stripped', bundle);
    for (const extra of [{}, { ignoreTlog: true }]) {
      expect(await failure(verifyImageNative(target.reference, policy(extra)))).toMatch(
        /does not verify \(.*expected 1 timestamps, got 0/,
      );
    }
  });

  it('does not take a message signature over the image manifest for a signature', async () => {
    const target = images.message!;
    // The trusted identity signed the manifest bytes themselves (a `sign-blob` bundle), not an in-toto statement.
    const manifest = (await repo('message').getManifest(target.digest))!.bytes;
    const bundle = await new MessageSignatureBundleBuilder({
      signer: new FulcioSigner({
        fulcioBaseURL: sigstore.url,
        identityProvider: { getToken: async () => sigstore.token() },
      }),
      witnesses: [new TSAWitness({ tsaBaseURL: sigstore.url })],
    }).create({ data: manifest });
    expect(createHash('sha256').update(manifest).digest('hex')).toBe(target.digest.slice(7));
    await attach('message', bundleToJSON(bundle));
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
      /a message signature, not a DSSE envelope/,
    );
  });

  it('judges a bundle by its signed predicate type, never by the annotation on its referrer', async () => {
    const target = images.labels!;
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: target.digest.slice(7) } }],
      predicateType: PREDICATE_TYPES.cyclonedx,
      predicate: { bomFormat: 'CycloneDX', specVersion: '1.5' },
    };
    const attestation = await createStatementBundle(Buffer.from(JSON.stringify(statement)), {
      identity: { kind: 'keyless', identityToken: sigstore.token() },
      endpoints: endpoints(),
    });
    // A genuine attestation relabelled as a signature is still an attestation.
    await attach('labels', attestation, { [ANNOTATIONS.predicateType]: SIGNATURE_PREDICATE_TYPE });
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
      /an attestation \(https:\/\/cyclonedx\.org\/bom\), not a signature/,
    );
    // A statement with a near-miss predicate type or _type is not a signature either.
    for (const near of [
      { predicateType: `${SIGNATURE_PREDICATE_TYPE} ` },
      { predicateType: SIGNATURE_PREDICATE_TYPE.toUpperCase() },
      { predicateType: SIGNATURE_PREDICATE_TYPE, _type: 'https://in-toto.io/Statement/v2' },
    ]) {
      const bundle = await createStatementBundle(
        Buffer.from(JSON.stringify({ ...signatureStatement(target.digest), ...near })),
        { identity: { kind: 'keyless', identityToken: sigstore.token() }, endpoints: endpoints() },
      );
      await attach('labels', bundle, { [ANNOTATIONS.predicateType]: SIGNATURE_PREDICATE_TYPE });
    }
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
      /no valid signature — 4 bundles/,
    );
  });

  it('finds no referrers when the fallback tag holds an image manifest instead of an index', async () => {
    const target = images.index!;
    await signImageNative(target.reference, keyless());
    // Overwritten by the attacker: "if the tag is not an index, assume no referrers" (distribution-spec v1.1.1 L717-720).
    const image = (await repo('index').getManifest(target.digest))!;
    await repo('index').putManifest(target.digest.replace(':', '-'), image.bytes, image.mediaType);
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
      /no Sigstore bundle among its 0 referrers/,
    );
  });

  it('cannot bring back an older verified SBOM by lying about when its referrer was created', async () => {
    const target = images.rollback!;
    const older = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      serialNumber: 'urn:uuid:older',
      components: [],
    };
    const newer = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      serialNumber: 'urn:uuid:newer',
      components: [{ name: 'openssl', version: '3.0.2' }],
    };
    const first = await attestImageNative(target.reference, {
      ...keyless(),
      predicateType: PREDICATE_TYPES.cyclonedx,
      predicate: older,
    });
    await new Promise((r) => setTimeout(r, 1100)); // the log and the TSA count whole seconds here
    await attestImageNative(target.reference, {
      ...keyless(),
      predicateType: PREDICATE_TYPES.cyclonedx,
      predicate: newer,
    });
    // The attacker pushes the older, genuine bundle again under a creation annotation from the future.
    await attach('rollback', first.bundle, {
      [ANNOTATIONS.created]: '2099-01-01T00:00:00Z',
      [ANNOTATIONS.predicateType]: PREDICATE_TYPES.cyclonedx,
    });
    const out = join(work, 'rollback.cdx.json');
    await fetchAttestedSbom(target.reference, { ...policy(), outFile: out });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(newer);
  });
});
