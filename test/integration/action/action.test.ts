import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src/action/run.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import { InterruptedError, UsageError } from '../../../src/util/errors.js';
import { type GitHubApiScenario, startGitHubApiServer } from '../../support/github-api-server.js';
import {
  actionSuite,
  annotationLines,
  captureStdout,
  FIXTURE_IMAGE,
  type FixtureScan,
  fakePipeline,
  MERGE_SHA,
  rawShared,
  readOutputs,
  recordingUploader,
  runEntry,
  setRunEnv,
} from './harness.js';

/** Counts computed from the raw fixtures, never from what the code under test produced. */
const rawVulns = rawShared('trivy/alpine-310.json').Results.flatMap(
  (r: { Vulnerabilities?: unknown[] }) => r.Vulnerabilities ?? [],
) as {
  VulnerabilityID: string;
  Severity: string;
}[];
const rawSecrets = rawShared('trivy/secrets.json').Results.flatMap(
  (r: { Secrets?: unknown[] }) => r.Secrets ?? [],
) as {
  RuleID: string;
  Severity: string;
}[];
const countSeverity = (items: { Severity: string }[], severity: string) =>
  items.filter((i) => i.Severity === severity).length;

const suite = actionSuite();

const run = (
  inputs: Record<string, string>,
  options: { scenario?: GitHubApiScenario; scan?: FixtureScan } = {},
) =>
  startGitHubApiServer(options.scenario ?? {}).then((started) => {
    suite.server = started;
    return runEntry(suite.dirs, suite.server, inputs, options.scan ? { scan: options.scan } : {});
  });

describe('the Action runs in-process against a loopback GitHub API checked by the OpenAPI description', () => {
  it('passes the gate: outputs from the report, a job summary, the SARIF uploaded and processed, exit 0', async () => {
    const { outputs, summary, exitCode, result, pipeline } = await run(
      { image: FIXTURE_IMAGE },
      { scenario: { pendingPolls: 1 } },
    );

    expect(suite.server.violations).toEqual([]);
    expect(exitCode).toBe(0);
    expect(result).toEqual({ exitCode: 0, verdict: 'passed' });
    expect(outputs.verdict).toBe('passed');
    expect(Number(outputs.findings)).toBe(rawVulns.length);
    expect(Number(outputs.critical)).toBe(countSeverity(rawVulns, 'CRITICAL'));
    expect(Number(outputs.high)).toBe(countSeverity(rawVulns, 'HIGH'));
    expect(JSON.parse(readFileSync(outputs['report-file']!, 'utf8')).findings).toHaveLength(rawVulns.length);
    expect(pipeline.calls[0]!.options.images).toEqual([FIXTURE_IMAGE]);

    for (const id of new Set(rawVulns.map((v) => v.VulnerabilityID))) expect(summary).toContain(id);

    const upload = suite.server.requests.filter((r) => r.operationId === 'code-scanning/upload-sarif');
    expect(upload).toHaveLength(1);
    expect(upload[0]!.body).toMatchObject({
      commit_sha: MERGE_SHA,
      ref: 'refs/heads/master',
      tool_name: 'container-gate',
      checkout_uri: pathToFileURL(suite.dirs.workspace).href,
    });
    expect(suite.server.uploads[0]!.sarif).toEqual(JSON.parse(readFileSync(outputs['sarif-file']!, 'utf8')));
    // One pending reply, then complete: the Action polled until GitHub finished processing.
    expect(suite.server.requests.filter((r) => r.operationId === 'code-scanning/get-sarif')).toHaveLength(2);
  });

  it('fails the gate at the threshold: verdict failed, exit 1, an error annotation per violation', async () => {
    const { outputs, exitCode, stdout } = await run({ image: FIXTURE_IMAGE, severity: 'medium' });

    expect(suite.server.violations).toEqual([]);
    expect(outputs.verdict).toBe('failed');
    expect(exitCode).toBe(1);
    const violations = rawVulns.filter((v) => ['CRITICAL', 'HIGH', 'MEDIUM'].includes(v.Severity)).length;
    expect(annotationLines(stdout, 'error')).toHaveLength(Math.min(violations, 10));
    expect(stdout).toMatch(/^::error::container-gate: .*gate failed/m);
    // A failed gate still uploads: the findings belong in code scanning either way.
    expect(suite.server.uploads).toHaveLength(1);
  });

  it('points an annotation at the file and line when the finding is in a file of the checkout', async () => {
    // Wherever the parser places Trivy's secret, a file of that name in the checkout makes the annotation point at it.
    const parsed = parseTrivyJson(
      JSON.stringify(rawShared('trivy/secrets.json')),
      { target: FIXTURE_IMAGE },
      'trivy-secret',
    );
    const secret = rawSecrets.find((s) => s.Severity === 'CRITICAL')!;
    const location = parsed.findings.find((f) => f.id === secret.RuleID)!.location!;
    mkdirSync(path.dirname(path.join(suite.dirs.workspace, location.path)), { recursive: true });
    writeFileSync(path.join(suite.dirs.workspace, location.path), '#!/bin/sh\n');

    const { stdout, outputs } = await run(
      { image: FIXTURE_IMAGE, 'upload-sarif': 'false' },
      { scan: { secrets: true } },
    );

    const raw = rawShared('trivy/secrets.json').Results[0].Secrets.find(
      (s: { RuleID: string }) => s.RuleID === secret.RuleID,
    );
    const line = annotationLines(stdout, 'error').find((l) => l.includes(secret.RuleID));
    expect(line).toContain(`file=${location.path},line=${raw.StartLine}`);
    expect(Number(outputs.critical)).toBe(countSeverity([...rawVulns, ...rawSecrets], 'CRITICAL'));
    expect(Number(outputs.high)).toBe(countSeverity([...rawVulns, ...rawSecrets], 'HIGH'));
  });

  it('a scanner failure is a run error: verdict error, exit 2, and no partial SARIF reaches code scanning', async () => {
    const { outputs, exitCode, stdout } = await run(
      { image: FIXTURE_IMAGE },
      { scan: { failedScanners: ['grype'] } },
    );

    expect(outputs.verdict).toBe('error');
    expect(exitCode).toBe(2);
    expect(stdout).toMatch(/^::error::container-gate: /m);
    expect(suite.server.requests).toEqual([]);
    expect(stdout).toContain('a partial analysis would close open code scanning alerts');
  });

  it('fail-on-error: false turns a run error into a warning: exit 0, verdict error', async () => {
    const { outputs, exitCode, stdout } = await run(
      { image: FIXTURE_IMAGE, 'fail-on-error': 'false' },
      { scan: { failedScanners: ['grype'] } },
    );

    expect(outputs.verdict).toBe('error');
    expect(exitCode).toBe(0);
    expect(stdout).not.toMatch(/^::error::container-gate/m);
    expect(stdout).toMatch(/^::warning::container-gate: the run failed .*fail-on-error is false/m);
  });

  it('a bad input is a usage error naming the input: exit 3, outputs set, nothing scanned or sent', async () => {
    const { outputs, exitCode, stdout, pipeline, summary } = await run({
      image: FIXTURE_IMAGE,
      severity: 'extreme',
    });

    expect(exitCode).toBe(3);
    expect(pipeline.calls).toHaveLength(0);
    expect(suite.server.requests).toEqual([]);
    const failure = stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toContain('input severity: "extreme" is not a severity');
    expect(outputs).toMatchObject({ verdict: 'error', findings: '', 'sarif-file': '', 'report-file': '' });
    expect(summary).toContain('input severity');
  });

  it('a usage error from the pipeline (an unreadable exceptions file) exits 3 with outputs set', async () => {
    suite.server = await startGitHubApiServer();
    setRunEnv(suite.dirs, {
      inputs: { image: FIXTURE_IMAGE, exceptions: 'missing.yaml' },
      apiUrl: suite.server.url,
      token: suite.server.token,
    });
    const message = 'exceptions missing.yaml: cannot read it (ENOENT) — check the path';
    const { result, stdout } = await captureStdout(() =>
      runAction({
        runScan: async () => {
          throw new UsageError(message);
        },
        artifactUploader: async () => recordingUploader().uploader,
      }),
    );
    expect(result).toEqual({ exitCode: 3, verdict: 'error' });
    expect(process.exitCode).toBe(3);
    expect(stdout).toContain(`::error::container-gate: ${message}`);
    expect(readOutputs(suite.dirs.outputFile).verdict).toBe('error');
  });

  it('a cancelled run (SIGTERM) stops with 143 and verdict error', async () => {
    suite.server = await startGitHubApiServer();
    setRunEnv(suite.dirs, {
      inputs: { image: FIXTURE_IMAGE },
      apiUrl: suite.server.url,
      token: suite.server.token,
    });
    const controller = new AbortController();
    const { result } = await captureStdout(() =>
      runAction({
        runScan: async (_options, hooks) => {
          controller.abort('SIGTERM');
          if (hooks.signal?.aborted) throw new InterruptedError('SIGTERM');
          throw new Error('the signal did not reach the pipeline');
        },
        signal: controller.signal,
        artifactUploader: async () => recordingUploader().uploader,
      }),
    );
    expect(result).toEqual({ exitCode: 143, verdict: 'error' });
    expect(readOutputs(suite.dirs.outputFile).verdict).toBe('error');
    expect(suite.server.requests).toEqual([]);
  });

  it('sets image-digest from the scanned image and lists the SBOMs, uploaded as one artifact per image', async () => {
    const digest: string = rawShared('trivy/alpine-310.json').Metadata.ImageID;
    const { outputs, artifacts } = await run(
      { image: FIXTURE_IMAGE, 'upload-sarif': 'false' },
      { scan: { sboms: true, digest } },
    );

    expect(outputs['image-digest']).toBe(digest);
    const sbomFiles = outputs['sbom-files']!.split('\n');
    expect(sbomFiles).toHaveLength(2);
    const sboms = artifacts.uploads.filter((u) => u.name.startsWith('sbom-'));
    expect(sboms).toHaveLength(1);
    expect(sboms[0]!.name).toBe('sbom-ghcr.io-aquasecurity-trivy-test-images');
    expect([...sboms[0]!.files].sort()).toEqual([...sbomFiles].sort());
    for (const file of sbomFiles) expect(file.startsWith(sboms[0]!.rootDirectory)).toBe(true);
    // And the report, as the artifact a pull request's `baseline: auto` reads.
    expect(artifacts.uploads.map((u) => u.name)).toContain('container-gate-report');
  });

  it('names the SBOM artifact per run attempt so a re-run does not collide with the first', async () => {
    suite.server = await startGitHubApiServer();
    setRunEnv(suite.dirs, {
      inputs: { image: FIXTURE_IMAGE, 'upload-sarif': 'false' },
      apiUrl: suite.server.url,
      token: suite.server.token,
    });
    process.env.GITHUB_RUN_ATTEMPT = '2';
    const artifacts = recordingUploader();
    await captureStdout(() =>
      runAction({
        runScan: fakePipeline({ sboms: true }).runScan,
        artifactUploader: async () => artifacts.uploader,
      }),
    );
    expect(artifacts.uploads.map((u) => u.name)).toEqual([
      'sbom-ghcr.io-aquasecurity-trivy-test-images-attempt-2',
      'container-gate-report-attempt-2',
    ]);
  });

  it('writes no SBOM artifact when upload-sbom is false', async () => {
    const { artifacts, outputs } = await run(
      { image: FIXTURE_IMAGE, 'upload-sbom': 'false', 'upload-sarif': 'false' },
      { scan: { sboms: true } },
    );
    expect(outputs['sbom-files']!.split('\n')).toHaveLength(2);
    expect(artifacts.uploads.map((u) => u.name)).toEqual(['container-gate-report']);
  });

  it('writes no report artifact when upload-report is false', async () => {
    const { artifacts } = await run(
      { image: FIXTURE_IMAGE, 'upload-sbom': 'false', 'upload-report': 'false', 'upload-sarif': 'false' },
      { scan: { sboms: true } },
    );
    expect(artifacts.uploads).toEqual([]);
  });
});
