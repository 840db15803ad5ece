import { getOctokit } from '@actions/github';
import type { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  /** GITHUB_API_URL: api.github.com, a GHES `/api/v3`, or a loopback stand-in in tests. */
  baseUrl: string;
  log: (line: string) => void;
}

/** Longest server-requested wait we honour; past it, retrying is the next run's job, not this step's. */
const MAX_RETRY_AFTER_SECONDS = 120;
const MAX_RATE_LIMIT_RETRIES = 3;

/**
 * An Octokit that retries what GitHub says to retry. Rate limits (403/429 with a secondary-rate-limit message or
 * `x-ratelimit-remaining: 0`) belong to plugin-throttling, which waits as long as `Retry-After` / the reset time
 * says; so 429 is taken out of plugin-retry, which would otherwise retry it first on its own 1 s, 4 s, 9 s
 * schedule. plugin-retry handles 5xx (and other retryable statuses), and is taught to honour a `Retry-After`
 * header there too (a 503 during an incident usually carries one).
 */
export function createGitHubClient(token: string, options: GitHubClientOptions): GitHubClient {
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ): boolean => {
      const retrying = retryCount < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RETRY_AFTER_SECONDS;
      options.log(
        `GitHub API ${kind} on ${request.method} ${request.url}: ` +
          (retrying
            ? `retrying in ${retryAfter} s (Retry-After)`
            : `giving up (wait of ${retryAfter} s, attempt ${retryCount + 1})`),
      );
      return retrying;
    };
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      log: { debug: () => {}, info: () => {}, warn: options.log, error: options.log },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 413, 422, 429, 451], retries: 3 },
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
    },
    retry,
    throttling,
    retryAfterHeader(options.log),
  );
}

interface RetryableError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
  request?: { method?: string; url?: string; request?: { retryCount?: number } };
}

interface RetryApi {
  retry?: { retryRequest: (error: RetryableError, retries: number, retryAfter: number) => unknown };
}

/**
 * plugin-retry decides *whether* to retry but always waits (n+1)² s; GitHub's `Retry-After` says how long to
 * wait. plugin-retry calls `octokit.retry.retryRequest` (its documented hook for scheduling a retry) with its
 * own delay; this plugin, applied after it, substitutes the server's value when the response carries one.
 */
function retryAfterHeader(log: (line: string) => void) {
  return (octokit: Octokit) => {
    const api = (octokit as unknown as RetryApi).retry;
    if (!api) return {};
    const schedule = api.retryRequest.bind(api);
    api.retryRequest = (error, retries, retryAfter) => {
      const header = error.response?.headers?.['retry-after'];
      const seconds = header === undefined ? Number.NaN : Number(header);
      const honoured =
        Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_RETRY_AFTER_SECONDS ? seconds : retryAfter;
      // Called on the last failure too; only say "retrying" when a retry will follow.
      if ((error.request?.request?.retryCount ?? 0) < retries) {
        log(
          `GitHub API answered ${error.status ?? 'an error'} on ${error.request?.method ?? ''} ${error.request?.url ?? ''}: ` +
            `retrying in ${honoured} s${honoured === seconds ? ' (Retry-After)' : ''}`,
        );
      }
      return schedule(error, retries, honoured);
    };
    return {};
  };
}
