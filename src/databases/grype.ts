import { z } from 'zod';
import type { ScannerDatabase } from '../core/report.js';
import { oneLine } from '../util/errors.js';
import type { AttemptFailure } from './attempts.js';

/**
 * Grype's database, v6: `<GRYPE_DB_CACHE_DIR>/6/vulnerability.db` plus `import.json` (anchore/grype v0.116.0
 * grype/db/v6/installation/curator.go:53-69, grype/db/v6/import_metadata.go:18-24). Grype has no cache-directory flag,
 * so its settings go in the environment of each call, set by container-gate (never inherited):
 * `GRYPE_DB_CACHE_DIR`, `GRYPE_DB_UPDATE_URL`, `GRYPE_DB_AUTO_UPDATE`, `GRYPE_DB_VALIDATE_AGE` (names confirmed by
 * test/cli/db_validations_test.go:44-45,439-452).
 */
export const GRYPE_MODEL_DIR = '6';

/**
 * `grype db status -o json` (cmd/grype/cli/commands/db_status.go:55-96; grype/vulnerability/provider.go:59-93): it
 * exits non-zero when the database is invalid, and still prints the status.
 */
export const grypeStatusSchema = z.object({
  schemaVersion: z.string(),
  from: z.string().optional(),
  built: z.string().optional(),
  path: z.string().optional(),
  valid: z.boolean(),
  error: z.string().optional(),
});

export type GrypeStatus = z.infer<typeof grypeStatusSchema>;

/** Grype's own bound on a database's age (grype/db/v6/installation/curator.go:58). */
export const GRYPE_DEFAULT_MAX_BUILT_AGE_MS = 120 * 3_600_000;

/**
 * The settings every Grype call gets: this cache directory and no update of its own. Grype keeps its own age check
 * (a listing that serves a stale database is refused, curator.go:600-615), with its bound raised to --db-max-age when
 * that is longer, so that the fallback container-gate allows is not refused by Grype
 * (GRYPE_DB_VALIDATE_AGE / GRYPE_DB_MAX_ALLOWED_BUILT_AGE: test/cli/db_validations_test.go:442-446).
 */
export function grypeDatabaseEnv(
  cacheDir: string,
  maxAgeMs: number,
  updateUrl?: string,
): Record<string, string> {
  const bound = Math.max(maxAgeMs, GRYPE_DEFAULT_MAX_BUILT_AGE_MS);
  return {
    GRYPE_DB_CACHE_DIR: cacheDir,
    GRYPE_DB_AUTO_UPDATE: 'false',
    GRYPE_DB_VALIDATE_AGE: 'true',
    // A Go duration (time.ParseDuration): whole seconds.
    GRYPE_DB_MAX_ALLOWED_BUILT_AGE: `${Math.ceil(bound / 1000)}s`,
    GRYPE_CHECK_FOR_APP_UPDATE: 'false',
    ...(updateUrl ? { GRYPE_DB_UPDATE_URL: updateUrl } : {}),
  };
}

export function parseGrypeStatus(stdout: string): GrypeStatus | undefined {
  try {
    const parsed = grypeStatusSchema.safeParse(JSON.parse(stdout));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `db update` reports whether it replaced the database (db_update.go:64-67). */
export function grypeUpdated(stdout: string): boolean | undefined {
  if (/Vulnerability database updated to latest version/i.test(stdout)) return true;
  if (/No vulnerability database update available/i.test(stdout)) return false;
  return undefined;
}

const HOUR = 3_600_000;

/** Grype checks for a newer database at most every 2 h by default (curator.go:59,259-277); so does container-gate. */
export function grypeIsFresh(checkedAt: string, now: number): boolean {
  return now < Date.parse(checkedAt) + 2 * HOUR;
}

export function grypeReportRecord(
  status: GrypeStatus,
  checkedAt: string,
  source: string,
  fromCache: boolean,
  warning?: string,
): ScannerDatabase {
  return {
    name: 'grype-db',
    tool: 'grype',
    schemaVersion: status.schemaVersion,
    ...(status.built ? { builtAt: status.built } : {}),
    downloadedAt: checkedAt,
    // The listing URL that was asked; `from` (the archive URL) says which file that listing named.
    source: status.from ? `${source} (${stripQuery(status.from)})` : source,
    fromCache,
    ...(warning ? { warning } : {}),
  };
}

function stripQuery(url: string): string {
  return url.replace(/\?.*$/, '');
}

/**
 * What went wrong in one failed `grype db update`. Grype fetches with go-getter, which reports a bad status only as
 * `bad response code: 429` (hashicorp/go-getter v1.8.6 get_http.go:274-275), so no retry-after reaches us; a checksum
 * failure is go-getter's `Checksums did not match` (checksum.go:41-52) or Grype's `bad db checksum`
 * (curator.go:590); the chain starts `unable to update vulnerability database:` (db_update.go:60, client.go:167,
 * curator.go:317) and a listing failure says `unable to download listing:` (client.go:189).
 */
export function classifyGrypeFailure(stderr: string): AttemptFailure {
  const said = stderr.replace(/\u001b\[[0-9;]*m/g, '');
  const detail = (pattern: RegExp) => oneLine(pattern.exec(said)?.[0] ?? '').slice(0, 160);
  if (/bad response code: 429|Too Many Requests/i.test(said))
    return { class: 'rate-limited', detail: detail(/bad response code: 429|Too Many Requests/i) };
  if (/bad response code: 5\d\d/.test(said))
    return { class: 'server', detail: detail(/bad response code: 5\d\d/) };
  if (/Client\.Timeout|context deadline exceeded|i\/o timeout|TLS handshake timeout/i.test(said))
    return {
      class: 'timeout',
      detail: detail(
        /[^:\n]*(?:Client\.Timeout[^\n)]*|context deadline exceeded|i\/o timeout|TLS handshake timeout)/i,
      ),
    };
  if (
    /Checksums did not match|bad db checksum|unexpected EOF|invalid (?:header|archive)|zstd|not a valid/i.test(
      said,
    )
  )
    return {
      class: 'corrupt',
      detail: detail(
        /Checksums did not match[^\n]*|bad db checksum[^\n]*|unexpected EOF|invalid (?:header|archive)[^\n]*/i,
      ),
    };
  if (/bad response code: 4\d\d/.test(said))
    return { class: 'refused', detail: detail(/bad response code: 4\d\d/) };
  if (/no such host|connection refused|network is unreachable|dial tcp|connection reset/i.test(said))
    return {
      class: 'network',
      detail: detail(
        /[^:\n]*(?:no such host|connection refused|network is unreachable|connection reset)[^\n]*/i,
      ),
    };
  const last = oneLine(
    said
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .at(-1) ?? '',
  );
  return { class: 'failed', detail: last ? last.slice(0, 160) : 'exited without saying why' };
}
