import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src/action/run.js';
import { runScan } from '../../../src/pipeline.js';
import { type StoredArtifact, startGitHubApiServer } from '../../support/github-api-server.js';
import { tar } from '../../support/tar.js';
import { makeZip } from '../../support/zip.js';
import {
  actionSuite,
  captureStdout,
  EVENT_FIXTURE,
  REPO_ROOT,
  readOutputs,
  recordingUploader,
  SHARED_FIXTURES,
  setRunEnv,
  TEST_POLLING,
} from './harness.js';

/**
 * `baseline: auto` end to end: a push run on the default branch uploads its report artifact; a pull request run
 * finds the latest one of its base branch through the artifacts API (the loopback server checks every request
 * against GitHub's OpenAPI description), downloads the zip, and fails only on what the change introduced.
 */
const suite = actionSuite();

async function run(opts: {
  event: 'push' | 'pull_request';
  fixture: string;
  inputs?: Record<string, string>;
  artifacts?: StoredArtifact[];
}) {
  suite.server = await startGitHubApiServer({ artifacts: opts.artifacts ?? [] });
  const archive = path.join(suite.dirs.root, 'app.tar');
  // An OCI layout tar with no image in it: the stand-ins replay recordings, but Trivy's side unpacks the archive.
  writeFileSync(
    archive,
    tar([
      { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
      { name: 'index.json', data: '{"schemaVersion":2,"manifests":[]}' },
    ]),
  );
  setRunEnv(suite.dirs, {
    inputs: {
      image: `oci-archive:${archive}`,
      scanners: 'trivy',
      checks: 'false',
      severity: 'medium',
      'upload-sarif': 'false',
      ...opts.inputs,
    },
    apiUrl: suite.server.url,
    token: suite.server.token,
    ...(opts.event === 'pull_request'
      ? { event: { name: 'pull_request', payload: JSON.parse(readFileSync(EVENT_FIXTURE, 'utf8')) } }
      : {}),
  });
  Object.assign(process.env, {
    PATH: `${path.resolve(REPO_ROOT, 'test/bin')}${path.delimiter}${process.env.PATH}`,
    STANDIN_TRIVY_VULN: path.resolve(SHARED_FIXTURES, opts.fixture),
  });
  const artifacts = recordingUploader();
  const { stdout } = await captureStdout(() =>
    runAction({
      runScan,
      artifactUploader: async () => artifacts.uploader,
      polling: TEST_POLLING,
      today: '2026-11-23',
    }),
  );
  const outputs = readOutputs(suite.dirs.outputFile);
  return {
    stdout,
    artifacts,
    outputs,
    exitCode: process.exitCode,
    summary: readFileSync(suite.dirs.summaryFile, 'utf8'),
  };
}

describe('the Action with baseline: auto', () => {
  it('a pull request fails only on findings absent from the base branch report artifact, never a fork run on a branch of that name', async () => {
    // The default branch (master): alpine 3.10, four OpenSSL findings, medium.
    const main = await run({ event: 'push', fixture: 'trivy/alpine-310.json' });
    const upload = main.artifacts.uploads.find((u) => u.name === 'container-gate-report')!;
    expect(upload.files.map((f) => path.basename(f))).toEqual(['report.json']);
    const zip = makeZip({ 'report.json': readFileSync(upload.files[0]!) });
    const stale = makeZip({ 'report.json': '{"version": 2}' });
    const forgedRun = await run({ event: 'push', fixture: 'trivy/alpine-39.json' });
    const forgedUpload = forgedRun.artifacts.uploads.find((u) => u.name === 'container-gate-report')!;
    const forged = makeZip({ 'report.json': readFileSync(forgedUpload.files[0]!) });
    const artifacts: StoredArtifact[] = [
      {
        id: 11,
        name: 'container-gate-report',
        branch: 'master',
        createdAt: '2026-11-20T10:00:00Z',
        zip: stale,
      },
      { id: 12, name: 'container-gate-report', branch: 'master', createdAt: '2026-11-22T10:00:00Z', zip },
      // A fork's pull request from its own branch called master, newer, listing the PR's findings as if known.
      {
        id: 15,
        name: 'container-gate-report',
        branch: 'master',
        fromFork: true,
        createdAt: '2026-11-23T09:30:00Z',
        zip: forged,
      },
      {
        id: 13,
        name: 'container-gate-report',
        branch: 'feature',
        createdAt: '2026-11-23T09:00:00Z',
        zip: stale,
      },
      {
        id: 14,
        name: 'container-gate-report',
        branch: 'master',
        createdAt: '2026-11-23T08:00:00Z',
        zip: stale,
        expired: true,
      },
    ];

    // The pull request moves the image to alpine 3.9: the same four (older versions) and musl's CVE-2019-14697 twice.
    const pr = await run({
      event: 'pull_request',
      fixture: 'trivy/alpine-39.json',
      inputs: { baseline: 'auto' },
      artifacts,
    });
    expect(suite.server.violations).toEqual([]);
    const downloads = suite.server.requests.filter((r) => r.operationId === 'actions/download-artifact');
    expect(downloads.map((r) => r.path)).toEqual(['/repos/Codertocat/Hello-World/actions/artifacts/12/zip']);
    expect(pr.outputs.verdict).toBe('failed');
    const report = JSON.parse(readFileSync(pr.outputs['report-file']!, 'utf8'));
    const failing = report.findings.filter(
      (f: { gate: { decision: string } }) => f.gate.decision === 'violation',
    );
    expect(failing.map((f: { package: { name: string } }) => f.package.name).sort()).toEqual([
      'musl',
      'musl-utils',
    ]);
    expect(report.gate.baseline).toMatchObject({ new: 2, unchanged: 4, fixed: [] });
    expect(pr.summary).toContain('2 new, 0 fixed');
  });

  it('with no report of the base branch to be found, every finding is gated and a warning says why', async () => {
    const pr = await run({
      event: 'pull_request',
      fixture: 'trivy/alpine-39.json',
      inputs: { baseline: 'auto' },
    });
    expect(suite.server.violations).toEqual([]);
    expect(pr.stdout).toMatch(/::warning::baseline auto: no report of master found; every finding is gated/);
    const report = JSON.parse(readFileSync(pr.outputs['report-file']!, 'utf8'));
    expect(report.gate.violations).toBe(6);
    expect(report.gate.baseline).toBeUndefined();
  });

  it('outside a pull request it gates everything and says so', async () => {
    const push = await run({ event: 'push', fixture: 'trivy/alpine-310.json', inputs: { baseline: 'auto' } });
    expect(push.stdout).toMatch(/::warning::baseline auto applies to pull requests/);
    expect(push.outputs.verdict).toBe('failed');
  });

  it('reads the policy from the config input (inputs win over it)', async () => {
    const config = path.join(suite.dirs.root, 'policy.yaml');
    writeFileSync(config, 'gate:\n  severity: critical\n');
    const fromFile = await run({
      event: 'push',
      fixture: 'trivy/alpine-310.json',
      inputs: { severity: '', config },
    });
    expect(fromFile.outputs.verdict).toBe('passed');
    const inputWins = await run({ event: 'push', fixture: 'trivy/alpine-310.json', inputs: { config } });
    expect(inputWins.outputs.verdict).toBe('failed');
  });

  it('a bad config file is a usage error (exit 3) naming the key', async () => {
    const config = path.join(suite.dirs.root, 'bad.yaml');
    writeFileSync(config, 'gate:\n  kev: sometimes\n');
    const bad = await run({ event: 'push', fixture: 'trivy/alpine-310.json', inputs: { config } });
    expect(bad.exitCode).toBe(3);
    expect(bad.stdout).toMatch(/::error::container-gate: config .*bad\.yaml: gate\.kev: /);
    // The token is masked before the set-up can fail, not only on the way to a scan.
    expect(bad.stdout).toContain(`::add-mask::${suite.server.token}`);
    expect(bad.stdout.indexOf('::add-mask::')).toBeLessThan(bad.stdout.indexOf('::error::'));
  });
});
