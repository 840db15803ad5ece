import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../../src/process/exec.js';
import { directoryToolCache } from '../../../src/tools/cache.js';
import { findOrInstallTool, installTool } from '../../../src/tools/install.js';
import type { PinTable } from '../../../src/tools/pins.js';
import { RunError, UsageError } from '../../../src/util/errors.js';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const MAX_REQUESTS = 50;

describe('installTool against a loopback release server', () => {
  let work: string;
  let server: Server;
  let base: string;
  let requests: string[];
  let goodArchive: Buffer;
  let rawBinary: Buffer;
  const tamperedArchive = Buffer.from('this is not the archive whose checksum was pinned');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-install-'));
    // A made-up release: a .tar.gz holding one script, and a bare executable like cosign's.
    const payload = join(work, 'payload');
    await mkdir(payload);
    await writeFile(join(payload, 'faketool'), '#!/bin/sh\necho "faketool 9.9.9"\n');
    await chmod(join(payload, 'faketool'), 0o755);
    await writeFile(join(payload, 'README'), 'not the binary\n');
    const res = await runProcess('tar', {
      args: ['-czf', join(work, 'release.tar.gz'), '-C', payload, 'faketool', 'README'],
      timeoutMs: 30_000,
    });
    expect(res.exitCode).toBe(0);
    goodArchive = await readFile(join(work, 'release.tar.gz'));
    rawBinary = Buffer.from('#!/bin/sh\necho "rawtool 1.0.0"\n');

    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (requests.length > MAX_REQUESTS) {
        res.writeHead(429).end();
        return;
      }
      const bodies: Record<string, Buffer> = {
        '/good.tar.gz': goodArchive,
        '/tampered.tar.gz': tamperedArchive,
        '/raw': rawBinary,
      };
      const body = bodies[req.url ?? ''];
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/good.tar.gz' }).end();
        return;
      }
      if (!body) {
        res.writeHead(404).end('Not Found');
        return;
      }
      res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(work, { recursive: true, force: true });
  });

  let cacheDir: string;
  let staging: string;
  beforeEach(async () => {
    requests.length = 0;
    cacheDir = await mkdtemp(join(work, 'cache-'));
    staging = await mkdtemp(join(work, 'staging-'));
  });

  const pins = (url: string, sha: string, binaryInArchive?: string): PinTable => ({
    trivy: {
      version: '9.9.9',
      assets: {
        'linux/amd64': { url: `${base}${url}`, sha256: sha, ...(binaryInArchive ? { binaryInArchive } : {}) },
      },
    },
  });
  const options = (pinTable: PinTable) => ({
    cache: directoryToolCache(cacheDir),
    pins: pinTable,
    platform: 'linux/amd64' as const,
    tempDir: staging,
  });

  it('installs a verified archive, extracts only the pinned binary, and caches it', async () => {
    const installed = await installTool(
      'trivy',
      options(pins('/good.tar.gz', sha256(goodArchive), 'faketool')),
    );
    expect(installed).toMatchObject({ tool: 'trivy', version: '9.9.9', cached: false });
    const run = await runProcess(installed.path, { args: [], timeoutMs: 10_000 });
    expect(run.stdout.trim()).toBe('faketool 9.9.9');
    expect(await readdir(join(cacheDir, 'trivy', '9.9.9', 'linux-amd64'))).toEqual(['trivy', 'trivy.sha256']);
    expect(requests).toEqual(['/good.tar.gz']);

    const again = await installTool('trivy', options(pins('/good.tar.gz', sha256(goodArchive), 'faketool')));
    expect(again).toEqual({ ...installed, cached: true });
    expect(requests).toHaveLength(1);
    expect(await readdir(staging)).toEqual([]);
  });

  it('follows the redirect GitHub release downloads answer with', async () => {
    const installed = await installTool('trivy', options(pins('/redirect', sha256(goodArchive), 'faketool')));
    expect(installed.cached).toBe(false);
    expect(requests).toEqual(['/redirect', '/good.tar.gz']);
  });

  it('installs a bare release binary (cosign-style) as it is', async () => {
    const installed = await installTool('trivy', options(pins('/raw', sha256(rawBinary))));
    expect(await readFile(installed.path)).toEqual(rawBinary);
  });

  it('refuses a download whose checksum differs, naming the tool and both hashes, and keeps nothing', async () => {
    const expected = sha256(goodArchive);
    const error = await installTool('trivy', options(pins('/tampered.tar.gz', expected, 'faketool'))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toBe(
      `install trivy 9.9.9: checksum mismatch for ${base}/tampered.tar.gz: expected sha256 ${expected}, got ${sha256(tamperedArchive)} — the download was altered or corrupted; nothing was installed`,
    );
    expect(await readdir(staging)).toEqual([]);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('says clearly when the release file is not there', async () => {
    await expect(
      installTool('trivy', options(pins('/missing.tar.gz', sha256(goodArchive), 'faketool'))),
    ).rejects.toThrow(`install trivy 9.9.9: download of ${base}/missing.tar.gz failed: HTTP 404 Not Found`);
    expect(await readdir(staging)).toEqual([]);
  });

  it('refuses a body over the size limit', async () => {
    await expect(
      installTool('trivy', {
        ...options(pins('/good.tar.gz', sha256(goodArchive), 'faketool')),
        maxBytes: 10,
      }),
    ).rejects.toThrow(/over the 10-byte limit/);
  });

  it('refuses a platform without a recorded checksum, and a tool without a pin', async () => {
    await expect(
      installTool('trivy', {
        ...options(pins('/good.tar.gz', sha256(goodArchive))),
        platform: 'darwin/arm64',
      }),
    ).rejects.toThrow(
      /no pinned trivy 9\.9\.9 build with a recorded checksum for darwin\/arm64 — install trivy yourself and pass --trivy-path/,
    );
    await expect(installTool('grype', options(pins('/good.tar.gz', sha256(goodArchive))))).rejects.toThrow(
      UsageError,
    );
    expect(requests).toEqual([]);
  });

  it('downloads again when the cached binary was changed after it was stored', async () => {
    const pinTable = pins('/good.tar.gz', sha256(goodArchive), 'faketool');
    const first = await installTool('trivy', options(pinTable));
    await appendFile(first.path, 'echo injected\n');
    const second = await installTool('trivy', options(pinTable));
    expect(second.cached).toBe(false);
    expect(requests).toHaveLength(2);
    expect((await runProcess(second.path, { args: [], timeoutMs: 10_000 })).stdout).not.toContain('injected');
  });

  it('prefers an explicit path, then PATH, and installs only with --install-missing', async () => {
    const bin = await mkdtemp(join(work, 'bin-'));
    const onPath = join(bin, 'trivy');
    const pinTable = pins('/good.tar.gz', sha256(goodArchive), 'faketool');
    const base = { ...options(pinTable), installMissing: false, path: bin };
    expect(await findOrInstallTool('trivy', base)).toBeUndefined();
    await writeFile(onPath, '#!/bin/sh\n');
    await chmod(onPath, 0o755);
    expect(await findOrInstallTool('trivy', base)).toEqual({ path: onPath });
    await expect(findOrInstallTool('trivy', { ...base, explicitPath: join(bin, 'nope') })).rejects.toThrow(
      /--trivy-path .*nope: not an executable file/,
    );
    const installed = await findOrInstallTool('trivy', {
      ...base,
      path: join(work, 'no-such-dir'),
      installMissing: true,
    });
    expect(installed?.installed?.cached).toBe(false);
    expect(existsSync(installed!.path)).toBe(true);
  });
});
