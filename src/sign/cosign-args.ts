import { parseImageReference } from '../image/reference.js';
import { UsageError } from '../util/errors.js';

/**
 * Pure argv for cosign. Everything is bound to a digest (`name@sha256:…`): signing a tag signs whatever the tag
 * points at when cosign resolves it, which may not be what was scanned. Secrets never go on argv: the key's
 * password is COSIGN_PASSWORD in the environment, registry credentials come from `docker login` / `cosign login`.
 */
export type AttestationType = 'cyclonedx' | 'spdxjson' | 'vuln' | 'openvex' | 'slsaprovenance' | 'custom';
export const ATTESTATION_TYPES: readonly AttestationType[] = [
  'cyclonedx',
  'spdxjson',
  'vuln',
  'openvex',
  'slsaprovenance',
  'custom',
];

const KMS_SCHEMES = ['awskms://', 'gcpkms://', 'azurekms://', 'hashivault://', 'k8s://'] as const;
const ENV_KEY = /^env:\/\/[A-Za-z_][A-Za-z0-9_]*$/;

export interface KeyedOptions {
  /** A key file, `env://VAR` (the PEM in an environment variable), or a KMS URI (awskms://, gcpkms://, azurekms://, hashivault://, k8s://). Keyless when absent. */
  key?: string;
  /** `--allow-insecure-registry --allow-http-registry`: a local registry without TLS. */
  insecureRegistry?: boolean;
}

export interface SignArgsOptions extends KeyedOptions {
  /** `-a key=value` annotations stored in the signature payload. */
  annotations?: Record<string, string>;
}

export interface AttestArgsOptions extends KeyedOptions {
  type: AttestationType;
  /** The predicate file (an SBOM, a vuln predicate, an OpenVEX document). */
  predicate: string;
}

export interface VerifyArgsOptions {
  key?: string;
  certificateIdentity?: string;
  certificateIdentityRegexp?: string;
  certificateOidcIssuer?: string;
  certificateOidcIssuerRegexp?: string;
  insecureRegistry?: boolean;
}

/** Checks the form of `--key` and returns it; a KMS URI or env:// is passed through to cosign untouched. */
export function validateKeyRef(key: string): string {
  if (key === '' || /[\u0000-\u001f\u007f]/.test(key))
    throw new UsageError(
      `--key ${JSON.stringify(key)}: empty or contains control characters — pass a key file, env://VAR or a KMS URI`,
    );
  if (key.startsWith('env://')) {
    if (!ENV_KEY.test(key))
      throw new UsageError(
        `--key ${key}: env:// must name an environment variable, e.g. env://COSIGN_PRIVATE_KEY`,
      );
    return key;
  }
  const kms = KMS_SCHEMES.find((scheme) => key.startsWith(scheme));
  if (kms) {
    if (key.length === kms.length)
      throw new UsageError(`--key ${key}: ${kms} needs a key path after it, e.g. ${kms}…/keys/cosign`);
    return key;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) {
    throw new UsageError(
      `--key ${key}: unknown key scheme — use a key file, env://VAR, ${KMS_SCHEMES.join(', ')}`,
    );
  }
  if (key.startsWith('-'))
    throw new UsageError(`--key ${key}: a key file name cannot start with '-' — use ./${key}`);
  return key;
}

/**
 * The reference to hand cosign: `name@sha256:…` (a tag next to the digest is dropped). A reference without a
 * digest is refused with how to get one.
 */
export function requireDigestReference(reference: string): string {
  const parsed = parseImageReference(reference);
  if (!parsed)
    throw new UsageError(
      `image ${JSON.stringify(reference)}: not an image reference — pass name@sha256:<digest>`,
    );
  if (!parsed.digest) {
    throw new UsageError(
      `${reference}: sign by digest: resolve it first with \`skopeo inspect docker://${reference}\` (its "Digest") or pass name@sha256:… — a tag can move between scan and signature`,
    );
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(parsed.digest))
    throw new UsageError(
      `${reference}: only sha256 digests are supported — pass name@sha256:<64 hex digits>`,
    );
  return `${parsed.name}@${parsed.digest}`;
}

export function signArgs(reference: string, opts: SignArgsOptions = {}): string[] {
  const args = ['sign', '--yes', ...keyArgs(opts.key), ...registryArgs(opts.insecureRegistry)];
  for (const [key, value] of Object.entries(opts.annotations ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    if (key === '' || key.includes('=') || /[\u0000-\u001f\u007f]/.test(key + value)) {
      throw new UsageError(
        `annotation ${JSON.stringify(key)}: keys cannot contain '=' and values must be one line — fix the annotation`,
      );
    }
    args.push('-a', csvField(`${key}=${value}`));
  }
  args.push('--', requireDigestReference(reference));
  return args;
}

/**
 * cosign's `-a` is a pflag StringSlice (cosign v3.1.2 cmd/cosign/cli/options/annotations.go AddFlags →
 * `StringSliceVarP`), whose Set parses each value as one CSV record with Go's encoding/csv (spf13/pflag v1.0.10
 * string_slice.go readAsCSV): `-a k=x,y=z` becomes the two annotations `k=x` and `y=z`, and a bare `"` is a parse
 * error. A value holding a comma or a quote is therefore written as one quoted CSV field (`"k=x,y=z"`, quotes
 * doubled), which that reader turns back into exactly `k=x,y=z`; anything else is passed as it is. Line breaks are
 * refused before this (an unquoted one would end the record and drop the rest).
 */
export function csvField(value: string): string {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function attestArgs(reference: string, opts: AttestArgsOptions): string[] {
  if (!ATTESTATION_TYPES.includes(opts.type)) {
    throw new UsageError(
      `attestation type ${JSON.stringify(opts.type)}: use one of ${ATTESTATION_TYPES.join(', ')}`,
    );
  }
  if (opts.predicate === '' || opts.predicate.startsWith('-'))
    throw new UsageError(`--predicate ${JSON.stringify(opts.predicate)}: pass the predicate file path`);
  return [
    'attest',
    '--yes',
    ...keyArgs(opts.key),
    ...registryArgs(opts.insecureRegistry),
    '--type',
    opts.type,
    '--predicate',
    opts.predicate,
    '--',
    requireDigestReference(reference),
  ];
}

/** Keyless verification without an identity and an issuer would accept any Sigstore certificate: refused. */
export const KEYLESS_POLICY_REQUIRED =
  'keyless verify needs --certificate-identity (or --certificate-identity-regexp) AND --certificate-oidc-issuer, e.g. https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main and https://token.actions.githubusercontent.com — or pass --key';

/**
 * `cosign verify`: with a key, or keyless with BOTH an identity and an issuer. Keyless without them would accept
 * a signature by anyone holding any Sigstore certificate, which verifies nothing.
 */
export function verifyArgs(reference: string, opts: VerifyArgsOptions): string[] {
  return [
    'verify',
    ...verifierArgs(opts),
    ...registryArgs(opts.insecureRegistry),
    '--',
    requireDigestReference(reference),
  ];
}

export function verifyAttestationArgs(
  reference: string,
  opts: VerifyArgsOptions & { type: AttestationType },
): string[] {
  return [
    'verify-attestation',
    ...verifierArgs(opts),
    ...registryArgs(opts.insecureRegistry),
    '--type',
    opts.type,
    '--',
    requireDigestReference(reference),
  ];
}

/**
 * A policy regexp as container-gate means it: matching the whole value. cosign 3 finds the pattern anywhere
 * (sigstore-go pkg/verify/certificate_identity.go SubjectAlternativeNameMatcher.Verify and IssuerMatcher.Verify
 * call Go's regexp.MatchString, reached from cosign v3.1.2 pkg/cosign/verify.go L221-229), so `.*@acme\.com` would
 * accept `me@acme.com.evil.example`; Go's RE2 and JavaScript read `^(?:…)$` the same way.
 */
export function anchoredRegexp(regexp: string, flag: string): string {
  const anchored = `^(?:${regexp})$`;
  // `x)|(.*` is no regexp, but `^(?:x)|(.*)$` is one that matches anything: the `)|(` closed the anchoring group.
  // Only such a pattern compiles once wrapped and not alone (Go-only syntax such as `(?i)` fails both ways here and
  // is left to cosign to judge).
  if (!compiles(regexp) && compiles(anchored))
    throw new UsageError(
      `${flag} ${JSON.stringify(regexp)}: unbalanced parentheses — it would escape the ^(?:…)$ that makes it match the whole value`,
    );
  return anchored;
}

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function verifierArgs(opts: VerifyArgsOptions): string[] {
  if (opts.key !== undefined) return ['--key', validateKeyRef(opts.key)];
  const identity = opts.certificateIdentity ?? opts.certificateIdentityRegexp;
  const issuer = opts.certificateOidcIssuer ?? opts.certificateOidcIssuerRegexp;
  if (!identity || !issuer) {
    throw new UsageError(KEYLESS_POLICY_REQUIRED);
  }
  const args: string[] = [];
  if (opts.certificateIdentity) args.push('--certificate-identity', opts.certificateIdentity);
  else
    args.push(
      '--certificate-identity-regexp',
      anchoredRegexp(opts.certificateIdentityRegexp!, '--certificate-identity-regexp'),
    );
  if (opts.certificateOidcIssuer) args.push('--certificate-oidc-issuer', opts.certificateOidcIssuer);
  else
    args.push(
      '--certificate-oidc-issuer-regexp',
      anchoredRegexp(opts.certificateOidcIssuerRegexp!, '--certificate-oidc-issuer-regexp'),
    );
  return args;
}

function keyArgs(key: string | undefined): string[] {
  return key === undefined ? [] : ['--key', validateKeyRef(key)];
}

function registryArgs(insecure: boolean | undefined): string[] {
  return insecure ? ['--allow-insecure-registry', '--allow-http-registry'] : [];
}
