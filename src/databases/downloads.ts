import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LimitFunction } from 'p-limit';
import type { DatabaseName } from '../core/report.js';
import { type ExecResult, runProcess } from '../process/exec.js';
import { processFailure } from '../process/failure.js';
import { withheldEnvironment } from '../scanners/run.js';
import type { ToolEnvironment } from '../scanners/scanner.js';
import { trivyIsolation } from '../scanners/trivy/command.js';
import { oneLine } from '../util/errors.js';
import type { AttemptFailure, AttemptResult, Clock } from './attempts.js';
import {
  classifyGrypeFailure,
  GRYPE_MODEL_DIR,
  type GrypeStatus,
  grypeDatabaseEnv,
  grypeStatusSchema,
  grypeUpdated,
  parseGrypeStatus,
} from './grype.js';
import { formatDuration } from './settings.js';
import type { CachedGeneration, DatabaseStore } from './store.js';
import {
  classifyTrivyFailure,
  readTrivyContents,
  TRIVY_CACHE_SUBDIR,
  type TrivyDatabase,
  trivyDownloadArgs,
} from './trivy.js';

/** What one download attempt needs of the run: where to stage and install, and the bounds on its processes. */
export interface DownloadContext {
  store: DatabaseStore;
  clock: Clock;
  /** Per process, like a scanner run. */
  timeoutMs: number;
  signal: AbortSignal;
  /** The run's bound on processes at once. */
  limit?: LimitFunction;
  /** --db-max-age, handed to Grype, which enforces it itself. */
  maxAgeMs: number;
}

/** A generation the attempt left current, and whether it downloaded one (Grype may find the seeded one current). */
export interface Installed {
  gen: CachedGeneration;
  downloaded: boolean;
}

/** One download from one source (a Trivy repository or a Grype listing URL), checked and installed. */
export interface DownloadRequest {
  name: DatabaseName;
  executable: string;
  source: string;
  toolVersion: string | undefined;
  /** The cache's current generation, which Grype's update starts from. */
  current: CachedGeneration | undefined;
}

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

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export function downloadOnce(
  run: DownloadContext,
  request: DownloadRequest,
): Promise<AttemptResult<Installed>> {
  return request.name === 'grype-db'
    ? updateGrype(run, request)
    : downloadTrivy(run, { ...request, name: request.name });
}

interface Isolation {
  dir: string;
  env?: Record<string, string>;
  ownEnv: ToolEnvironment;
  inputs?: Record<string, string>;
}

/**
 * One database process, isolated like a scan (issue 14): it starts in an empty directory of its own (no trivy.yaml,
 * .grype.yaml of the repository), and gets none of its tool's variables from our environment but those that only
 * say how to connect, nor any that would stop or redirect the download (TRIVY_SKIP_DB_UPDATE with
 * --download-db-only is an error, pkg/flag/db_flags.go:139-141).
 */
async function runIsolated(
  run: DownloadContext,
  executable: string,
  args: string[],
  isolation: Isolation,
): Promise<ExecResult> {
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
      timeoutMs: run.timeoutMs,
      signal: run.signal,
      maxOutputBytes: MAX_OUTPUT_BYTES,
    });
  return run.limit ? run.limit(start) : start();
}

/** A process that did not run to an exit code of its own, as a failure class. */
function stoppedDownload(run: DownloadContext, res: ExecResult): AttemptFailure | undefined {
  const failure = processFailure(res);
  switch (failure?.kind) {
    case 'aborted':
      return { class: 'failed', detail: 'the run was interrupted' };
    case 'timedOut':
      return { class: 'timeout', detail: `no result within ${formatDuration(run.timeoutMs)} (--timeout)` };
    case 'outputExceeded':
      return { class: 'failed', detail: `printed too much on ${failure.stream}` };
    case 'signal':
      return { class: 'failed', detail: `killed by ${failure.signal}` };
    default:
      // An exit status is the tool's answer: the caller classifies it from what the tool printed.
      return undefined;
  }
}

/** A staging directory of its own for `work`, removed whatever happens: only an install keeps what it holds. */
async function inStaging<T>(
  run: DownloadContext,
  name: DatabaseName,
  work: (staging: string) => Promise<T>,
): Promise<T> {
  const staging = await run.store.staging(name);
  try {
    return await work(staging);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** One download of a Trivy database from one repository, checked and installed. */
function downloadTrivy(
  run: DownloadContext,
  request: DownloadRequest & { name: TrivyDatabase },
): Promise<AttemptResult<Installed>> {
  const { name, executable, source: repository, toolVersion } = request;
  return inStaging(run, name, async (staging) => {
    if (name === 'trivy-checks') await mkdir(join(staging, 'empty'), { recursive: true });
    const own = join(staging, 'run');
    await mkdir(own, { recursive: true });
    const isolation = trivyIsolation(own, name === 'trivy-checks' ? 'config' : 'image');
    const res = await runIsolated(
      run,
      executable,
      [...trivyDownloadArgs(name, staging, repository, toolVersion), ...isolation.args],
      { dir: own, ownEnv: isolation.ownEnv, inputs: isolation.inputs },
    );
    const stopped = stoppedDownload(run, res);
    if (stopped) return { ok: false, failure: stopped };
    const downloaded = join(staging, TRIVY_CACHE_SUBDIR[name]);
    // `trivy config` carries on with its embedded checks when the bundle fails (run.go:724-727), exit 0: only
    // the bundle on disk says whether the download worked.
    if (res.exitCode !== 0 || (name === 'trivy-checks' && !(await readTrivyContents(name, downloaded)).ok)) {
      if (res.exitCode === 0 && !/\bERROR\b|error/.test(res.stderr))
        return { ok: false, failure: { class: 'corrupt', detail: 'no checks bundle was written' } };
      return { ok: false, failure: classifyTrivyFailure(res.stderr, res.exitCode) };
    }
    const contents = await readTrivyContents(name, downloaded);
    if (!contents.ok) return { ok: false, failure: { class: 'corrupt', detail: contents.problem } };
    const gen = await run.store.install(
      name,
      downloaded,
      {
        source: repository,
        ...(toolVersion ? { toolVersion } : {}),
        checkedAt: new Date(run.clock.now()).toISOString(),
      },
      run.clock.now(),
    );
    return { ok: true, value: { gen, downloaded: true } };
  });
}

/**
 * One `grype db update` from one listing URL into a private directory seeded with hard links of the current
 * database, so that Grype itself decides whether a newer one exists and downloads only then (it replaces the seed
 * with a rename, curator.go:494-558, and never writes into the seeded files); then `grype db status` of the result.
 */
function updateGrype(run: DownloadContext, request: DownloadRequest): Promise<AttemptResult<Installed>> {
  const { executable, source: url, toolVersion, current } = request;
  return inStaging(run, 'grype-db', async (staging) => {
    const seeded = current !== undefined && current.record.toolVersion === toolVersion ? current : undefined;
    const dbRoot = join(staging, 'db');
    if (seeded) await seedGrype(seeded.dir, dbRoot);
    const own = { dir: join(staging, 'run'), ownEnv: GRYPE_ENV };
    const update = await runIsolated(run, executable, ['db', 'update'], {
      ...own,
      env: grypeDatabaseEnv(dbRoot, run.maxAgeMs, url),
    });
    const stopped = stoppedDownload(run, update);
    if (stopped) return { ok: false, failure: stopped };
    if (update.exitCode !== 0) return { ok: false, failure: classifyGrypeFailure(update.stderr) };
    const status = await grypeStatusOf(run, executable, own, dbRoot);
    if (!status.ok) return status;
    const checkedAt = new Date(run.clock.now()).toISOString();
    const previous = seeded ? grypeStatusSchema.safeParse(seeded.record.status) : undefined;
    const updated =
      grypeUpdated(update.stdout) ?? !(previous?.success && previous.data.built === status.value.built);
    if (seeded && !updated) {
      const record = { ...seeded.record, checkedAt };
      await run.store.writeRecord('grype-db', record);
      return { ok: true, value: { gen: { record, dir: seeded.dir }, downloaded: false } };
    }
    const gen = await run.store.install(
      'grype-db',
      dbRoot,
      { source: url, ...(toolVersion ? { toolVersion } : {}), checkedAt, status: status.value },
      run.clock.now(),
    );
    return { ok: true, value: { gen, downloaded: true } };
  });
}

/** `grype db status -o json` of an updated directory: a database Grype itself calls valid, or why not. */
async function grypeStatusOf(
  run: DownloadContext,
  executable: string,
  own: Isolation,
  dbRoot: string,
): Promise<AttemptResult<GrypeStatus>> {
  const statusRun = await runIsolated(run, executable, ['db', 'status', '-o', 'json'], {
    ...own,
    env: grypeDatabaseEnv(dbRoot, run.maxAgeMs),
  });
  const stopped = stoppedDownload(run, statusRun);
  if (stopped) return { ok: false, failure: stopped };
  const status = parseGrypeStatus(statusRun.stdout);
  if (!status)
    return { ok: false, failure: { class: 'corrupt', detail: 'grype db status printed no status' } };
  if (!status.valid)
    return { ok: false, failure: { class: 'corrupt', detail: oneLine(status.error ?? 'invalid') } };
  return { ok: true, value: status };
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
