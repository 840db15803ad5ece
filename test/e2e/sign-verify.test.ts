import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
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
import { RegistryClient, repositoryOf } from '../../src/sign/registry.js';
import { BUNDLE_MEDIA_TYPE } from '../../src/sign/sigstore.js';
import { PREDICATE_TYPES, SIGNATURE_PREDICATE_TYPE } from '../../src/sign/statement.js';
import { inspectRaw, type PushedImage, pushImage } from '../support/oci-images.js';
import { type LocalRegistry, requireRealTools, startRegistry } from '../support/real-tools.js';
import {
  GITHUB_ISSUER,
  type SigstoreTestServer,
  startSigstoreServer,
  WORKFLOW_IDENTITY,
} from '../support/sigstore-server.js';

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

  const keyless = (): NativeSignOptions => ({
    endpoints: { fulcioURL: sigstore.url, rekorURL: sigstore.url, tsaURL: sigstore.url },
    identityToken: sigstore.token(),
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
    const bundle = structuredClone(signed.bundle) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    statement.subject[0].annotations = { approved: 'true' };
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    // Replace the genuine referrer by the tampered one: push a new manifest, then drop the old from the index.
    const client = new RegistryClient(repositoryOf(`${registry.host}/cg/tampered`));
    await attachReferrer(
      client,
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: target.digest, size: 1 },
      Buffer.from(JSON.stringify(bundle)),
      { artifactType: BUNDLE_MEDIA_TYPE, annotations: {} },
    );
    const tag = target.digest.replace(':', '-');
    const index = (await inspectRaw(registry.host, 'cg/tampered', tag)) as {
      manifests: { digest: string }[];
    };
    const kept = index.manifests.filter((m) => m.digest !== signed.referrer.digest);
    await client.putManifest(
      tag,
      Buffer.from(JSON.stringify({ ...index, manifests: kept })),
      'application/vnd.oci.image.index.v1+json',
    );
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
        /^SBOM of .*: no verified SBOM attestation — no valid attestation https:\/\/cyclonedx\.org\/bom — .*signed by https:\/\/github\.com\/evil\//,
      );
      expect(existsSync(out)).toBe(false);
    });
  });
});
