import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import type { RunOptions } from '../options.js';
import { errorMessage, oneLine } from '../util/errors.js';
import { type GitHead, gitHead } from './analysis-ref.js';
import type { ActionContext } from './context.js';
import type { GitHubClient } from './github-client.js';

/** GitHub lists at most 3,000 files of a pull request (REST "List pull requests files"). */
export const MAX_LISTED_FILES = 3000;

/**
 * The repository files the run's policy was read from, repository-relative: the config file, the exceptions file, the
 * VEX documents, the KEV catalog and a baseline report given as a file. A file outside the workspace (the report
 * `baseline: auto` downloads into RUNNER_TEMP) is no pull request's. The options' paths are relative to `cwd`, as
 * the config file's are made (src/config/load.ts); on a runner that is the workspace.
 */
export function policyFiles(
  options: RunOptions,
  configPath: string | undefined,
  workspace: string,
  cwd = process.cwd(),
): string[] {
  const { policy } = options;
  const candidates = [
    configPath,
    policy.exceptionsFile,
    ...policy.vexFiles,
    policy.kevCatalog,
    policy.baseline,
  ];
  const files = new Set<string>();
  for (const file of candidates) {
    if (!file) continue;
    const path = relative(workspace, resolve(cwd, file));
    if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) continue;
    files.add(path.split(sep).join('/'));
  }
  return [...files].sort();
}

interface ChangedFile {
  filename: string;
  previous_filename?: string;
}

/**
 * A pull request can change the policy its own gate reads (lower the threshold, add an exception, a VEX statement, a
 * baseline that already holds its findings), and the gate then judges it by that policy. The verdict stays the
 * verdict; this says so where the reviewer looks — a warning, and a notice the job summary and the PR comment show
 * first. Returns the notice, or undefined when the pull request changes none of `files` (or there is no pull request).
 * A listing that cannot be read is a warning, never a failed run: the gate's verdict does not depend on it.
 * `pull_request_target` checks out the base branch (GITHUB_SHA) unless the workflow asks for the pull request's
 * commit: with the base checked out, the policy read is the base's and nothing is said.
 */
export async function policyChangeNotice(
  files: readonly string[],
  context: ActionContext,
  client: () => GitHubClient,
  head: GitHead = gitHead,
): Promise<string | undefined> {
  const pr = context.pullRequest;
  if (files.length === 0 || !pr || !context.repository) return undefined;
  if (context.eventName === 'pull_request_target') {
    const checkedOut = await head(context.workspace).catch(() => undefined);
    if (checkedOut !== undefined && checkedOut === context.sha) return undefined;
  }
  let changed: ChangedFile[];
  try {
    const api = client();
    changed = await api.paginate(api.rest.pulls.listFiles, {
      ...context.repository,
      pull_number: pr.number,
      per_page: 100,
    });
  } catch (error) {
    core.warning(
      `could not check whether this pull request changes the policy files the gate read (${files.join(', ')}): ${oneLine(errorMessage(error))}`,
    );
    return undefined;
  }
  // A rename away from a policy file changes it too.
  const touched = new Set(
    changed.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])),
  );
  const changes = files.filter((file) => touched.has(file));
  if (changes.length === 0) {
    if (changed.length >= MAX_LISTED_FILES) {
      core.warning(
        `this pull request changes ${MAX_LISTED_FILES} files or more, and GitHub lists only the first ${MAX_LISTED_FILES}: ` +
          `whether it changes the policy files the gate read (${files.join(', ')}) could not be checked`,
      );
    }
    return undefined;
  }
  const notice =
    `this pull request changes ${changes.join(', ')}, which the gate's policy was read from: the verdict is under ` +
    `the pull request's own policy — have that change reviewed (a CODEOWNERS entry for ${changes.length === 1 ? 'it' : 'them'} makes the review required)`;
  core.warning(notice);
  return notice;
}
