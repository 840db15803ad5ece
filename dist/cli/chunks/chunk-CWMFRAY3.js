#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  parseImageReference
} from "./chunk-SSRK6GNI.js";
import {
  external_exports
} from "./chunk-H4CA45K4.js";
import {
  RunError,
  UsageError,
  oneLine
} from "./chunk-BFUO6Y74.js";

// src/sign/registry.ts
import { createHash } from "node:crypto";

// src/sign/registry-auth.ts
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
var AuthEntry = external_exports.looseObject({
  auth: external_exports.string().optional(),
  username: external_exports.string().optional(),
  password: external_exports.string().optional(),
  identitytoken: external_exports.string().optional()
});
var ConfigFile = external_exports.looseObject({
  auths: external_exports.record(external_exports.string(), AuthEntry).optional(),
  credHelpers: external_exports.record(external_exports.string(), external_exports.string()).optional(),
  credsStore: external_exports.string().optional()
});
var DOCKER_HUB_KEYS = [
  "https://index.docker.io/v1/",
  "index.docker.io",
  "docker.io",
  "registry-1.docker.io"
];
var HELPER_TIMEOUT_MS = 3e4;
function authFiles(env) {
  const files = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, "containers/auth.json"));
  files.push(join(env.DOCKER_CONFIG || join(env.HOME || homedir(), ".docker"), "config.json"));
  return files;
}
function hostOfKey(key) {
  return key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
}
async function findCredentials(registry, env = process.env) {
  const wanted = registry === "docker.io" ? DOCKER_HUB_KEYS.map(hostOfKey) : [registry.toLowerCase()];
  for (const file of authFiles(env)) {
    let text;
    try {
      text = await readFile(file, "utf8");
    } catch {
      continue;
    }
    let config;
    try {
      config = ConfigFile.parse(JSON.parse(text));
    } catch {
      throw new UsageError(
        `registry credentials: ${file} is not a docker/containers auth file \u2014 fix or remove it, or point REGISTRY_AUTH_FILE elsewhere`
      );
    }
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => wanted.includes(hostOfKey(key)));
    if (helper) return credentialHelper(helper[1], registry === "docker.io" ? DOCKER_HUB_KEYS[0] : registry);
    const entry = Object.entries(config.auths ?? {}).find(([key]) => wanted.includes(hostOfKey(key)));
    if (entry) {
      const fromEntry = credentialsOf(entry[1]);
      if (fromEntry) return fromEntry;
    }
    if (config.credsStore)
      return credentialHelper(config.credsStore, registry === "docker.io" ? DOCKER_HUB_KEYS[0] : registry);
  }
  return void 0;
}
function credentialsOf(entry) {
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return void 0;
}
var HelperReply = external_exports.looseObject({ Username: external_exports.string(), Secret: external_exports.string() });
function credentialHelper(name, server) {
  if (!/^[A-Za-z0-9_.-]+$/.test(name))
    throw new UsageError(
      `registry credentials: credential helper ${JSON.stringify(name)} is not a helper name`
    );
  const executable = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ["get"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), HELPER_TIMEOUT_MS);
    child.stdout.on("data", (chunk) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new UsageError(
          `registry credentials for ${server}: ${executable} ${error.code === "ENOENT" ? "not found on PATH" : error.message} \u2014 install it or log in again`
        )
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        if (/not found/i.test(stdout + stderr)) return resolve(void 0);
        return reject(
          new UsageError(
            `registry credentials for ${server}: ${executable} failed (exit ${code}): ${oneLine(stderr || stdout).slice(0, 200)}`
          )
        );
      }
      const parsed = HelperReply.safeParse(safeJson(stdout));
      if (!parsed.success)
        return reject(
          new UsageError(`registry credentials for ${server}: ${executable} printed no credentials`)
        );
      const { Username, Secret } = parsed.data;
      resolve(Username === "<token>" ? { identityToken: Secret } : { username: Username, password: Secret });
    });
    child.stdin.end(server);
  });
}
function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}

// src/sign/registry.ts
var MEDIA_TYPES = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  ociEmpty: "application/vnd.oci.empty.v1+json"
};
var MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList
].join(", ");
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var DEFAULT_TIMEOUT_MS = 6e4;
var MAX_REFERRER_PAGES = 20;
var Descriptor = external_exports.looseObject({
  mediaType: external_exports.string(),
  digest: external_exports.string().regex(/^sha256:[0-9a-f]{64}$/),
  size: external_exports.number().int().nonnegative(),
  artifactType: external_exports.string().optional(),
  annotations: external_exports.record(external_exports.string(), external_exports.string()).optional()
});
var ImageIndex = external_exports.looseObject({
  schemaVersion: external_exports.literal(2),
  mediaType: external_exports.string().optional(),
  manifests: external_exports.array(Descriptor)
});
var RegistryContentError = class extends RunError {
};
function repositoryOf(name) {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const hasDomain = first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("[");
  const registry = hasDomain ? first : "docker.io";
  let repository = hasDomain ? name.slice(slash + 1) : name;
  if ((registry === "docker.io" || registry === "index.docker.io") && !repository.includes("/"))
    repository = `library/${repository}`;
  const apiHost = registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
  return { registry: registry === "index.docker.io" ? "docker.io" : registry, apiHost, repository };
}
function imageAt(reference) {
  const parsed = parseImageReference(reference);
  if (!parsed?.digest || !/^sha256:[0-9a-f]{64}$/.test(parsed.digest))
    throw new UsageError(
      `${reference}: sign and verify by digest \u2014 pass name@sha256:<64 hex digits> (resolve a tag with --resolve-digest)`
    );
  return { ...repositoryOf(parsed.name), name: parsed.name, digest: parsed.digest };
}
function registryScheme(host, insecure) {
  if (insecure) return "http";
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]" ? "http" : "https";
}
var RegistryClient = class {
  constructor(ref, opts = {}) {
    this.ref = ref;
    this.opts = opts;
    this.base = `${registryScheme(ref.apiHost, opts.insecure ?? false)}://${ref.apiHost}`;
  }
  ref;
  opts;
  base;
  authorization;
  credentials = null;
  /** The manifest at a tag or digest; undefined when the registry says it does not exist. */
  async getManifest(reference, accept = MANIFEST_ACCEPT) {
    const res = await this.request("GET", `manifests/${reference}`, { headers: { accept }, notFound: true });
    if (!res) return void 0;
    const bytes = await readCapped(res, MAX_MANIFEST_BYTES, this.what(`manifest ${reference}`));
    const digest = sha256Digest(bytes);
    if (reference.startsWith("sha256:") && digest !== reference)
      throw new RegistryContentError(
        `${this.what(`manifest ${reference}`)}: the registry served content whose digest is ${digest} \u2014 refusing it`
      );
    const mediaType = (res.headers.get("content-type") ?? "").split(";")[0].trim() || mediaTypeOf(bytes);
    return { bytes, mediaType, digest };
  }
  /** PUT a manifest; returns its digest and the `OCI-Subject` header when the registry processed a subject. */
  async putManifest(reference, bytes, mediaType) {
    const digest = sha256Digest(bytes);
    const res = await this.request("PUT", `manifests/${reference}`, {
      headers: { "content-type": mediaType },
      body: bytes,
      push: true
    });
    await res.arrayBuffer();
    const subject = res.headers.get("oci-subject");
    return { digest, ...subject ? { subject } : {} };
  }
  async blobExists(digest) {
    const res = await this.request("HEAD", `blobs/${digest}`, { notFound: true, push: true });
    return res !== void 0;
  }
  /** Uploads a blob in one request (POST then PUT ?digest=), unless the registry has it already. */
  async pushBlob(bytes) {
    const digest = sha256Digest(bytes);
    if (await this.blobExists(digest)) return { digest, size: bytes.length };
    const started = await this.request("POST", "blobs/uploads/", { push: true, body: Buffer.alloc(0) });
    await started.arrayBuffer();
    const location = started.headers.get("location");
    if (!location)
      throw new RunError(
        `${this.what("blob upload")}: the registry gave no upload location \u2014 check the registry`
      );
    const url = new URL(location, `${this.base}/v2/${this.ref.repository}/`);
    url.searchParams.set("digest", digest);
    const done = await this.request("PUT", url.href, {
      headers: { "content-type": "application/octet-stream" },
      body: bytes,
      push: true
    });
    await done.arrayBuffer();
    return { digest, size: bytes.length };
  }
  /** A blob, checked against its digest, at most `maxBytes` long. */
  async getBlob(digest, maxBytes) {
    const res = await this.request("GET", `blobs/${digest}`, { notFound: true });
    if (!res)
      throw new RegistryContentError(`${this.what(`blob ${digest}`)}: listed but missing from the registry`);
    const bytes = await readCapped(res, maxBytes, this.what(`blob ${digest}`));
    if (sha256Digest(bytes) !== digest)
      throw new RegistryContentError(
        `${this.what(`blob ${digest}`)}: the registry served other content \u2014 refusing it`
      );
    return bytes;
  }
  /**
   * The referrers API (distribution-spec v1.1 end-12a). Undefined when the registry has none: 404, 400 or 406, or an
   * answer that is not an image index (go-containerregistry pkg/v1/remote/referrers.go falls back on the same).
   */
  async referrersApi(digest) {
    let path = `referrers/${digest}`;
    let index;
    for (let page = 0; page < MAX_REFERRER_PAGES; page++) {
      const res = await this.request("GET", path, {
        headers: { accept: MEDIA_TYPES.ociIndex },
        notFound: true,
        unsupported: page === 0
      });
      if (!res) return index;
      const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
      const bytes = await readCapped(res, MAX_MANIFEST_BYTES, this.what(`referrers of ${digest}`));
      if (type !== MEDIA_TYPES.ociIndex) return index;
      const parsed = ImageIndex.safeParse(safeJson2(bytes));
      if (!parsed.success)
        throw new RegistryContentError(
          `${this.what(`referrers of ${digest}`)}: the answer is not an image index`
        );
      index = index ? { ...index, manifests: [...index.manifests, ...parsed.data.manifests] } : parsed.data;
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get("link") ?? "")?.[1];
      if (!next) break;
      const nextUrl = new URL(next, `${this.base}/v2/${this.ref.repository}/`);
      if (nextUrl.origin !== new URL(this.base).origin) break;
      path = nextUrl.href;
    }
    return index;
  }
  what(thing) {
    return `${this.ref.registry}/${this.ref.repository}: ${thing}`;
  }
  async request(method, path, options) {
    const url = /^https?:\/\//.test(path) ? path : `${this.base}/v2/${this.ref.repository}/${path}`;
    const send = async () => {
      const headers = { ...options.headers };
      if (this.authorization) headers.authorization = this.authorization;
      const signals = [AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)];
      if (this.opts.signal) signals.push(this.opts.signal);
      try {
        return await fetch(url, {
          method,
          headers,
          ...options.body ? { body: options.body } : {},
          signal: AbortSignal.any(signals),
          redirect: "follow"
        });
      } catch (error) {
        if (this.opts.signal?.aborted) throw this.opts.signal.reason ?? error;
        const cause = error.cause;
        throw new RunError(
          `${this.what(`${method} ${shortPath(url)}`)}: ${cause?.code ?? cause?.message ?? error.message} \u2014 check the registry address${registryScheme(this.ref.apiHost, this.opts.insecure ?? false) === "https" ? " (--insecure-registry for plain HTTP)" : ""}`
        );
      }
    };
    let res = await send();
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get("www-authenticate") ?? "");
      await res.arrayBuffer().catch(() => void 0);
      if (challenge) {
        this.authorization = await this.authorize(challenge, options.push ?? false);
        res = await send();
      }
    }
    if (res.ok) return res;
    const body = await res.text().catch(() => "");
    if (options.notFound && res.status === 404) return void 0;
    if (options.unsupported && [400, 404, 405, 406].includes(res.status)) return void 0;
    const detail = registryErrorText(body);
    const hint = res.status === 401 || res.status === 403 ? ` \u2014 log in with \`docker login ${this.ref.registry}\` (or set REGISTRY_AUTH_FILE) with ${options.push ? "push" : "pull"} access` : res.status === 404 ? " \u2014 check the image name and digest" : "";
    throw new RunError(
      `${this.what(`${method} ${shortPath(url)}`)}: HTTP ${res.status}${detail ? ` ${detail}` : ""}${hint}`
    );
  }
  /** Basic with the stored credentials, or a bearer token from the challenge's realm (docker's token protocol). */
  async authorize(challenge, push) {
    if (this.credentials === null) this.credentials = await findCredentials(this.ref.registry, this.opts.env);
    const creds = this.credentials;
    if (challenge.scheme === "basic") {
      if (!creds?.username)
        throw new UsageError(
          `${this.ref.registry}: the registry asks for a login \u2014 run \`docker login ${this.ref.registry}\` (or set REGISTRY_AUTH_FILE)`
        );
      return `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ""}`).toString("base64")}`;
    }
    const realm = challenge.params.realm;
    if (challenge.scheme !== "bearer" || !realm)
      throw new RunError(`${this.ref.registry}: unsupported authentication challenge ${challenge.scheme}`);
    const scope = `repository:${this.ref.repository}:${push ? "pull,push" : "pull"}`;
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
    url.searchParams.set("scope", scope);
    let res;
    try {
      if (creds?.identityToken) {
        const form = new URLSearchParams({
          grant_type: "refresh_token",
          refresh_token: creds.identityToken,
          service: challenge.params.service ?? "",
          scope,
          client_id: "container-gate"
        });
        res = await fetch(realm, { method: "POST", body: form, signal: AbortSignal.timeout(3e4) });
      } else {
        const headers = {};
        if (creds?.username)
          headers.authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ""}`).toString("base64")}`;
        res = await fetch(url, { headers, signal: AbortSignal.timeout(3e4) });
      }
    } catch (error) {
      throw new RunError(
        `${this.ref.registry}: token endpoint ${url.host}: ${oneLine(error.message)}`
      );
    }
    const body = safeJson2(Buffer.from(await res.arrayBuffer()));
    const token = body?.token ?? body?.access_token;
    if (!res.ok || !token) {
      throw new UsageError(
        `${this.ref.registry}: no ${push ? "push" : "pull"} token for ${this.ref.repository} (HTTP ${res.status}) \u2014 run \`docker login ${this.ref.registry}\` with access to it`
      );
    }
    return `Bearer ${token}`;
  }
};
function sha256Digest(bytes) {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
function parseChallenge(header) {
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return void 0;
  const params = {};
  for (const m of match[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
    params[m[1].toLowerCase()] = (m[2] ?? m[3] ?? "").replace(/\\(.)/g, "$1");
  return { scheme: match[1].toLowerCase(), params };
}
async function readCapped(res, maxBytes, what) {
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new RegistryContentError(
      `${what}: ${declared} bytes, more than the ${maxBytes} this accepts \u2014 refusing it`
    );
  }
  const chunks = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body) {
    total += chunk.length;
    if (total > maxBytes) {
      await res.body.cancel().catch(() => void 0);
      throw new RegistryContentError(`${what}: more than the ${maxBytes} bytes this accepts \u2014 refusing it`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
function mediaTypeOf(bytes) {
  const parsed = safeJson2(bytes);
  return typeof parsed?.mediaType === "string" ? parsed.mediaType : "";
}
function safeJson2(bytes) {
  try {
    return JSON.parse(typeof bytes === "string" ? bytes : bytes.toString("utf8"));
  } catch {
    return void 0;
  }
}
function registryErrorText(body) {
  const parsed = safeJson2(body);
  const first = parsed?.errors?.[0];
  if (first) return oneLine(`${first.code ?? ""} ${first.message ?? ""}`).slice(0, 200);
  return oneLine(body).slice(0, 120);
}
function shortPath(url) {
  const u = new URL(url);
  return u.pathname.replace(/^\/v2\//, "");
}

export {
  MEDIA_TYPES,
  MAX_MANIFEST_BYTES,
  Descriptor,
  ImageIndex,
  RegistryContentError,
  repositoryOf,
  imageAt,
  registryScheme,
  RegistryClient,
  sha256Digest,
  parseChallenge,
  safeJson2 as safeJson
};
