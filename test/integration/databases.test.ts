import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { isDatabaseCall, replay, runCli, tempDir } from '../support/cli.js';
import { writeDatabaseCache } from '../support/database-cache.js';

/**
 * Issue 16 through the built CLI, with stand-ins that print the tools' own words for each failure (test/bin/standin.mjs)
 * and caches written from the tools' real metadata files (test/support/database-cache.ts): a run whose downloads all
 * fail passes or fails on its findings when a young enough cache exists and says which database it used; older, or
 * none, is exit 2 naming the age and the flag; --offline never downloads; one download per database per run and
 * across concurrent runs sharing a cache.
 */
const HOUR = 3_600_000;
const ALL_FAIL = {
  STANDIN_TRIVY_DB_BEHAVIOUR: 'unreachable',
  STANDIN_GRYPE_DB_UPDATE_BEHAVIOUR: 'rate-limited',
};

interface Call {
  tool: string;
  argv: string[];
}

async function scan(
  cache: string,
  args: string[] = [],
  env: Record<string, string> = {},
  images: string[] = ['alpine:3.10'],
) {
  const dir = tempDir('cg-db-');
  const log = join(dir, 'argv.log');
  const json = join(dir, 'r.json');
  const res = await runCli(
    [
      'scan',
      ...images,
      '--export',
      'never',
      '--no-checks',
      '--scanners',
      'trivy,grype',
      '--json',
      json,
      '--no-table',
      '--cache-dir',
      cache,
      '--db-max-wait',
      '0s',
      ...args,
    ],
    { env: replay({ STANDIN_ARGV_LOG: log, ...env }) },
  );
  const calls = (): Call[] => {
    try {
      return readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Call)
        .filter((c) => c.argv[0] !== '--version');
    } catch {
      return [];
    }
  };
  const report = (): Report => JSON.parse(readFileSync(json, 'utf8'));
  return {
    res,
    calls,
    report,
    downloads: () => calls().filter((c) => isDatabaseCall(c) && c.argv[1] !== 'status'),
  };
}

describe('when every download fails', () => {
  it('scans with a cache within --db-max-age: the verdict is the findings’, the terminal and report say which database', async () => {
    const cache = tempDir('cg-dbcache-');
    writeDatabaseCache(cache, { builtAgoMs: 71 * HOUR, downloadedAgoMs: 50 * HOUR });
    const { res, report, downloads } = await scan(cache, [], ALL_FAIL);
    // The recorded findings hold HIGH/CRITICAL vulnerabilities: failed (1), not error (2).
    expect(res.code, res.stderr).toBe(1);
    expect(report().gate.status).toBe('failed');
    // Both mirrors of Trivy's database were tried, and Grype's listing.
    expect(
      downloads().map((c) =>
        c.tool === 'trivy' ? c.argv[c.argv.indexOf('--db-repository') + 1] : 'grype db update',
      ),
    ).toEqual(
      expect.arrayContaining([
        'mirror.gcr.io/aquasec/trivy-db',
        'ghcr.io/aquasecurity/trivy-db',
        'grype db update',
      ]),
    );
    expect(res.stderr).toMatch(
      /trivy vulnerability database: every download failed \(mirror\.gcr\.io\/aquasec\/trivy-db: unreachable \(.*no such host\); ghcr\.io\/aquasecurity\/trivy-db: unreachable .*\); the cached one, built 2d 23h ago \(within --db-max-age 72h\), was used/,
    );
    expect(res.stderr).toMatch(
      /grype vulnerability database: every download failed \(https:\/\/grype\.anchore\.io\/databases: rate-limited \(bad response code: 429\)\)/,
    );
    const trivy = report().scanners.find((s) => s.name === 'trivy')!;
    expect(trivy.status).toBe('ok');
    expect(trivy.database).toMatchObject({
      name: 'trivy-db',
      tool: 'trivy',
      schemaVersion: '2',
      source: 'mirror.gcr.io/aquasec/trivy-db',
      fromCache: true,
      warning: expect.stringMatching(/every download failed/),
    });
    expect(Date.now() - Date.parse(trivy.database!.builtAt!)).toBeGreaterThan(71 * HOUR - 60_000);
    expect(report().scanners.find((s) => s.name === 'grype')!.database).toMatchObject({
      name: 'grype-db',
      schemaVersion: '6.0.0',
      fromCache: true,
    });
  });

  it('fails (exit 2) with a cache older than --db-max-age, one line naming the age and the flag', async () => {
    const cache = tempDir('cg-dbcache-');
    writeDatabaseCache(cache, { builtAgoMs: 73 * HOUR, downloadedAgoMs: 72 * HOUR });
    const { res, report } = await scan(cache, [], ALL_FAIL);
    expect(res.code, res.stderr).toBe(2);
    const trivy = report().scanners.find((s) => s.name === 'trivy')!;
    expect(trivy.status).toBe('failed');
    expect(trivy.error).toMatch(
      /^trivy vulnerability database unavailable: every download failed \(.*\) and the cached one was built 3d 1h ago, over --db-max-age 72h — raise --db-max-age/,
    );
    expect(trivy.error).not.toMatch(/\n/);
    expect(report().scanners.find((s) => s.name === 'grype')!.error).toMatch(/over --db-max-age 72h/);
  });

  it('takes --db-max-age as written: the same cache passes the bound at 80h', async () => {
    const cache = tempDir('cg-dbcache-');
    writeDatabaseCache(cache, { builtAgoMs: 73 * HOUR, downloadedAgoMs: 72 * HOUR });
    const { res } = await scan(cache, ['--db-max-age', '80h'], ALL_FAIL);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/within --db-max-age 80h/);
  });

  it('refuses a --db-max-age without a unit (exit 3)', async () => {
    const { res } = await scan(tempDir('cg-dbcache-'), ['--db-max-age', '72']);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/--db-max-age "72": not a duration — write it with a unit/);
  });
});

describe('--offline', () => {
  it('never downloads, and uses a cache within the bound with a warning', async () => {
    const cache = tempDir('cg-dbcache-');
    writeDatabaseCache(cache, { builtAgoMs: 10 * HOUR, downloadedAgoMs: 9 * HOUR });
    const { res, downloads, report } = await scan(cache, ['--offline']);
    expect(res.code, res.stderr).toBe(1);
    expect(downloads()).toEqual([]);
    expect(res.stderr).toMatch(
      /trivy vulnerability database: --offline: not checked for a newer one; the cached one, built 10h ago/,
    );
    expect(report().scanners.find((s) => s.name === 'trivy')!.database!.fromCache).toBe(true);
  });

  it('with no cache: exit 2, the reason names --offline', async () => {
    const { res, downloads, report } = await scan(tempDir('cg-dbcache-'), ['--offline']);
    expect(res.code, res.stderr).toBe(2);
    expect(downloads()).toEqual([]);
    for (const name of ['trivy', 'grype'])
      expect(report().scanners.find((s) => s.name === name)!.error).toMatch(
        /vulnerability database unavailable: --offline forbids downloading and none is cached in .* — run once without --offline/,
      );
  });
});

describe('one download per database', () => {
  it('fetches each database once for several images scanned at once, and not at all on the next run', async () => {
    const cache = tempDir('cg-dbcache-');
    const images = ['alpine:3.10', 'alpine:3.11', 'alpine:3.12'];
    const first = await scan(cache, ['--concurrency', '6'], {}, images);
    expect(first.res.code, first.res.stderr).toBe(1);
    expect(
      first
        .downloads()
        .map((c) => `${c.tool} ${c.argv.slice(0, 2).join(' ')}`)
        .sort(),
    ).toEqual(['grype db update', 'trivy image --download-db-only']);
    // Every scan of every image read it.
    const scans = first.calls().filter((c) => !isDatabaseCall(c));
    expect(scans.filter((c) => c.tool === 'trivy')).toHaveLength(images.length);
    expect(scans.filter((c) => c.tool === 'grype')).toHaveLength(images.length);
    for (const run of first.report().scanners) expect(run.database).toMatchObject({ fromCache: false });

    const second = await scan(cache, [], {}, images);
    expect(second.res.code, second.res.stderr).toBe(1);
    expect(second.downloads()).toEqual([]);
    expect(second.res.stderr).toMatch(/trivy vulnerability database: the cached one is current/);
    for (const run of second.report().scanners) expect(run.database).toMatchObject({ fromCache: true });
  });

  it('two container-gate processes sharing one cache download each database once between them', async () => {
    const cache = tempDir('cg-dbcache-');
    // The first download takes a while, so that the second process finds the lock held.
    const slow = { STANDIN_TRIVY_DB_BEHAVIOUR: 'ok', STANDIN_GRYPE_DB_UPDATE_BEHAVIOUR: 'ok' };
    const [a, b] = await Promise.all([scan(cache, [], slow), scan(cache, [], slow)]);
    expect(a.res.code, a.res.stderr).toBe(1);
    expect(b.res.code, b.res.stderr).toBe(1);
    const downloads = [...a.downloads(), ...b.downloads()].map((c) => `${c.tool} ${c.argv[1]}`).sort();
    expect(downloads).toEqual(['grype update', 'trivy --download-db-only']);
  });
});

describe('retries are visible in the progress output', () => {
  it('retries a rate-limited mirror and says each attempt', async () => {
    const cache = tempDir('cg-dbcache-');
    const { res, downloads } = await scan(cache, ['--db-max-wait', '30s'], {
      STANDIN_TRIVY_DB_SEQUENCE: 'rate-limited,ok',
    });
    expect(res.code, res.stderr).toBe(1);
    expect(downloads().filter((c) => c.tool === 'trivy')).toHaveLength(2);
    expect(res.stderr).toMatch(
      /trivy vulnerability database: downloading from mirror\.gcr\.io\/aquasec\/trivy-db \(attempt 1 of 3\)/,
    );
    expect(res.stderr).toMatch(
      /mirror\.gcr\.io\/aquasec\/trivy-db attempt 1 rate-limited \(TOOMANYREQUESTS: retry-after: 127\.702µs.*\); retrying in 1s/,
    );
    expect(res.stderr).toMatch(/downloading from mirror\.gcr\.io\/aquasec\/trivy-db \(attempt 2 of 3\)/);
  });
});

describe('the database steps are isolated like the scans (issue 14)', () => {
  it('start in an empty directory of their own and get none of the settings that would stop them; the mirror variables name the sources', async () => {
    const cache = tempDir('cg-dbcache-');
    const { res, calls } = await scan(cache, [], {
      TRIVY_SKIP_DB_UPDATE: 'true',
      TRIVY_DB_REPOSITORY: 'mirror.example/trivy-db',
      GRYPE_DB_UPDATE_URL: 'https://mirror.example/databases',
      GRYPE_DB_AUTO_UPDATE: 'true',
    });
    expect(res.code, res.stderr).toBe(1);
    const steps = calls().filter((c) => isDatabaseCall(c)) as (Call & {
      cwd: string;
      cwdEntries: string[];
      env: Record<string, string>;
    })[];
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(step.cwd).toMatch(/\.staging\/(trivy|grype)-db-.*\/run\/cwd$/);
      expect(step.cwdEntries).toEqual([]);
      // --download-db-only with TRIVY_SKIP_DB_UPDATE is an error (pkg/flag/db_flags.go:139-141); argv names the source.
      expect(step.env.TRIVY_SKIP_DB_UPDATE).toBeUndefined();
      expect(step.env.TRIVY_DB_REPOSITORY).toBeUndefined();
    }
    // TRIVY_DB_REPOSITORY and GRYPE_DB_UPDATE_URL are where the user wants the databases from: the default sources.
    const trivy = steps.find((c) => c.tool === 'trivy')!;
    expect(trivy.argv[trivy.argv.indexOf('--db-repository') + 1]).toBe('mirror.example/trivy-db');
    const update = steps.find((c) => c.tool === 'grype' && c.argv[1] === 'update')!;
    expect(update.env).toMatchObject({
      GRYPE_DB_UPDATE_URL: 'https://mirror.example/databases',
      GRYPE_DB_AUTO_UPDATE: 'false',
    });
  });
});
