import type { AttestationPolicy } from '../options.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { anchoredRegexp } from './cosign-args.js';

/**
 * The verification policy as a user writes it, the same for `verify`, `rescan` and the Action's rescan mode: who must
 * have signed (a key, or a certificate identity AND issuer, each exact or a regexp) and which trust root says so.
 * Checked here once, before anything is fetched, with one message per contradiction; the verifier
 * (native.ts checkPolicyOptions) keeps its own check as a second line.
 */
export interface VerifyPolicyInput {
  key?: string;
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  trustedRoot?: string;
  tufMirror?: string;
  tufRoot?: string;
  insecureIgnoreTlog?: boolean;
}

export type Matcher = { exact: string } | { regexp: string };

/** How a shell spells an option in messages: `--trusted-root` for the CLI, the input's name for the Action. */
export type OptionName = (option: string) => string;

export const cliOption: OptionName = (option) => `--${option}`;

/**
 * An anchored matcher: `--certificate-identity-regexp '^https://github.com/acme/'` must match the whole identity
 * to mean what it says, so `(?:…)` is wrapped in `^…$` (an unanchored `acme` would accept `evil-acme`).
 */
export function compileMatcher(matcher: Matcher, flag: string): (value: string | undefined) => boolean {
  if ('exact' in matcher) return (value) => value === matcher.exact;
  let re: RegExp;
  try {
    // Compiled alone first: a pattern that is valid only inside the anchors (`x)|(.*`) would escape them.
    new RegExp(matcher.regexp, 'u');
    re = new RegExp(anchoredRegexp(matcher.regexp, flag), 'u');
  } catch (error) {
    throw new UsageError(
      `${flag} ${JSON.stringify(matcher.regexp)}: not a regular expression (${errorMessage(error)})`,
      { cause: error },
    );
  }
  return (value) => value !== undefined && re.test(value);
}

function matcher(exact: string | undefined, regexp: string | undefined, flag: string): Matcher | undefined {
  if (exact !== undefined && regexp !== undefined)
    throw new UsageError(`${flag} and ${flag}-regexp: pass one of them`);
  if (exact !== undefined) return { exact };
  if (regexp !== undefined) return { regexp };
  return undefined;
}

/**
 * The policy's regular expressions compile as the native verifier reads them (JavaScript, anchored). Not applied to
 * `verify --signer cosign`, whose regexps are Go's (`(?i)` is valid there).
 */
export function checkRegexps(policy: AttestationPolicy, name: OptionName = cliOption): void {
  if (policy.identity) compileMatcher(policy.identity, name('certificate-identity-regexp'));
  if (policy.issuer) compileMatcher(policy.issuer, name('certificate-oidc-issuer-regexp'));
}

/**
 * Keyless without both an identity and an issuer would accept any Sigstore certificate, which verifies nothing; a key
 * and a certificate policy at once is ambiguous. With the CLI's names the first message is cosign-args.ts
 * KEYLESS_POLICY_REQUIRED, word for word.
 */
function requireSigner(policy: AttestationPolicy, name: OptionName): void {
  if (policy.key) {
    if (policy.identity || policy.issuer)
      throw new UsageError(
        `${name('key')} and ${name('certificate-identity')}/${name('certificate-oidc-issuer')} do not go together — pick one`,
      );
    return;
  }
  if (!policy.identity || !policy.issuer)
    throw new UsageError(
      `keyless verify needs ${name('certificate-identity')} (or ${name('certificate-identity-regexp')}) AND ${name('certificate-oidc-issuer')}, e.g. https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main and https://token.actions.githubusercontent.com — or pass ${name('key')}`,
    );
}

export function verifyPolicyFrom(input: VerifyPolicyInput, name: OptionName = cliOption): AttestationPolicy {
  const identity = matcher(
    input.certificateIdentity,
    input.certificateIdentityRegexp,
    name('certificate-identity'),
  );
  const issuer = matcher(
    input.certificateOidcIssuer,
    input.certificateOidcIssuerRegexp,
    name('certificate-oidc-issuer'),
  );
  if (input.trustedRoot && (input.tufMirror || input.tufRoot))
    throw new UsageError(
      `${name('trusted-root')} and ${name('tuf-mirror')}/${name('tuf-root')}: pass the root or the TUF repository, not both`,
    );
  if (Boolean(input.tufMirror) !== Boolean(input.tufRoot))
    throw new UsageError(
      `${name('tuf-mirror')} and ${name('tuf-root')} go together: the mirror and its initial root.json`,
    );
  const policy: AttestationPolicy = {
    ...(input.key ? { key: input.key } : {}),
    ...(identity ? { identity } : {}),
    ...(issuer ? { issuer } : {}),
    ...(input.trustedRoot ? { trustedRoot: input.trustedRoot } : {}),
    ...(input.tufMirror ? { tufMirrorURL: input.tufMirror } : {}),
    ...(input.tufRoot ? { tufRootPath: input.tufRoot } : {}),
    ...(input.insecureIgnoreTlog ? { ignoreTlog: true } : {}),
  };
  requireSigner(policy, name);
  return policy;
}
