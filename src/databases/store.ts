import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, symlink, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { DatabaseName } from '../core/report.js';
import { oneLine } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs-atomic.js';
import type { Clock } from './attempts.js';

/**
 * The database cache (`--cache-dir`), one directory per database, each holding complete downloads only:
 *
 *     <root>/trivy-db/record.json            which generation is current, where it came from, when it was checked
 *     <root>/trivy-db/<generation>/…          the files as the tool wrote them (trivy.db + metadata.json)
 *     <root>/trivy-java-db/…, trivy-checks/…, grype-db/<generation>/6/…
 *     <root>/.locks/<name>.lock               held while one process checks, downloads and installs that database
 *     <root>/.staging/…                       downloads in progress, private to their process
 *     <root>/.views/<host>-<pid>-<random>/    one run's hard links to the generations it uses
 *
 * A tool downloads into a staging directory of its own, never into the cache: Trivy extracts a download straight
 * over `<cache>/db` with only an in-process lock (aquasecurity/trivy v0.74.0 pkg/oci/artifact.go:222-246,
 * pkg/commands/operation/operation.go:22-27), and parallel downloaders have left an empty or broken trivy.db
 * (aquasecurity/trivy#8454). A checked download is renamed into place as a new generation and the record is replaced
 * atomically, so a reader sees the old database or the new one, whole. Runs read through hard links made when they
 * start (`views`), so replacing a generation, or deleting the old one, never changes what a running scan reads, and
 * every scan of one run reads the same database. The lock only spares a second process the same download; nothing
 * depends on it for correctness.
 */

const recordSchema = z.object({
  generation: z.string().regex(/^[\w.-]+$/),
  source: z.string(),
  toolVersion: z.string().optional(),
  /** The last successful download or update check. */
  checkedAt: z.string(),
  /** `grype db status -o json` of this generation, as Grype printed it. */
  status: z.unknown().optional(),
});

export type StoredRecord = z.infer<typeof recordSchema>;

export interface CachedGeneration {
  record: StoredRecord;
  /** The generation's directory: the files as the tool wrote them. */
  dir: string;
}

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface LockOptions {
  clock: Clock;
  signal?: AbortSignal;
  /** How long to wait for another process's lock before going ahead without it. */
  waitMs: number;
  /** Told once when the lock is held by someone else. */
  onWait?(holder: LockHolder | undefined): void;
  onGiveUp?(holder: LockHolder | undefined): void;
}

const POLL_MS = 250;
/** A lock, staging directory or view older than this belongs to a process that is gone. */
const STALE_MS = 24 * 3_600_000;

export class DatabaseStore {
  readonly owner = `${sanitise(hostname())}-${process.pid}`;

  constructor(readonly root: string) {}

  dirOf(name: DatabaseName): string {
    return join(this.root, name);
  }

  recordPath(name: DatabaseName): string {
    return join(this.dirOf(name), 'record.json');
  }

  /** The current generation, or undefined when there is none (or its record or directory is not usable). */
  async current(name: DatabaseName): Promise<CachedGeneration | undefined> {
    const text = await readFile(this.recordPath(name), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    let record: StoredRecord;
    try {
      record = recordSchema.parse(JSON.parse(text));
    } catch {
      return undefined;
    }
    const dir = join(this.dirOf(name), record.generation);
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    return isDir ? { record, dir } : undefined;
  }

  /** A fresh directory for one download, on the cache's file system so that installing it is a rename. */
  async staging(name: DatabaseName): Promise<string> {
    const dir = join(this.root, '.staging', `${name}-${this.owner}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Renames a checked download into place as the new current generation and deletes the ones before it: a run that
   * read them holds hard links of its own (`View`).
   */
  async install(
    name: DatabaseName,
    staged: string,
    record: Omit<StoredRecord, 'generation'>,
    now: number,
  ): Promise<CachedGeneration> {
    const generation = `${new Date(now)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
    const dir = join(this.dirOf(name), generation);
    await mkdir(this.dirOf(name), { recursive: true });
    await rename(staged, dir);
    const full: StoredRecord = { ...record, generation };
    await this.writeRecord(name, full);
    await this.prune(name, generation);
    return { record: full, dir };
  }

  /** The same generation, checked again (a newer database was not available, or this one is still fresh). */
  async writeRecord(name: DatabaseName, record: StoredRecord): Promise<void> {
    await writeFileAtomic(
      this.recordPath(name),
      `${JSON.stringify(record, null, 2)}\n`,
      'database cache record',
    );
  }

  private async prune(name: DatabaseName, keep: string): Promise<void> {
    for (const entry of await readdir(this.dirOf(name)).catch(() => [] as string[])) {
      if (entry === keep || entry === 'record.json' || entry.startsWith('.')) continue;
      await rm(join(this.dirOf(name), entry), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /**
   * Runs `work` holding `<root>/.locks/<name>.lock` (an exclusively created file naming its holder). A lock whose
   * holder is gone (its process on this host no longer exists, or it is a day old) is taken over; a live holder is
   * waited for, at most `waitMs`, after which the work goes ahead without the lock (safe: installs are atomic).
   */
  async withLock<T>(name: DatabaseName, options: LockOptions, work: () => Promise<T>): Promise<T> {
    const file = join(this.root, '.locks', `${name}.lock`);
    await mkdir(join(this.root, '.locks'), { recursive: true });
    const mine: LockHolder = {
      pid: process.pid,
      host: hostname(),
      since: new Date(options.clock.now()).toISOString(),
    };
    const text = `${JSON.stringify(mine)}\n`;
    const started = options.clock.now();
    let told = false;
    let held = false;
    for (;;) {
      try {
        const handle = await open(file, 'wx');
        await handle.writeFile(text);
        await handle.close();
        held = true;
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(file);
      if (await isStale(file, holder, options.clock.now())) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      if (!told) {
        told = true;
        options.onWait?.(holder);
      }
      if (options.clock.now() - started >= options.waitMs || options.signal?.aborted) {
        options.onGiveUp?.(holder);
        break;
      }
      await options.clock.sleep(POLL_MS, options.signal);
    }
    try {
      return await work();
    } finally {
      if (held) {
        const still = await readFile(file, 'utf8').catch(() => undefined);
        if (still === text) await unlink(file).catch(() => undefined);
      }
    }
  }

  /** A run's private set of hard links to the generations it reads. */
  async openView(): Promise<View> {
    const dir = join(this.root, '.views', `${this.owner}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return new View(dir);
  }

  /** Removes what dead processes left behind: staging directories and views (never a current generation). */
  async sweep(now: number): Promise<void> {
    for (const area of ['.staging', '.views']) {
      const base = join(this.root, area);
      for (const entry of await readdir(base).catch(() => [] as string[])) {
        const path = join(base, entry);
        if (await isAbandoned(path, entry, now))
          await rm(path, { recursive: true, force: true }).catch(() => undefined);
      }
    }
  }
}

/** One run's links to the databases it reads, under `<root>/.views/<run>/<name>`; removed when the run ends. */
export class View {
  private readonly linked = new Map<DatabaseName, string>();

  constructor(readonly dir: string) {}

  /** The run's copy of a generation (hard links; a symlink to it where the file system has no hard links). */
  async link(name: DatabaseName, generationDir: string): Promise<string> {
    const existing = this.linked.get(name);
    if (existing) return existing;
    const target = join(this.dir, name);
    try {
      await linkTree(generationDir, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
      await rm(target, { recursive: true, force: true });
      await symlink(generationDir, target, 'junction');
    }
    this.linked.set(name, target);
    return target;
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isFile()) await link(source, target);
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

async function isStale(file: string, holder: LockHolder | undefined, now: number): Promise<boolean> {
  const modified = await stat(file).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  if (modified === undefined) return false; // released meanwhile: try again
  // A file being written this instant has no holder yet; one that never got one belongs to a crashed writer.
  if (!holder) return now - modified > 60_000;
  if (holder.host === hostname() && !isAlive(holder.pid)) return true;
  return now - modified > STALE_MS;
}

async function isAbandoned(path: string, entry: string, now: number): Promise<boolean> {
  const match = /-(\d+)-[0-9a-f]{8}$/.exec(entry);
  const host = sanitise(hostname());
  if (match && entry.includes(`${host}-${match[1]}-`) && !isAlive(Number(match[1]))) return true;
  const modified = await stat(path).then(
    (s) => s.mtimeMs,
    () => now,
  );
  return now - modified > STALE_MS;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sanitise(value: string): string {
  return value.replace(/[^\w.]+/g, '_').slice(0, 64) || 'host';
}

/** A path under the cache, for messages: relative when short. */
export function describeCachePath(root: string, path: string): string {
  const rel = relative(root, path);
  return oneLine(rel && !rel.startsWith('..') ? `${root}/${rel}` : path);
}
