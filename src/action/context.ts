import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import { errorMessage } from '../util/errors.js';

/**
 * What the Action knows about the workflow run, read from the runner's environment on each run (not from
 * @actions/github's `context`, which reads the environment once when the module loads).
 */
export interface ActionContext {
  eventName: string;
  repository?: { owner: string; repo: string };
  sha?: string;
  ref?: string;
  workspace: string;
  runnerTemp: string;
  serverUrl: string;
  apiUrl: string;
  runId?: string;
  runAttempt: number;
  pullRequest?: PullRequestInfo;
  /** Why the event payload could not be used, when it could not. */
  eventProblem?: string;
}

export interface PullRequestInfo {
  number: number;
  headSha: string;
  /** The head branch lives in another repository: the run's token is read-only there (no uploads, no comments). */
  isFork: boolean;
  /** The branch the pull request merges into (`baseline: auto` reads its latest report). */
  baseRef?: string;
}

/** Events whose payload carries `pull_request` and whose runs can comment on it. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'] as const;

// Only what the Action reads; the real payload has hundreds of fields (octokit/webhooks payload examples).
const repoRef = z.looseObject({ full_name: z.string() });
const pullRequestEvent = z.looseObject({
  pull_request: z.looseObject({
    number: z.number().int().positive(),
    head: z.looseObject({ sha: z.string().regex(/^[0-9a-f]{40}$/), repo: repoRef.nullable() }),
    base: z.looseObject({ ref: z.string().optional(), repo: repoRef }),
  }),
});

export function readActionContext(env: NodeJS.ProcessEnv = process.env): ActionContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const attempt = Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10);
  const context: ActionContext = {
    eventName,
    ...(owner && repo ? { repository: { owner, repo } } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    ...(env.GITHUB_REF ? { ref: env.GITHUB_REF } : {}),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runnerTemp: env.RUNNER_TEMP || tmpdir(),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
    runAttempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
  };
  if (!(PULL_REQUEST_EVENTS as readonly string[]).includes(eventName)) return context;

  const eventPath = env.GITHUB_EVENT_PATH;
  if (!eventPath) return { ...context, eventProblem: 'GITHUB_EVENT_PATH is not set' };
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    return {
      ...context,
      eventProblem: `cannot read the event payload ${eventPath}: ${errorMessage(error)}`,
    };
  }
  const parsed = pullRequestEvent.safeParse(payload);
  if (!parsed.success) {
    return {
      ...context,
      eventProblem: `the ${eventName} payload has no usable pull_request (number, head.sha, base.repo)`,
    };
  }
  const pr = parsed.data.pull_request;
  return {
    ...context,
    pullRequest: {
      number: pr.number,
      headSha: pr.head.sha,
      ...(pr.base.ref ? { baseRef: pr.base.ref } : {}),
      // A deleted fork leaves head.repo null: it was a fork all the same.
      isFork:
        pr.head.repo === null ||
        pr.head.repo.full_name.toLowerCase() !== pr.base.repo.full_name.toLowerCase(),
    },
  };
}

/** `https://github.com/o/r/actions/runs/1/attempts/2`, when the run id is known. */
export function runUrl(context: ActionContext): string | undefined {
  if (!context.repository || !context.runId) return undefined;
  const { owner, repo } = context.repository;
  return `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}/attempts/${context.runAttempt}`;
}
