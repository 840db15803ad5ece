import { link, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LimitFunction } from 'p-limit';
import type { DatabaseName, ScannerDatabase } from '../core/report.js';
import { type ExecResult, runProcess } from '../process/exec.js';
import { withheldEnvironment } from '../scanners/run.js';
import type { ToolEnvironment } from '../scanners/scanner.js';
import { trivyIsolation } from '../scanners/trivy/command.js';
import { errorMessage, oneLine } from '../util/errors.js';
import {
  type AttemptFailure,
  type AttemptResult,
  type Clock,
  describeFailures,
  trySources,
} from './attempts.js';
import {
  classifyGrypeFailure,
  GRYPE_MODEL_DIR,
  type GrypeStatus,
  grypeDatabaseEnv,
  grypeIsFresh,
  grypeReportRecord,
  grypeStatusSchema,
  grypeUpdated,
  parseGrypeStatus,
} from './grype.js';
import { type DatabaseSettings, formatDuration } from './settings.js';
import { type CachedGeneration, DatabaseStore, type View } from './store.js';
import {
  classifyTrivyFailure,
  readTrivyContents,
  TRIVY_CACHE_SUBDIR,
  TRIVY_DATABASE_TITLE,
  type TrivyDatabase,
  type TrivyMetadata,
  trivyAgeBasis,
  trivyDownloadArgs,
  trivyIsFresh,
  trivyReportRecord,
} from './trivy.js';

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

const TITLES: Record<DatabaseName, string> = {
  ...TRIVY_DATABASE_TITLE,
  'grype-db': 'grype vulnerability database',
};
const SOURCE_FLAG: Record<DatabaseName, string> = {
  'trivy-db': '--trivy-db-repository',
  'trivy-java-db': '--trivy-java-db-repository',
  'trivy-checks': '--trivy-checks-repository',
  'grype-db': '--grype-db-url',
};
const ATTEMPTS_PER_SOURCE = 3;

/** Settings that would stop or redirect a download step; the step's own argv and env say what it needs. */
const DOWNLOAD_STOPPERS = [
  'TRIVY_SKIP_DB_UPDATE',
  'TRIVY_SKIP_UPDATE',
  'TRIVY_SKIP_JAVA_DB_UPDATE',
  'TRIVY_SKIP_CHECK_UPDATE',
  'TRIVY_SKIP_POLICY_UPDATE',
  'TRIVY_OFFLINE_SCAN',
  'TRIVY_CACHE_DIR',
  'TRIVY_DB_REPOSITORY',
  'TRIVY_JAVA_DB_REPOSITORY',
  'TRIVY_CHECKS_BUNDLE_REPOSITORY',
];

/**
 * Grype's database steps get no GRYPE_ variable of ours but the connection ones (as a Grype scan,
 * src/scanners/syft/command.ts); the database settings are the step's own (grypeDatabaseEnv).
 */
const GRYPE_ENV: ToolEnvironment = {
  prefix: 'GRYPE_',
  passes: /^GRYPE_(DB_CA_CERT|REGISTRY_[A-Z0-9_]+|LOG_(LEVEL|FILE))$/,
};

/** A cached generation, read and checked: how old it is, whether the tool would still keep it, how to report it. */
interface Inspected {
  gen: CachedGeneration;
  /** Build time (ms) the age bound is measured from; NaN when unknown. */
  basis: number;
  fresh: boolean;
  record(fromCache: boolean, warning?: string): ScannerDatabase;
}

interface Unusable {
  problem: string;
}

const usable = (looked: Inspected | Unusable | undefined): looked is Inspected =>
  looked !== undefined && 'gen' in looked;

interface Installed {
  gen: CachedGeneration;
  downloaded: boolean;
}

/** What to do when no download happened: the cache within the bound, or a one-line reason to fail. */
export type FallbackDecision = { use: true; warning?: string } | { use: false; reason: string };

/**
 * The bound, at its edges: a cached database whose age (now − built) is at most `maxAgeMs` is used; one a millisecond
 * older is not. Pure, so that the edges are tested with an injected clock.
 */
export function decideFallback(input: {
  name: DatabaseName;
  cached?: { basis: number; problem?: undefined } | { problem: string };
  now: number;
  maxAgeMs: number;
  offline: boolean;
  /** The failed downloads, described; absent with --offline. */
  failures?: string;
  cacheDir: string;
}): FallbackDecision {
  const title = TITLES[input.name];
  const max = formatMaxAge(input.maxAgeMs);
  const why = input.offline
    ? '--offline forbids downloading'
    : `every download failed (${input.failures ?? 'no source'})`;
  const remedy = input.offline
    ? 'run once without --offline, or restore the cache into --cache-dir'
    : `name a reachable mirror with ${SOURCE_FLAG[input.name]}, or fill --cache-dir from a machine that can download`;
  if (!input.cached) {
    return {
      use: false,
      reason: `${title} unavailable: ${why} and none is cached in ${input.cacheDir} — ${remedy}`,
    };
  }
  if (input.cached.problem !== undefined) {
    return {
      use: false,
      reason: `${title} unavailable: ${why} and the cached one cannot be used (${input.cached.problem}) — ${remedy}`,
    };
  }
  const age = input.now - input.cached.basis;
  if (!Number.isFinite(age)) {
    return {
      use: false,
      reason: `${title} unavailable: ${why} and the cached one has no build time to bound its age — ${remedy}`,
    };
  }
  if (age > input.maxAgeMs) {
    return {
      use: false,
      reason:
        `${title} unavailable: ${why} and the cached one was built ${formatDuration(age)} ago, over --db-max-age ${max} — ` +
        `raise --db-max-age, or ${remedy}`,
    };
  }
  const used = `the cached one, built ${formatDuration(Math.max(0, age))} ago (within --db-max-age ${max}), was used`;
  return {
    use: true,
    warning: input.offline
      ? `${title}: --offline: not checked for a newer one; ${used}`
      : `${title}: every download failed (${input.failures}); ${used}`,
  };
}

/** The bound as a user would have written it: `72h` stays `72h` (not `3d`). */
export function formatMaxAge(ms: number): string {
  return ms > 0 && ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : formatDuration(ms);
}

export function createDatabaseSteps(ctx: DatabaseStepsContext): DatabaseSteps {
  const { settings, clock } = ctx;
  const store = new DatabaseStore(settings.cacheDir);
  const outcomes = new Map<DatabaseName, Promise<DatabaseOutcome>>();
  let view: Promise<View> | undefined;
  let swept: Promise<void> | undefined;

  /**
   * One database process, isolated like a scan (issue 14): it starts in an empty directory of its own (no trivy.yaml,
   * .grype.yaml of the repository), and gets none of its tool's variables from our environment but those that only
   * say how to connect, nor any that would stop or redirect the download (TRIVY_SKIP_DB_UPDATE with
   * --download-db-only is an error, pkg/flag/db_flags.go:139-141).
   */
  const run = async (
    executable: string,
    args: string[],
    isolation: {
      dir: string;
      env?: Record<string, string>;
      ownEnv: ToolEnvironment;
      inputs?: Record<string, string>;
    },
  ): Promise<ExecResult> => {
    const cwd = join(isolation.dir, 'cwd');
    await mkdir(cwd, { recursive: true });
    for (const [path, content] of Object.entries(isolation.inputs ?? {})) await writeFile(path, content);
    const withheld = [
      ...withheldEnvironment({ ownEnv: isolation.ownEnv, ...(isolation.env ? { env: isolation.env } : {}) }),
      ...DOWNLOAD_STOPPERS.filter((name) => process.env[name] !== undefined),
    ];
    const start = () =>
      runProcess(executable, {
        args,
        cwd,
        ...(isolation.env ? { env: isolation.env } : {}),
        withoutEnv: withheld,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        maxOutputBytes: 16 * 1024 * 1024,
      });
    return ctx.limit ? ctx.limit(start) : start();
  };
  /** A process that did not run to an exit code of its own, as a failure class. */
  const processFailure = (res: ExecResult): AttemptFailure | undefined => {
    if (res.aborted) return { class: 'failed', detail: 'the run was interrupted' };
    if (res.timedOut)
      return { class: 'timeout', detail: `no result within ${formatDuration(ctx.timeoutMs)} (--timeout)` };
    if (res.signal) return { class: 'failed', detail: `killed by ${res.signal}` };
    if (res.outputExceeded) return { class: 'failed', detail: `printed too much on ${res.outputExceeded}` };
    return undefined;
  };

  const inspectTrivy = async (
    name: TrivyDatabase,
    gen: CachedGeneration,
    toolVersion?: string,
  ): Promise<Inspected | Unusable> => {
    const contents = await readTrivyContents(name, gen.dir);
    if (!contents.ok) return { problem: contents.problem };
    const metadata = contents.metadata;
    const sameTool = !gen.record.toolVersion || !toolVersion || gen.record.toolVersion === toolVersion;
    return {
      gen,
      basis: trivyAgeBasis(name, metadata),
      fresh: sameTool && trivyIsFresh(name, metadata, clock.now()),
      record: (fromCache: boolean, warning?: string) =>
        trivyReportRecord(name, metadata, gen.record.source, fromCache, warning),
    };
  };

  const inspectGrype = async (gen: CachedGeneration, toolVersion?: string): Promise<Inspected | Unusable> => {
    const status = grypeStatusSchema.safeParse(gen.record.status);
    if (!status.success) return { problem: 'its record holds no grype db status' };
    if (!status.data.valid)
      return { problem: `grype called it invalid: ${status.data.error ?? 'no reason given'}` };
    const sameTool = !gen.record.toolVersion || !toolVersion || gen.record.toolVersion === toolVersion;
    return {
      gen,
      basis: Date.parse(status.data.built ?? ''),
      fresh: sameTool && grypeIsFresh(gen.record.checkedAt, clock.now()),
      record: (fromCache: boolean, warning?: string) =>
        grypeReportRecord(status.data, gen.record.checkedAt, gen.record.source, fromCache, warning),
    };
  };

  const inspect = (
    name: DatabaseName,
    gen: CachedGeneration,
    toolVersion?: string,
  ): Promise<Inspected | Unusable> =>
    name === 'grype-db' ? inspectGrype(gen, toolVersion) : inspectTrivy(name, gen, toolVersion);

  /** One download of a Trivy database from one repository, checked and installed. */
  const trivyAttempt = async (
    name: TrivyDatabase,
    executable: string,
    repository: string,
    toolVersion: string | undefined,
  ): Promise<AttemptResult<Installed>> => {
    const staging = await store.staging(name);
    try {
      if (name === 'trivy-checks') await mkdir(join(staging, 'empty'), { recursive: true });
      const own = join(staging, 'run');
      await mkdir(own, { recursive: true });
      const isolation = trivyIsolation(own, name === 'trivy-checks' ? 'config' : 'image');
      const res = await run(
        executable,
        [...trivyDownloadArgs(name, staging, repository, toolVersion), ...isolation.args],
        { dir: own, ownEnv: isolation.ownEnv, inputs: isolation.inputs },
      );
      const stopped = processFailure(res);
      if (stopped) return { ok: false, failure: stopped };
      const downloaded = join(staging, TRIVY_CACHE_SUBDIR[name]);
      // `trivy config` carries on with its embedded checks when the bundle fails (run.go:724-727), exit 0: only
      // the bundle on disk says whether the download worked.
      if (
        res.exitCode !== 0 ||
        (name === 'trivy-checks' && !(await readTrivyContents(name, downloaded)).ok)
      ) {
        if (res.exitCode === 0 && !/\bERROR\b|error/.test(res.stderr))
          return { ok: false, failure: { class: 'corrupt', detail: 'no checks bundle was written' } };
        return { ok: false, failure: classifyTrivyFailure(res.stderr, res.exitCode) };
      }
      const contents = await readTrivyContents(name, downloaded);
      if (!contents.ok) return { ok: false, failure: { class: 'corrupt', detail: contents.problem } };
      const gen = await store.install(
        name,
        downloaded,
        {
          source: repository,
          ...(toolVersion ? { toolVersion } : {}),
          checkedAt: new Date(clock.now()).toISOString(),
        },
        clock.now(),
      );
      return { ok: true, value: { gen, downloaded: true } };
    } finally {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
  };

  /**
   * One `grype db update` from one listing URL into a private directory seeded with hard links of the current
   * database, so that Grype itself decides whether a newer one exists and downloads only then (it replaces the seed
   * with a rename, curator.go:494-558, and never writes into the seeded files); then `grype db status` of the result.
   */
  const grypeAttempt = async (
    executable: string,
    url: string,
    toolVersion: string | undefined,
    current: CachedGeneration | undefined,
  ): Promise<AttemptResult<Installed>> => {
    const staging = await store.staging('grype-db');
    try {
      const seeded = current !== undefined && current.record.toolVersion === toolVersion;
      const dbRoot = join(staging, 'db');
      if (seeded) await seedGrype(current.dir, dbRoot);
      const own = { dir: join(staging, 'run'), ownEnv: GRYPE_ENV };
      const update = await run(executable, ['db', 'update'], {
        ...own,
        env: grypeDatabaseEnv(dbRoot, settings.maxAgeMs, url),
      });
      const stopped = processFailure(update);
      if (stopped) return { ok: false, failure: stopped };
      if (update.exitCode !== 0) return { ok: false, failure: classifyGrypeFailure(update.stderr) };
      const statusRun = await run(executable, ['db', 'status', '-o', 'json'], {
        ...own,
        env: grypeDatabaseEnv(dbRoot, settings.maxAgeMs),
      });
      const statusStopped = processFailure(statusRun);
      if (statusStopped) return { ok: false, failure: statusStopped };
      const status = parseGrypeStatus(statusRun.stdout);
      if (!status)
        return { ok: false, failure: { class: 'corrupt', detail: 'grype db status printed no status' } };
      if (!status.valid)
        return { ok: false, failure: { class: 'corrupt', detail: oneLine(status.error ?? 'invalid') } };
      const checkedAt = new Date(clock.now()).toISOString();
      const previous = seeded ? grypeStatusSchema.safeParse(current.record.status) : undefined;
      const updated =
        grypeUpdated(update.stdout) ?? !(previous?.success && previous.data.built === status.built);
      if (seeded && !updated) {
        const record = { ...current.record, checkedAt };
        await store.writeRecord('grype-db', record);
        return { ok: true, value: { gen: { record, dir: current.dir }, downloaded: false } };
      }
      const gen = await store.install(
        'grype-db',
        dbRoot,
        { source: url, ...(toolVersion ? { toolVersion } : {}), checkedAt, status },
        clock.now(),
      );
      return { ok: true, value: { gen, downloaded: true } };
    } finally {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
  };

  const linkIntoView = async (name: DatabaseName, gen: CachedGeneration): Promise<string> => {
    view ??= store.openView();
    return (await view).link(name, gen.dir);
  };

  type Decision =
    | { use: true; inspected: Inspected; downloaded: boolean; warning?: string }
    | { use: false; reason: string };

  const ensure = async (name: DatabaseName): Promise<DatabaseOutcome> => {
    const tool = name === 'grype-db' ? 'grype' : 'trivy';
    const executable = ctx.executables[tool];
    const title = TITLES[name];
    if (!executable) return { ready: false, name, reason: `${title} unavailable: ${tool} is not at hand` };
    swept ??= store.sweep(clock.now()).catch(() => undefined);
    await swept;
    const toolVersion = await ctx.toolVersion(tool);

    const decided = await store.withLock(
      name,
      {
        clock,
        signal: ctx.signal,
        waitMs: ctx.timeoutMs,
        onWait: (holder) =>
          ctx.info(
            `${title}: waiting for another container-gate process${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''} ` +
              `that is fetching it into ${settings.cacheDir}`,
          ),
        onGiveUp: () =>
          ctx.info(`${title}: the other process still holds the cache lock; going ahead without it`),
      },
      async (): Promise<Decision> => {
        // Under the lock: a process that waited finds what the holder fetched, and does not fetch it again.
        if (ctx.cache && !(await store.current(name))) {
          await ctx.cache
            .restore(name, store.dirOf(name))
            .catch((error) =>
              ctx.warn(`${title}: the saved cache was not restored: ${oneLine(String(error))}`),
            );
        }
        const current = await store.current(name);
        const looked = current ? await inspect(name, current, toolVersion) : undefined;
        const cached = usable(looked) ? looked : undefined;
        if (cached?.fresh) {
          const built = Number.isFinite(cached.basis)
            ? `, built ${formatDuration(clock.now() - cached.basis)} ago`
            : '';
          ctx.info(`${title}: the cached one is current${built}; not downloaded again`);
          return { use: true, inspected: cached, downloaded: false };
        }

        let failures: string | undefined;
        if (!settings.offline) {
          const outcome = await trySources<Installed>({
            what: title,
            sources: settings.sources[name],
            attemptsPerSource: ATTEMPTS_PER_SOURCE,
            maxWaitMs: settings.maxWaitMs,
            clock,
            signal: ctx.signal,
            say: ctx.info,
            attempt: (source) =>
              name === 'grype-db'
                ? grypeAttempt(executable, source, toolVersion, current)
                : trivyAttempt(name, executable, source, toolVersion),
          });
          if (outcome.value) {
            const installed = await inspect(name, outcome.value.gen, toolVersion);
            if (usable(installed))
              return { use: true, inspected: installed, downloaded: outcome.value.downloaded };
            failures = `${outcome.source}: the installed copy cannot be read (${installed.problem})`;
          } else {
            failures = describeFailures(outcome.failures) || 'no source to try';
          }
        }
        const decision = decideFallback({
          name,
          ...(looked
            ? { cached: usable(looked) ? { basis: looked.basis } : { problem: looked.problem } }
            : {}),
          now: clock.now(),
          maxAgeMs: settings.maxAgeMs,
          offline: settings.offline,
          ...(failures ? { failures } : {}),
          cacheDir: store.dirOf(name),
        });
        if (!decision.use || !cached)
          return { use: false, reason: decision.use ? `${title} unavailable` : decision.reason };
        return {
          use: true,
          inspected: cached,
          downloaded: false,
          ...(decision.warning ? { warning: decision.warning } : {}),
        };
      },
    );

    if (!decided.use)
      return name === 'trivy-checks'
        ? embeddedChecks(decided.reason)
        : { ready: false, name, reason: decided.reason };
    if (decided.warning) ctx.warn(decided.warning);
    const database = decided.inspected.record(!decided.downloaded, decided.warning);
    // Saved right after the download, before any scan: a run whose gate fails still keeps it.
    if (decided.downloaded) ctx.cache?.save(name, store.dirOf(name), database);
    let dir: string;
    try {
      dir = await linkIntoView(name, decided.inspected.gen);
    } catch (error) {
      // Another process installed a newer generation and deleted this one between our read and our links.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const again = await store.current(name);
      if (!again) throw error;
      const inspected = await inspect(name, again, toolVersion);
      if (!usable(inspected)) throw error;
      return { ready: true, name, dir: await linkIntoView(name, again), database: inspected.record(true) };
    }
    return { ready: true, name, dir, database };
  };

  /** Trivy carries on with the checks compiled into it when it has no bundle (run.go:724-727): reported as such. */
  const embeddedChecks = (reason: string): DatabaseOutcome => {
    const warning = `${reason}; trivy config uses the checks embedded in trivy`;
    ctx.warn(warning);
    return {
      ready: false,
      name: 'trivy-checks',
      reason,
      database: { name: 'trivy-checks', tool: 'trivy', source: 'embedded', fromCache: false, warning },
    };
  };

  return {
    get(name) {
      let outcome = outcomes.get(name);
      if (!outcome) {
        outcome = ensure(name).catch(
          (error): DatabaseOutcome => ({
            ready: false,
            name,
            reason: `${TITLES[name]} unavailable: ${oneLine(errorMessage(error))}`,
          }),
        );
        outcomes.set(name, outcome);
      }
      return outcome;
    },
    async isCached(name) {
      return (await store.current(name)) !== undefined;
    },
    async trivyCacheDir(dir, ready) {
      // Made anew: a reused --work-dir must not hand this process an earlier run's links or scan cache.
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      for (const outcome of ready) {
        if (!outcome.ready || outcome.name === 'grype-db') continue;
        await symlink(outcome.dir, join(dir, TRIVY_CACHE_SUBDIR[outcome.name]), 'junction');
      }
      return dir;
    },
    grypeEnv(dir) {
      return grypeDatabaseEnv(dir, settings.maxAgeMs);
    },
    async close() {
      await Promise.allSettled([...outcomes.values()]);
      if (view) await (await view).close();
    },
  };
}

/**
 * Hard links of the database files only: Grype rewrites `last_update_check` in place (O_TRUNC, curator.go:415-424),
 * which through a link would change the cached generation.
 */
async function seedGrype(generation: string, root: string): Promise<void> {
  await mkdir(join(root, GRYPE_MODEL_DIR), { recursive: true });
  for (const file of ['vulnerability.db', 'import.json']) {
    await link(join(generation, GRYPE_MODEL_DIR, file), join(root, GRYPE_MODEL_DIR, file)).catch(
      () => undefined,
    );
  }
}

export type { GrypeStatus, TrivyMetadata };
