/**
 * The one secret detector for Dockerfile ENV/ARG/LABEL, image config Env and Kubernetes env values. It judges
 * a name and a value and says why it looks like a secret; callers never put the value in a finding.
 */

/** Value formats that are secrets whatever the variable is called. */
const VALUE_SHAPES: readonly { label: string; pattern: RegExp }[] = [
  { label: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { label: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { label: 'a GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
  { label: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { label: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { label: 'a Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}\b/ },
  { label: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { label: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { label: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  // A JWT's header and payload are base64url JSON, so both start with `eyJ` (`{"`).
  { label: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/ },
];

/** Names (upper-cased, non-alphanumerics as `_`) that hold secrets by convention. */
const SECRET_NAME_PATTERNS: readonly RegExp[] = [
  /_KEY$/,
  /(?:^|_)APIKEY$/,
  /(?:^|_)TOKEN$/,
  /SECRET/,
  /PASSWORD|PASSWD|PASSPHRASE/,
  /(?:^|_)PAT$/,
  /(?:^|_)(?:CREDENTIALS?|AUTH)$/,
];

/** Well-known variables that NOT_A_SECRET_NAME would otherwise let through. */
const ALWAYS_SECRET_NAMES: ReadonlySet<string> = new Set(['AWS_ACCESS_KEY_ID', 'AZURE_CLIENT_ID']);

/**
 * Names that match a pattern above but name something that is not the secret itself: where it is, what
 * it is called, how long it lives, or a key that is public or not a credential at all.
 */
const NOT_A_SECRET_NAME: readonly RegExp[] = [
  /_(?:FILE|PATH|DIR|URL|URI|ENDPOINT|HOST|PORT|NAME|TYPE|ID|REF|LENGTH|SIZE|TTL|EXPIRY|EXPIRES|HEADER|FIELD|ENABLED|MOUNT|LOCATION|VERSION|ALGORITHM|FORMAT)$/,
  /PUBLIC/,
  /(?:^|_)(?:CACHE|SORT|PARTITION|PRIMARY|FOREIGN|IDEMPOTENCY|ROUTING)_KEY$/,
];

/** A value that only refers to something else (`$X`, `${X}`, Kubernetes' `$(X)`) holds no literal secret. */
const REFERENCE_ONLY = /^\s*(?:\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*)\s*$/;

export function normaliseSecretName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function isSecretName(name: string): boolean {
  const normalised = normaliseSecretName(name);
  if (ALWAYS_SECRET_NAMES.has(normalised)) return true;
  if (NOT_A_SECRET_NAME.some((pattern) => pattern.test(normalised))) return false;
  return SECRET_NAME_PATTERNS.some((pattern) => pattern.test(normalised));
}

/** Which known secret format the value has, if any. */
export function secretValueShape(value: string): string | undefined {
  return VALUE_SHAPES.find((shape) => shape.pattern.test(value))?.label;
}

export function isReferenceOnly(value: string): boolean {
  return REFERENCE_ONLY.test(value);
}

export type SecretVerdict =
  /** The value itself is a secret: literally in the file or image. */
  | { kind: 'literal'; reason: string }
  /** A secret name with no literal value (a build argument, a reference): the secret flows through here. */
  | { kind: 'named'; reason: string };

/**
 * Judges one name/value pair. `value` is undefined when there is none (`ARG NPM_TOKEN`). Empty values are
 * placeholders and pass.
 */
export function judgeSecret(name: string, value: string | undefined): SecretVerdict | undefined {
  if (value !== undefined) {
    const shape = secretValueShape(value);
    if (shape) return { kind: 'literal', reason: `holds a value shaped like ${shape}` };
  }
  if (!isSecretName(name)) return undefined;
  if (value === undefined || isReferenceOnly(value)) {
    return { kind: 'named', reason: 'is named like a secret' };
  }
  if (value.trim() === '' || looksLikePath(value)) return undefined;
  return { kind: 'literal', reason: 'is named like a secret and holds a literal value' };
}

/** `/run/secrets/db` under DB_PASSWORD says where the secret is, not what it is. */
function looksLikePath(value: string): boolean {
  return /^(?:\/|\.\/|~\/)[^\s]*$/.test(value.trim());
}

/** How a secret appears in a finding: the name and a mask, never a character of the value. */
export function maskedAssignment(name: string): string {
  return `${name}=***`;
}
