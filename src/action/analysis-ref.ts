import { ExecStartError, runProcess } from '../process/exec.js';
import type { ActionContext } from './context.js';

export interface AnalysisRef {
  ref: string;
  commitSha: string;
}

/** The commit checked out in the workspace, or undefined when git cannot say (no git, not a repository). */
export type GitHead = (workspace: string) => Promise<string | undefined>;

export const gitHead: GitHead = async (workspace) => {
  try {
    const result = await runProcess('git', {
      args: ['rev-parse', '--verify', 'HEAD'],
      cwd: workspace,
      timeoutMs: 10_000,
    });
    const sha = result.stdout.trim();
    return result.exitCode === 0 && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch (error) {
    if (error instanceof ExecStartError) return undefined;
    throw error;
  }
};

/**
 * Which ref and commit the analysis belongs to, as github/codeql-action's upload decides it (src/git-utils.ts
 * `getRef`, upload-lib `getCommitOid`): the commit is what is checked out (GITHUB_SHA when git cannot tell); on a
 * pull request the runner's ref is `refs/pull/N/merge`, and when the workflow checked out something other than
 * that merge commit (usually the PR head, `ref: ${{ github.event.pull_request.head.sha }}`) the analysis is
 * reported on `refs/pull/N/head` instead, so the ref and the commit agree.
 */
export async function resolveAnalysisRef(
  context: ActionContext,
  head: GitHead = gitHead,
): Promise<AnalysisRef | undefined> {
  if (!context.ref || !context.sha) return undefined;
  const checkedOut = (await head(context.workspace)) ?? context.sha;
  const merge = /^refs\/pull\/(\d+)\/merge$/.exec(context.ref);
  if (merge && checkedOut !== context.sha) {
    return { ref: `refs/pull/${merge[1]}/head`, commitSha: checkedOut };
  }
  // pull_request_target runs on the base branch; an analysis of the PR's head commit belongs to the PR, not to it.
  const pr = context.pullRequest;
  if (context.eventName === 'pull_request_target' && pr && checkedOut === pr.headSha) {
    return { ref: `refs/pull/${pr.number}/head`, commitSha: checkedOut };
  }
  return { ref: context.ref, commitSha: checkedOut };
}
