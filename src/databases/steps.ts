import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { LimitFunction } from 'p-limit';
import type { DatabaseName, ScannerDatabase } from '../core/report.js';
import { errorMessage, oneLine } from '../util/errors.js';
import { type Clock, describeFailures, trySources } from './attempts.js';
import { type DownloadContext, downloadOnce, type Installed } from './downloads.js';
import { DATABASE_TITLES, decideFallback } from './fallback.js';
import { grypeDatabaseEnv } from './grype.js';
import { type Inspected, inspectGeneration, type Unusable, usable } from './inspect.js';
import { type DatabaseSettings, formatDuration } from './settings.js';
import { type CachedGeneration, DatabaseStore, type View } from './store.js';
import { TRIVY_CACHE_SUBDIR } from './trivy.js';

/**
 * The Action's copy of the cache (@actions/cache): restored into a database's directory before its step when the
 * local cache has none, saved right after a download so that a run whose gate then fails still keeps it.
 */
export interface DatabaseCacheHooks {
  restore(name: DatabaseName, dir: string): Promise<void>;
  /** Not awaited by the run: the owner of the hooks waits for its saves before it exits. */
  save(name: DatabaseName, dir: string, database: ScannerDatabase): void;
}

export interface DatabaseStepsContext {
  settings: DatabaseSettings;
  /** The executables the scanners resolved to; a database is only asked for when its tool is here. */
  executables: Partial<Record<'trivy' | 'grype', string>>;
  toolVersion(tool: 'trivy' | 'grype'): Promise<string | undefined>;
  /** Per process, like a scanner run. */
  timeoutMs: number;
  signal: AbortSignal;
  clock: Clock;
  /** The run's bound on processes at once. */
  limit?: LimitFunction;
  info(line: string): void;
  warn(line: string): void;
  cache?: DatabaseCacheHooks;
}

export type DatabaseOutcome =
  | { ready: true; name: DatabaseName; dir: string; database: ScannerDatabase }
  | { ready: false; name: DatabaseName; reason: string; database?: ScannerDatabase };

export interface DatabaseSteps {
  /** The database, fetched or taken from the cache once per run however many scans ask. */
  get(name: DatabaseName): Promise<DatabaseOutcome>;
  /** Whether the cache holds this database already (a Java index is fetched ahead only when an earlier run needed one). */
  isCached(name: DatabaseName): Promise<boolean>;
  /**
   * A `--cache-dir` for one Trivy process: its own directory (Trivy keeps its scan cache, fanal/fanal.db, there and locks
   * it for the whole scan, pkg/cache/fs.go:19,34-41), with the run's databases linked in.
   */
  trivyCacheDir(dir: string, ready: readonly DatabaseOutcome[]): Promise<string>;
  /** The environment of a Grype scan reading this database directory. */
  grypeEnv(dir: string): Record<string, string>;
  close(): Promise<void>;
}

const ATTEMPTS_PER_SOURCE = 3;

/** One run's databases: what every step shares. */
interface DatabaseRun {
  ctx: DatabaseStepsContext;
  store: DatabaseStore;
  downloads: DownloadContext;
  /** Each database's outcome, fetched once per run however many scans ask. */
  outcomes: Map<DatabaseName, Promise<DatabaseOutcome>>;
  /** The run's hard links to the generations it reads, opened when the first one is ready. */
  view?: Promise<View>;
  /** What dead processes left in the cache, removed once per run before the first database step. */
  swept?: Promise<void>;
}

/** One database a run asked for, and the tool (at its version) that fetches it. */
interface Wanted {
  name: DatabaseName;
  title: string;
  executable: string;
  toolVersion: string | undefined;
}

type Decision =
  | { use: true; inspected: Inspected; downloaded: boolean; warning?: string }
  | { use: false; reason: string };

/** What a download came to: a generation that reads back, or the failures in one line. */
type Fetched = { inspected: Inspected; downloaded: boolean } | { failures: string };

export function createDatabaseSteps(ctx: DatabaseStepsContext): DatabaseSteps {
  const store = new DatabaseStore(ctx.settings.cacheDir);
  const run: DatabaseRun = {
    ctx,
    store,
    downloads: {
      store,
      clock: ctx.clock,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      limit: ctx.limit,
      maxAgeMs: ctx.settings.maxAgeMs,
    },
    outcomes: new Map(),
  };
  return {
    get: (name) => outcomeOf(run, name),
    isCached: async (name) => (await store.current(name)) !== undefined,
    trivyCacheDir,
    grypeEnv: (dir) => grypeDatabaseEnv(dir, ctx.settings.maxAgeMs),
    async close() {
      await Promise.allSettled([...run.outcomes.values()]);
      if (run.view) await (await run.view).close();
    },
  };
}

function outcomeOf(run: DatabaseRun, name: DatabaseName): Promise<DatabaseOutcome> {
  let outcome = run.outcomes.get(name);
  if (!outcome) {
    outcome = ensure(run, name).catch(
      (error): DatabaseOutcome => ({
        ready: false,
        name,
        reason: `${DATABASE_TITLES[name]} unavailable: ${oneLine(errorMessage(error))}`,
      }),
    );
    run.outcomes.set(name, outcome);
  }
  return outcome;
}

async function trivyCacheDir(dir: string, ready: readonly DatabaseOutcome[]): Promise<string> {
  // Made anew: a reused --work-dir must not hand this process an earlier run's links or scan cache.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const outcome of ready) {
    if (!outcome.ready || outcome.name === 'grype-db') continue;
    await symlink(outcome.dir, join(dir, TRIVY_CACHE_SUBDIR[outcome.name]), 'junction');
  }
  return dir;
}

/**
 * One database for the run: restored from the Action's cache, checked, downloaded or taken from the cache under its
 * lock, then reported and linked into the run's view.
 */
async function ensure(run: DatabaseRun, name: DatabaseName): Promise<DatabaseOutcome> {
  const tool = name === 'grype-db' ? 'grype' : 'trivy';
  const executable = run.ctx.executables[tool];
  const title = DATABASE_TITLES[name];
  if (!executable) return { ready: false, name, reason: `${title} unavailable: ${tool} is not at hand` };
  run.swept ??= run.store.sweep(run.ctx.clock.now()).catch(() => undefined);
  await run.swept;
  const wanted: Wanted = { name, title, executable, toolVersion: await run.ctx.toolVersion(tool) };
  const decided = await underLock(run, wanted, () => decide(run, wanted));
  if (!decided.use) return unavailable(run, name, decided.reason);
  return useGeneration(run, wanted, decided);
}

/**
 * `work` holding the database's lock in the cache; a holder that keeps it past --timeout is given up on (installs
 * are atomic: the lock only spares a second process the same download).
 */
function underLock<T>(run: DatabaseRun, wanted: Wanted, work: () => Promise<T>): Promise<T> {
  const { ctx, store } = run;
  return store.withLock(
    wanted.name,
    {
      clock: ctx.clock,
      signal: ctx.signal,
      waitMs: ctx.timeoutMs,
      onWait: (holder) =>
        ctx.info(
          `${wanted.title}: waiting for another container-gate process${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''} ` +
            `that is fetching it into ${ctx.settings.cacheDir}`,
        ),
      onGiveUp: () =>
        ctx.info(`${wanted.title}: the other process still holds the cache lock; going ahead without it`),
    },
    work,
  );
}

/** The cached generation while it is fresh; else a download; else the cached one within --db-max-age. */
async function decide(run: DatabaseRun, wanted: Wanted): Promise<Decision> {
  // Under the lock: a process that waited finds what the holder fetched, and does not fetch it again.
  await restoreSaved(run, wanted);
  const current = await run.store.current(wanted.name);
  const looked = current
    ? await inspectGeneration(wanted.name, current, wanted.toolVersion, run.ctx.clock)
    : undefined;
  if (usable(looked) && looked.fresh) return useCurrent(run, wanted, looked);
  const fetched = run.ctx.settings.offline ? undefined : await download(run, wanted, current);
  if (fetched && 'inspected' in fetched) return { use: true, ...fetched };
  return fallBack(run, wanted, looked, fetched?.failures);
}

/** The Action's saved copy (@actions/cache), when the local cache has none; one that cannot be restored only warns. */
async function restoreSaved(run: DatabaseRun, wanted: Wanted): Promise<void> {
  const { cache } = run.ctx;
  if (!cache || (await run.store.current(wanted.name))) return;
  await cache
    .restore(wanted.name, run.store.dirOf(wanted.name))
    .catch((error) =>
      run.ctx.warn(`${wanted.title}: the saved cache was not restored: ${oneLine(String(error))}`),
    );
}

function useCurrent(run: DatabaseRun, wanted: Wanted, cached: Inspected): Decision {
  const built = Number.isFinite(cached.basis)
    ? `, built ${formatDuration(run.ctx.clock.now() - cached.basis)} ago`
    : '';
  run.ctx.info(`${wanted.title}: the cached one is current${built}; not downloaded again`);
  return { use: true, inspected: cached, downloaded: false };
}

/** The sources in order, each retried on transient failures (trySources); what one installs must read back. */
async function download(
  run: DatabaseRun,
  wanted: Wanted,
  current: CachedGeneration | undefined,
): Promise<Fetched> {
  const { ctx } = run;
  const { name, executable, toolVersion } = wanted;
  const outcome = await trySources<Installed>({
    what: wanted.title,
    sources: ctx.settings.sources[name],
    attemptsPerSource: ATTEMPTS_PER_SOURCE,
    maxWaitMs: ctx.settings.maxWaitMs,
    clock: ctx.clock,
    signal: ctx.signal,
    say: ctx.info,
    attempt: (source) => downloadOnce(run.downloads, { name, executable, source, toolVersion, current }),
  });
  if (!outcome.value) return { failures: describeFailures(outcome.failures) || 'no source to try' };
  const installed = await inspectGeneration(name, outcome.value.gen, toolVersion, ctx.clock);
  if (usable(installed)) return { inspected: installed, downloaded: outcome.value.downloaded };
  return { failures: `${outcome.source}: the installed copy cannot be read (${installed.problem})` };
}

/** No download (--offline, or every source failed): the cached generation if it is within --db-max-age. */
function fallBack(
  run: DatabaseRun,
  wanted: Wanted,
  looked: Inspected | Unusable | undefined,
  failures: string | undefined,
): Decision {
  const { settings, clock } = run.ctx;
  const decision = decideFallback({
    name: wanted.name,
    ...(looked ? { cached: usable(looked) ? { basis: looked.basis } : { problem: looked.problem } } : {}),
    now: clock.now(),
    maxAgeMs: settings.maxAgeMs,
    offline: settings.offline,
    ...(failures ? { failures } : {}),
    cacheDir: run.store.dirOf(wanted.name),
    ...(settings.wording ? { wording: settings.wording } : {}),
  });
  if (!decision.use || !usable(looked))
    return { use: false, reason: decision.use ? `${wanted.title} unavailable` : decision.reason };
  return {
    use: true,
    inspected: looked,
    downloaded: false,
    ...(decision.warning ? { warning: decision.warning } : {}),
  };
}

/** A usable generation: reported, saved to the Action's cache when downloaded, and linked into the run's view. */
async function useGeneration(
  run: DatabaseRun,
  wanted: Wanted,
  decided: Extract<Decision, { use: true }>,
): Promise<DatabaseOutcome> {
  const { name } = wanted;
  if (decided.warning) run.ctx.warn(decided.warning);
  const database = decided.inspected.record(!decided.downloaded, decided.warning);
  // Saved right after the download, before any scan: a run whose gate fails still keeps it.
  if (decided.downloaded) run.ctx.cache?.save(name, run.store.dirOf(name), database);
  let dir: string;
  try {
    dir = await linkIntoView(run, name, decided.inspected.gen);
  } catch (error) {
    return linkNewerGeneration(run, wanted, error);
  }
  return { ready: true, name, dir, database };
}

/**
 * Another process installed a newer generation and deleted this one between our read and our links: that newer one,
 * reported as taken from the cache. Any other failure to link stands.
 */
async function linkNewerGeneration(
  run: DatabaseRun,
  wanted: Wanted,
  error: unknown,
): Promise<DatabaseOutcome> {
  const { name } = wanted;
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  const again = await run.store.current(name);
  if (!again) throw error;
  const inspected = await inspectGeneration(name, again, wanted.toolVersion, run.ctx.clock);
  if (!usable(inspected)) throw error;
  return { ready: true, name, dir: await linkIntoView(run, name, again), database: inspected.record(true) };
}

async function linkIntoView(run: DatabaseRun, name: DatabaseName, gen: CachedGeneration): Promise<string> {
  run.view ??= run.store.openView();
  return (await run.view).link(name, gen.dir);
}

function unavailable(run: DatabaseRun, name: DatabaseName, reason: string): DatabaseOutcome {
  return name === 'trivy-checks' ? embeddedChecks(run, reason) : { ready: false, name, reason };
}

/** Trivy carries on with the checks compiled into it when it has no bundle (run.go:724-727): reported as such. */
function embeddedChecks(run: DatabaseRun, reason: string): DatabaseOutcome {
  const warning = `${reason}; trivy config uses the checks embedded in trivy`;
  run.ctx.warn(warning);
  return {
    ready: false,
    name: 'trivy-checks',
    reason,
    database: { name: 'trivy-checks', tool: 'trivy', source: 'embedded', fromCache: false, warning },
  };
}
