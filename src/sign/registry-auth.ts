import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { oneLine, UsageError } from '../util/errors.js';

/**
 * Registry credentials where `docker login`, `podman login`, `skopeo login` and docker/login-action put them, so
 * that native signing finds what cosign and skopeo would. Never from argv. The first file that has an entry for
 * the registry wins: REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json (podman, skopeo), then
 * $DOCKER_CONFIG/config.json or ~/.docker/config.json (docker). A credential helper (`credHelpers`, `credsStore`)
 * is asked with `docker-credential-<name> get`, as docker does.
 */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the token endpoint. */
  identityToken?: string;
}

const AuthEntry = z.looseObject({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});
const ConfigFile = z.looseObject({
  auths: z.record(z.string(), AuthEntry).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});

/** The docker config key for Docker Hub, which docker itself writes. */
const DOCKER_HUB_KEYS = [
  'https://index.docker.io/v1/',
  'index.docker.io',
  'docker.io',
  'registry-1.docker.io',
];
const HELPER_TIMEOUT_MS = 30_000;

export function authFiles(env: Record<string, string | undefined>): string[] {
  const files: string[] = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, 'containers/auth.json'));
  files.push(join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json'));
  return files;
}

/** `https://ghcr.io/v2/` → `ghcr.io`: docker keeps some keys as URLs. */
function hostOfKey(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

export async function findCredentials(
  registry: string,
  env: Record<string, string | undefined> = process.env,
): Promise<RegistryCredentials | undefined> {
  const wanted = registry === 'docker.io' ? DOCKER_HUB_KEYS.map(hostOfKey) : [registry.toLowerCase()];
  for (const file of authFiles(env)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    let config: z.infer<typeof ConfigFile>;
    try {
      config = ConfigFile.parse(JSON.parse(text));
    } catch (error) {
      throw new UsageError(
        `registry credentials: ${file} is not a docker/containers auth file — fix or remove it, or point REGISTRY_AUTH_FILE elsewhere`,
        { cause: error },
      );
    }
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => wanted.includes(hostOfKey(key)));
    if (helper) return credentialHelper(helper[1], registry === 'docker.io' ? DOCKER_HUB_KEYS[0]! : registry);
    const entry = Object.entries(config.auths ?? {}).find(([key]) => wanted.includes(hostOfKey(key)));
    if (entry) {
      const fromEntry = credentialsOf(entry[1]);
      if (fromEntry) return fromEntry;
    }
    if (config.credsStore)
      return credentialHelper(config.credsStore, registry === 'docker.io' ? DOCKER_HUB_KEYS[0]! : registry);
  }
  return undefined;
}

function credentialsOf(entry: z.infer<typeof AuthEntry>): RegistryCredentials | undefined {
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

const HelperReply = z.looseObject({ Username: z.string(), Secret: z.string() });

/** docker's credential helper protocol: the server URL on stdin, `{Username, Secret}` on stdout. */
function credentialHelper(name: string, server: string): Promise<RegistryCredentials | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name))
    throw new UsageError(
      `registry credentials: credential helper ${JSON.stringify(name)} is not a helper name`,
    );
  const executable = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new UsageError(
          `registry credentials for ${server}: ${executable} ${error.code === 'ENOENT' ? 'not found on PATH' : error.message} — install it or log in again`,
        ),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // "credentials not found in native keychain": not logged in to that registry, which is not an error.
      if (code !== 0) {
        if (/not found/i.test(stdout + stderr)) return resolve(undefined);
        return reject(
          new UsageError(
            `registry credentials for ${server}: ${executable} failed (exit ${code}): ${oneLine(stderr || stdout).slice(0, 200)}`,
          ),
        );
      }
      const parsed = HelperReply.safeParse(safeJson(stdout));
      if (!parsed.success)
        return reject(
          new UsageError(`registry credentials for ${server}: ${executable} printed no credentials`),
        );
      const { Username, Secret } = parsed.data;
      resolve(Username === '<token>' ? { identityToken: Secret } : { username: Username, password: Secret });
    });
    child.stdin.end(server);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
