import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attestArgs,
  attestImage,
  requireDigestReference,
  signArgs,
  signImage,
  validateKeyRef,
  verifyArgs,
  verifyAttestationArgs,
  verifyImage,
} from '../../../src/sign/cosign.js';
import { exitCodeFor, RunError, UsageError, VerificationError } from '../../../src/util/errors.js';
import { fakeBinDir, fakeTool } from '../tools/fake-bin.js';

const COSIGN = resolve(import.meta.dirname, '../../bin/cosign');
const digest = `sha256:${'5e'.repeat(32)}`;
const image = `ghcr.io/acme/api@${digest}`;
const keyless = {
  certificateIdentity: 'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main',
  certificateOidcIssuer: 'https://token.actions.githubusercontent.com',
};

interface Recorded {
  argv: string[];
  env: Record<string, string>;
}

describe('validateKeyRef', () => {
  it('accepts a key file, env:// and the KMS schemes cosign knows', () => {
    for (const key of [
      'cosign.key',
      './keys/cosign.key',
      'env://COSIGN_PRIVATE_KEY',
      'awskms:///arn:aws:kms:us-east-1:1:key/abc',
      'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k',
      'azurekms://vault.vault.azure.net/key',
      'hashivault://transit-key',
      'k8s://ns/secret',
    ]) {
      expect(validateKeyRef(key)).toBe(key);
    }
  });

  it('refuses an unknown scheme, a bare scheme, an env:// without a variable and a flag-looking file', () => {
    expect(() => validateKeyRef('s3://bucket/key')).toThrow(/unknown key scheme/);
    expect(() => validateKeyRef('awskms://')).toThrow(/needs a key path/);
    expect(() => validateKeyRef('env://')).toThrow(/env:\/\/ must name an environment variable/);
    expect(() => validateKeyRef('--key=x')).toThrow(UsageError);
  });
});

describe('requireDigestReference', () => {
  it('refuses a tag and says how to resolve it', () => {
    expect(() => requireDigestReference('ghcr.io/acme/api:1.2')).toThrow(
      /sign by digest: resolve it first with `skopeo inspect docker:\/\/ghcr.io\/acme\/api:1.2`.* or pass name@sha256:/,
    );
  });

  it('keeps the digest and drops a tag beside it', () => {
    expect(requireDigestReference(`ghcr.io/acme/api:1.2@${digest}`)).toBe(image);
  });
});

describe('cosign argv', () => {
  it('signs by digest with --yes, keyless when there is no key', () => {
    expect(signArgs(image)).toEqual(['sign', '--yes', '--', image]);
  });

  it('signs with a key and sorted annotations', () => {
    expect(
      signArgs(image, { key: 'env://COSIGN_PRIVATE_KEY', annotations: { run: '42', commit: 'abc' } }),
    ).toEqual([
      'sign',
      '--yes',
      '--key',
      'env://COSIGN_PRIVATE_KEY',
      '-a',
      'commit=abc',
      '-a',
      'run=42',
      '--',
      image,
    ]);
  });

  // cosign v3.1.2 cmd/cosign/cli/options/annotations.go: `-a` is a pflag StringSlice, parsed as one CSV record
  // (spf13/pflag v1.0.10 string_slice.go readAsCSV): unquoted, `k=x,y=z` would become two annotations.
  it('quotes an annotation holding a comma or a quote, so cosign reads it as one CSV field', () => {
    const args = signArgs(image, { annotations: { note: 'a,b=c', quote: 'say "hi"', plain: 'x y' } });
    expect(args).toEqual([
      'sign',
      '--yes',
      '-a',
      '"note=a,b=c"',
      '-a',
      'plain=x y',
      '-a',
      '"quote=say ""hi"""',
      '--',
      image,
    ]);
    expect(() => signArgs(image, { annotations: { note: 'two\nlines' } })).toThrow(/must be one line/);
    expect(() => signArgs(image, { annotations: { 'a=b': 'c' } })).toThrow(/cannot contain '='/);
  });

  it('attests an SBOM and a vuln predicate by type', () => {
    expect(attestArgs(image, { type: 'cyclonedx', predicate: 'out/sbom.cdx.json' })).toEqual([
      'attest',
      '--yes',
      '--type',
      'cyclonedx',
      '--predicate',
      'out/sbom.cdx.json',
      '--',
      image,
    ]);
    expect(
      attestArgs(image, { type: 'vuln', predicate: 'vuln.json', key: 'cosign.key', insecureRegistry: true }),
    ).toEqual([
      'attest',
      '--yes',
      '--key',
      'cosign.key',
      '--allow-insecure-registry',
      '--allow-http-registry',
      '--type',
      'vuln',
      '--predicate',
      'vuln.json',
      '--',
      image,
    ]);
  });

  it('verifies keyless only with both an identity and an issuer', () => {
    expect(verifyArgs(image, keyless)).toEqual([
      'verify',
      '--certificate-identity',
      keyless.certificateIdentity,
      '--certificate-oidc-issuer',
      keyless.certificateOidcIssuer,
      '--',
      image,
    ]);
    expect(
      verifyArgs(image, {
        certificateIdentityRegexp: '^https://github.com/acme/',
        certificateOidcIssuer: keyless.certificateOidcIssuer,
      }),
    ).toContain('--certificate-identity-regexp');
    expect(() => verifyArgs(image, { certificateIdentity: keyless.certificateIdentity })).toThrow(
      /needs --certificate-identity .* AND --certificate-oidc-issuer/,
    );
    expect(() => verifyArgs(image, { certificateOidcIssuer: keyless.certificateOidcIssuer })).toThrow(
      UsageError,
    );
    expect(verifyArgs(image, { key: 'cosign.pub' })).toEqual(['verify', '--key', 'cosign.pub', '--', image]);
  });

  // cosign 3 matches --certificate-identity-regexp with Go's regexp.MatchString, which finds the pattern anywhere in
  // the SAN (cosign v3.1.2 pkg/cosign/verify.go L221-229 → sigstore-go pkg/verify/certificate_identity.go NewSANMatcher
  // and SubjectAlternativeNameMatcher.Verify; the issuer likewise): `.*@acme\.com` would accept
  // `me@acme.com.evil.example`. The native verifier matches the whole value; the cosign backend must mean the same.
  it('passes identity and issuer regexps to cosign anchored to the whole value, as the native verifier reads them', () => {
    const argv = verifyArgs(image, {
      certificateIdentityRegexp: '.*@acme\\.com',
      certificateOidcIssuerRegexp: 'https://github\\.com/login/oauth',
    });
    expect(argv).toEqual([
      'verify',
      '--certificate-identity-regexp',
      '^(?:.*@acme\\.com)$',
      '--certificate-oidc-issuer-regexp',
      '^(?:https://github\\.com/login/oauth)$',
      '--',
      image,
    ]);
    expect(
      verifyAttestationArgs(image, {
        certificateIdentityRegexp: 'a|b',
        certificateOidcIssuer: keyless.certificateOidcIssuer,
        type: 'cyclonedx',
      }),
    ).toContain('^(?:a|b)$');
    // `)|(` would close the anchoring group: ^(?:x)|(.*)$ matches anything, in Go as in JavaScript.
    expect(() =>
      verifyArgs(image, {
        certificateIdentityRegexp: 'x)|(.*',
        certificateOidcIssuer: keyless.certificateOidcIssuer,
      }),
    ).toThrow(/--certificate-identity-regexp "x\)\|\(\.\*": unbalanced parentheses/);
    expect(() =>
      verifyArgs(image, {
        certificateIdentity: keyless.certificateIdentity,
        certificateOidcIssuerRegexp: 'a)|(b',
      }),
    ).toThrow(UsageError);
    // Go syntax JavaScript does not read is left to cosign.
    expect(
      verifyArgs(image, {
        certificateIdentityRegexp: '(?i)x',
        certificateOidcIssuer: keyless.certificateOidcIssuer,
      }),
    ).toContain('^(?:(?i)x)$');
  });

  it('refuses to sign, attest or verify a reference without a digest', () => {
    expect(() => signArgs('ghcr.io/acme/api:1')).toThrow(/sign by digest/);
    expect(() => attestArgs('ghcr.io/acme/api:1', { type: 'vuln', predicate: 'v.json' })).toThrow(
      /sign by digest/,
    );
    expect(() => verifyArgs('ghcr.io/acme/api:1', keyless)).toThrow(/sign by digest/);
  });
});

describe('running cosign (stand-in)', () => {
  let work: string;
  let log: string;
  const password = 'correct-horse-battery-staple';
  const records = async (): Promise<Recorded[]> =>
    (await readFile(log, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Recorded);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-cosign-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const run = (name: string, extra: Record<string, string> = {}) => {
    log = join(work, `${name}.log`);
    return { cosign: COSIGN, env: { STANDIN_ARGV_LOG: log, ...extra } };
  };

  it('signs with a key, passing the password in COSIGN_PASSWORD and never on argv', async () => {
    const result = await signImage(image, { ...run('sign'), key: 'cosign.key', password });
    expect(result.reference).toBe(image);
    expect(result.stderr).toContain('Pushing signature to: ghcr.io/acme/api');
    const [call] = await records();
    expect(call).toEqual({
      tool: 'cosign',
      argv: ['sign', '--yes', '--key', 'cosign.key', '--', image],
      env: { COSIGN_PASSWORD: '<set>' },
    });
    expect(JSON.stringify(call?.argv)).not.toContain(password);
  });

  it('never shows the password in an error, even when cosign echoes it', async () => {
    const error = await signImage(image, {
      ...run('leak', { STANDIN_COSIGN_EXIT: '1', STANDIN_COSIGN_LEAK: '1' }),
      key: 'cosign.key',
      password,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(
      /^sign ghcr\.io\/acme\/api@sha256:(5e)+: cosign failed \(exit 1\): Error: signing .*UNAUTHORIZED/,
    );
    expect((error as Error).message).not.toContain(password);
    expect(JSON.stringify(await records())).not.toContain(password);
  });

  it('attests a predicate file to the digest', async () => {
    await attestImage(image, { ...run('attest'), type: 'cyclonedx', predicate: join(work, 'sbom.cdx.json') });
    expect((await records())[0]?.argv).toEqual(
      attestArgs(image, { type: 'cyclonedx', predicate: join(work, 'sbom.cdx.json') }),
    );
  });

  it('verifies and counts the signatures cosign printed for the digest', async () => {
    const result = await verifyImage(image, {
      ...run('verify', { STANDIN_COSIGN_VERIFY_COUNT: '2' }),
      ...keyless,
    });
    expect(result).toMatchObject({ reference: image, signatures: 2 });
    expect((await records())[0]?.argv).toEqual(verifyArgs(image, keyless));
  });

  it('fails a verify whose output is for another digest or lists no signature', async () => {
    const other = `sha256:${'0f'.repeat(32)}`;
    await expect(
      verifyImage(image, { ...run('other', { STANDIN_COSIGN_VERIFY_DIGEST: other }), ...keyless }),
    ).rejects.toThrow(/verified a bundle for sha256:(0f)+, not sha256:(5e)+ — treat the image as unsigned$/);
    const none = await verifyImage(image, {
      ...run('none', { STANDIN_COSIGN_VERIFY_COUNT: '0' }),
      ...keyless,
    }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(VerificationError);
    expect((none as Error).message).toMatch(/verified no signature/);
  });

  // cosign 3 verifies every bundle among the referrers, attestations too, and prints one entry per bundle with the
  // predicate type in critical.type (cmd/cosign/cli/verify/verify.go transformOutput).
  it('does not count an attestation as a signature: an image with only an SBOM attestation is unsigned', async () => {
    const error = await verifyImage(image, {
      ...run('only-attestation', { STANDIN_COSIGN_VERIFY_TYPES: 'https://cyclonedx.org/bom' }),
      ...keyless,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerificationError);
    expect(exitCodeFor(error)).toBe(1);
    expect((error as Error).message).toMatch(
      /cosign verified 1 bundle but no signature \(only https:\/\/cyclonedx\.org\/bom\) — treat the image as unsigned$/,
    );
  });

  it('counts only the signatures among the verified bundles', async () => {
    const result = await verifyImage(image, {
      ...run('mixed', {
        STANDIN_COSIGN_VERIFY_TYPES: [
          'https://cyclonedx.org/bom',
          'https://sigstore.dev/cosign/sign/v1',
          'https://cosign.sigstore.dev/attestation/vuln/v1',
          'cosign container image signature',
        ].join(','),
      }),
      ...keyless,
    });
    expect(result.signatures).toBe(2);
  });

  it('resolves a tag to its digest first when the caller allows it', async () => {
    const bin = await fakeBinDir();
    const skopeo = await fakeTool(bin, 'skopeo', `echo '{"Digest":"${digest}"}'`);
    try {
      // resolveDigest finds skopeo on PATH; the stand-in cosign is named explicitly.
      const result = await signImage('ghcr.io/acme/api:1.2', {
        ...run('resolve'),
        env: { STANDIN_ARGV_LOG: log, PATH: `${bin}:${process.env.PATH}` },
        resolveDigest: true,
      });
      expect(skopeo).toBeTruthy();
      expect(result.reference).toBe(image);
      expect((await records())[0]?.argv).toEqual(['sign', '--yes', '--', image]);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('says how to get cosign when it is missing', async () => {
    await expect(signImage(image, { cosign: join(work, 'no-cosign') })).rejects.toThrow(
      /cosign not found at .* — install cosign/,
    );
  });
});
