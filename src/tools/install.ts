import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { errorMessage, oneLine, RunError, UsageError } from '../util/errors.js';
import type { ToolCache } from './cache.js';
import {
  currentPlatform,
  type InstallableTool,
  type PinnedAsset,
  type PinTable,
  TOOL_PINS,
  type ToolPlatform,
} from './pins.js';
import { runTool } from './run-tool.js';
import { findExecutable } from './which.js';

/**
 * `--install-missing`: downloads the pinned release of a tool, checks its SHA-256 against the value recorded in
 * pins.ts BEFORE extracting or running anything, and keeps it in a cache. A mismatch is a hard error and the
 * download is deleted: the gate must never run a scanner it cannot vouch for.
 */
export interface InstallOptions {
  cache: ToolCache;
  /** The pin table; tests pass their own (a loopback URL and the hash of a made-up archive). */
  pins?: PinTable;
  platform?: ToolPlatform;
  /** Where downloads are staged; deleted afterwards. */
  tempDir?: string;
  signal?: AbortSignal;
  /** Per download. Default 10 minutes. */
  timeoutMs?: number;
  /** Refuse bodies larger than this. Default 512 MiB. */
  maxBytes?: number;
}

export interface InstalledTool {
  tool: InstallableTool;
  version: string;
  path: string;
  /** True when it came from the cache without a download. */
  cached: boolean;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

export async function installTool(tool: InstallableTool, opts: InstallOptions): Promise<InstalledTool> {
  const pins = opts.pins ?? TOOL_PINS;
  const pin = pins[tool];
  if (!pin)
    throw new UsageError(
      `--install-missing: no pinned version of ${tool} — install it yourself and pass --${tool}-path`,
    );
  const platform = opts.platform ?? currentPlatform();
  const asset = platform ? pin.assets[platform] : undefined;
  if (!platform || !asset) {
    throw new UsageError(
      `--install-missing: no pinned ${tool} ${pin.version} build with a recorded checksum for ${platform ?? `${process.platform}/${process.arch}`} — install ${tool} yourself and pass --${tool}-path`,
    );
  }
  const what = `install ${tool} ${pin.version}`;
  const cachedPath = await opts.cache.find(tool, pin.version, platform);
  if (cachedPath) return { tool, version: pin.version, path: cachedPath, cached: true };

  const staging = await mkdtemp(join(opts.tempDir ?? tmpdir(), `container-gate-${tool}-`));
  try {
    const download = join(staging, 'download');
    const actual = await downloadTo(asset.url, download, what, opts);
    if (actual !== asset.sha256) {
      await rm(download, { force: true });
      throw new RunError(
        `${what}: checksum mismatch for ${asset.url}: expected sha256 ${asset.sha256}, got ${actual} — the download was altered or corrupted; nothing was installed`,
      );
    }
    const executable = asset.binaryInArchive
      ? await extractMember(download, asset, staging, what, opts)
      : download;
    const path = await opts.cache.store(tool, pin.version, platform, executable);
    return { tool, version: pin.version, path, cached: false };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Streams the body to `file` while hashing it; returns the hex SHA-256. Non-2xx, oversize or a cut connection is an error. */
async function downloadTo(url: string, file: string, what: string, opts: InstallOptions): Promise<string> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const fail = (why: string, cause?: unknown) =>
    new RunError(
      `${what}: download of ${url} failed: ${why} — check the network (or a proxy), or install the tool yourself`,
      { cause },
    );
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal });
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : error;
    throw fail(timeout.aborted ? 'timed out' : causeOf(error), error);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 'NaN');
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw fail(`${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  const hash = createHash('sha256');
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) {
        callback(new Error(`more than ${maxBytes} bytes`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      meter,
      createWriteStream(file),
    );
  } catch (error) {
    await rm(file, { force: true });
    if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : error;
    throw fail(timeout.aborted ? 'timed out' : causeOf(error), error);
  }
  return hash.digest('hex');
}

/** Extracts the one pinned member with the system tar (GNU tar and bsdtar both take this form). */
async function extractMember(
  archive: string,
  asset: PinnedAsset,
  staging: string,
  what: string,
  opts: InstallOptions,
): Promise<string> {
  const member = asset.binaryInArchive!;
  const tar = findExecutable('tar');
  if (!tar)
    throw new UsageError(`${what}: tar not found on PATH — install tar, or install the tool yourself`);
  const out = join(staging, 'extract');
  await mkdir(out);
  await runTool({
    tool: 'tar',
    executable: tar,
    args: ['-xzf', archive, '-C', out, member],
    action: `${what}: extract ${member}`,
    installHint: 'install tar',
    timeoutMs: 5 * 60 * 1000,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const extracted = join(out, member);
  const info = await stat(extracted).catch(() => undefined);
  if (!info?.isFile())
    throw new RunError(
      `${what}: the verified archive has no file ${member} — the pin table is wrong; report it`,
    );
  return extracted;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return oneLine(cause?.code ?? cause?.message ?? errorMessage(error));
}

/**
 * The executable to run for a tool: an explicit path (`--trivy-path`), else the one on PATH, else — with
 * `--install-missing` — the pinned, verified download. Undefined when none applies; an explicit path that is
 * not an executable file is a usage error rather than a silent fallback to another binary.
 */
export async function findOrInstallTool(
  tool: InstallableTool,
  opts: Omit<InstallOptions, 'cache'> & {
    explicitPath?: string;
    installMissing: boolean;
    cache: ToolCache;
    path?: string;
  },
): Promise<{ path: string; installed?: InstalledTool } | undefined> {
  if (opts.explicitPath !== undefined) {
    const explicit = findExecutable(opts.explicitPath, opts.path);
    if (!explicit)
      throw new UsageError(`--${tool}-path ${opts.explicitPath}: not an executable file — check the path`);
    return { path: explicit };
  }
  const onPath = findExecutable(tool, opts.path);
  if (onPath) return { path: onPath };
  if (!opts.installMissing) return undefined;
  const installed = await installTool(tool, opts);
  return { path: installed.path, installed };
}
