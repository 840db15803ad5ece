import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseImageReference } from '../image/reference.js';
import { errorMessage, oneLine, RunError, UsageError } from '../util/errors.js';
import { findCredentials, type RegistryCredentials } from './registry-auth.js';

/**
 * A small client of the OCI distribution API: what signing and verification need (manifests, blobs, the referrers
 * API) and nothing else. Every manifest and blob fetched by digest is checked against that digest, every answer has
 * a size cap, and a registry's error is one line naming the registry, the operation and what to do.
 *
 * Why not @sigstore/oci: its sign-in treats docker-registry 2.8's 202 to a blob-upload POST as a failed auth
 * challenge, and it has no read side (field-notes-sigstore §4).
 */
export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
].join(', ');

/** distribution's own cap on a manifest body (registry/handlers/manifests.go maxManifestBodySize). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_REFERRER_PAGES = 20;

export interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export const Descriptor = z.looseObject({
  mediaType: z.string(),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  artifactType: z.string().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export const ImageIndex = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(Descriptor),
});
export type ImageIndex = z.infer<typeof ImageIndex>;

/** The registry answered, but with content that cannot be trusted (wrong digest, too large, not the shape asked for). */
export class RegistryContentError extends RunError {}

export interface RepositoryRef {
  /** As in the image name: `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  registry: string;
  /** Where the API answers: `registry-1.docker.io` for Docker Hub, else the registry. */
  apiHost: string;
  /** `acme/api`, `library/alpine`. */
  repository: string;
}

/** `ghcr.io/acme/api` → registry and repository, with Docker Hub's defaults (`alpine` → docker.io/library/alpine). */
export function repositoryOf(name: string): RepositoryRef {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasDomain =
    first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[');
  const registry = hasDomain ? first : 'docker.io';
  let repository = hasDomain ? name.slice(slash + 1) : name;
  if ((registry === 'docker.io' || registry === 'index.docker.io') && !repository.includes('/'))
    repository = `library/${repository}`;
  const apiHost =
    registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
  return { registry: registry === 'index.docker.io' ? 'docker.io' : registry, apiHost, repository };
}

/** An image by digest: where it lives and which digest. */
export interface ImageAt extends RepositoryRef {
  /** `name` as the user wrote it, without tag or digest. */
  name: string;
  digest: string;
}

export function imageAt(reference: string): ImageAt {
  const parsed = parseImageReference(reference);
  if (!parsed?.digest || !/^sha256:[0-9a-f]{64}$/.test(parsed.digest))
    throw new UsageError(
      `${reference}: sign and verify by digest — pass name@sha256:<64 hex digits> (resolve a tag with --resolve-digest)`,
    );
  return { ...repositoryOf(parsed.name), name: parsed.name, digest: parsed.digest };
}

/**
 * Plain HTTP for loopback registries, as go-containerregistry does (v0.21.7 pkg/name/registry.go Scheme: localhost,
 * 127.0.0.1, ::1), or when the user says `--insecure-registry`; HTTPS for everything else.
 */
export function registryScheme(host: string, insecure: boolean): 'http' | 'https' {
  if (insecure) return 'http';
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' ? 'http' : 'https';
}

export interface RegistryClientOptions {
  insecure?: boolean;
  signal?: AbortSignal;
  /** Where credentials are looked up (REGISTRY_AUTH_FILE, DOCKER_CONFIG, HOME). */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

export class RegistryClient {
  private readonly base: string;
  private authorization: string | undefined;
  private credentials: RegistryCredentials | undefined | null = null;

  constructor(
    readonly ref: RepositoryRef,
    private readonly opts: RegistryClientOptions = {},
  ) {
    this.base = `${registryScheme(ref.apiHost, opts.insecure ?? false)}://${ref.apiHost}`;
  }

  /** The manifest at a tag or digest; undefined when the registry says it does not exist. */
  async getManifest(reference: string, accept = MANIFEST_ACCEPT): Promise<FetchedManifest | undefined> {
    const res = await this.request('GET', `manifests/${reference}`, { headers: { accept }, notFound: true });
    if (!res) return undefined;
    const bytes = await readCapped(res, MAX_MANIFEST_BYTES, this.what(`manifest ${reference}`));
    const digest = sha256Digest(bytes);
    if (reference.startsWith('sha256:') && digest !== reference)
      throw new RegistryContentError(
        `${this.what(`manifest ${reference}`)}: the registry served content whose digest is ${digest} — refusing it`,
      );
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim() || mediaTypeOf(bytes);
    return { bytes, mediaType, digest };
  }

  /** PUT a manifest; returns its digest and the `OCI-Subject` header when the registry processed a subject. */
  async putManifest(
    reference: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; subject?: string }> {
    const digest = sha256Digest(bytes);
    const res = await this.request('PUT', `manifests/${reference}`, {
      headers: { 'content-type': mediaType },
      body: bytes,
      push: true,
    });
    await res!.arrayBuffer();
    const subject = res!.headers.get('oci-subject');
    return { digest, ...(subject ? { subject } : {}) };
  }

  async blobExists(digest: string): Promise<boolean> {
    const res = await this.request('HEAD', `blobs/${digest}`, { notFound: true, push: true });
    return res !== undefined;
  }

  /** Uploads a blob in one request (POST then PUT ?digest=), unless the registry has it already. */
  async pushBlob(bytes: Buffer): Promise<{ digest: string; size: number }> {
    const digest = sha256Digest(bytes);
    if (await this.blobExists(digest)) return { digest, size: bytes.length };
    const started = await this.request('POST', 'blobs/uploads/', { push: true, body: Buffer.alloc(0) });
    await started!.arrayBuffer();
    const location = started!.headers.get('location');
    if (!location)
      throw new RunError(
        `${this.what('blob upload')}: the registry gave no upload location — check the registry`,
      );
    const url = new URL(location, `${this.base}/v2/${this.ref.repository}/`);
    url.searchParams.set('digest', digest);
    const done = await this.request('PUT', url.href, {
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
      push: true,
    });
    await done!.arrayBuffer();
    return { digest, size: bytes.length };
  }

  /** A blob, checked against its digest, at most `maxBytes` long. */
  async getBlob(digest: string, maxBytes: number): Promise<Buffer> {
    const res = await this.request('GET', `blobs/${digest}`, { notFound: true });
    if (!res)
      throw new RegistryContentError(`${this.what(`blob ${digest}`)}: listed but missing from the registry`);
    const bytes = await readCapped(res, maxBytes, this.what(`blob ${digest}`));
    if (sha256Digest(bytes) !== digest)
      throw new RegistryContentError(
        `${this.what(`blob ${digest}`)}: the registry served other content — refusing it`,
      );
    return bytes;
  }

  /**
   * The referrers API (distribution-spec v1.1 end-12a). Undefined when the registry has none: 404, 400 or 406, or an
   * answer that is not an image index (go-containerregistry pkg/v1/remote/referrers.go falls back on the same).
   */
  async referrersApi(digest: string): Promise<ImageIndex | undefined> {
    let path = `referrers/${digest}`;
    let index: ImageIndex | undefined;
    // A long list comes in pages, each naming the next in a `Link: <…>; rel="next"` header (distribution-spec
    // v1.1 "Listing Referrers"); a page cap keeps a registry from making this loop forever.
    for (let page = 0; page < MAX_REFERRER_PAGES; page++) {
      const res = await this.request('GET', path, {
        headers: { accept: MEDIA_TYPES.ociIndex },
        notFound: true,
        unsupported: page === 0,
      });
      if (!res) return index;
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      const bytes = await readCapped(res, MAX_MANIFEST_BYTES, this.what(`referrers of ${digest}`));
      if (type !== MEDIA_TYPES.ociIndex) return index;
      const parsed = ImageIndex.safeParse(safeJson(bytes));
      if (!parsed.success)
        throw new RegistryContentError(
          `${this.what(`referrers of ${digest}`)}: the answer is not an image index`,
        );
      index = index ? { ...index, manifests: [...index.manifests, ...parsed.data.manifests] } : parsed.data;
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
      if (!next) break;
      const nextUrl = new URL(next, `${this.base}/v2/${this.ref.repository}/`);
      // Our credentials go with the request: never to another origin.
      if (nextUrl.origin !== new URL(this.base).origin) break;
      path = nextUrl.href;
    }
    return index;
  }

  private what(thing: string): string {
    return `${this.ref.registry}/${this.ref.repository}: ${thing}`;
  }

  private async request(
    method: string,
    path: string,
    options: {
      headers?: Record<string, string>;
      body?: Buffer;
      /** A 404 is an answer (undefined), not an error. */
      notFound?: boolean;
      /** 400/405/406 mean "not supported here" (undefined). */
      unsupported?: boolean;
      push?: boolean;
    },
  ): Promise<Response | undefined> {
    const url = /^https?:\/\//.test(path) ? path : `${this.base}/v2/${this.ref.repository}/${path}`;
    const send = async () => {
      const headers: Record<string, string> = { ...options.headers };
      if (this.authorization) headers.authorization = this.authorization;
      const signals = [AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)];
      if (this.opts.signal) signals.push(this.opts.signal);
      try {
        return await fetch(url, {
          method,
          headers,
          ...(options.body ? { body: options.body } : {}),
          signal: AbortSignal.any(signals),
          redirect: 'follow',
        });
      } catch (error) {
        if (this.opts.signal?.aborted) throw this.opts.signal.reason ?? error;
        const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
        throw new RunError(
          `${this.what(`${method} ${shortPath(url)}`)}: ${cause?.code ?? cause?.message ?? errorMessage(error)} — check the registry address${registryScheme(this.ref.apiHost, this.opts.insecure ?? false) === 'https' ? ' (--insecure-registry for plain HTTP)' : ''}`,
          { cause: error },
        );
      }
    };
    let res = await send();
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
      await res.arrayBuffer().catch(() => undefined);
      if (challenge) {
        this.authorization = await this.authorize(challenge, options.push ?? false);
        res = await send();
      }
    }
    if (res.ok) return res;
    const body = await res.text().catch(() => '');
    if (options.notFound && res.status === 404) return undefined;
    if (options.unsupported && [400, 404, 405, 406].includes(res.status)) return undefined;
    const detail = registryErrorText(body);
    const hint =
      res.status === 401 || res.status === 403
        ? ` — log in with \`docker login ${this.ref.registry}\` (or set REGISTRY_AUTH_FILE) with ${options.push ? 'push' : 'pull'} access`
        : res.status === 404
          ? ' — check the image name and digest'
          : '';
    throw new RunError(
      `${this.what(`${method} ${shortPath(url)}`)}: HTTP ${res.status}${detail ? ` ${detail}` : ''}${hint}`,
    );
  }

  /** Basic with the stored credentials, or a bearer token from the challenge's realm (docker's token protocol). */
  private async authorize(challenge: Challenge, push: boolean): Promise<string> {
    if (this.credentials === null) this.credentials = await findCredentials(this.ref.registry, this.opts.env);
    const creds = this.credentials;
    if (challenge.scheme === 'basic') {
      if (!creds?.username)
        throw new UsageError(
          `${this.ref.registry}: the registry asks for a login — run \`docker login ${this.ref.registry}\` (or set REGISTRY_AUTH_FILE)`,
        );
      return `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
    }
    const realm = challenge.params.realm;
    if (challenge.scheme !== 'bearer' || !realm)
      throw new RunError(`${this.ref.registry}: unsupported authentication challenge ${challenge.scheme}`);
    const scope = `repository:${this.ref.repository}:${push ? 'pull,push' : 'pull'}`;
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', scope);
    let res: Response;
    try {
      if (creds?.identityToken) {
        const form = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: creds.identityToken,
          service: challenge.params.service ?? '',
          scope,
          client_id: 'container-gate',
        });
        res = await fetch(realm, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
      } else {
        const headers: Record<string, string> = {};
        if (creds?.username)
          headers.authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
        res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
      }
    } catch (error) {
      throw new RunError(
        `${this.ref.registry}: token endpoint ${url.host}: ${oneLine(errorMessage(error))}`,
        { cause: error },
      );
    }
    const body = safeJson(Buffer.from(await res.arrayBuffer()));
    const token =
      (body as { token?: string; access_token?: string } | undefined)?.token ??
      (body as { access_token?: string } | undefined)?.access_token;
    if (!res.ok || !token) {
      throw new UsageError(
        `${this.ref.registry}: no ${push ? 'push' : 'pull'} token for ${this.ref.repository} (HTTP ${res.status}) — run \`docker login ${this.ref.registry}\` with access to it`,
      );
    }
    return `Bearer ${token}`;
  }
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"` → its parts. */
export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const m of match[2]!.matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
    params[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  return { scheme: match[1]!.toLowerCase(), params };
}

async function readCapped(res: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new RegistryContentError(
      `${what}: ${declared} bytes, more than the ${maxBytes} this accepts — refusing it`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new RegistryContentError(`${what}: more than the ${maxBytes} bytes this accepts — refusing it`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function mediaTypeOf(bytes: Buffer): string {
  const parsed = safeJson(bytes) as { mediaType?: unknown } | undefined;
  return typeof parsed?.mediaType === 'string' ? parsed.mediaType : '';
}

export function safeJson(bytes: Buffer | string): unknown {
  try {
    return JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** distribution's `{"errors":[{"code","message"}]}`, as one short line. */
function registryErrorText(body: string): string {
  const parsed = safeJson(body) as { errors?: { code?: string; message?: string }[] } | undefined;
  const first = parsed?.errors?.[0];
  if (first) return oneLine(`${first.code ?? ''} ${first.message ?? ''}`).slice(0, 200);
  return oneLine(body).slice(0, 120);
}

function shortPath(url: string): string {
  const u = new URL(url);
  return u.pathname.replace(/^\/v2\//, '');
}
