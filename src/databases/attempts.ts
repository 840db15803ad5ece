import { formatDuration } from './settings.js';

/** Time for the database steps; tests inject one so that ages and waits do not depend on the calendar or the CPU. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Why one download attempt failed, as far as the tool's words tell. Only the transient classes are retried on the
 * same source (the HTTP statuses go-containerregistry retries itself: 408/429/5xx, pkg/v1/remote/options.go:95-104);
 * a refusal, an unreachable host or an unknown failure moves on to the next source at once.
 */
export type FailureClass =
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'corrupt'
  | 'network'
  | 'refused'
  | 'failed';

export interface AttemptFailure {
  class: FailureClass;
  /** One line: the tool's own words for it, shortened. */
  detail: string;
  /** The wait the server asked for (a `retry-after` the tool printed). */
  retryAfterMs?: number;
}

const RETRYABLE: ReadonlySet<FailureClass> = new Set(['rate-limited', 'server', 'timeout', 'corrupt']);

const CLASS_WORDS: Record<FailureClass, string> = {
  'rate-limited': 'rate-limited',
  server: 'server error',
  timeout: 'timed out',
  corrupt: 'corrupt download',
  network: 'unreachable',
  refused: 'refused',
  failed: 'failed',
};

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: AttemptFailure };

export interface SourcesPlan<T> {
  /** What is being fetched, for the progress lines: `trivy vulnerability database`. */
  what: string;
  /** Tried in this order; the first that succeeds wins. */
  sources: readonly string[];
  attempt(source: string, attempt: number): Promise<AttemptResult<T>>;
  /** Attempts on one source for transient failures. */
  attemptsPerSource: number;
  /** Total waiting between attempts (all sources together); past it, no more retries. */
  maxWaitMs: number;
  clock: Clock;
  signal?: AbortSignal;
  /** Every attempt and every wait is said here (the progress output). */
  say(line: string): void;
}

export interface SourceFailure {
  source: string;
  attempts: number;
  failure: AttemptFailure;
}

export interface SourcesOutcome<T> {
  value?: T;
  source?: string;
  failures: SourceFailure[];
}

const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

/** Exponential backoff: 1 s, 2 s, 4 s … at most 30 s; a longer `retry-after` wins. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * The sources in order, each retried with backoff on transient failures while the total wait stays within its bound.
 * container-gate drives the sources itself, one per attempt: Trivy's own fallback across `--db-repository` entries
 * happens only for errors go-containerregistry calls temporary (aquasecurity/trivy v0.74.0 pkg/oci/artifact.go:285-340),
 * not for a network error, and it never waits or retries.
 */
export async function trySources<T>(plan: SourcesPlan<T>): Promise<SourcesOutcome<T>> {
  const failures: SourceFailure[] = [];
  let waited = 0;
  for (const [index, source] of plan.sources.entries()) {
    let attempt = 0;
    for (;;) {
      if (plan.signal?.aborted) return { failures };
      attempt++;
      plan.say(`${plan.what}: downloading from ${source} (attempt ${attempt} of ${plan.attemptsPerSource})`);
      const started = plan.clock.now();
      const result = await plan.attempt(source, attempt);
      if (result.ok) {
        const took = formatDuration(plan.clock.now() - started);
        plan.say(`${plan.what}: downloaded from ${source} in ${took}`);
        return { value: result.value, source, failures };
      }
      const { failure } = result;
      const why = `${CLASS_WORDS[failure.class]}${failure.detail ? ` (${failure.detail})` : ''}`;
      const next = plan.sources[index + 1];
      const moveOn = next ? `trying ${next}` : 'no source left';
      if (!RETRYABLE.has(failure.class) || attempt >= plan.attemptsPerSource) {
        plan.say(`${plan.what}: ${source} attempt ${attempt} ${why}; ${moveOn}`);
        failures.push({ source, attempts: attempt, failure });
        break;
      }
      const wait = backoffMs(attempt, failure.retryAfterMs);
      if (waited + wait > plan.maxWaitMs) {
        plan.say(
          `${plan.what}: ${source} attempt ${attempt} ${why}; waiting ${formatDuration(wait)} more would pass the ` +
            `${formatDuration(plan.maxWaitMs)} bound on retry waits (--db-max-wait); ${moveOn}`,
        );
        failures.push({ source, attempts: attempt, failure });
        break;
      }
      plan.say(`${plan.what}: ${source} attempt ${attempt} ${why}; retrying in ${formatDuration(wait)}`);
      waited += wait;
      await plan.clock.sleep(wait, plan.signal);
    }
  }
  return { failures };
}

/** `mirror.gcr.io/aquasec/trivy-db: rate-limited after 3 attempts; ghcr.io/…: unreachable (no such host)` */
export function describeFailures(failures: readonly SourceFailure[]): string {
  return failures
    .map(({ source, attempts, failure }) => {
      const detail = failure.detail ? ` (${failure.detail})` : '';
      const times = attempts > 1 ? ` after ${attempts} attempts` : '';
      return `${source}: ${CLASS_WORDS[failure.class]}${times}${detail}`;
    })
    .join('; ');
}

/**
 * A Go duration as Go prints one (`78.409µs`, `1.5s`, `2m0s`, `1h2m3s`), as in the `retry-after` GitHub's registry
 * puts in its TOOMANYREQUESTS error; undefined when it is not one.
 */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit!]!, 0);
}
