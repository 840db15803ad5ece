import { describe, expect, it } from 'vitest';
import { KEYLESS_POLICY_REQUIRED } from '../../../src/sign/cosign-args.js';
import { checkRegexps, verifyPolicyFrom } from '../../../src/sign/verify-policy.js';
import { UsageError } from '../../../src/util/errors.js';

const ID = 'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';

describe('the verification policy shared by verify, rescan and the Action', () => {
  it('reads a keyless policy (exact or regexp) and a key policy with its trust root options', () => {
    expect(verifyPolicyFrom({ certificateIdentity: ID, certificateOidcIssuerRegexp: 'https://.*' })).toEqual({
      identity: { exact: ID },
      issuer: { regexp: 'https://.*' },
    });
    expect(
      verifyPolicyFrom({
        key: 'cosign.pub',
        insecureIgnoreTlog: true,
        tufMirror: 'https://t',
        tufRoot: 'r.json',
      }),
    ).toEqual({ key: 'cosign.pub', ignoreTlog: true, tufMirrorURL: 'https://t', tufRootPath: 'r.json' });
  });

  it("refuses keyless without an identity and an issuer with cosign-args' message, word for word", () => {
    expect(() => verifyPolicyFrom({ certificateIdentity: ID })).toThrow(
      new UsageError(KEYLESS_POLICY_REQUIRED),
    );
    expect(() => verifyPolicyFrom({})).toThrow(new UsageError(KEYLESS_POLICY_REQUIRED));
  });

  it.each([
    [
      { key: 'k.pub', certificateIdentity: ID },
      /^--key and --certificate-identity\/--certificate-oidc-issuer do not go together/,
    ],
    [
      { certificateIdentity: ID, certificateIdentityRegexp: '.*', certificateOidcIssuer: ISSUER },
      /^--certificate-identity and --certificate-identity-regexp: pass one of them$/,
    ],
    [
      { key: 'k.pub', trustedRoot: 'root.json', tufMirror: 'https://t' },
      /^--trusted-root and --tuf-mirror\/--tuf-root/,
    ],
    [{ key: 'k.pub', tufRoot: 'root.json' }, /^--tuf-mirror and --tuf-root go together/],
  ])('refuses %j', (input, message) => {
    expect(() => verifyPolicyFrom(input)).toThrow(message);
  });

  it('spells options the way the shell does', () => {
    const name = (o: string) => (o === 'key' ? 'verify-key' : o);
    expect(() => verifyPolicyFrom({}, name)).toThrow(
      /^keyless verify needs certificate-identity .* — or pass verify-key$/,
    );
  });

  it('checks regexps as the native verifier compiles them, anchored', () => {
    expect(() =>
      checkRegexps(verifyPolicyFrom({ certificateIdentityRegexp: '(', certificateOidcIssuer: ISSUER })),
    ).toThrow(/^--certificate-identity-regexp "\(": not a regular expression/);
    expect(() =>
      checkRegexps(
        verifyPolicyFrom({ certificateIdentityRegexp: 'https://.*', certificateOidcIssuer: ISSUER }),
      ),
    ).not.toThrow();
  });
});
