import { describe, expect, it } from 'vitest';
import {
  type AttemptFailure,
  type AttemptResult,
  backoffMs,
  type Clock,
  parseGoDuration,
  trySources,
} from '../../../src/databases/attempts.js';
import { decideFallback, formatMaxAge } from '../../../src/databases/fallback.js';
import { classifyGrypeFailure, grypeDatabaseEnv } from '../../../src/databases/grype.js';
import { ACTION_WORDING, DEFAULT_SOURCES, defaultDatabaseSettings } from '../../../src/databases/settings.js';
import { classifyTrivyFailure } from '../../../src/databases/trivy.js';

/** A clock that only moves when slept on: waits are counted, never spent. */
function fakeClock(start = Date.parse('2026-12-01T12:00:00Z')): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

const fail = (failure: AttemptFailure): AttemptResult<string> => ({ ok: false, failure });

/** Issue 16 item 2: mirrors in order, retries with backoff on 429/5xx, retry-after honoured, a bound, every attempt said. */
describe('trySources', () => {
  it('tries the mirrors in Trivy’s default order (aquasecurity/trivy v0.74.0 pkg/db/db.go:29-36)', () => {
    expect(DEFAULT_SOURCES['trivy-db']).toEqual([
      'mirror.gcr.io/aquasec/trivy-db',
      'ghcr.io/aquasecurity/trivy-db',
    ]);
  });

  it('retries a rate-limited mirror with backoff, honours a longer retry-after, then moves to the next mirror', async () => {
    const clock = fakeClock();
    const said: string[] = [];
    const tried: string[] = [];
    const outcome = await trySources<string>({
      what: 'trivy vulnerability database',
      sources: ['mirror.example/db', 'ghcr.example/db'],
      attemptsPerSource: 3,
      maxWaitMs: 120_000,
      clock,
      say: (l) => said.push(l),
      attempt: async (source, n) => {
        tried.push(`${source}#${n}`);
        if (source === 'mirror.example/db')
          return fail({
            class: 'rate-limited',
            detail: 'TOOMANYREQUESTS',
            ...(n === 2 ? { retryAfterMs: 9000 } : {}),
          });
        return { ok: true, value: 'db' };
      },
    });
    expect(outcome).toMatchObject({ value: 'db', source: 'ghcr.example/db' });
    expect(tried).toEqual([
      'mirror.example/db#1',
      'mirror.example/db#2',
      'mirror.example/db#3',
      'ghcr.example/db#1',
    ]);
    // 1 s backoff, then the server's 9 s retry-after instead of the 2 s backoff.
    expect(clock.slept).toEqual([1000, 9000]);
    expect(said).toEqual([
      'trivy vulnerability database: downloading from mirror.example/db (attempt 1 of 3)',
      'trivy vulnerability database: mirror.example/db attempt 1 rate-limited (TOOMANYREQUESTS); retrying in 1s',
      'trivy vulnerability database: downloading from mirror.example/db (attempt 2 of 3)',
      'trivy vulnerability database: mirror.example/db attempt 2 rate-limited (TOOMANYREQUESTS); retrying in 9s',
      'trivy vulnerability database: downloading from mirror.example/db (attempt 3 of 3)',
      'trivy vulnerability database: mirror.example/db attempt 3 rate-limited (TOOMANYREQUESTS); trying ghcr.example/db',
      'trivy vulnerability database: downloading from ghcr.example/db (attempt 1 of 3)',
      'trivy vulnerability database: downloaded from ghcr.example/db in 0s',
    ]);
  });

  it('stops retrying when the next wait would pass the bound on total waiting', async () => {
    const clock = fakeClock();
    const said: string[] = [];
    const outcome = await trySources<string>({
      what: 'db',
      sources: ['a', 'b'],
      attemptsPerSource: 5,
      maxWaitMs: 10_000,
      clock,
      say: (l) => said.push(l),
      // A server asking for an hour is not waited for an hour.
      attempt: async () => fail({ class: 'server', detail: '503', retryAfterMs: 3_600_000 }),
    });
    expect(outcome.value).toBeUndefined();
    expect(clock.slept).toEqual([]);
    expect(outcome.failures.map((f) => [f.source, f.attempts])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(said[1]).toMatch(
      /waiting 1h more would pass the 10s bound on retry waits \(--db-max-wait\); trying b/,
    );
  });

  it('does not retry what a retry cannot fix (refused, unreachable): the next mirror at once', async () => {
    const clock = fakeClock();
    const outcome = await trySources<string>({
      what: 'db',
      sources: ['a', 'b'],
      attemptsPerSource: 3,
      maxWaitMs: 60_000,
      clock,
      say: () => {},
      attempt: async (s) => fail({ class: s === 'a' ? 'refused' : 'network', detail: '' }),
    });
    expect(clock.slept).toEqual([]);
    expect(outcome.failures.map((f) => f.attempts)).toEqual([1, 1]);
  });

  it('backs off 1 s, 2 s, 4 s … at most 30 s', () => {
    expect([1, 2, 3, 6, 10].map((n) => backoffMs(n))).toEqual([1000, 2000, 4000, 30_000, 30_000]);
  });
});

describe('the tools’ own words, classified', () => {
  it('reads ghcr.io’s TOOMANYREQUESTS and its retry-after as Trivy logs it (pkg/oci/artifact.go:321; trivy-db#442)', () => {
    const stderr =
      '2024-10-15T14:30:19Z\tERROR\t[vulndb] Failed to download artifact\trepo="ghcr.io/aquasecurity/trivy-db:2" err="OCI repository error: 1 error occurred:\\n\\t* GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: TOOMANYREQUESTS: retry-after: 2.5s, allowed: 44000/minute\\n\\n"\n' +
      '2024-10-15T14:30:19Z\tFATAL\tFatal error\trun error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from any source';
    expect(classifyTrivyFailure(stderr, 1)).toMatchObject({ class: 'rate-limited', retryAfterMs: 2500 });
  });

  it('reads Go durations as Go prints them', () => {
    expect(parseGoDuration('127.702µs')).toBeCloseTo(0.127702);
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('soon')).toBeUndefined();
  });

  it.each([
    ['unexpected status code 503 Service Unavailable', 'server'],
    ['Get "https://ghcr.io/v2/": context deadline exceeded', 'timeout'],
    ['dial tcp: lookup ghcr.io: no such host', 'network'],
    ['DENIED: requested access to the resource is denied', 'refused'],
  ])('Trivy: %s → %s', (text, klass) => {
    expect(classifyTrivyFailure(`2024-10-15T14:30:19Z\tFATAL\tFatal error\t${text}`, 1).class).toBe(klass);
  });

  it.each([
    ['unable to download listing: bad response code: 429', 'rate-limited'],
    ['unable to download listing: bad response code: 502', 'server'],
    ['unable to download db: Checksums did not match for /tmp/x.tar.zst.', 'corrupt'],
    [
      'Get "https://grype.anchore.io/databases/v6/latest.json": dial tcp: lookup grype.anchore.io: no such host',
      'network',
    ],
  ])('Grype (go-getter get_http.go:274-275, db_update.go:60): %s → %s', (text, klass) => {
    expect(classifyGrypeFailure(`[0000] ERROR unable to update vulnerability database: ${text}`).class).toBe(
      klass,
    );
  });
});

/** Issue 16 item 3: the age bound at its edges, with --offline the same bound. */
describe('decideFallback', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const maxAgeMs = 72 * 3_600_000;
  const base = {
    name: 'trivy-db' as const,
    now,
    maxAgeMs,
    cacheDir: '/c/trivy-db',
    offline: false,
    failures: 'a: unreachable',
  };

  it('uses a cache exactly at the bound, with a warning naming its age and the bound', () => {
    const decision = decideFallback({ ...base, cached: { basis: now - maxAgeMs } });
    expect(decision).toEqual({
      use: true,
      warning:
        'trivy vulnerability database: every download failed (a: unreachable); the cached one, built 3d ago (within --db-max-age 72h), was used',
    });
  });

  it('refuses one a millisecond older, naming its age and the flag', () => {
    const decision = decideFallback({ ...base, cached: { basis: now - maxAgeMs - 1 } });
    expect(decision).toEqual({
      use: false,
      reason:
        'trivy vulnerability database unavailable: every download failed (a: unreachable) and the cached one was built 3d ago, over --db-max-age 72h — raise --db-max-age, or name a reachable mirror with --trivy-db-repository, or fill --cache-dir from a machine that can download',
    });
  });

  it('with --offline and nothing cached: the reason names the flag', () => {
    const decision = decideFallback({ ...base, offline: true });
    expect(decision.use).toBe(false);
    expect((decision as { reason: string }).reason).toMatch(
      /^trivy vulnerability database unavailable: --offline forbids downloading and none is cached in \/c\/trivy-db — run once without --offline/,
    );
  });

  it('in the Action, names its inputs and its cache, never a CLI flag', () => {
    const wording = ACTION_WORDING;
    const over = decideFallback({ ...base, wording, cached: { basis: now - maxAgeMs - 1 } });
    expect(over).toEqual({
      use: false,
      reason:
        'trivy vulnerability database unavailable: every download failed (a: unreachable) and the cached one was built 3d ago, over db-max-age 72h — raise db-max-age, or name a reachable mirror with the trivy-db-repository input, or keep database-cache: true so that a run that can download fills the cache',
    });
    const offline = decideFallback({ ...base, wording, offline: true });
    expect(offline).toEqual({
      use: false,
      reason:
        'trivy vulnerability database unavailable: offline: true forbids downloading and none is cached in /c/trivy-db — run once with offline: false, or keep database-cache: true so that the cache a run saved is restored',
    });
    const used = decideFallback({ ...base, wording, offline: true, cached: { basis: now - 3_600_000 } });
    expect(used).toEqual({
      use: true,
      warning:
        'trivy vulnerability database: offline: true: not checked for a newer one; the cached one, built 1h ago (within db-max-age 72h), was used',
    });
    // The Java index and the checks bundle have no input: Trivy's own variable names their mirror.
    const java = decideFallback({ ...base, wording, name: 'trivy-java-db' });
    expect((java as { reason: string }).reason).toContain('with the TRIVY_JAVA_DB_REPOSITORY variable');
    for (const decision of [over, offline, used, java])
      expect(JSON.stringify(decision)).not.toMatch(/--[a-z]/);
  });

  it('with --offline applies the same bound', () => {
    expect(decideFallback({ ...base, offline: true, cached: { basis: now - maxAgeMs } }).use).toBe(true);
    expect(decideFallback({ ...base, offline: true, cached: { basis: now - maxAgeMs - 1 } }).use).toBe(false);
  });

  it('refuses a cached database with no build time to bound', () => {
    expect(decideFallback({ ...base, cached: { basis: Number.NaN } }).use).toBe(false);
  });

  it('says the bound as written', () => {
    expect([formatMaxAge(72 * 3_600_000), formatMaxAge(90 * 60_000)]).toEqual(['72h', '1h 30m']);
  });
});

describe('grypeDatabaseEnv', () => {
  it('keeps Grype’s own age check, its 120 h bound raised to a longer --db-max-age (grype v0.116.0 curator.go:58; env names from test/cli/db_validations_test.go:442-446)', () => {
    expect(grypeDatabaseEnv('/c', 72 * 3_600_000)).toMatchObject({
      GRYPE_DB_CACHE_DIR: '/c',
      GRYPE_DB_AUTO_UPDATE: 'false',
      GRYPE_DB_VALIDATE_AGE: 'true',
      GRYPE_DB_MAX_ALLOWED_BUILT_AGE: '432000s',
    });
    expect(grypeDatabaseEnv('/c', 200 * 3_600_000).GRYPE_DB_MAX_ALLOWED_BUILT_AGE).toBe('720000s');
    expect(grypeDatabaseEnv('/c', 1, 'https://mirror.example/db')).toMatchObject({
      GRYPE_DB_UPDATE_URL: 'https://mirror.example/db',
    });
  });
});

describe('defaultDatabaseSettings', () => {
  it('honours the tools’ own mirror variables as the default sources (Trivy’s comma-split, pkg/flag/options.go:191-198)', () => {
    const settings = defaultDatabaseSettings({
      HOME: '/home/u',
      TRIVY_DB_REPOSITORY: 'mirror.example/trivy-db, ghcr.io/aquasecurity/trivy-db',
      GRYPE_DB_UPDATE_URL: 'https://mirror.example/grype',
    });
    expect(settings.sources['trivy-db']).toEqual([
      'mirror.example/trivy-db',
      'ghcr.io/aquasecurity/trivy-db',
    ]);
    expect(settings.sources['grype-db']).toEqual(['https://mirror.example/grype']);
    expect(settings.sources['trivy-java-db']).toEqual([...DEFAULT_SOURCES['trivy-java-db']]);
  });
});
