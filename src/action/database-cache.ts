import * as cache from '@actions/cache';
import type { DatabaseName, ScannerDatabase } from '../core/report.js';
import type { DatabaseCacheHooks } from '../databases/steps.js';
import { oneLine } from '../util/errors.js';

/** The part of @actions/cache the Action uses; injectable so the keys and the order are tested without a runner. */
export interface CacheClient {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export const actionsCacheClient: CacheClient = {
  isFeatureAvailable: () => cache.isFeatureAvailable(),
  restoreCache: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
  saveCache: (paths, key) => cache.saveCache(paths, key),
};

/**
 * The schema each database is expected in, as the tools at their pinned versions read it: trivy-db 2
 * (aquasecurity/trivy-db pkg/db/db.go:23, SchemaVersion), the Java index 1 (aquasecurity/trivy-java-db pkg/db/db.go:18),
 * the checks bundle 2 (aquasecurity/trivy v0.74.0 pkg/policy/policy.go:24-25, BundleVersion), Grype's v6
 * (anchore/grype v0.116.0 grype/db/v6/db.go ModelVersion; the `6/` directory of its cache). A restore asks for that
 * schema; a save names the schema the database says it has.
 */
export const EXPECTED_SCHEMA: Record<DatabaseName, string> = {
  'trivy-db': '2',
  'trivy-java-db': '1',
  'trivy-checks': '2',
  'grype-db': '6',
};

/** `container-gate-db-trivy-db-2-` — every day's key for this database and schema starts so (the restore key). */
export function databaseCacheKeyPrefix(name: DatabaseName, schema = EXPECTED_SCHEMA[name]): string {
  return `container-gate-db-${name}-${schema}-`;
}

/** Keyed by tool and database (`trivy-db`, `grype-db`…), schema and UTC date: one entry a day, older days restored. */
export function databaseCacheKey(name: DatabaseName, now: number, schema = EXPECTED_SCHEMA[name]): string {
  return `${databaseCacheKeyPrefix(name, schema)}${new Date(now).toISOString().slice(0, 10)}`;
}

/** The major schema a database reports (`v6.1.9` → `6`, `2` → `2`), or the expected one when it says none. */
export function schemaOf(database: ScannerDatabase): string {
  return /(\d+)/.exec(database.schemaVersion ?? '')?.[1] ?? EXPECTED_SCHEMA[database.name];
}

export interface ActionDatabaseCache extends DatabaseCacheHooks {
  /** Waits for every save started (the Action calls it before it ends, whatever the verdict). */
  flush(): Promise<void>;
}

/**
 * The database cache kept across workflow runs with @actions/cache. Each database's directory of the local cache is
 * restored before its step, when the local cache has none (a fresh runner): today's key, else the newest of older days.
 * It is saved as soon as a download has been installed, before any scan and so whatever the gate then says (the
 * failure of trivy-action#500, whose cache was saved only by a post step of a successful job). A save of a key that
 * exists already (a second download the same day) is refused by the service and only logged by @actions/cache; a
 * save or restore that fails is a warning, never a failure of the run.
 */
export function actionDatabaseCache(
  client: CacheClient,
  io: { now: () => number; info(line: string): void; warn(line: string): void },
): ActionDatabaseCache | undefined {
  if (!client.isFeatureAvailable()) {
    io.info('database cache: the Actions cache service is not available to this job; not restored or saved');
    return undefined;
  }
  const restored = new Map<DatabaseName, string>();
  const saves: Promise<void>[] = [];
  return {
    async restore(name, dir) {
      const key = databaseCacheKey(name, io.now());
      const hit = await client.restoreCache([dir], key, [databaseCacheKeyPrefix(name)]);
      if (hit) {
        restored.set(name, hit);
        io.info(`database cache: ${name} restored from ${hit}`);
      } else {
        io.info(`database cache: no saved ${name} (looked for ${key} and older days)`);
      }
    },
    save(name, dir, database) {
      const key = databaseCacheKey(name, io.now(), schemaOf(database));
      if (restored.get(name) === key) return;
      saves.push(
        client.saveCache([dir], key).then(
          (id) => {
            if (id !== -1) io.info(`database cache: ${name} saved as ${key}`);
          },
          (error: unknown) =>
            io.warn(`database cache: ${name} was not saved as ${key}: ${oneLine(String(error))}`),
        ),
      );
    },
    async flush() {
      await Promise.allSettled(saves);
    },
  };
}
