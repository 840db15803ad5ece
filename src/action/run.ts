import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import { loadConfig } from '../config/load.js';
import type { Report } from '../core/report.js';
import type { ProgressSink, RunHooks, RunOptions, RunOutcome } from '../options.js';
import { cleanLine } from '../report/escape.js';
import { renderJsonReport } from '../report/json.js';
import { renderMarkdownSummary } from '../report/markdown.js';
import { renderTable, renderVerdictLine } from '../report/table.js';
import { actionsToolCache } from '../tools/actions-cache.js';
import { EXIT, errorMessage, exitCodeFor, InterruptedError, oneLine, stopSignalOf } from '../util/errors.js';
import { formatElapsed, plural } from '../util/format.js';
import { writeFileAtomic } from '../util/fs-atomic.js';
import type { GitHead } from './analysis-ref.js';
import { planAnnotations } from './annotations.js';
import { fetchBaselineReport, REPORT_ARTIFACT_FILE, reportArtifactName } from './baseline-artifact.js';
import { type ActionContext, PULL_REQUEST_EVENTS, readActionContext, runUrl } from './context.js';
import { actionDatabaseCache, actionsCacheClient, type CacheClient } from './database-cache.js';
import { createGitHubClient, type GitHubClient } from './github-client.js';
import { type ActionInputs, readActionInputs } from './inputs.js';
import { actionOutputs, type Verdict, verdictFor } from './outputs.js';
import { commentMarker, upsertPullRequestComment } from './pr-comment.js';
import { toRunOptions } from './run-options.js';
import { prefixSarifCategories, uploadSarifStep } from './sarif-step.js';
import { type ArtifactUploader, uploadSbomArtifacts } from './sbom-artifact.js';
import { signStep } from './sign-step.js';
import { errorSummaryMarkdown, jobSummaryMarkdown, type SummaryLink, writeJobSummary } from './summary.js';
import { DEFAULT_POLLING, type PollingOptions } from './upload-sarif.js';

/**
 * The Action: inputs → RunOptions → the pipeline every shell shares → outputs, summary, annotations, uploads,
 * PR comment. Everything environment-bound is a dependency so the whole of it runs in-process in tests, against
 * a loopback GitHub API.
 */
export interface ActionDeps {
  runScan: (options: RunOptions, hooks: RunHooks) => Promise<RunOutcome>;
  /** @actions/artifact's client, created only when there are SBOMs to upload. */
  artifactUploader: () => Promise<ArtifactUploader>;
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

const TITLE = 'container-gate';

export async function runAction(deps: ActionDeps): Promise<ActionResult> {
  const context = readActionContext();
  let inputs: ActionInputs;
  let options: RunOptions;
  let lazyClient: GitHubClient | undefined;
  const client = () => {
    lazyClient ??= createGitHubClient(inputs.token, {
      baseUrl: context.apiUrl,
      log: (line) => core.info(cleanLine(line, 1000)),
    });
    return lazyClient;
  };
  try {
    inputs = readActionInputs((name) => core.getInput(name));
    options = toRunOptions(inputs, context, await loadConfig(inputs.config));
    await resolveAutoBaseline(options, inputs, context, client);
  } catch (error) {
    return conclude({
      code: exitCodeFor(error),
      message: oneLine(errorMessage(error)),
      failOnError: true,
      summary: true,
    });
  }
  if (inputs.token) core.setSecret(inputs.token);
  if (context.eventProblem) core.warning(`pull request details unavailable: ${context.eventProblem}`);

  let outcome: RunOutcome;
  // Restored before the database steps, saved right after a download: a run that then fails still saves.
  const databaseCache = inputs.databaseCache
    ? actionDatabaseCache(deps.cacheClient ?? actionsCacheClient, {
        now: () => Date.now(),
        info: (line) => core.info(cleanLine(line, 1000)),
        warn: (line) => core.warning(cleanLine(line, 1000)),
      })
    : undefined;
  try {
    const hooks: RunHooks = {
      progress: actionProgress(),
      // install-missing on a runner: the pinned, verified downloads live in the runner's tool cache.
      toolCache: actionsToolCache(),
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.today ? { today: deps.today } : {}),
      ...(databaseCache ? { databaseCache } : {}),
    };
    outcome = await core.group('container-gate: scan', async () => {
      try {
        return await deps.runScan(options, hooks);
      } finally {
        await databaseCache?.flush();
      }
    });
  } catch (error) {
    return conclude({
      code: exitCodeFor(error),
      message: oneLine(errorMessage(error)),
      failOnError: inputs.failOnError,
      summary: inputs.summary,
    });
  }

  let code: number = outcome.exitCode;
  let failure: string | undefined;
  const { report } = outcome;
  printTable(report);
  for (const warning of outcome.warnings) core.warning(cleanLine(warning, 2000));
  emitAnnotations(report, context.workspace);

  try {
    await prefixSarifCategories(outcome.files.sarif, inputs.sarifCategoryPrefix);
    const sarif = await uploadSarifStep({
      mode: inputs.uploadSarif,
      outcome,
      context,
      client,
      ...(deps.gitHead ? { gitHead: deps.gitHead } : {}),
      polling: { ...DEFAULT_POLLING, ...deps.polling, ...(deps.signal ? { signal: deps.signal } : {}) },
    });
    if (sarif.failure && code < EXIT.runFailed) {
      code = EXIT.runFailed;
      failure = sarif.failure;
    }
    if (inputs.uploadSbom && report.sboms.length > 0) await attachSboms(report, deps, context);
    if (inputs.uploadReport) await attachReport(report, inputs, deps, context);
    if (inputs.sign) {
      if (code !== EXIT.passed) {
        core.warning('sign: the gate did not pass, so nothing was signed');
      } else {
        const signing = await core.group('container-gate: sign', () =>
          signStep(report, {
            signer: inputs.signer,
            ...(inputs.signKey ? { key: inputs.signKey } : {}),
            instance: inputs.sigstore,
            endpoints: inputs.sigstoreEndpoints,
            githubAttestations: inputs.githubAttestations,
            ...(context.repository ? { storeAttestation: storeAttestation(client, context.repository) } : {}),
            installMissing: inputs.installMissing ?? true,
            cache: actionsToolCache(),
            ...(context.runnerTemp ? { tempDir: context.runnerTemp } : {}),
            log: (line) => core.info(line),
            warn: (line) => core.warning(cleanLine(line, 1000)),
          }),
        );
        if (signing.failure) {
          code = EXIT.runFailed;
          failure = signing.failure;
        }
      }
    }

    const links = summaryLinks(context, sarif.uploaded.length > 0);
    const title = `${TITLE}: ${scannedNames(report).join(', ') || 'no target'}`;
    if (inputs.summary) await writeJobSummary(jobSummaryMarkdown(report, title, links));
    if (inputs.comment !== 'off')
      await commentOnPullRequest(report, inputs, context, client, { title, links, code });
  } catch (error) {
    if (deps.signal?.aborted) {
      code = exitCodeFor(new InterruptedError(stopSignalOf(deps.signal.reason)));
      failure = `interrupted by ${stopSignalOf(deps.signal.reason)} while publishing the results`;
    } else {
      // A bug or an unexpected API failure after the scan: the verdict stands only if nothing above could hide it.
      code = Math.max(code, EXIT.runFailed);
      failure = `after the scan: ${oneLine(errorMessage(error))}`;
    }
  }
  return conclude({
    code,
    message: failure ?? renderVerdictLine(report, { color: false }),
    // fail-on-error: false forgives a run that broke, never a deployed image whose SBOM attestation did not verify.
    failOnError: inputs.failOnError || report.targets.some((t) => t.attestation?.status === 'unverified'),
    summary: false,
    outcome,
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

/** Outputs always; then the step's status by the exit code's meaning (docs/action.md, "Exit status"). */
async function conclude(c: Conclusion): Promise<ActionResult> {
  const verdict = verdictFor(c.code);
  for (const [name, value] of Object.entries(actionOutputs(verdict, c.outcome))) core.setOutput(name, value);
  if (c.summary) await writeJobSummary(errorSummaryMarkdown(TITLE, c.message));
  let exitCode = c.code;
  if (c.code === EXIT.passed) {
    core.info(c.message);
  } else if (c.code === EXIT.gateFailed) {
    core.setFailed(`${TITLE}: ${c.message}`);
  } else if (c.code === EXIT.runFailed && !c.failOnError) {
    core.warning(
      `${TITLE}: the run failed (${c.message}); not failing the step because fail-on-error is false`,
    );
    exitCode = EXIT.passed;
  } else {
    core.setFailed(`${TITLE}: ${c.message}`);
  }
  // core.setFailed sets 1; the step carries container-gate's own code (2 run failed, 3 usage) for anyone reading it.
  process.exitCode = exitCode;
  return { exitCode, verdict };
}

function actionProgress(): ProgressSink {
  // Scanner text reaches the log: one clean line with a prefix, so none of it can start a `::workflow-command::`.
  const say = (text: string) => core.info(`container-gate: ${cleanLine(text, 2000)}`);
  return {
    start: (_id, label) => say(`started ${label}`),
    finish: (_id, run) =>
      say(
        `${run.name} ${run.target}: ${run.status}, ${run.findings} finding${plural(run.findings)} in ` +
          `${formatElapsed(run.durationMs, ' ')}${run.error ? ` — ${run.error}` : ''}`,
      ),
    // Warnings are shown once, as warning annotations, after the run (outcome.warnings).
    note: (text, level) => {
      if (level === 'info') say(text);
    },
  };
}

/** The table between stop-commands markers: nothing a package or scanner wrote can act as a workflow command. */
function printTable(report: Report): void {
  const token = randomUUID();
  core.startGroup(`container-gate: ${report.findings.length} finding${plural(report.findings.length)}`);
  process.stdout.write(`::stop-commands::${token}\n${renderTable(report, { color: false })}::${token}::\n`);
  core.endGroup();
}

function emitAnnotations(report: Report, workspace: string): void {
  const root = resolve(workspace);
  const isRepositoryFile = (path: string) => {
    const full = resolve(root, path);
    return !isAbsolute(path) && full.startsWith(root + sep) && existsSync(full);
  };
  const plan = planAnnotations(report, { isRepositoryFile });
  const emit = { error: core.error, warning: core.warning, notice: core.notice };
  for (const { level, message, ...properties } of plan.annotations) emit[level](message, properties);
  if (plan.omitted > 0)
    core.notice(`${plan.omitted} more finding${plural(plan.omitted)} not annotated; see the job summary`);
}

/**
 * `baseline: auto` (the input, or the config file's `gate.baseline`): the latest report artifact of the pull
 * request's base branch. Outside a pull request, or with none to be found, every finding is gated (stricter, never
 * laxer) and a warning says why.
 */
async function resolveAutoBaseline(
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

/** The JSON report as the artifact `baseline: auto` reads, under the name and file name it looks for. */
async function attachReport(
  report: Report,
  inputs: ActionInputs,
  deps: ActionDeps,
  context: ActionContext,
): Promise<void> {
  const name = reportArtifactName(inputs.sarifCategoryPrefix, inputs.rescan !== undefined);
  try {
    const dir = join(context.runnerTemp, 'container-gate', 'report-artifact');
    const file = join(dir, REPORT_ARTIFACT_FILE);
    await writeFileAtomic(file, renderJsonReport(report), 'JSON report');
    const attempt = context.runAttempt > 1 ? `-attempt-${context.runAttempt}` : '';
    await (await deps.artifactUploader()).uploadArtifact(`${name}${attempt}`, [file], dir);
    core.info(`report artifact ${name}${attempt}`);
  } catch (error) {
    core.warning(`report artifact ${name} not uploaded: ${oneLine(errorMessage(error))}`);
  }
}

async function attachSboms(report: Report, deps: ActionDeps, context: ActionContext): Promise<void> {
  try {
    const result = await uploadSbomArtifacts(report, await deps.artifactUploader(), context.runAttempt);
    for (const artifact of result.uploaded)
      core.info(`SBOM artifact ${artifact.name}: ${artifact.files.length} file(s)`);
    for (const failure of result.failures) core.warning(cleanLine(failure, 1000));
  } catch (error) {
    core.warning(`SBOM artifacts not uploaded: ${oneLine(errorMessage(error))}`);
  }
}

async function commentOnPullRequest(
  report: Report,
  inputs: ActionInputs,
  context: ActionContext,
  client: () => GitHubClient,
  view: { title: string; links: SummaryLink[]; code: number },
): Promise<void> {
  const pr = context.pullRequest;
  if (!(PULL_REQUEST_EVENTS as readonly string[]).includes(context.eventName) || !pr || !context.repository) {
    core.info(`comment: ${inputs.comment} applies to pull_request events only; no comment written`);
    return;
  }
  if (context.eventName === 'pull_request' && pr.isFork) {
    core.warning('comment not written: this pull request comes from a fork, whose token cannot comment');
    return;
  }
  const category = `${inputs.sarifCategoryPrefix}${scannedNames(report).join(',')}`;
  const markdown = renderMarkdownSummary(report, {
    maxChars: COMMENT_MAX_CHARS,
    title: view.title,
    links: view.links,
  });
  const result = await upsertPullRequestComment(
    client(),
    { owner: context.repository.owner, repo: context.repository.repo, issueNumber: pr.number },
    commentMarker(category || TITLE),
    markdown,
    // on-failure: a passing run writes no new comment, but brings an earlier failure comment up to date.
    { createIfMissing: inputs.comment === 'always' || view.code !== EXIT.passed },
  );
  if (result.action === 'skipped') core.warning(`comment not written: ${result.message}`);
  else if (result.action !== 'not-created')
    core.info(`pull request comment ${result.action} (id ${result.id})`);
}

/** Room under GitHub's 65,536-character comment limit for the marker line. */
const COMMENT_MAX_CHARS = 65_000;

/** Image names (stable across tags and digests), or the checked files when no image was scanned. */
/** POST /repos/{owner}/{repo}/attestations (docs.github.com/en/rest/repos/attestations): body `{ bundle }`. */
function storeAttestation(client: () => GitHubClient, repository: { owner: string; repo: string }) {
  return async (bundle: unknown): Promise<void> => {
    await client().request('POST /repos/{owner}/{repo}/attestations', {
      ...repository,
      bundle: bundle as Record<string, unknown>,
    });
  };
}

function scannedNames(report: Report): string[] {
  const images = report.targets.filter((t) => t.kind !== 'files').map((t) => t.name);
  const names = images.length > 0 ? images : report.targets.map((t) => t.name);
  return [...new Set(names)].sort();
}

function summaryLinks(context: ActionContext, uploaded: boolean): SummaryLink[] {
  const links: SummaryLink[] = [];
  const run = runUrl(context);
  if (run) links.push({ label: 'workflow run', url: run });
  if (uploaded && context.repository) {
    const { owner, repo } = context.repository;
    const query = context.pullRequest
      ? `?query=${encodeURIComponent(`pr:${context.pullRequest.number}`)}`
      : '';
    links.push({
      label: 'code scanning alerts',
      url: `${context.serverUrl}/${owner}/${repo}/security/code-scanning${query}`,
    });
  }
  return links;
}
