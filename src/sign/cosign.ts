import { z } from 'zod';
import { resolveDigest } from '../image/digest.js';
import { parseTarget } from '../image/reference.js';
import { runTool } from '../tools/run-tool.js';
import { findExecutable } from '../tools/which.js';
import { RunError, UsageError, VerificationError } from '../util/errors.js';
import { plural } from '../util/format.js';
import {
  type AttestArgsOptions,
  type AttestationType,
  attestArgs,
  requireDigestReference,
  type SignArgsOptions,
  signArgs,
  type VerifyArgsOptions,
  verifyArgs,
  verifyAttestationArgs,
} from './cosign-args.js';

export * from './cosign-args.js';

/**
 * Runs cosign sign / attest / verify. Keyless signing on GitHub Actions needs `permissions: id-token: write`;
 * cosign then reads ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN itself. With a key, its password goes in COSIGN_PASSWORD
 * (never argv) and is scrubbed from any message.
 */
export const COSIGN_INSTALL_HINT =
  'install cosign (https://docs.sigstore.dev/cosign/system_config/installation/), pass --cosign-path, or use --install-missing';

export interface CosignRunOptions {
  /** The cosign executable; PATH when absent. */
  cosign?: string;
  /** The private key's password, handed to cosign as COSIGN_PASSWORD. */
  password?: string;
  /** More environment for cosign (registry auth file, TUF mirror…); values are treated as secrets in messages. */
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Resolve a reference without a digest with skopeo first (the digest the registry serves now). Without it
   * such a reference is refused.
   */
  resolveDigest?: boolean;
  /** For that resolution and for cosign: a registry without TLS. */
  insecureRegistry?: boolean;
}

export interface CosignResult {
  /** The exact `name@sha256:…` cosign acted on. */
  reference: string;
  stderr: string;
}

export interface VerifyResult extends CosignResult {
  /** How many signatures cosign verified for that digest. */
  signatures: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
/** Environment entries whose values never appear in a message. */
const SECRET_ENV = /PASS|TOKEN|SECRET|KEY|CRED|AUTH/i;

export async function signImage(
  reference: string,
  opts: CosignRunOptions & Omit<SignArgsOptions, 'insecureRegistry'> = {},
): Promise<CosignResult> {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    signArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `sign ${pinned}`,
    opts,
  );
  return { reference: pinned, stderr: res.stderr };
}

export async function attestImage(
  reference: string,
  opts: CosignRunOptions & Omit<AttestArgsOptions, 'insecureRegistry'>,
): Promise<CosignResult> {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    attestArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `attest ${opts.type} to ${pinned}`,
    opts,
  );
  return { reference: pinned, stderr: res.stderr };
}

/**
 * What cosign 3 says is a signature, as opposed to an attestation. With bundles in the registry (the default),
 * `cosign verify` verifies every Sigstore bundle among the image's referrers, attestations included, and prints
 * one entry per bundle with `critical.type` set to the bundle's in-toto predicate type (cosign v3.1.2
 * cmd/cosign/cli/verify/verify.go transformOutput); a signature has cosign's sign predicate
 * (pkg/types/predicate.go CosignSignPredicateType). Legacy `.sig` signatures print the simple-signing type
 * `cosign container image signature`.
 */
export const COSIGN_SIGNATURE_TYPES: readonly string[] = [
  'https://sigstore.dev/cosign/sign/v1',
  'cosign container image signature',
];

const VerifiedEntries = z.array(
  z.looseObject({
    critical: z.looseObject({
      image: z.looseObject({ 'docker-manifest-digest': z.string() }),
      type: z.string().optional(),
    }),
  }),
);

/**
 * `cosign verify`, then a check of what it printed: only entries whose type is a signature count (an SBOM
 * attestation from the same identity is not a signature), there must be at least one, and every entry must be
 * for the digest asked about. Output that says otherwise is an error, never a pass.
 */
export async function verifyImage(
  reference: string,
  opts: CosignRunOptions & Omit<VerifyArgsOptions, 'insecureRegistry'>,
): Promise<VerifyResult> {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    verifyArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `verify ${pinned}`,
    opts,
  );
  const digest = pinned.slice(pinned.indexOf('@') + 1);
  let parsed: z.infer<typeof VerifiedEntries>;
  try {
    parsed = VerifiedEntries.parse(JSON.parse(res.stdout));
  } catch (error) {
    throw new RunError(
      `verify ${pinned}: cosign exited 0 but its output is not the list of verified signatures — check the cosign version`,
      { cause: error },
    );
  }
  const other = parsed.find((entry) => entry.critical.image['docker-manifest-digest'] !== digest);
  if (other) {
    throw new VerificationError(
      `verify ${pinned}: cosign verified a bundle for ${other.critical.image['docker-manifest-digest'] || 'no digest'}, not ${digest} — treat the image as unsigned`,
    );
  }
  const signatures = parsed.filter((entry) => COSIGN_SIGNATURE_TYPES.includes(entry.critical.type ?? ''));
  if (signatures.length === 0) {
    const types = [...new Set(parsed.map((entry) => entry.critical.type || 'no type'))];
    throw new VerificationError(
      parsed.length === 0
        ? `verify ${pinned}: cosign exited 0 but verified no signature — treat the image as unsigned`
        : `verify ${pinned}: cosign verified ${parsed.length} bundle${plural(parsed.length)} but no signature (only ${types.join(', ')}) — treat the image as unsigned`,
    );
  }
  return { reference: pinned, stderr: res.stderr, signatures: signatures.length };
}

/**
 * `cosign verify-attestation --type T`: cosign checks the predicate type itself and exits non-zero when no
 * attestation of that type verifies (v3.1.2 cmd/cosign/cli/verify/verify_attestation.go: "none of the attestations
 * matched the predicate type"), so exit 0 is the answer.
 */
export async function verifyAttestationImage(
  reference: string,
  opts: CosignRunOptions & Omit<VerifyArgsOptions, 'insecureRegistry'> & { type: AttestationType },
): Promise<CosignResult> {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    verifyAttestationArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `verify attestation ${opts.type} of ${pinned}`,
    opts,
  );
  return { reference: pinned, stderr: res.stderr };
}

async function pinnedReference(reference: string, opts: CosignRunOptions): Promise<string> {
  if (!opts.resolveDigest || reference.includes('@')) return requireDigestReference(reference);
  const target = parseTarget(reference);
  if (target.kind !== 'reference')
    throw new UsageError(
      `${reference}: cosign signs images in a registry, not archives — push it and pass name@sha256:…`,
    );
  const digest = await resolveDigest(target, {
    ...(opts.insecureRegistry ? { insecureRegistry: true } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  return requireDigestReference(`${target.name}@${digest}`);
}

async function runCosign(args: string[], action: string, opts: CosignRunOptions) {
  const executable = findExecutable(opts.cosign ?? 'cosign', opts.env?.PATH ?? process.env.PATH ?? '');
  if (!executable) {
    throw new UsageError(
      `${action}: cosign not found${opts.cosign ? ` at ${opts.cosign}` : ' on PATH'} — ${COSIGN_INSTALL_HINT}`,
    );
  }
  const env: Record<string, string> = { ...opts.env };
  if (opts.password !== undefined) env.COSIGN_PASSWORD = opts.password;
  const secrets = [
    ...(opts.password ? [opts.password] : []),
    ...Object.entries(opts.env ?? {})
      .filter(([key]) => SECRET_ENV.test(key))
      .map(([, value]) => value),
  ];
  return runTool({
    tool: 'cosign',
    executable,
    args,
    action,
    installHint: COSIGN_INSTALL_HINT,
    env,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(opts.signal ? { signal: opts.signal } : {}),
    redact: secrets,
  });
}
