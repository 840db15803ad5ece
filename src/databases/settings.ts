import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseName } from '../core/report.js';
import { UsageError } from '../util/errors.js';

/** How the run gets the scanners' databases (`--cache-dir`, `--db-max-age`, `--offline`, the mirrors). */
export interface DatabaseSettings {
  /** One cache root for every tool's databases, shared by the scans of a run and by later runs. */
  cacheDir: string;
  /** A cached database older than this (by its build time) is not used when a download fails, nor with --offline. */
  maxAgeMs: number;
  /** Never download: use the cache within `maxAgeMs`, or fail. */
  offline: boolean;
  /** The longest total time spent waiting between download attempts of one database (backoff and retry-after). */
  maxWaitMs: number;
  /** Where each database is downloaded from, tried in order. */
  sources: Record<DatabaseName, string[]>;
  /** How the remedies name these settings: the CLI's flags (the default) or the Action's inputs. */
  wording?: DatabaseWording;
}

/**
 * The words a database remedy uses for the settings it tells the user to change: a run of the Action has inputs, not
 * flags, and no --cache-dir (its cache is the Actions cache, `database-cache`).
 */
export interface DatabaseWording {
  /** The age bound's name, before its value: `--db-max-age 72h`. */
  maxAge: string;
  /** Said of a run that downloads nothing: `--offline`. */
  offline: string;
  /** How to run once with downloads: `run once without --offline`. */
  runOnline: string;
  /** Where another source for each database is named. */
  source: Record<DatabaseName, string>;
  /** How the cache gets a database from a run that can download. */
  fillCache: string;
  /** How an offline run gets the cache. */
  restoreCache: string;
}

export const CLI_WORDING: DatabaseWording = {
  maxAge: '--db-max-age',
  offline: '--offline',
  runOnline: 'run once without --offline',
  source: {
    'trivy-db': '--trivy-db-repository',
    'trivy-java-db': '--trivy-java-db-repository',
    'trivy-checks': '--trivy-checks-repository',
    'grype-db': '--grype-db-url',
  },
  fillCache: 'fill --cache-dir from a machine that can download',
  restoreCache: 'restore the cache into --cache-dir',
};

/** The Action's inputs (action.yml); the Java index and the checks bundle have none, only Trivy's own variables. */
export const ACTION_WORDING: DatabaseWording = {
  maxAge: 'db-max-age',
  offline: 'offline: true',
  runOnline: 'run once with offline: false',
  source: {
    'trivy-db': 'the trivy-db-repository input',
    'trivy-java-db': 'the TRIVY_JAVA_DB_REPOSITORY variable',
    'trivy-checks': 'the TRIVY_CHECKS_BUNDLE_REPOSITORY variable',
    'grype-db': 'the grype-db-url input',
  },
  fillCache: 'keep database-cache: true so that a run that can download fills the cache',
  restoreCache: 'keep database-cache: true so that the cache a run saved is restored',
};

/**
 * Trivy's own defaults, mirror first (aquasecurity/trivy v0.74.0 pkg/db/db.go:29-36, pkg/javadb/client.go:26-35).
 * Without a tag Trivy adds its own schema version (pkg/flag/db_flags.go:176-193), so a Trivy with another schema
 * still fetches the database it reads. The checks bundle gets no tag from Trivy, so it is named with schema 2
 * (pkg/policy/policy.go:24-25, BundleVersion); Trivy's default is the mirror alone, GitHub's registry is added as
 * the fallback the other two have.
 */
export const DEFAULT_SOURCES: Readonly<Record<DatabaseName, readonly string[]>> = {
  'trivy-db': ['mirror.gcr.io/aquasec/trivy-db', 'ghcr.io/aquasecurity/trivy-db'],
  'trivy-java-db': ['mirror.gcr.io/aquasec/trivy-java-db', 'ghcr.io/aquasecurity/trivy-java-db'],
  'trivy-checks': ['mirror.gcr.io/aquasec/trivy-checks:2', 'ghcr.io/aquasecurity/trivy-checks:2'],
  // anchore/grype v0.116.0 grype/db/v6/distribution/client.go:54-61 (a URL not ending in .json gets /v6/latest.json).
  'grype-db': ['https://grype.anchore.io/databases'],
};

export const DEFAULT_MAX_AGE_MS = 72 * 3_600_000;
export const DEFAULT_MAX_WAIT_MS = 120_000;

/** `$XDG_CACHE_HOME/container-gate/databases`, else `~/.cache/container-gate/databases` (beside the tool cache). */
export function defaultDatabaseCacheDir(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'container-gate', 'databases');
}

/**
 * The tools' own variables for where to download from, honoured as the defaults (a workflow moving from the tools'
 * actions keeps its mirror): Trivy's are comma-separated lists (aquasecurity/trivy v0.74.0 pkg/flag/options.go:191-198),
 * Grype's one URL. The flags win over them.
 */
const SOURCE_VARIABLES: Record<DatabaseName, string> = {
  'trivy-db': 'TRIVY_DB_REPOSITORY',
  'trivy-java-db': 'TRIVY_JAVA_DB_REPOSITORY',
  'trivy-checks': 'TRIVY_CHECKS_BUNDLE_REPOSITORY',
  'grype-db': 'GRYPE_DB_UPDATE_URL',
};

export function defaultDatabaseSettings(
  env: Record<string, string | undefined> = process.env,
): DatabaseSettings {
  const sources = (name: DatabaseName): string[] => {
    const variable = SOURCE_VARIABLES[name];
    const value = env[variable]?.trim();
    return value ? readSources([value], name, variable) : [...DEFAULT_SOURCES[name]];
  };
  return {
    cacheDir: defaultDatabaseCacheDir(env),
    maxAgeMs: DEFAULT_MAX_AGE_MS,
    offline: false,
    maxWaitMs: DEFAULT_MAX_WAIT_MS,
    sources: {
      'trivy-db': sources('trivy-db'),
      'trivy-java-db': sources('trivy-java-db'),
      'trivy-checks': sources('trivy-checks'),
      'grype-db': sources('grype-db'),
    },
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration with its unit, as a user writes it: `72h`, `3d`, `90m`, `30s`, `1h30m`. A bare number is refused: hours
 * and seconds are both plausible, and guessing wrong would make a stale database pass.
 */
export function parseDuration(value: string, flag: string): number {
  const text = value.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (text === '' || parts.map((p) => p[0]).join('') !== text) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: not a duration — write it with a unit: 72h, 3d, 90m or 30s`,
    );
  }
  return Math.round(parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_MS[unit!]!, 0));
}

/** `72h`, `3d 4h`, `45m`, `12s`: how reports and messages say an age or a bound. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return `${minutes}m`;
  return `${seconds}s`;
}

/** An ordered list of sources from repeated flags or a comma/newline list; the defaults when none is given. */
export function readSources(
  values: readonly string[] | undefined,
  name: DatabaseName,
  flag: string,
): string[] {
  const list = (values ?? [])
    .flatMap((v) => v.split(/[\n,]/))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const source of list) {
    if (source.startsWith('-') || /\s/.test(source))
      throw new UsageError(`${flag} ${JSON.stringify(source)}: not a repository or URL`);
    if (name === 'grype-db' && !/^https?:\/\/\S+$/.test(source))
      throw new UsageError(
        `${flag} ${JSON.stringify(source)}: not an http(s) URL of a Grype database listing`,
      );
  }
  return list.length > 0 ? [...new Set(list)] : [...DEFAULT_SOURCES[name]];
}
