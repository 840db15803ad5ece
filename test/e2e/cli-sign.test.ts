import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/tools/which.js';
import { runCli } from '../support/cli.js';
import { type PushedImage, pushImage } from '../support/oci-images.js';
import { type LocalRegistry, requireRealTools, startRegistry } from '../support/real-tools.js';
import {
  GITHUB_ISSUER,
  type SigstoreTestServer,
  startSigstoreServer,
  WORKFLOW_IDENTITY,
} from '../support/sigstore-server.js';

const ready = requireRealTools('skopeo', 'registry');
/** The user's PATH, without the stand-ins: no cosign anywhere. */
const PATH = process.env.PATH ?? '';

describe.skipIf(!ready)('sign, attest and verify from the CLI with no cosign installed', () => {
  let work: string;
  let registry: LocalRegistry;
  let sigstore: SigstoreTestServer;
  const images: Record<string, PushedImage> = {};
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { path: PATH, cwd: work, env });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-e2e-cli-sign-'));
    registry = await startRegistry(join(work, 'registry'));
    sigstore = await startSigstoreServer();
    await sigstore.writeTrustedRoot(join(work, 'trusted_root.json'));
    for (const name of ['keyed', 'unsigned', 'attested-only', 'keyless', 'by-tag', 'tuf']) {
      images[name] = await pushImage(work, registry.host, `cli/${name}`, `cli ${name}`);
    }
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await writeFile(join(work, 'cosign.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(work, 'cosign.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(join(work, 'other.pub'), other.publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(
      join(work, 'sbom.cdx.json'),
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }),
    );
  }, 120_000);

  afterAll(async () => {
    await sigstore?.close();
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('has no cosign to fall back on', () => {
    expect(findExecutable('cosign', PATH)).toBeUndefined();
  });

  it('sign --key, attest --key, verify --key: each exits 0 and says what it did', async () => {
    const ref = images.keyed!.reference;
    const signed = await cli(['sign', '--key', 'cosign.key', '--no-tlog-upload', ref]);
    expect(signed.stderr).toContain('pushed the signature bundle as referrer sha256:');
    expect([signed.code, signed.stdout]).toEqual([0, `signed ${ref}\n`]);
    const attested = await cli(
      [
        'attest',
        '--key',
        'env://CG_TEST_KEY',
        '--no-tlog-upload',
        '--type',
        'cyclonedx',
        '--predicate',
        'sbom.cdx.json',
        ref,
      ],
      { CG_TEST_KEY: readFileSync(join(work, 'cosign.key'), 'utf8') },
    );
    expect([attested.code, attested.stdout, attested.stderr]).toEqual([
      0,
      `attested cyclonedx to ${ref}\n`,
      expect.any(String),
    ]);
    const verified = await cli(['verify', '--key', 'cosign.pub', '--insecure-ignore-tlog', ref]);
    expect([verified.code, verified.stdout]).toEqual([0, `verified 1 signature for ${ref}\n`]);
    const attestation = await cli([
      'verify',
      '--key',
      'cosign.pub',
      '--insecure-ignore-tlog',
      '--attestation',
      'cyclonedx',
      ref,
    ]);
    expect([attestation.code, attestation.stdout]).toEqual([
      0,
      `verified 1 attestation https://cyclonedx.org/bom for ${ref}\n`,
    ]);
    const saved = await cli([
      'verify',
      '--key',
      'cosign.pub',
      '--insecure-ignore-tlog',
      '--attestation',
      'cyclonedx',
      '--predicate-out',
      'out/deployed.cdx.json',
      ref,
    ]);
    expect(saved.code).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'out/deployed.cdx.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(work, 'sbom.cdx.json'), 'utf8')),
    );
  });

  it('verify exits 1 with one line for another key, an unsigned image and an image with only an attestation', async () => {
    const wrongKey = await cli([
      'verify',
      '--key',
      'other.pub',
      '--insecure-ignore-tlog',
      images.keyed!.reference,
    ]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(
      /^container-gate: verify .*: no valid signature — 2 bundles, none a valid signature matching the policy: bundle [0-9a-f]+…: does not verify \(signature verification failed\); an attestation \(https:\/\/cyclonedx\.org\/bom\)\n$/,
    );
    expect(wrongKey.stderr.trim().split('\n')).toHaveLength(1);

    const unsigned = await cli([
      'verify',
      '--key',
      'cosign.pub',
      '--insecure-ignore-tlog',
      images.unsigned!.reference,
    ]);
    expect([unsigned.code, unsigned.stdout]).toEqual([1, '']);
    expect(unsigned.stderr).toMatch(/no valid signature — no Sigstore bundle among its 0 referrers\n$/);

    const ref = images['attested-only']!.reference;
    const attested = await cli([
      'attest',
      '--key',
      'cosign.key',
      '--no-tlog-upload',
      '--type',
      'cyclonedx',
      '--predicate',
      'sbom.cdx.json',
      ref,
    ]);
    expect(attested.code).toBe(0);
    const onlyAttestation = await cli(['verify', '--key', 'cosign.pub', '--insecure-ignore-tlog', ref]);
    expect(onlyAttestation.code).toBe(1);
    expect(onlyAttestation.stderr).toMatch(
      /no valid signature — 1 bundle, none a valid signature matching the policy: an attestation \(https:\/\/cyclonedx\.org\/bom\)/,
    );
  });

  it('signs keyless with the OIDC token in SIGSTORE_ID_TOKEN and verifies with identity, issuer and a trusted root', async () => {
    const ref = images.keyless!.reference;
    const urls = ['--fulcio-url', sigstore.url, '--rekor-url', sigstore.url, '--tsa-url', sigstore.url];
    const signed = await cli(['sign', ...urls, ref], { SIGSTORE_ID_TOKEN: sigstore.token() });
    expect([signed.code, signed.stdout]).toEqual([0, `signed ${ref}\n`]);
    const policy = ['--certificate-oidc-issuer', GITHUB_ISSUER, '--trusted-root', 'trusted_root.json'];
    const verified = await cli(['verify', '--certificate-identity', WORKFLOW_IDENTITY, ...policy, ref]);
    expect([verified.code, verified.stdout]).toEqual([0, `verified 1 signature for ${ref}\n`]);
    expect(verified.stderr).toContain(`${WORKFLOW_IDENTITY} (issuer ${GITHUB_ISSUER})`);
    const regexp = await cli([
      'verify',
      '--certificate-identity-regexp',
      'https://github\\.com/acme/.*',
      ...policy,
      ref,
    ]);
    expect(regexp.code).toBe(0);
    const other = await cli([
      'verify',
      '--certificate-identity-regexp',
      'https://github\\.com/evil/.*',
      ...policy,
      ref,
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(
      /signed by https:\/\/github\.com\/acme\/api\/\.github\/workflows\/release\.yml@refs\/heads\/main, not \/\^\(\?:https:\/\/github\\\.com\/evil\/\.\*\)\$\//,
    );
  });

  it('takes the trusted root from a TUF repository when none is given, and fails (exit 2) when it cannot', async () => {
    const ref = images.tuf!.reference;
    const urls = ['--fulcio-url', sigstore.url, '--rekor-url', sigstore.url];
    expect((await cli(['sign', ...urls, ref], { SIGSTORE_ID_TOKEN: sigstore.token() })).code).toBe(0);
    await sigstore.writeTufRoot(join(work, 'tuf-root.json'));
    const policy = ['--certificate-identity', WORKFLOW_IDENTITY, '--certificate-oidc-issuer', GITHUB_ISSUER];
    // @sigstore/tuf caches under $XDG_DATA_HOME/sigstore-js: a directory of this test's own.
    const env = { XDG_DATA_HOME: join(work, 'xdg') };
    const verified = await cli(
      ['verify', ...policy, '--tuf-mirror', sigstore.tufMirrorURL, '--tuf-root', 'tuf-root.json', ref],
      env,
    );
    expect([verified.code, verified.stdout]).toEqual([0, `verified 1 signature for ${ref}\n`]);
    expect(sigstore.requests).toContain('/tuf/targets/trusted_root.json');
    const unreachable = await cli(
      ['verify', ...policy, '--tuf-mirror', 'http://127.0.0.1:9', '--tuf-root', 'tuf-root.json', ref],
      { XDG_DATA_HOME: join(work, 'xdg-empty') },
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(
      /^container-gate: Sigstore trust root: TUF update from http:\/\/127\.0\.0\.1:9 failed .* — check the network, or pass --trusted-root <trusted_root\.json>\n$/,
    );
  });

  it('resolves a tag to its digest natively when asked, and refuses a tag otherwise', async () => {
    const tagged = `${registry.host}/cli/by-tag:latest`;
    const refused = await cli(['sign', '--key', 'cosign.key', '--no-tlog-upload', tagged]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/sign by digest/);
    const signed = await cli(['sign', '--key', 'cosign.key', '--no-tlog-upload', '--resolve-digest', tagged]);
    expect([signed.code, signed.stdout]).toEqual([0, `signed ${images['by-tag']!.reference}\n`]);
  });

  it('refuses bad input with exit 3 and one line: no policy, a bad regexp, a cosign-format key, cosign options', async () => {
    const ref = images.keyed!.reference;
    const noPolicy = await cli(['verify', ref]);
    expect(noPolicy.code).toBe(3);
    expect(noPolicy.stderr).toMatch(
      /keyless verify needs --certificate-identity .* AND --certificate-oidc-issuer/,
    );
    const badRegexp = await cli([
      'verify',
      '--certificate-identity-regexp',
      '(',
      '--certificate-oidc-issuer',
      GITHUB_ISSUER,
      ref,
    ]);
    expect([badRegexp.code, badRegexp.stderr]).toEqual([
      3,
      expect.stringMatching(/--certificate-identity-regexp "\(": not a regular expression/),
    ]);
    await writeFile(
      join(work, 'cosign-format.key'),
      '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n',
    );
    const cosignKey = await cli(['sign', '--key', 'cosign-format.key', ref]);
    expect([cosignKey.code, cosignKey.stderr]).toEqual([
      3,
      expect.stringMatching(/cosign's encrypted key format — sign with --signer cosign/),
    ]);
    const mixed = await cli(['sign', '--signer', 'cosign', '--fulcio-url', sigstore.url, ref]);
    expect([mixed.code, mixed.stderr]).toEqual([
      3,
      expect.stringMatching(/--fulcio-url is an option of the native signer/),
    ]);
    const noCosign = await cli(['sign', '--signer', 'cosign', '--key', 'cosign.key', ref]);
    expect([noCosign.code, noCosign.stderr]).toEqual([3, expect.stringMatching(/cosign not found on PATH/)]);
  });
});
