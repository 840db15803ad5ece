import * as core from '@actions/core';
import { loadConfig } from '../config/load.js';
import type { RunHooks, RunOptions, RunOutcome } from '../options.js';
import { cleanLine } from '../report/escape.js';
import { renderVerdictLine } from '../report/table.js';
import { actionsToolCache } from '../tools/actions-cache.js';
import { EXIT, errorMessage, exitCodeFor, InterruptedError, oneLine, stopSignalOf } from '../util/errors.js';
import type { GitHead } from './analysis-ref.js';
import { type ArtifactUploaderFactory, uploadReportStep, uploadSbomStep } from './artifact-steps.js';
import { resolveAutoBaseline } from './auto-baseline.js';
import { commentStep } from './comment-step.js';
import { type ActionContext, readActionContext } from './context.js';
import {
  type ActionDatabaseCache,
  actionDatabaseCache,
  actionsCacheClient,
  type CacheClient,
} from './database-cache.js';
import { createGitHubClient, type GitHubClient } from './github-client.js';
import { type ActionInputs, readActionInputs } from './inputs.js';
import { actionProgress, logScanResults } from './job-log.js';
import { actionOutputs, type Verdict, verdictFor } from './outputs.js';
import { policyChangeNotice, policyFiles } from './policy-change.js';
import { toRunOptions } from './run-options.js';
import { prefixSarifCategories, type SarifStepResult, uploadSarifStep } from './sarif-step.js';
import { signingStep } from './signing.js';
import {
  ACTION_TITLE,
  errorSummaryMarkdown,
  jobSummaryMarkdown,
  summaryLinks,
  summaryTitle,
  writeJobSummary,
} from './summary.js';
import { DEFAULT_POLLING, type PollingOptions } from './upload-sarif.js';

/**
 * The Action: inputs → RunOptions → the pipeline every shell shares → outputs, summary, annotations, uploads,
 * PR comment. Everything environment-bound is a dependency so the whole of it runs in-process in tests, against
 * a loopback GitHub API.
 */
export interface ActionDeps {
  runScan: (options: RunOptions, hooks: RunHooks) => Promise<RunOutcome>;
  /** @actions/artifact's client, created only when there is an artifact (SBOMs, the JSON report) to upload. */
  artifactUploader: ArtifactUploaderFactory;
  gitHead?: GitHead;
  polling?: Partial<PollingOptions>;
  signal?: AbortSignal;
  /** YYYY-MM-DD for exception expiry; the calendar otherwise. */
  today?: string;
  /** @actions/cache for the database cache (the real one unless a test gives its own). */
  cacheClient?: CacheClient;
}

export interface ActionResult {
  exitCode: number;
  verdict: Verdict;
}

/** The steps, in order: set up, scan, log, publish (SARIF, artifacts, signing, summary, comment), conclude. */
export async function runAction(deps: ActionDeps): Promise<ActionResult> {
  const context = readActionContext();
  const setup = await setUpRun(context);
  if ('error' in setup) return conclude({ ...failureOf(setup.error), failOnError: true, summary: true });
  const { inputs, options, client } = setup;
  const notice = await policyChangeNotice(setup.policyFiles, context, client, deps.gitHead);
  if (context.eventProblem) core.warning(`pull request details unavailable: ${context.eventProblem}`);

  // Restored before the database steps, saved right after a download: a run that then fails still saves.
  const databaseCache = databaseCacheFor(inputs, deps);
  let outcome: RunOutcome;
  try {
    outcome = await scanStep(options, deps, databaseCache);
  } catch (error) {
    return conclude({ ...failureOf(error), failOnError: inputs.failOnError, summary: inputs.summary });
  }

  logScanResults(outcome, context.workspace);
  const notices = notice ? [notice] : [];
  const published = await publishStep({ outcome, inputs, context, client, deps, notices });
  const { report } = outcome;
  return conclude({
    code: published.code,
    message: published.failure ?? renderVerdictLine(report, { color: false }),
    // fail-on-error: false forgives a run that broke, never a deployed image whose SBOM attestation did not verify.
    failOnError: inputs.failOnError || report.targets.some((t) => t.attestation?.status === 'unverified'),
    summary: false,
    outcome,
  });
}

interface RunSetup {
  inputs: ActionInputs;
  options: RunOptions;
  /** The GitHub API client, created on first use (a run that never calls the API needs no token). */
  client: () => GitHubClient;
  /** The repository files the policy was read from (`policyFiles`). */
  policyFiles: string[];
}

/** Inputs, config file and `baseline: auto` into RunOptions; what fails here is a usage or run error before any scan. */
async function setUpRun(context: ActionContext): Promise<RunSetup | { error: unknown }> {
  try {
    const inputs = readActionInputs((name) => core.getInput(name));
    // Masked before anything can fail or call the API with it (the config file, `baseline: auto`).
    if (inputs.token) core.setSecret(inputs.token);
    const client = lazyGitHubClient(inputs.token, context);
    const loaded = await loadConfig(inputs.config);
    const options = toRunOptions(inputs, context, loaded);
    await resolveAutoBaseline(options, inputs, context, client);
    return { inputs, options, client, policyFiles: policyFiles(options, loaded?.path, context.workspace) };
  } catch (error) {
    return { error };
  }
}

function lazyGitHubClient(token: string, context: ActionContext): () => GitHubClient {
  let client: GitHubClient | undefined;
  return () => {
    client ??= createGitHubClient(token, {
      baseUrl: context.apiUrl,
      log: (line) => core.info(cleanLine(line, 1000)),
    });
    return client;
  };
}

function databaseCacheFor(inputs: ActionInputs, deps: ActionDeps): ActionDatabaseCache | undefined {
  if (!inputs.databaseCache) return undefined;
  return actionDatabaseCache(deps.cacheClient ?? actionsCacheClient, {
    now: () => Date.now(),
    info: (line) => core.info(cleanLine(line, 1000)),
    warn: (line) => core.warning(cleanLine(line, 1000)),
  });
}

/** The pipeline every shell shares, in one log group; the database cache's saves are awaited whatever it ends with. */
async function scanStep(
  options: RunOptions,
  deps: ActionDeps,
  databaseCache: ActionDatabaseCache | undefined,
): Promise<RunOutcome> {
  const hooks: RunHooks = {
    progress: actionProgress(),
    // install-missing on a runner: the pinned, verified downloads live in the runner's tool cache.
    toolCache: actionsToolCache(),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.today ? { today: deps.today } : {}),
    ...(databaseCache ? { databaseCache } : {}),
  };
  return core.group('container-gate: scan', async () => {
    try {
      return await deps.runScan(options, hooks);
    } finally {
      await databaseCache?.flush();
    }
  });
}

interface PublishRun {
  outcome: RunOutcome;
  inputs: ActionInputs;
  context: ActionContext;
  client: () => GitHubClient;
  deps: ActionDeps;
  /** Said first in the job summary and the PR comment (a pull request changing the gate's own policy). */
  notices: string[];
}

/** The exit code so far, and the one line that says why the run failed when a step after the scan made it fail. */
interface RunState {
  code: number;
  failure?: string;
}

/** After the scan: SARIF upload, artifacts, signing, job summary, PR comment. Only SARIF and signing can fail the run. */
async function publishStep(run: PublishRun): Promise<RunState> {
  const { outcome, inputs, context, client, deps, notices } = run;
  const { report } = outcome;
  const state: RunState = { code: outcome.exitCode };
  try {
    const sarif = await sarifStep(run);
    failRun(state, sarif.failure);
    if (inputs.uploadSbom && report.sboms.length > 0)
      await uploadSbomStep(report, deps.artifactUploader, context);
    if (inputs.uploadReport) await uploadReportStep(report, inputs, deps.artifactUploader, context);
    if (inputs.sign) failRun(state, (await signingStep(report, state.code, inputs, context, client)).failure);

    const view = {
      title: summaryTitle(report),
      links: summaryLinks(context, sarif.uploaded.length > 0),
      code: state.code,
      notices,
    };
    if (inputs.summary) await writeJobSummary(jobSummaryMarkdown(report, view));
    if (inputs.comment !== 'off') await commentStep(report, inputs, context, client, view);
    return state;
  } catch (error) {
    return publishFailure(state.code, error, deps.signal);
  }
}

/** A step's failure makes a run that had not failed yet fail (exit 2), with that step's line as the message. */
function failRun(state: RunState, failure: string | undefined): void {
  if (failure && state.code < EXIT.runFailed) {
    state.code = EXIT.runFailed;
    state.failure = failure;
  }
}

function publishFailure(code: number, error: unknown, signal: AbortSignal | undefined): RunState {
  if (signal?.aborted) {
    return {
      code: exitCodeFor(new InterruptedError(stopSignalOf(signal.reason))),
      failure: `interrupted by ${stopSignalOf(signal.reason)} while publishing the results`,
    };
  }
  // A bug or an unexpected API failure after the scan: the verdict stands only if nothing above could hide it.
  return { code: Math.max(code, EXIT.runFailed), failure: `after the scan: ${oneLine(errorMessage(error))}` };
}

/** The category prefix written into the SARIF files, then `upload-sarif`. */
async function sarifStep({ outcome, inputs, context, client, deps }: PublishRun): Promise<SarifStepResult> {
  await prefixSarifCategories(outcome.files.sarif, inputs.sarifCategoryPrefix);
  return uploadSarifStep({
    mode: inputs.uploadSarif,
    outcome,
    context,
    client,
    ...(deps.gitHead ? { gitHead: deps.gitHead } : {}),
    polling: { ...DEFAULT_POLLING, ...deps.polling, ...(deps.signal ? { signal: deps.signal } : {}) },
  });
}

interface Conclusion {
  code: number;
  message: string;
  failOnError: boolean;
  /** Write an error summary (there is no report summary). */
  summary: boolean;
  outcome?: RunOutcome;
}

function failureOf(error: unknown): Pick<Conclusion, 'code' | 'message'> {
  return { code: exitCodeFor(error), message: oneLine(errorMessage(error)) };
}

/** Outputs always; then the step's status by the exit code's meaning (docs/action.md, "Exit status"). */
async function conclude(c: Conclusion): Promise<ActionResult> {
  const verdict = verdictFor(c.code);
  for (const [name, value] of Object.entries(actionOutputs(verdict, c.outcome))) core.setOutput(name, value);
  if (c.summary) await writeJobSummary(errorSummaryMarkdown(ACTION_TITLE, c.message));
  let exitCode = c.code;
  if (c.code === EXIT.passed) {
    core.info(c.message);
  } else if (c.code === EXIT.gateFailed) {
    core.setFailed(`${ACTION_TITLE}: ${c.message}`);
  } else if (c.code === EXIT.runFailed && !c.failOnError) {
    core.warning(
      `${ACTION_TITLE}: the run failed (${c.message}); not failing the step because fail-on-error is false`,
    );
    exitCode = EXIT.passed;
  } else {
    core.setFailed(`${ACTION_TITLE}: ${c.message}`);
  }
  // core.setFailed sets 1; the step carries container-gate's own code (2 run failed, 3 usage) for anyone reading it.
  process.exitCode = exitCode;
  return { exitCode, verdict };
}
