import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleToJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { FulcioSigner, MessageSignatureBundleBuilder, TSAWitness } from '@sigstore/sign';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { exitCodeFor, VerificationError } from '../../src/util/errors.js';
import { inspectRaw, type PushedImage, pushImage } from '../support/oci-images.js';
import { type LocalRegistry, requireRealTools, startRegistry } from '../support/real-tools.js';
import {
  GITHUB_ISSUER,
  type SigstoreTestServer,
  startSigstoreServer,
  WORKFLOW_IDENTITY,
} from '../support/sigstore-server.js';
import { replaceWithTampered } from '../support/tamper.js';

const ready = requireRealTools('skopeo', 'registry');

const SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  components: [{ name: 'openssl', version: '3.0.2' }],
};

describe.skipIf(!ready)('native signing and verification against a real registry and Sigstore mocks', () => {
  let work: string;
  let registry: LocalRegistry;
  let sigstore: SigstoreTestServer;
  let trustedRoot: string;
  const images: Record<string, PushedImage> = {};

  const keyless = (claims?: Record<string, string>): NativeSignOptions => ({
    endpoints: { fulcioURL: sigstore.url, rekorURL: sigstore.url, tsaURL: sigstore.url },
    identityToken: sigstore.token(claims),
  });
  const policy = (extra: Partial<NativeVerifyOptions> = {}): NativeVerifyOptions => ({
    identity: { exact: WORKFLOW_IDENTITY },
    issuer: { exact: GITHUB_ISSUER },
    trustedRoot,
    ...extra,
  });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VerificationError);
    expect(exitCodeFor(error)).toBe(1);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-e2e-sign-'));
    registry = await startRegistry(join(work, 'registry'));
    sigstore = await startSigstoreServer();
    trustedRoot = join(work, 'trusted_root.json');
    await sigstore.writeTrustedRoot(trustedRoot);
    for (const name of [
      'signed',
      'other',
      'tampered',
      'attested',
      'keyed',
      'github',
      'sbom-cdx',
      'sbom-spdx',
      'sbom-evil',
      'sbom-not-cdx',
      ...['own-identity', 'issuer', 'stripped', 'message', 'labels', 'index', 'rollback', 'key-policy'].map(
        (attack) => `att-${attack}`,
      ),
      'sbom-junk',
    ]) {
      images[name] = await pushImage(work, registry.host, `cg/${name}`, `image ${name}`);
    }
  }, 120_000);

  afterAll(async () => {
    await sigstore?.close();
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('signs keyless (Fulcio, Rekor, TSA) and verifies the signature with identity and issuer', async () => {
    const signed = await signImageNative(images.signed!.reference, keyless());
    expect(signed.bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
    expect(signed.bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(signed.bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    const result = await verifyImageNative(images.signed!.reference, policy());
    expect(result.source).toBe('tag');
    expect(result.verified).toHaveLength(1);
    expect(result.verified[0]).toMatchObject({
      identity: WORKFLOW_IDENTITY,
      issuer: GITHUB_ISSUER,
      statement: { predicateType: SIGNATURE_PREDICATE_TYPE },
    });
    const anchored = await verifyImageNative(
      images.signed!.reference,
      policy({ identity: { regexp: 'https://github\\.com/acme/api/\\.github/workflows/.*' } }),
    );
    expect(anchored.verified).toHaveLength(1);
  });

  it('writes the referrer the way cosign 3 does and lists it in the sha256-<hex> fallback index', async () => {
    const { digest } = images.signed!;
    const index = (await inspectRaw(registry.host, 'cg/signed', digest.replace(':', '-'))) as {
      mediaType: string;
      manifests: { artifactType?: string; digest: string; annotations?: Record<string, string> }[];
    };
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]).toMatchObject({
      artifactType: BUNDLE_MEDIA_TYPE,
      annotations: {
        [ANNOTATIONS.predicateType]: SIGNATURE_PREDICATE_TYPE,
        [ANNOTATIONS.content]: 'dsse-envelope',
      },
    });
    const manifest = (await inspectRaw(registry.host, 'cg/signed', index.manifests[0]!.digest)) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      artifactType: BUNDLE_MEDIA_TYPE,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', size: 2 },
      layers: [{ mediaType: BUNDLE_MEDIA_TYPE }],
      subject: { digest },
    });
  });

  it('fails a wrong identity, an unanchored partial identity and a wrong issuer', async () => {
    const ref = images.signed!.reference;
    expect(
      await failure(
        verifyImageNative(
          ref,
          policy({
            identity: { exact: 'https://github.com/evil/api/.github/workflows/release.yml@refs/heads/main' },
          }),
        ),
      ),
    ).toMatch(
      /no valid signature — 1 bundle, none a valid signature matching the policy: bundle [0-9a-f]+…: signed by https:\/\/github.com\/acme\//,
    );
    expect(await failure(verifyImageNative(ref, policy({ identity: { regexp: 'acme' } })))).toMatch(
      /signed by/,
    );
    expect(
      await failure(verifyImageNative(ref, policy({ issuer: { exact: 'https://accounts.google.com' } }))),
    ).toMatch(/issuer https:\/\/token\.actions\.githubusercontent\.com, not https:\/\/accounts\.google\.com/);
  });

  it('fails another digest carrying a copy of a valid bundle', async () => {
    const signed = await signImageNative(images.signed!.reference, keyless());
    const other = images.other!;
    const client = new RegistryClient(repositoryOf(`${registry.host}/cg/other`));
    await attachReferrer(
      client,
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: other.digest, size: 1 },
      Buffer.from(JSON.stringify(signed.bundle)),
      { artifactType: BUNDLE_MEDIA_TYPE, annotations: {} },
    );
    expect(await failure(verifyImageNative(other.reference, policy()))).toMatch(
      /signed for sha256:[0-9a-f]{12}…, not this digest/,
    );
  });

  it('fails a tampered bundle', async () => {
    const target = images.tampered!;
    const signed = await signImageNative(target.reference, keyless());
    await replaceWithTampered(registry.host, 'cg/tampered', target.digest, signed, (statement) => {
      statement.subject[0]!.annotations = { approved: 'true' };
    });
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(/does not verify/);
  });

  it('does not take an attestation for a signature, and finds the attestation when asked for it', async () => {
    const target = images.attested!;
    await attestImageNative(target.reference, {
      ...keyless(),
      predicateType: PREDICATE_TYPES.cyclonedx,
      predicate: SBOM,
    });
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
      /no valid signature — 1 bundle, none a valid signature matching the policy: an attestation \(https:\/\/cyclonedx\.org\/bom\)/,
    );
    const found = await verifyImageNative(
      target.reference,
      policy({ predicateType: PREDICATE_TYPES.cyclonedx }),
    );
    expect(found.verified[0]!.statement.predicate).toEqual(SBOM);
    expect(
      await failure(verifyImageNative(target.reference, policy({ predicateType: PREDICATE_TYPES.spdxjson }))),
    ).toMatch(/no valid attestation https:\/\/spdx\.dev\/Document/);
  });

  it('signs with a PEM key and verifies with its public key; another key and a keyless policy fail', async () => {
    const target = images.keyed!;
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyFile = join(work, 'cosign.key');
    await writeFile(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(work, 'cosign.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(join(work, 'other.pub'), other.publicKey.export({ type: 'spki', format: 'pem' }));
    await signImageNative(target.reference, { key: keyFile, tlogUpload: false });
    const ok = await verifyImageNative(target.reference, { key: join(work, 'cosign.pub'), ignoreTlog: true });
    expect(ok.verified).toHaveLength(1);
    expect(
      await failure(verifyImageNative(target.reference, { key: join(work, 'other.pub'), ignoreTlog: true })),
    ).toMatch(/does not verify/);
    // Without --insecure-ignore-tlog a key signature needs a log entry (its time), which this one does not have.
    expect(
      await failure(verifyImageNative(target.reference, { key: join(work, 'cosign.pub'), trustedRoot })),
    ).toMatch(/does not verify \(expected 1 timestamps, got 0\)/);
    expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
      /signed with a key, not keyless/,
    );
    // With Rekor and the TSA, the same key verifies against the trusted root with the log checked.
    await signImageNative(target.reference, {
      key: keyFile,
      endpoints: { rekorURL: sigstore.url, tsaURL: sigstore.url },
    });
    const logged = await verifyImageNative(target.reference, { key: join(work, 'cosign.pub'), trustedRoot });
    expect(logged.verified).toHaveLength(1);
  });

  it("verifies a keyless signature made with a timestamp only (GitHub's instance) against a root without a log", async () => {
    const target = images.github!;
    await signImageNative(target.reference, {
      endpoints: { fulcioURL: sigstore.url, tsaURL: sigstore.url },
      instance: 'github',
      identityToken: sigstore.token(),
    });
    const json = sigstore.trustedRootJson() as Record<string, unknown>;
    const noLog = join(work, 'github-root.json');
    await writeFile(noLog, JSON.stringify(TrustedRoot.toJSON(TrustedRoot.fromJSON({ ...json, tlogs: [] }))));
    const result = await verifyImageNative(target.reference, policy({ trustedRoot: noLog }));
    expect(result.verified).toHaveLength(1);
  });

  describe('the SBOM attested to a deployed image, for a re-scan', () => {
    it('writes the newest verified CycloneDX SBOM', async () => {
      const target = images['sbom-cdx']!;
      const older = { ...SBOM, serialNumber: 'urn:uuid:older' };
      await attestImageNative(target.reference, {
        ...keyless(),
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: older,
      });
      await new Promise((r) => setTimeout(r, 1100)); // the creation annotation has whole seconds
      await attestImageNative(target.reference, {
        ...keyless(),
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: SBOM,
      });
      const out = join(work, 'deployed.cdx.json');
      const sbom = await fetchAttestedSbom(target.reference, { ...policy(), outFile: out });
      expect(sbom).toMatchObject({ format: 'cyclonedx-json', identity: WORKFLOW_IDENTITY, file: out });
      expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(SBOM);
    });

    it('falls back to an SPDX attestation', async () => {
      const target = images['sbom-spdx']!;
      const spdx = { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', packages: [] };
      await attestImageNative(target.reference, {
        ...keyless(),
        predicateType: PREDICATE_TYPES.spdxjson,
        predicate: spdx,
      });
      const out = join(work, 'deployed.spdx.json');
      const sbom = await fetchAttestedSbom(target.reference, { ...policy(), outFile: out });
      expect(sbom.format).toBe('spdx-json');
      expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(spdx);
    });

    // cosign attest --type cyclonedx takes any JSON object as the predicate (cosign v3.1.2
    // pkg/cosign/attestation/attestation.go generateCycloneDXStatement), and so does attest here: a Syft or SPDX
    // document attested as CycloneDX by mistake is genuine, but a re-scan reading it as CycloneDX finds no package.
    it('writes nothing when the attestation says CycloneDX but holds another document', async () => {
      const target = images['sbom-not-cdx']!;
      await attestImageNative(target.reference, {
        ...keyless(),
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: { spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', packages: [] },
      });
      const out = join(work, 'not-cdx.cdx.json');
      expect(await failure(fetchAttestedSbom(target.reference, { ...policy(), outFile: out }))).toMatch(
        /the cyclonedx-json attestation .* holds no CycloneDX document \(bomFormat "CycloneDX" and specVersion\)/,
      );
      expect(existsSync(out)).toBe(false);
    });

    it('writes nothing when the verified attestation holds no SBOM, and takes no older one instead', async () => {
      const target = images['sbom-junk']!;
      await attestImageNative(target.reference, {
        ...keyless(),
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: SBOM,
      });
      await new Promise((r) => setTimeout(r, 1100)); // the creation annotation has whole seconds
      await attestImageNative(target.reference, {
        ...keyless(),
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: { note: 'not an SBOM' },
      });
      const out = join(work, 'junk.cdx.json');
      expect(await failure(fetchAttestedSbom(target.reference, { ...policy(), outFile: out }))).toMatch(
        /no verified SBOM attestation — the cyclonedx-json attestation sha256:[0-9a-f]{12}… holds no CycloneDX document \(bomFormat "CycloneDX" and specVersion\) — re-attest the SBOM in that format$/,
      );
      expect(existsSync(out)).toBe(false);
    });

    it('writes nothing when the only SBOM attestation is by another identity', async () => {
      const target = images['sbom-evil']!;
      await attestImageNative(target.reference, {
        ...keyless(),
        identityToken: sigstore.token({
          sub: 'https://github.com/evil/api/.github/workflows/x.yml@refs/heads/main',
          iss: GITHUB_ISSUER,
        }),
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: SBOM,
      });
      const out = join(work, 'evil.cdx.json');
      const message = await failure(fetchAttestedSbom(target.reference, { ...policy(), outFile: out }));
      expect(message).toMatch(
        /^SBOM of .*: no verified SBOM attestation — CycloneDX: bundle [0-9a-f]{12}…: signed by https:\/\/github\.com\/evil\/.*; SPDX: an attestation \(https:\/\/cyclonedx\.org\/bom\)$/,
      );
      expect(existsSync(out)).toBe(false);
    });
  });

  /**
   * `verify` against an attacker who can push anything to the registry (referrers, fallback indexes, bundles) and can
   * get a Fulcio certificate for an identity of their own, but holds neither the trusted identity nor its key. Each
   * test is one attack; each must end in exit 1 (VerificationError), never in "verified".
   */
  describe('against an attacker with push access to the registry', () => {
    const endpoints = () => ({ fulcioURL: sigstore.url, rekorURL: sigstore.url, tsaURL: sigstore.url });
    const repo = (name: string) => new RegistryClient(repositoryOf(`${registry.host}/cg/att-${name}`));
    const attach = (name: string, bundle: unknown, annotations: Record<string, string> = {}) =>
      attachReferrer(
        repo(name),
        { mediaType: MEDIA_TYPES.ociManifest, digest: images[`att-${name}`]!.digest, size: 1 },
        Buffer.from(JSON.stringify(bundle)),
        { artifactType: BUNDLE_MEDIA_TYPE, annotations },
      );

    it("turns down the attacker's own identity, however close its name is to the trusted one", async () => {
      const target = images['att-own-identity']!;
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
      const target = images['att-issuer']!;
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

    it('does not take a keyless bundle when verifying with a key, with or without the log', async () => {
      const target = images['att-key-policy']!;
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
      const target = images['att-stripped']!;
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
      const target = images['att-message']!;
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
      const target = images['att-labels']!;
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
      const target = images['att-index']!;
      await signImageNative(target.reference, keyless());
      // Overwritten by the attacker: "if the tag is not an index, assume no referrers" (distribution-spec v1.1.1 L717-720).
      const image = (await repo('index').getManifest(target.digest))!;
      await repo('index').putManifest(target.digest.replace(':', '-'), image.bytes, image.mediaType);
      expect(await failure(verifyImageNative(target.reference, policy()))).toMatch(
        /no Sigstore bundle among its 0 referrers/,
      );
    });

    it('cannot bring back an older verified SBOM by lying about when its referrer was created', async () => {
      const target = images['att-rollback']!;
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
});
