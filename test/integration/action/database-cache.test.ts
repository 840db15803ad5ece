import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CacheClient } from '../../../src/action/database-cache.js';
import { runAction } from '../../../src/action/run.js';
import { runScan } from '../../../src/pipeline.js';
import { writeDatabaseCache } from '../../support/database-cache.js';
import { startGitHubApiServer } from '../../support/github-api-server.js';
import {
  actionSuite,
  captureStdout,
  REPO_ROOT,
  readOutputs,
  recordingUploader,
  SHARED_FIXTURES,
  setRunEnv,
  TEST_POLLING,
  writeEmptyOciArchive,
} from './harness.js';

/**
 * Issue 16 item 5: the Action keeps the databases with @actions/cache — restored before the scans, saved right after
 * a download (a failed gate still saves), keyed by database, schema and UTC date with older days as restore keys, and
 * not at all with `database-cache: false`. The cache service is a recording stand-in with @actions/cache's contract
 * (restoreCache: exact key, else the newest entry whose key starts with a restore key; saveCache: immutable keys).
 */
const MADE_GRYPE = path.resolve(REPO_ROOT, 'test/fixtures/made/grype-from-trivy-alpine-310.made.json');
const suite = actionSuite();

interface CacheCall {
  op: 'restore' | 'save';
  paths: string[];
  key: string;
  restoreKeys?: string[];
  hit?: string;
  /** The scans of each tool that had started when the call was made (trivy image passes, grype scans). */
  scansBefore: { trivy: number; grype: number };
}

function recordingCache(storeDir: string, argvLog: () => string): CacheClient & { calls: CacheCall[] } {
  const calls: CacheCall[] = [];
  const scansSoFar = () => {
    const calls = existsSync(argvLog())
      ? readFileSync(argvLog(), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { tool: string; argv: string[] })
      : [];
    return {
      trivy: calls.filter((c) => c.tool === 'trivy' && c.argv.some((a) => a.startsWith('--scanners=')))
        .length,
      grype: calls.filter((c) => c.tool === 'grype' && c.argv[0] !== 'db' && c.argv[0] !== '--version')
        .length,
    };
  };
  mkdirSync(storeDir, { recursive: true });
  return {
    calls,
    isFeatureAvailable: () => true,
    async restoreCache(paths, key, restoreKeys = []) {
      const keys = readdirSync(storeDir).sort().reverse();
      const hit =
        keys.find((k) => k === key) ??
        restoreKeys.map((p) => keys.find((k) => k.startsWith(p))).find(Boolean);
      calls.push({
        op: 'restore',
        paths,
        key,
        restoreKeys,
        ...(hit ? { hit } : {}),
        scansBefore: scansSoFar(),
      });
      if (!hit) return undefined;
      cpSync(path.join(storeDir, hit), paths[0]!, { recursive: true });
      return hit;
    },
    async saveCache(paths, key) {
      calls.push({ op: 'save', paths, key, scansBefore: scansSoFar() });
      if (existsSync(path.join(storeDir, key))) return -1;
      cpSync(paths[0]!, path.join(storeDir, key), { recursive: true });
      return 1;
    },
  };
}

async function runActionWith(
  cache: CacheClient,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
) {
  suite.server = await startGitHubApiServer();
  const archive = writeEmptyOciArchive(path.join(suite.dirs.root, 'alpine-310.tar'));
  setRunEnv(suite.dirs, {
    inputs: {
      image: `oci-archive:${archive}`,
      scanners: 'trivy,grype',
      checks: 'false',
      sbom: 'none',
      ...inputs,
    },
    apiUrl: suite.server.url,
    token: suite.server.token,
  });
  writeFileSync(argvLog, '');
  Object.assign(process.env, {
    PATH: `${path.resolve(REPO_ROOT, 'test/bin')}${path.delimiter}${process.env.PATH}`,
    STANDIN_ARGV_LOG: argvLog,
    STANDIN_TRIVY_VULN: path.resolve(SHARED_FIXTURES, 'trivy/alpine-310.json'),
    STANDIN_GRYPE: MADE_GRYPE,
    ...env,
  });
  const { result } = await captureStdout(() =>
    runAction({
      runScan,
      artifactUploader: async () => recordingUploader().uploader,
      polling: TEST_POLLING,
      today: '2026-11-23',
      cacheClient: cache,
    }),
  );
  return {
    result,
    outputs: readOutputs(suite.dirs.outputFile),
    summary: readFileSync(suite.dirs.summaryFile, 'utf8'),
  };
}

let argvLog = '';
const today = () => new Date().toISOString().slice(0, 10);

describe('the Action caches the scanners’ databases with @actions/cache', () => {
  it('restores before the database steps and saves right after each download, before any scan, though the gate fails', async () => {
    argvLog = path.join(suite.dirs.root, 'argv-1.jsonl');
    const cache = recordingCache(path.join(suite.dirs.root, 'store-1'), () => argvLog);
    const { outputs } = await runActionWith(cache, {});
    // The recorded fixtures hold HIGH and CRITICAL vulnerabilities: the gate fails, the saves happened anyway.
    expect(outputs.verdict).toBe('failed');
    const restores = cache.calls.filter((c) => c.op === 'restore');
    const saves = cache.calls.filter((c) => c.op === 'save');
    expect(restores.map((c) => [c.key, c.restoreKeys]).sort()).toEqual([
      [`container-gate-db-grype-db-6-${today()}`, ['container-gate-db-grype-db-6-']],
      [`container-gate-db-trivy-db-2-${today()}`, ['container-gate-db-trivy-db-2-']],
    ]);
    // The stand-ins "download" Trivy schema 2 and Grype v6 (test/fixtures/databases): saved under the same keys.
    expect(saves.map((c) => c.key).sort()).toEqual(restores.map((c) => c.key).sort());
    for (const save of saves) {
      // Saved before any scan that reads it started (Grype's own database may still be downloading while Trivy scans).
      expect(save.scansBefore[save.key.includes('trivy') ? 'trivy' : 'grype']).toBe(0);
      expect(save.paths).toHaveLength(1);
      expect(save.paths[0]).toMatch(/container-gate\/databases\/(trivy|grype)-db$/);
      // What is saved is a complete cache entry: the record and the generation it names.
      const record = JSON.parse(readFileSync(path.join(save.paths[0]!, 'record.json'), 'utf8'));
      expect(existsSync(path.join(save.paths[0]!, record.generation))).toBe(true);
    }
  });

  it('on a fresh runner whose downloads all fail, restores an older day’s entry and gates on its findings', async () => {
    argvLog = path.join(suite.dirs.root, 'argv-2.jsonl');
    const store = path.join(suite.dirs.root, 'store-2');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const saved = path.join(suite.dirs.root, 'saved-cache');
    mkdirSync(saved, { recursive: true });
    writeDatabaseCache(saved, {
      builtAgoMs: 30 * 3_600_000,
      downloadedAgoMs: 26 * 3_600_000,
      databases: ['trivy-db', 'grype-db'],
    });
    for (const name of ['trivy-db', 'grype-db'] as const) {
      const schema = name === 'trivy-db' ? 2 : 6;
      cpSync(path.join(saved, name), path.join(store, `container-gate-db-${name}-${schema}-${yesterday}`), {
        recursive: true,
      });
    }
    const cache = recordingCache(store, () => argvLog);
    const { outputs, summary } = await runActionWith(
      cache,
      {},
      { STANDIN_TRIVY_DB_BEHAVIOUR: 'unreachable', STANDIN_GRYPE_DB_UPDATE_BEHAVIOUR: 'unreachable' },
    );
    expect(
      cache.calls
        .filter((c) => c.op === 'restore')
        .map((c) => c.hit)
        .sort(),
    ).toEqual([`container-gate-db-grype-db-6-${yesterday}`, `container-gate-db-trivy-db-2-${yesterday}`]);
    // Nothing new was downloaded, so nothing is saved.
    expect(cache.calls.filter((c) => c.op === 'save')).toEqual([]);
    // The verdict is the findings' (failed), not an error; the summary says which databases were used and why.
    expect(outputs.verdict).toBe('failed');
    // (The summary escapes Markdown: `\(`.)
    expect(summary.replace(/\\/g, '')).toMatch(
      /> ⚠️ trivy vulnerability database: every download failed \(mirror\.gcr\.io\/aquasec\/trivy-db: unreachable \(no such host\); ghcr\.io\/aquasecurity\/trivy-db: unreachable .*\); the cached one, built 1d 6h ago \(within db-max-age 72h\), was used/,
    );
    expect(summary).toMatch(/\| trivy-db \| 2 \|.*\| from the cache ⚠️ \|/);
    const report = JSON.parse(readFileSync(outputs['report-file']!, 'utf8'));
    expect(report.scanners.find((s: { name: string }) => s.name === 'grype').database).toMatchObject({
      name: 'grype-db',
      fromCache: true,
      warning: expect.stringMatching(/grype vulnerability database: every download failed/),
    });
  });

  it('neither restores nor saves with database-cache: false', async () => {
    argvLog = path.join(suite.dirs.root, 'argv-3.jsonl');
    const cache = recordingCache(path.join(suite.dirs.root, 'store-3'), () => argvLog);
    const { outputs } = await runActionWith(cache, { 'database-cache': 'false' });
    expect(outputs.verdict).toBe('failed');
    expect(cache.calls).toEqual([]);
  });
});
