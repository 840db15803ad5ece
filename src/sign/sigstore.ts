import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type Bundle,
  bundleFromJSON,
  bundleToJSON,
  isBundleWithDsseEnvelope,
  type SerializedBundle,
} from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import {
  CIContextProvider,
  DSSEBundleBuilder,
  FulcioSigner,
  type IdentityProvider,
  RekorWitness,
  type Signer,
  TSAWitness,
  type Witness,
} from '@sigstore/sign';
import { getTrustedRoot } from '@sigstore/tuf';
import { type SignedEntity, toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { errorMessage, oneLine, RunError, UsageError } from '../util/errors.js';
import type { SigningKeyPair } from './keys.js';
import { IN_TOTO_PAYLOAD_TYPE, type SigstoreInstance } from './statement.js';

/**
 * Sigstore signing and verification with the Sigstore JavaScript libraries (the stack behind npm provenance and
 * actions/attest): DSSE bundles v0.3 (@sigstore/sign DSSEBundleBuilder), checked with @sigstore/verify against a
 * trusted root from TUF (@sigstore/tuf, the public-good instance) or from a file.
 */
export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export interface SigningEndpoints {
  fulcioURL?: string;
  rekorURL?: string;
  tsaURL?: string;
}

/**
 * The public-good instance: Fulcio and Rekor (actions/toolkit packages/attest src/endpoints.ts). GitHub's: its own
 * Fulcio and timestamp authority, no transparency log; on GitHub.com they live under githubapp.com, on a GHE.com
 * tenancy under the server's host.
 */
export function instanceEndpoints(
  instance: SigstoreInstance,
  env: Record<string, string | undefined> = process.env,
): SigningEndpoints {
  if (instance === 'public-good')
    return { fulcioURL: 'https://fulcio.sigstore.dev', rekorURL: 'https://rekor.sigstore.dev' };
  let host = 'githubapp.com';
  try {
    const server = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname;
    if (server !== 'github.com') host = server;
  } catch {
    // a malformed GITHUB_SERVER_URL: GitHub.com's instance
  }
  return { fulcioURL: `https://fulcio.${host}`, tsaURL: `https://timestamp.${host}` };
}

export type SigningIdentity =
  | { kind: 'keyless'; identityToken?: string }
  | { kind: 'key'; key: SigningKeyPair };

export interface BundleOptions {
  identity: SigningIdentity;
  endpoints: SigningEndpoints;
  /** Record the signature in Rekor when the endpoints have one (default true). */
  tlogUpload?: boolean;
  timeoutMs?: number;
}

const FETCH = { retry: 2, timeout: 30_000 } as const;

function keySigner(key: SigningKeyPair): Signer {
  return {
    sign: async (data: Buffer) => ({
      // ECDSA P-256 over SHA-256, DER-encoded: what @sigstore/verify checks with crypto.verify (keys.ts).
      signature: cryptoSign('sha256', data, key.privateKey),
      key: { $case: 'publicKey', publicKey: key.publicKeyPem, hint: key.hint },
    }),
  };
}

function identityProvider(token: string | undefined): IdentityProvider {
  if (token) return { getToken: async () => token };
  // GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, audience sigstore), Buildkite, or SIGSTORE_ID_TOKEN.
  const ci = new CIContextProvider('sigstore');
  return {
    getToken: () =>
      ci.getToken().catch((error) => {
        throw new UsageError(
          'keyless signing needs an OIDC token: on GitHub Actions grant `permissions: id-token: write`; elsewhere set SIGSTORE_ID_TOKEN or pass --identity-token, or sign with --key',
          { cause: error },
        );
      }),
  };
}

/** Signs an in-toto statement as a DSSE bundle (v0.3) and returns it serialised. */
export async function createStatementBundle(payload: Buffer, opts: BundleOptions): Promise<SerializedBundle> {
  const { endpoints } = opts;
  const fetchOpts = { ...FETCH, ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}) };
  let signer: Signer;
  if (opts.identity.kind === 'key') {
    signer = keySigner(opts.identity.key);
  } else {
    if (!endpoints.fulcioURL)
      throw new UsageError(
        'keyless signing needs a Fulcio URL — pass --fulcio-url or --sigstore public-good|github',
      );
    signer = new FulcioSigner({
      fulcioBaseURL: endpoints.fulcioURL,
      identityProvider: identityProvider(opts.identity.identityToken),
      ...fetchOpts,
    });
  }
  const witnesses: Witness[] = [];
  if (endpoints.rekorURL && opts.tlogUpload !== false)
    witnesses.push(new RekorWitness({ rekorBaseURL: endpoints.rekorURL, entryType: 'dsse', ...fetchOpts }));
  if (endpoints.tsaURL) witnesses.push(new TSAWitness({ tsaBaseURL: endpoints.tsaURL, ...fetchOpts }));
  if (witnesses.length === 0 && opts.identity.kind === 'keyless')
    // A Fulcio certificate lives ten minutes: without a log entry or a timestamp nobody can tell it was valid.
    throw new UsageError(
      'keyless signing needs a transparency log or a timestamp authority — keep the Rekor upload or pass --tsa-url',
    );
  let bundle: Bundle;
  try {
    bundle = await new DSSEBundleBuilder({ signer, witnesses }).create({
      data: payload,
      type: IN_TOTO_PAYLOAD_TYPE,
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new RunError(`Sigstore signing failed: ${sigstoreMessage(error)}`, { cause: error });
  }
  return bundleToJSON(bundle);
}

/** The errors of @sigstore/sign carry a code and a cause; the cause says what the server answered. */
function sigstoreMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = (current as Error & { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return oneLine([...new Set(parts)].join(': ')).slice(0, 400);
}

// ---- trust roots -------------------------------------------------------------------------------------------

export interface TrustRootOptions {
  /** A trusted_root.json (cosign trusted-root create), or `gh attestation trusted-root` output (one JSON per line). */
  file?: string;
  /** Where @sigstore/tuf caches the public-good repository. */
  tufCachePath?: string;
  tufMirrorURL?: string;
  /** The initial root.json of a TUF repository other than Sigstore's (whose root ships with @sigstore/tuf). */
  tufRootPath?: string;
}

/** The trusted roots to verify against: each root of the file, or the public-good root from TUF. */
export async function loadTrustedRoots(opts: TrustRootOptions): Promise<TrustedRoot[]> {
  if (opts.file) {
    let text: string;
    try {
      text = await readFile(opts.file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `--trusted-root ${opts.file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        { cause: error },
      );
    }
    const trimmed = text.trim();
    const documents = trimmed.startsWith('[') ? (safeParse(trimmed) as unknown[]) : splitJsonLines(trimmed);
    const roots: TrustedRoot[] = [];
    for (const doc of documents ?? []) {
      try {
        const root = TrustedRoot.fromJSON(doc);
        if (root.certificateAuthorities.length + root.tlogs.length + root.timestampAuthorities.length > 0)
          roots.push(root);
      } catch {
        // not a trusted root; reported below when nothing is left
      }
    }
    if (roots.length === 0)
      throw new UsageError(
        `--trusted-root ${opts.file}: no Sigstore trusted root in it — pass the output of \`cosign trusted-root create\` or \`gh attestation trusted-root\``,
      );
    return roots;
  }
  try {
    return [
      await getTrustedRoot({
        ...(opts.tufCachePath ? { cachePath: opts.tufCachePath } : {}),
        ...(opts.tufMirrorURL ? { mirrorURL: opts.tufMirrorURL } : {}),
        ...(opts.tufRootPath ? { rootPath: opts.tufRootPath } : {}),
      }),
    ];
  } catch (error) {
    throw new RunError(
      `Sigstore trust root: TUF update from ${opts.tufMirrorURL ?? 'tuf-repo-cdn.sigstore.dev'} failed (${sigstoreMessage(error)}) — check the network, or pass --trusted-root <trusted_root.json>`,
      { cause: error },
    );
  }
}

function splitJsonLines(text: string): unknown[] {
  const single = safeParse(text);
  if (single !== undefined) return [single];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => safeParse(line));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An empty root: enough for key-signed bundles checked without a log or timestamps. */
export function emptyTrustedRoot(): TrustedRoot {
  return TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  });
}

// ---- verification ------------------------------------------------------------------------------------------

export interface BundleCheck {
  /** Verify with this public key (key-signed bundles only); keyless when absent. */
  key?: KeyObject;
  /** Key-signed bundles: do not require (or check) a transparency log entry, as cosign --insecure-ignore-tlog. */
  ignoreTlog?: boolean;
}

export interface VerifiedBundle {
  payload: Buffer;
  payloadType: string;
  /** The certificate's SAN and OIDC issuer (keyless), absent for a key. */
  identity?: string;
  issuer?: string;
  /**
   * The earliest time the bundle was verifiably signed by: its RFC 3161 timestamps and the integrated times of log
   * entries with a signed entry timestamp (the only ones @sigstore/verify takes as times, timestamp/index.ts
   * getTLogTimestamp). The earliest, because anyone can add a later timestamp to a genuine old bundle (a TSA stamps
   * whatever it is sent) and nobody can add an earlier one. Absent for a key checked without its log
   * (--insecure-ignore-tlog): such a bundle may have had no timestamp, so any it carries may have been added later.
   */
  signedAt?: Date;
}

/** Every timestamp in the entity was checked by Verifier.verify (verifyTimestamps, verifyTLogs) before this is read. */
function earliestSignedTime(entity: SignedEntity): Date | undefined {
  const times = entity.timestamps.flatMap((t) => {
    if (t.$case === 'timestamp-authority') return [t.timestamp.signingTime];
    return t.tlogEntry.inclusionPromise ? [new Date(Number(t.tlogEntry.integratedTime) * 1000)] : [];
  });
  return times.length > 0 ? new Date(Math.min(...times.map((t) => t.getTime()))) : undefined;
}

/**
 * Verifies one bundle cryptographically against the trust roots: signature, certificate chain and SCT, log entry
 * and timestamps. Throws with a short reason. What it says (identity, payload) is for the policy to judge.
 */
export function verifyBundle(
  json: unknown,
  roots: readonly TrustedRoot[],
  check: BundleCheck,
): VerifiedBundle {
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    throw new Error(`not a valid Sigstore bundle (${oneLine(errorMessage(error))})`, { cause: error });
  }
  if (!isBundleWithDsseEnvelope(bundle)) throw new Error('a message signature, not a DSSE envelope');
  const keyed = bundle.verificationMaterial.content.$case === 'publicKey';
  if (check.key && !keyed) throw new Error('signed with a certificate, not with the given key');
  if (!check.key && keyed) throw new Error('signed with a key, not keyless — verify it with --key');
  let entity: SignedEntity = toSignedEntity(bundle);
  if (keyed && check.ignoreTlog)
    entity = {
      ...entity,
      tlogEntries: [],
      timestamps: entity.timestamps.filter((t) => t.$case === 'timestamp-authority'),
    };
  const failures: string[] = [];
  for (const root of roots) {
    const key = check.key;
    const material = toTrustMaterial(
      root,
      key ? () => ({ publicKey: key, validFor: () => true }) : undefined,
    );
    const verifier = new Verifier(material, {
      // A root without a transparency log (GitHub's instance) relies on its timestamp authority instead.
      tlogThreshold: (keyed && check.ignoreTlog) || root.tlogs.length === 0 ? 0 : 1,
      ctlogThreshold: keyed || root.ctlogs.length === 0 ? 0 : 1,
      // A certificate is checked at a trusted time, so keyless needs one; a bare key has no validity window.
      timestampThreshold: keyed && check.ignoreTlog ? 0 : 1,
    });
    try {
      const signer = verifier.verify(entity);
      const signedAt = keyed && check.ignoreTlog ? undefined : earliestSignedTime(entity);
      return {
        ...(signedAt ? { signedAt } : {}),
        payload: bundle.content.dsseEnvelope.payload,
        payloadType: bundle.content.dsseEnvelope.payloadType,
        ...(signer.identity?.subjectAlternativeName
          ? { identity: signer.identity.subjectAlternativeName }
          : {}),
        ...(signer.identity?.extensions?.issuer ? { issuer: signer.identity.extensions.issuer } : {}),
      };
    } catch (error) {
      failures.push(oneLine(errorMessage(error)));
    }
  }
  throw new Error(`does not verify (${[...new Set(failures)].join('; ')})`);
}
