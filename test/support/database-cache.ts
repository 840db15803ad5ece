import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseName } from '../../src/core/report.js';
import { repoRoot } from './paths.js';

/**
 * A database cache as container-gate leaves it (src/databases/store.ts), filled with the tools' real files from
 * test/fixtures/databases (Trivy's metadata.json and trivy.db, its Java index and checks bundle, Grype's status JSON).
 * The only change to those files: their times are moved so that the database was built `builtAgoMs` before `now` and
 * downloaded `downloadedAgoMs` before it, which is what the age bound and the freshness rules read. Trivy's NextUpdate
 * is kept at its real distance from UpdatedAt (6 h in the fixture; trivy-db builds every 6 h).
 */
export interface DatabaseCacheOptions {
  now?: number;
  builtAgoMs: number;
  downloadedAgoMs: number;
  /** Which databases to write (default: trivy-db, trivy-checks, grype-db). */
  databases?: DatabaseName[];
  /** The generation's directory name. */
  generation?: string;
}

const FIXTURES = join(repoRoot, 'test/fixtures/databases');
const HOUR = 3_600_000;

export function writeDatabaseCache(root: string, options: DatabaseCacheOptions): void {
  const now = options.now ?? Date.now();
  const built = new Date(now - options.builtAgoMs);
  const downloaded = new Date(now - options.downloadedAgoMs).toISOString();
  const generation = options.generation ?? '20260101T000000Z-0a0b0c0d';
  const record = (name: DatabaseName, source: string, extra: Record<string, unknown> = {}) =>
    writeFileSync(
      join(root, name, 'record.json'),
      `${JSON.stringify({ generation, source, checkedAt: downloaded, ...extra }, null, 2)}\n`,
    );
  for (const name of options.databases ?? ['trivy-db', 'trivy-checks', 'grype-db']) {
    const dir = join(root, name, generation);
    mkdirSync(dir, { recursive: true });
    if (name === 'grype-db') {
      cpSync(join(FIXTURES, 'grype/db'), dir, { recursive: true });
      const status = JSON.parse(readFileSync(join(FIXTURES, 'grype/status-valid.json'), 'utf8'));
      status.built = built.toISOString().replace(/\.\d+Z$/, 'Z');
      record(name, 'https://grype.anchore.io/databases', { status });
      continue;
    }
    const from = { 'trivy-db': 'trivy/db', 'trivy-java-db': 'trivy/java-db', 'trivy-checks': 'trivy/policy' }[
      name
    ];
    cpSync(join(FIXTURES, from), dir, { recursive: true });
    const file = join(dir, 'metadata.json');
    const metadata = JSON.parse(readFileSync(file, 'utf8'));
    metadata.DownloadedAt = downloaded;
    if (name !== 'trivy-checks') {
      const interval = Date.parse(metadata.NextUpdate) - Date.parse(metadata.UpdatedAt);
      metadata.UpdatedAt = built.toISOString();
      metadata.NextUpdate = new Date(built.getTime() + (interval > 0 ? interval : 6 * HOUR)).toISOString();
    }
    writeFileSync(file, JSON.stringify(metadata));
    record(
      name,
      name === 'trivy-db'
        ? 'mirror.gcr.io/aquasec/trivy-db'
        : name === 'trivy-java-db'
          ? 'mirror.gcr.io/aquasec/trivy-java-db'
          : 'mirror.gcr.io/aquasec/trivy-checks:2',
    );
  }
}
