import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { GitHead } from '../../../src/action/analysis-ref.js';
import { runAction } from '../../../src/action/run.js';
import type { ArtifactUploader } from '../../../src/action/sbom-artifact.js';
import type { Finding } from '../../../src/core/finding.js';
import { evaluateGate } from '../../../src/core/gate.js';
import { dedupeFindings } from '../../../src/core/identity.js';
import { DEFAULT_POLICY } from '../../../src/core/policy.js';
import { REPORT_VERSION, type Report, type ReportTarget, type ScannerRun } from '../../../src/core/report.js';
import type { RunHooks, RunOptions, RunOutcome } from '../../../src/options.js';
import { type ProducedSbom, writeOutputs } from '../../../src/report/outputs.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import type { GitHubApiServer } from '../../support/github-api-server.js';
import { tar } from '../../support/tar.js';

/**
 * Running the Action's entry in-process as the runner would: inputs as `INPUT_*` variables, the run's context as
 * `GITHUB_*` variables and files, outputs and the job summary read back from the files the runner would read.
 */
export { fixturesDir as SHARED_FIXTURES, repoRoot as REPO_ROOT } from '../../support/paths.js';

import { repoRoot as REPO_ROOT, fixturesDir as SHARED_FIXTURES } from '../../support/paths.js';
export const EVENT_FIXTURE = path.resolve(
  REPO_ROOT,
  'test/integration/action/fixtures/pull_request.synchronize.json',
);

/**
 * An OCI layout tar with no image in it, for runs with stand-in scanners: they replay recordings, but Trivy's side
 * unpacks the archive.
 */
export function writeEmptyOciArchive(file: string): string {
  writeFileSync(
    file,
    tar([
      { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
      { name: 'index.json', data: '{"schemaVersion":2,"manifests":[]}' },
    ]),
  );
  return file;
}

export function readShared(relative: string): string {
  return readFileSync(path.resolve(SHARED_FIXTURES, relative), 'utf8');
}

// biome-ignore lint/suspicious/noExplicitAny: raw fixture JSON is explored freely in tests.
export function rawShared(relative: string): any {
  return JSON.parse(readShared(relative));
}

/** The image the Trivy fixtures were recorded from (`Metadata.Reference`), as a user would name it. */
export const FIXTURE_IMAGE: string = rawShared('trivy/alpine-310.json').Metadata.Reference;

export interface RunDirs {
  root: string;
  workspace: string;
  runnerTemp: string;
  outputFile: string;
  summaryFile: string;
}

/**
 * @actions/core remembers the job summary path from its first use in a process, so one test file keeps one
 * summary file and empties it before each run.
 */
export function makeRunDirs(): RunDirs {
  const root = mkdtempSync(path.join(tmpdir(), 'cg-action-'));
  const dirs = {
    root,
    workspace: path.join(root, 'workspace'),
    runnerTemp: path.join(root, 'runner-temp'),
    outputFile: path.join(root, 'github-output'),
    summaryFile: path.join(root, 'step-summary.md'),
  };
  mkdirSync(dirs.workspace);
  mkdirSync(dirs.runnerTemp);
  return dirs;
}

export function removeRunDirs(dirs: RunDirs): void {
  rmSync(dirs.root, { recursive: true, force: true });
}

export interface RunEnv {
  inputs: Record<string, string>;
  apiUrl: string;
  token: string;
  event?: { name: 'pull_request' | 'pull_request_target'; payload: unknown } | { name: 'push' };
  sha?: string;
  ref?: string;
}

/** A merge commit id as GitHub would give GITHUB_SHA on a pull_request run (any 40-hex value the API accepts). */
export const MERGE_SHA = 'a'.repeat(40);

const saved = { ...process.env };

/** Sets exactly this run's environment: every INPUT_* and GITHUB_* from an earlier run is gone. */
export function setRunEnv(dirs: RunDirs, env: RunEnv): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_') || key.startsWith('GITHUB_') || key.startsWith('RUNNER_'))
      delete process.env[key];
  }
  writeFileSync(dirs.outputFile, '');
  writeFileSync(dirs.summaryFile, '');
  for (const [name, value] of Object.entries({ token: env.token, ...env.inputs })) {
    // @actions/core's naming: INPUT_ + upper case, spaces to `_`, dashes kept (INPUT_UPLOAD-SARIF).
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const eventName = env.event?.name ?? 'push';
  Object.assign(process.env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: env.sha ?? MERGE_SHA,
    GITHUB_REF: env.ref ?? (eventName === 'push' ? 'refs/heads/master' : 'refs/pull/2/merge'),
    GITHUB_EVENT_NAME: eventName,
    GITHUB_API_URL: env.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_OUTPUT: dirs.outputFile,
    GITHUB_STEP_SUMMARY: dirs.summaryFile,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_TEMP: dirs.runnerTemp,
    // The databases' cache (and installed tools) of this run alone, as on a fresh runner: never the user's own.
    XDG_CACHE_HOME: mkdtempSync(path.join(dirs.root, 'cache-')),
  });
  if (env.event && 'payload' in env.event) {
    const file = path.join(dirs.root, 'event.json');
    writeFileSync(file, JSON.stringify(env.event.payload));
    process.env.GITHUB_EVENT_PATH = file;
  }
}

export function restoreEnv(): void {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  process.exitCode = undefined;
}

/** GITHUB_OUTPUT's file-command format: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
export function readOutputs(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const outputs: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    outputs[name!] = value.join('\n');
  }
  return outputs;
}

/** The pull_request payload (octokit/webhooks example), pointed at a given head commit and fork or not. */
export function pullRequestEvent(options: { headSha?: string; fork?: boolean } = {}): unknown {
  const payload = JSON.parse(readFileSync(EVENT_FIXTURE, 'utf8'));
  if (options.headSha) payload.pull_request.head.sha = options.headSha;
  if (options.fork) {
    payload.pull_request.head.repo.full_name = 'forker/Hello-World';
    payload.pull_request.head.repo.fork = true;
  }
  return payload;
}

export interface FixtureScan {
  /** Add Trivy's secrets report (a CRITICAL and a HIGH secret in deploy.sh) to the vulnerabilities. */
  secrets?: boolean;
  /** Scanner runs that failed (the gate's verdict is then `error`). */
  failedScanners?: string[];
  /** Also produce SBOMs (Trivy's CycloneDX and SPDX fixtures). */
  sboms?: boolean;
  /** A digest for the image, as a build or a registry would give it. */
  digest?: string;
  /** The scanned targets instead of the fixture image (an image in a test registry, the platforms of an index). */
  targets?: ReportTarget[];
}

/**
 * A RunOutcome built the way the pipeline builds one, from real scanner output: Trivy's vulnerability report of
 * alpine 3.10 (and its secrets report when asked), parsed by the real parsers, gated by the policy the Action put in the options,
 * and written by the real output writer to the paths the Action chose.
 */
export async function fixtureOutcome(options: RunOptions, scan: FixtureScan = {}): Promise<RunOutcome> {
  const target = FIXTURE_IMAGE;
  const ctx = { target };
  const vulns = parseTrivyJson(readShared('trivy/alpine-310.json'), ctx, 'trivy');
  const secrets = scan.secrets
    ? parseTrivyJson(readShared('trivy/secrets.json'), ctx, 'trivy-secret')
    : { findings: [] };
  const findings: Finding[] = dedupeFindings([...vulns.findings, ...secrets.findings]);
  const runs: ScannerRun[] = [
    { name: 'trivy', target, status: 'ok', durationMs: 0, findings: vulns.findings.length },
    ...(scan.secrets
      ? [
          {
            name: 'trivy-secret',
            target,
            status: 'ok' as const,
            durationMs: 0,
            findings: secrets.findings.length,
          },
        ]
      : []),
    ...(scan.failedScanners ?? []).map(
      (name): ScannerRun => ({
        name,
        target,
        status: 'failed',
        durationMs: 0,
        findings: 0,
        error: 'exited with code 1',
      }),
    ),
  ];
  const errors = runs.filter((r) => r.status === 'failed').map((r) => `${r.name} on ${r.target}: ${r.error}`);
  const gate = evaluateGate({
    findings,
    policy: {
      ...DEFAULT_POLICY,
      threshold: options.policy.threshold,
      thresholds: options.policy.thresholds,
      ignoreUnfixed: options.policy.ignoreUnfixed,
      unknownSeverity: options.policy.unknownSeverity,
      kev: options.policy.kev,
      ...(options.policy.epss !== undefined ? { epss: options.policy.epss } : {}),
      licenses: { allow: options.policy.licenseAllow, deny: options.policy.licenseDeny },
    },
    today: '2026-11-23',
    errors,
    imageNameOf: () => 'ghcr.io/aquasecurity/trivy-test-images',
  });
  const report: Report = {
    version: REPORT_VERSION,
    tool: { name: 'container-gate', version: '0.0.0-test' },
    targets: scan.targets ?? [
      {
        display: target,
        name: 'ghcr.io/aquasecurity/trivy-test-images',
        kind: 'reference',
        ...(scan.digest ? { digest: scan.digest } : {}),
      },
    ],
    findings: findings.map((finding, i) => ({ ...finding, gate: gate.decisions[i]! })),
    gate: gate.verdict,
    scanners: runs,
    sboms: [],
  };
  const sboms: ProducedSbom[] = scan.sboms
    ? report.targets.flatMap((t): ProducedSbom[] => [
        {
          target: t.display,
          producer: 'trivy-sbom',
          doc: { format: 'cyclonedx-json', content: readShared('trivy/npm-cyclonedx.json') },
        },
        {
          target: t.display,
          producer: 'trivy-sbom',
          doc: { format: 'spdx-json', content: readShared('trivy/conda-spdx.json') },
        },
      ])
    : [];
  const files = await writeOutputs(report, sboms, options);
  const exitCode = gate.verdict.status === 'error' ? 2 : gate.verdict.status === 'failed' ? 1 : 0;
  return { report, exitCode, files, warnings: [] };
}

/** A pipeline that records what it was asked and answers with `fixtureOutcome`. */
export function fakePipeline(scan: FixtureScan = {}) {
  const calls: { options: RunOptions; hooks: RunHooks }[] = [];
  const outcomes: RunOutcome[] = [];
  return {
    calls,
    outcomes,
    runScan: async (options: RunOptions, hooks: RunHooks): Promise<RunOutcome> => {
      calls.push({ options, hooks });
      const outcome = await fixtureOutcome(options, scan);
      outcomes.push(outcome);
      return outcome;
    },
  };
}

/** Records artifact uploads instead of talking to the Actions artifact service. */
export function recordingUploader() {
  const uploads: { name: string; files: string[]; rootDirectory: string }[] = [];
  const uploader: ArtifactUploader = {
    uploadArtifact: async (name, files, rootDirectory) => {
      uploads.push({ name, files, rootDirectory });
      return { id: uploads.length, size: 0 };
    },
  };
  return { uploads, uploader };
}

/** Everything the process wrote to stdout (workflow commands, annotations, the table) while `run` ran. */
export async function captureStdout<T>(run: () => Promise<T>): Promise<{ result: T; stdout: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    return { result: await run(), stdout: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

/** Fast polling for tests; the production schedule waits seconds between polls. */
export const TEST_POLLING = { initialDelayMs: 10, maxDelayMs: 40, maxWaitMs: 5000 };

export interface EntryRun {
  result: { exitCode: number; verdict: string };
  stdout: string;
  pipeline: ReturnType<typeof fakePipeline>;
  artifacts: ReturnType<typeof recordingUploader>;
  outputs: Record<string, string>;
  summary: string;
  exitCode: number | string | undefined;
}

/** One run of the Action's entry with a fake pipeline answering from the fixtures, against `apiUrl`. */
export async function runEntry(
  dirs: RunDirs,
  api: { url: string; token: string },
  inputs: Record<string, string>,
  options: { scan?: FixtureScan; event?: RunEnv['event']; sha?: string; gitHead?: GitHead } = {},
): Promise<EntryRun> {
  setRunEnv(dirs, {
    inputs,
    apiUrl: api.url,
    token: api.token,
    ...(options.event ? { event: options.event } : {}),
    ...(options.sha ? { sha: options.sha } : {}),
  });
  const pipeline = fakePipeline(options.scan);
  const artifacts = recordingUploader();
  const { result, stdout } = await captureStdout(() =>
    runAction({
      runScan: pipeline.runScan,
      artifactUploader: async () => artifacts.uploader,
      polling: TEST_POLLING,
      ...(options.gitHead ? { gitHead: options.gitHead } : {}),
    }),
  );
  return {
    result,
    stdout,
    pipeline,
    artifacts,
    outputs: readOutputs(dirs.outputFile),
    summary: readFileSync(dirs.summaryFile, 'utf8'),
    exitCode: process.exitCode,
  };
}

/** `::<level> title=…::` annotation lines (not the step's own `::error::` failure line). */
export function annotationLines(stdout: string, level: 'error' | 'warning' | 'notice'): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`::${level} title=`));
}

/** `::warning::…` lines, the messages without the command prefix. */
export function warnings(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning::'))
    .map((line) => line.slice('::warning::'.length));
}

export interface ActionSuite {
  dirs: RunDirs;
  /** The loopback API of the running test; closed after each test. */
  server: GitHubApiServer;
}

/** One set of runner files per test file, a fresh environment and a closed API server after each test. */
export function actionSuite(): ActionSuite {
  const suite = {} as ActionSuite;
  beforeAll(() => {
    suite.dirs = makeRunDirs();
  });
  afterAll(() => removeRunDirs(suite.dirs));
  afterEach(async () => {
    restoreEnv();
    await suite.server?.close();
  });
  return suite;
}
