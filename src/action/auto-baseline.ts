import { join } from 'node:path';
import * as core from '@actions/core';
import type { RunOptions } from '../options.js';
import { cleanLine } from '../report/escape.js';
import { errorMessage, oneLine } from '../util/errors.js';
import { fetchBaselineReport, reportArtifactName } from './baseline-artifact.js';
import type { ActionContext } from './context.js';
import type { GitHubClient } from './github-client.js';
import type { ActionInputs } from './inputs.js';

/**
 * `baseline: auto` (the input, or the config file's `gate.baseline`): the latest report artifact of the pull
 * request's base branch. Outside a pull request, or with none to be found, every finding is gated (stricter, never
 * laxer) and a warning says why.
 */
export async function resolveAutoBaseline(
  options: RunOptions,
  inputs: ActionInputs,
  context: ActionContext,
  client: () => GitHubClient,
): Promise<void> {
  if (options.policy.baseline !== 'auto') return;
  delete options.policy.baseline;
  const branch = context.pullRequest?.baseRef;
  if (!branch || !context.repository) {
    core.warning(
      'baseline auto applies to pull requests (it reads the base branch report); every finding is gated',
    );
    return;
  }
  try {
    const path = await fetchBaselineReport(client(), {
      ...context.repository,
      branch,
      artifactName: reportArtifactName(inputs.sarifCategoryPrefix),
      dir: join(context.runnerTemp, 'container-gate'),
      log: (line) => core.info(cleanLine(line, 1000)),
    });
    if (path) options.policy.baseline = path;
    else core.warning(`baseline auto: no report of ${branch} found; every finding is gated`);
  } catch (error) {
    core.warning(`baseline auto: ${oneLine(errorMessage(error))}; every finding is gated`);
  }
}
