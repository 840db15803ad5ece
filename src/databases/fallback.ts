import type { DatabaseName } from '../core/report.js';
import { CLI_WORDING, type DatabaseWording, formatDuration } from './settings.js';
import { TRIVY_DATABASE_TITLE } from './trivy.js';

/** Each database as messages name it. */
export const DATABASE_TITLES: Record<DatabaseName, string> = {
  ...TRIVY_DATABASE_TITLE,
  'grype-db': 'grype vulnerability database',
};

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
  /** The CLI's flags unless given. */
  wording?: DatabaseWording;
}): FallbackDecision {
  const words = input.wording ?? CLI_WORDING;
  const title = DATABASE_TITLES[input.name];
  const max = formatMaxAge(input.maxAgeMs);
  const why = input.offline
    ? `${words.offline} forbids downloading`
    : `every download failed (${input.failures ?? 'no source'})`;
  const remedy = input.offline
    ? `${words.runOnline}, or ${words.restoreCache}`
    : `name a reachable mirror with ${words.source[input.name]}, or ${words.fillCache}`;
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
        `${title} unavailable: ${why} and the cached one was built ${formatDuration(age)} ago, over ${words.maxAge} ${max} — ` +
        `raise ${words.maxAge}, or ${remedy}`,
    };
  }
  const used = `the cached one, built ${formatDuration(Math.max(0, age))} ago (within ${words.maxAge} ${max}), was used`;
  return {
    use: true,
    warning: input.offline
      ? `${title}: ${words.offline}: not checked for a newer one; ${used}`
      : `${title}: every download failed (${input.failures}); ${used}`,
  };
}

/** The bound as a user would have written it: `72h` stays `72h` (not `3d`). */
export function formatMaxAge(ms: number): string {
  return ms > 0 && ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : formatDuration(ms);
}
