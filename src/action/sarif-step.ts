import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import * as core from '@actions/core';
import type { RunOutcome } from '../options.js';
import { writeFileAtomic } from '../util/fs-atomic.js';
import { type AnalysisRef, type GitHead, resolveAnalysisRef } from './analysis-ref.js';
import type { ActionContext } from './context.js';
import type { GitHubClient } from './github-client.js';
import type { UploadSarifMode } from './inputs.js';
import { applyCategoryPrefix } from './sarif-category.js';
import { type PollingOptions, type SarifUploadResult, uploadSarif } from './upload-sarif.js';

export interface SarifStepResult {
  /** `upload-sarif: true` and the upload did not go through: the run fails with exit code 2. */
  failure?: string;
  /** Ids GitHub gave the uploads that it processed. */
  uploaded: string[];
}

/** Writes the category prefix into the SARIF files the pipeline wrote, so the file on disk is what gets uploaded. */
export async function prefixSarifCategories(files: readonly string[], prefix: string): Promise<void> {
  if (prefix === '') return;
  for (const file of files) {
    await writeFileAtomic(file, applyCategoryPrefix(await readFile(file, 'utf8'), prefix, file), 'SARIF');
  }
}

/**
 * `upload-sarif`: `false` never uploads; `auto` uploads when the repository and token allow it and only warns
 * otherwise; `true` makes an upload that fails (GitHub rejected or could not process the file, the API kept
 * failing) a run error. Under both, a repository that cannot take uploads at all (fork token, code scanning off,
 * 403/404, too large) is a warning: that is a property of the repository, not of this run.
 */
export async function uploadSarifStep(args: SarifStepArgs): Promise<SarifStepResult> {
  const { mode, outcome, context } = args;
  const destination = await uploadDestination(args);
  if ('result' in destination) return destination.result;
  const { repository, analysis } = destination;
  const result: SarifStepResult = { uploaded: [] };
  const client = args.client();
  for (const file of outcome.files.sarif) {
    const upload = await uploadSarif(
      client,
      await readFile(file, 'utf8'),
      {
        owner: repository.owner,
        repo: repository.repo,
        commitSha: analysis.commitSha,
        ref: analysis.ref,
        checkoutUri: pathToFileURL(context.workspace).href,
        toolName: 'container-gate',
      },
      args.polling,
    );
    recordUpload(result, file, upload, mode, analysis.ref);
  }
  return result;
}

interface SarifStepArgs {
  mode: UploadSarifMode;
  outcome: RunOutcome;
  context: ActionContext;
  client: () => GitHubClient;
  gitHead?: GitHead;
  polling: PollingOptions;
}

type UploadDestination =
  | { repository: { owner: string; repo: string }; analysis: AnalysisRef }
  /** Nothing to upload, or nowhere to: the step's result as it stands. */
  | { result: SarifStepResult };

/** The repository, commit and ref the analysis belongs to, or why there is no upload (said here, once). */
async function uploadDestination(args: SarifStepArgs): Promise<UploadDestination> {
  const { mode, outcome, context } = args;
  const result: SarifStepResult = { uploaded: [] };
  if (mode === 'false' || outcome.files.sarif.length === 0) return { result };
  if (outcome.exitCode >= 2) {
    // Code scanning closes alerts missing from a new analysis: a partial one would "fix" what a failed scanner missed.
    core.warning(
      'SARIF not uploaded: the run did not complete, and a partial analysis would close open code scanning alerts',
    );
    return { result };
  }
  if (context.eventName === 'pull_request' && context.pullRequest?.isFork) {
    core.warning(
      'SARIF not uploaded: this pull request comes from a fork, whose token cannot write code scanning results',
    );
    return { result };
  }
  const analysis = await resolveAnalysisRef(context, args.gitHead);
  if (
    !context.repository ||
    !analysis ||
    !/^[0-9a-f]{40}$/.test(analysis.commitSha) ||
    !/^refs\/(heads|tags|pull)\//.test(analysis.ref)
  ) {
    const why =
      'SARIF not uploaded: GITHUB_REPOSITORY, GITHUB_REF (refs/heads|tags|pull/…) and GITHUB_SHA are needed';
    if (mode === 'true')
      return {
        result: { ...result, failure: `${why} — run inside GitHub Actions or set upload-sarif: auto` },
      };
    core.warning(why);
    return { result };
  }
  return { repository: context.repository, analysis };
}

/** One upload's outcome into the step's result and the log; a failure fails the run only under `upload-sarif: true`. */
function recordUpload(
  result: SarifStepResult,
  file: string,
  upload: SarifUploadResult,
  mode: UploadSarifMode,
  ref: string,
): void {
  switch (upload.status) {
    case 'complete':
      result.uploaded.push(upload.sarifId);
      core.info(`SARIF ${file} uploaded to code scanning for ${ref} (id ${upload.sarifId})`);
      break;
    case 'pending':
      result.uploaded.push(upload.sarifId);
      core.warning(
        `SARIF ${file} uploaded (id ${upload.sarifId}) but not processed after ${Math.round(upload.waitedMs / 1000)} s; ` +
          'results appear in code scanning once GitHub has processed it',
      );
      break;
    case 'skipped':
      core.warning(`SARIF upload skipped: ${upload.message}`);
      break;
    case 'failed':
      if (mode === 'true') result.failure ??= `SARIF upload of ${file} failed: ${upload.message}`;
      else core.warning(`SARIF upload of ${file} failed: ${upload.message}`);
      break;
  }
}
