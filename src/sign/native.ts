import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SerializedBundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { parseImageReference } from '../image/reference.js';
import { errorMessage, oneLine, RunError, UsageError, VerificationError } from '../util/errors.js';
import { plural } from '../util/format.js';
import { anchoredRegexp, KEYLESS_POLICY_REQUIRED, requireDigestReference } from './cosign-args.js';
import { loadSigningKey, loadVerificationKey } from './keys.js';
import { attachReferrer, listReferrers } from './referrers.js';
import {
  type ImageAt,
  imageAt,
  type OciDescriptor,
  RegistryClient,
  RegistryContentError,
  repositoryOf,
  safeJson,
} from './registry.js';
import {
  BUNDLE_MEDIA_TYPE,
  createStatementBundle,
  emptyTrustedRoot,
  instanceEndpoints,
  loadTrustedRoots,
  type SigningEndpoints,
  type SigningIdentity,
  type VerifiedBundle,
  verifyBundle,
} from './sigstore.js';
import {
  attestationStatement,
  IN_TOTO_PAYLOAD_TYPE,
  parseStatement,
  predicateFromFile,
  SIGNATURE_PREDICATE_TYPE,
  type SigstoreInstance,
  type Statement,
  signatureStatement,
  statementCovers,
} from './statement.js';
import { compileMatcher, type Matcher } from './verify-policy.js';

/**
 * Native signing, attestation and verification: an in-toto statement signed as a Sigstore DSSE bundle (v0.3) and
 * attached to the image digest as an OCI 1.1 referrer, the layout cosign 3 writes and reads
 * (pkg/oci/remote/write.go WriteReferrer, signatures.go) and actions/attest pushes. No binary is run.
 */
export interface RegistryAccess {
  insecureRegistry?: boolean;
  signal?: AbortSignal;
  /** Where credentials, keys named env://VAR and COSIGN_PASSWORD are read; process.env when absent. */
  env?: Record<string, string | undefined>;
}

export interface NativeSignOptions extends RegistryAccess {
  /** A PEM key file or env://VAR; keyless (Fulcio) when absent. */
  key?: string;
  /** Which Sigstore instance signs keyless and logs (default public-good). */
  instance?: SigstoreInstance;
  /** Overrides of the instance's URLs (a private instance, or test servers). */
  endpoints?: SigningEndpoints;
  /** Record in Rekor when the instance has one (default true). */
  tlogUpload?: boolean;
  /** An OIDC token for keyless signing; else the CI's (GitHub Actions id-token, SIGSTORE_ID_TOKEN). */
  identityToken?: string;
}

export interface SignedArtifact {
  /** `name@sha256:…` that was signed. */
  reference: string;
  predicateType: string;
  bundle: SerializedBundle;
  /** The referrer manifest pushed for it. */
  referrer: OciDescriptor;
}

/** Annotations cosign 3 puts on a bundle referrer (pkg/oci/remote/write.go L39, L408-412). */
export const ANNOTATIONS = {
  created: 'org.opencontainers.image.created',
  content: 'dev.sigstore.bundle.content',
  predicateType: 'dev.sigstore.bundle.predicateType',
} as const;

function client(image: ImageAt, opts: RegistryAccess): RegistryClient {
  return new RegistryClient(image, {
    ...(opts.insecureRegistry ? { insecure: true } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
}

/** The subject descriptor of the image: it must exist in the registry at that digest. */
async function subjectOf(registry: RegistryClient, image: ImageAt): Promise<OciDescriptor> {
  const manifest = await registry.getManifest(image.digest);
  if (!manifest)
    throw new UsageError(
      `${image.name}@${image.digest}: no such manifest in the registry — push the image first and sign the digest the registry serves`,
    );
  return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
}

async function signingIdentity(opts: NativeSignOptions): Promise<SigningIdentity> {
  if (opts.key) return { kind: 'key', key: await loadSigningKey(opts.key, opts.env ?? process.env) };
  return { kind: 'keyless', ...(opts.identityToken ? { identityToken: opts.identityToken } : {}) };
}

async function signStatement(
  reference: string,
  buildStatement: (image: ImageAt) => Statement,
  opts: NativeSignOptions,
): Promise<SignedArtifact> {
  const image = imageAt(reference);
  const registry = client(image, opts);
  const subject = await subjectOf(registry, image);
  const statement = buildStatement(image);
  const endpoints = { ...instanceEndpoints(opts.instance ?? 'public-good', opts.env), ...opts.endpoints };
  const bundle = await createStatementBundle(Buffer.from(JSON.stringify(statement)), {
    identity: await signingIdentity(opts),
    endpoints,
    ...(opts.tlogUpload === false ? { tlogUpload: false } : {}),
  });
  const referrer = await attachReferrer(registry, subject, Buffer.from(JSON.stringify(bundle)), {
    artifactType: BUNDLE_MEDIA_TYPE,
    annotations: {
      [ANNOTATIONS.created]: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      [ANNOTATIONS.content]: 'dsse-envelope',
      [ANNOTATIONS.predicateType]: statement.predicateType,
    },
  });
  return {
    reference: `${image.name}@${image.digest}`,
    predicateType: statement.predicateType,
    bundle,
    referrer,
  };
}

export function signImageNative(
  reference: string,
  opts: NativeSignOptions & { annotations?: Record<string, string> },
): Promise<SignedArtifact> {
  return signStatement(reference, (image) => signatureStatement(image.digest, opts.annotations ?? {}), opts);
}

export function attestImageNative(
  reference: string,
  opts: NativeSignOptions & { predicateType: string; predicate: unknown },
): Promise<SignedArtifact> {
  return signStatement(
    reference,
    (image) => attestationStatement(image.name, image.digest, opts.predicateType, opts.predicate),
    opts,
  );
}

/** A predicate file, read and checked before anything is signed. */
export async function readPredicateFile(file: string, predicateType: string): Promise<unknown> {
  if (file === '' || file.startsWith('-'))
    throw new UsageError(`--predicate ${JSON.stringify(file)}: pass the predicate file path`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--predicate ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
      { cause: error },
    );
  }
  return predicateFromFile(text, predicateType, file, new Date());
}

/**
 * `name@sha256:…` as given; `name:tag` only when the caller allows resolving it, to the digest the registry serves
 * now (what `skopeo inspect` would say, without skopeo).
 */
export async function resolveDigestNative(
  reference: string,
  opts: RegistryAccess & { resolve: boolean },
): Promise<string> {
  const parsed = parseImageReference(reference);
  if (!parsed)
    throw new UsageError(
      `image ${JSON.stringify(reference)}: not an image reference — pass name@sha256:<digest>`,
    );
  if (parsed.digest || !opts.resolve) return requireDigestReference(reference);
  const registry = client({ ...repositoryOf(parsed.name), name: parsed.name, digest: '' }, opts);
  const manifest = await registry.getManifest(parsed.tag ?? 'latest');
  if (!manifest) throw new UsageError(`${reference}: no such tag in the registry — check the name and tag`);
  return `${parsed.name}@${manifest.digest}`;
}

// ---- verification ------------------------------------------------------------------------------------------

export { compileMatcher, type Matcher };

export interface NativeVerifyOptions extends RegistryAccess {
  /** A PEM public key file or env://VAR; keyless when absent. */
  key?: string;
  identity?: Matcher;
  issuer?: Matcher;
  /** The predicate type wanted: a signature when absent. */
  predicateType?: string;
  /** A trusted_root.json (or gh's JSON lines); the public-good root from TUF when absent. */
  trustedRoot?: string;
  tufCachePath?: string;
  tufMirrorURL?: string;
  tufRootPath?: string;
  ignoreTlog?: boolean;
  /**
   * The trusted roots, loaded once for several verifications (rescan of many images: one TUF update, not one per
   * image); loaded from the options above when absent.
   */
  trust?: () => Promise<TrustedRoot[]>;
}

export interface VerifiedStatement {
  referrer: string;
  /** The referrer's `org.opencontainers.image.created` (unsigned: orders verified statements that have no signedAt). */
  created?: string;
  /** When the bundle was verifiably signed (ISO 8601): its earliest verified timestamp, when it has one. */
  signedAt?: string;
  statement: Statement;
  identity?: string;
  issuer?: string;
}

export interface NativeVerifyResult {
  reference: string;
  verified: VerifiedStatement[];
  /** How many referrers were looked at, and where they were found. */
  examined: number;
  source: 'api' | 'tag';
}

/** No bundle verified and matched the policy; `why` says what there was instead, in a few words. */
export class NoValidBundle extends VerificationError {
  constructor(
    message: string,
    readonly why: string,
  ) {
    super(message);
  }
}

/** Bundles larger than this are not fetched (an SBOM attestation of a big image is a few MB). */
export const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;
/** At most this many bundles are verified per image: a registry cannot make a verify run forever. */
const MAX_REFERRERS = 64;

function describe(matcher: Matcher): string {
  return 'exact' in matcher ? matcher.exact : `/${anchoredRegexp(matcher.regexp, 'regexp')}/`;
}

/** The trusted roots `opts` name, loaded once however often the result is called. */
export function trustOnce(opts: NativeVerifyOptions): () => Promise<TrustedRoot[]> {
  let roots: Promise<TrustedRoot[]> | undefined;
  return () => {
    roots ??= trustFor(opts);
    return roots;
  };
}

async function trustFor(opts: NativeVerifyOptions): Promise<TrustedRoot[]> {
  // A key checked without a log needs no Sigstore root at all: no download, works offline.
  if (opts.key && opts.ignoreTlog && !opts.trustedRoot) return [emptyTrustedRoot()];
  return loadTrustedRoots({
    ...(opts.trustedRoot ? { file: opts.trustedRoot } : {}),
    ...(opts.tufCachePath ? { tufCachePath: opts.tufCachePath } : {}),
    ...(opts.tufMirrorURL ? { tufMirrorURL: opts.tufMirrorURL } : {}),
    ...(opts.tufRootPath ? { tufRootPath: opts.tufRootPath } : {}),
  });
}

function checkPolicyOptions(opts: NativeVerifyOptions): void {
  if (opts.key) {
    if (opts.identity || opts.issuer)
      throw new UsageError(
        'verify: --key and --certificate-identity/--certificate-oidc-issuer do not go together — pick one',
      );
    return;
  }
  if (!opts.identity || !opts.issuer) throw new UsageError(KEYLESS_POLICY_REQUIRED);
}

/**
 * Every Sigstore bundle among the image's referrers is verified; a bundle counts only when it verifies against the
 * trust root, its signer matches the policy, its statement names this digest, and its predicate type is the one
 * asked for (a signature unless `predicateType` says otherwise). No such bundle → VerificationError (exit 1), one
 * line with the reasons the others were turned down.
 */
export async function verifyImageNative(
  reference: string,
  opts: NativeVerifyOptions,
): Promise<NativeVerifyResult> {
  const policy = await verificationPolicy(reference, opts);
  const registry = client(policy.image, opts);
  const { referrers, source } = await listReferrers(registry, policy.image.digest);
  const bundles = referrers.filter((r) =>
    (r.artifactType ?? '').startsWith('application/vnd.dev.sigstore.bundle'),
  );
  const { verified, reasons, examined } = await examineBundles(registry, bundles, policy);
  if (verified.length === 0) throw noValidBundle(policy, referrers.length, bundles.length, reasons);
  return { reference: policy.pinned, verified, examined, source };
}

/** What a bundle must be to count, compiled once per verification (a bad option fails before any download). */
interface VerificationPolicy {
  opts: NativeVerifyOptions;
  image: ImageAt;
  /** `name@sha256:…`, as messages and the result name the image. */
  pinned: string;
  identityMatches?: (value: string | undefined) => boolean;
  issuerMatches?: (value: string | undefined) => boolean;
  key?: KeyObject;
  /** The predicate type asked for. */
  wanted: string;
  /** `signature` or `attestation <type>`, for messages. */
  what: string;
  /** The trusted roots, loaded when the first bundle has been fetched (an image with none needs no TUF update). */
  trust(): Promise<TrustedRoot[]>;
}

async function verificationPolicy(reference: string, opts: NativeVerifyOptions): Promise<VerificationPolicy> {
  checkPolicyOptions(opts);
  const image = imageAt(reference);
  const identityMatches = opts.identity
    ? compileMatcher(opts.identity, '--certificate-identity-regexp')
    : undefined;
  const issuerMatches = opts.issuer
    ? compileMatcher(opts.issuer, '--certificate-oidc-issuer-regexp')
    : undefined;
  const key: KeyObject | undefined = opts.key
    ? await loadVerificationKey(opts.key, opts.env ?? process.env)
    : undefined;
  // Kept only once loaded: a failed load is a reason for this bundle, and the next bundle tries again.
  let roots: TrustedRoot[] | undefined;
  return {
    opts,
    image,
    pinned: `${image.name}@${image.digest}`,
    ...(identityMatches ? { identityMatches } : {}),
    ...(issuerMatches ? { issuerMatches } : {}),
    ...(key ? { key } : {}),
    wanted: opts.predicateType ?? SIGNATURE_PREDICATE_TYPE,
    what: opts.predicateType ? `attestation ${opts.predicateType}` : 'signature',
    trust: async () => {
      roots ??= await (opts.trust ?? (() => trustFor(opts)))();
      return roots;
    },
  };
}

/** The bundles in turn, at most MAX_REFERRERS of them: those that count, and why each other one did not. */
async function examineBundles(
  registry: RegistryClient,
  bundles: readonly OciDescriptor[],
  policy: VerificationPolicy,
): Promise<{ verified: VerifiedStatement[]; reasons: string[]; examined: number }> {
  const reasons: string[] = [];
  const verified: VerifiedStatement[] = [];
  let examined = 0;
  for (const referrer of bundles) {
    // The annotation is unsigned: it may only save a download, never admit a bundle.
    const labelled = referrer.annotations?.[ANNOTATIONS.predicateType];
    if (labelled && labelled !== policy.wanted) {
      reasons.push(
        `${labelled === SIGNATURE_PREDICATE_TYPE ? 'a signature' : `an attestation (${labelled})`}`,
      );
      continue;
    }
    if (examined >= MAX_REFERRERS) {
      reasons.push(`more than ${MAX_REFERRERS} bundles; the rest were not examined`);
      break;
    }
    examined++;
    try {
      verified.push(await verifyReferrer(registry, referrer, policy));
    } catch (error) {
      // The registry or the trust root could not be reached: the run failed (exit 2), it did not say "unsigned".
      if (error instanceof UsageError || policy.opts.signal?.aborted) throw error;
      if (error instanceof RunError && !(error instanceof RegistryContentError)) throw error;
      reasons.push(`bundle ${referrer.digest.slice(7, 19)}…: ${oneLine(errorMessage(error))}`);
    }
  }
  return { verified, reasons, examined };
}

/** One referrer's bundle, fetched and verified; an Error saying why when it does not count. */
async function verifyReferrer(
  registry: RegistryClient,
  referrer: OciDescriptor,
  policy: VerificationPolicy,
): Promise<VerifiedStatement> {
  const json = await fetchBundle(registry, referrer);
  const result = verifyBundle(json, await policy.trust(), {
    ...(policy.key ? { key: policy.key } : {}),
    ...(policy.opts.ignoreTlog ? { ignoreTlog: true } : {}),
  });
  const statement = admittedStatement(result, policy);
  const created = referrer.annotations?.[ANNOTATIONS.created];
  return {
    referrer: referrer.digest,
    ...(created ? { created } : {}),
    ...(result.signedAt ? { signedAt: result.signedAt.toISOString() } : {}),
    statement,
    ...(result.identity ? { identity: result.identity } : {}),
    ...(result.issuer ? { issuer: result.issuer } : {}),
  };
}

/** The verified bundle's statement when it names this digest, the predicate type and the signer the policy asks for. */
function admittedStatement(result: VerifiedBundle, policy: VerificationPolicy): Statement {
  const { opts } = policy;
  if (result.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    throw new Error(`payload type ${result.payloadType}, not an in-toto statement`);
  const statement = parseStatement(result.payload);
  if (!statement) throw new Error('its payload is not an in-toto statement');
  if (!statementCovers(statement, policy.image.digest))
    throw new Error(
      `signed for ${statement.subject.map((s) => (s.digest.sha256 ? `sha256:${s.digest.sha256.slice(0, 12)}…` : '?')).join(', ')}, not this digest`,
    );
  if (statement.predicateType !== policy.wanted)
    throw new Error(
      statement.predicateType === SIGNATURE_PREDICATE_TYPE
        ? 'a signature, not the attestation asked for'
        : `an attestation (${statement.predicateType}), not a ${opts.predicateType ? 'matching attestation' : 'signature'}`,
    );
  if (policy.identityMatches && !policy.identityMatches(result.identity))
    throw new Error(`signed by ${result.identity ?? 'no identity'}, not ${describe(opts.identity!)}`);
  if (policy.issuerMatches && !policy.issuerMatches(result.issuer))
    throw new Error(`issuer ${result.issuer ?? 'none'}, not ${describe(opts.issuer!)}`);
  return statement;
}

function noValidBundle(
  policy: VerificationPolicy,
  referrers: number,
  bundles: number,
  reasons: string[],
): NoValidBundle {
  const none = `no Sigstore bundle among its ${referrers} referrer${plural(referrers)}`;
  const found =
    bundles === 0
      ? none
      : `${bundles} bundle${plural(bundles)}, none a valid ${policy.what} matching the policy: ${summarise(reasons)}`;
  return new NoValidBundle(
    `verify ${policy.pinned}: no valid ${policy.what} — ${found}`,
    bundles === 0 ? none : summarise(reasons),
  );
}

/** At most three distinct reasons with a count of the rest: the message stays one readable line. */
function summarise(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].map(([r, n]) => (n > 1 ? `${r} (×${n})` : r));
  return parts.length > 3
    ? `${parts.slice(0, 3).join('; ')}; and ${parts.length - 3} more`
    : parts.join('; ');
}

/**
 * The bundle of a referrer: its manifest must have exactly one layer with a Sigstore bundle media type (cosign v3.1.2
 * pkg/oci/remote/signatures.go reads it the same way).
 */
async function fetchBundle(registry: RegistryClient, referrer: OciDescriptor): Promise<unknown> {
  const manifest = await registry.getManifest(referrer.digest);
  if (!manifest) throw new Error('listed but gone from the registry');
  const parsed = safeJson(manifest.bytes) as
    | { layers?: { mediaType?: string; digest?: string; size?: number }[] }
    | undefined;
  const layers = (parsed?.layers ?? []).filter((l) =>
    (l.mediaType ?? '').startsWith('application/vnd.dev.sigstore.bundle'),
  );
  if (layers.length !== 1 || !layers[0]!.digest) throw new Error('not one Sigstore bundle layer');
  const size = layers[0]!.size ?? 0;
  if (size > MAX_BUNDLE_BYTES) throw new Error(`bundle of ${size} bytes, more than ${MAX_BUNDLE_BYTES}`);
  const bytes = await registry.getBlob(layers[0]!.digest, MAX_BUNDLE_BYTES);
  const json = safeJson(bytes);
  if (json === undefined) throw new Error('the bundle is not JSON');
  return json;
}
