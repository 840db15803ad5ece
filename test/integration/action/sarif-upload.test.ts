import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type GitHubApiScenario, startGitHubApiServer } from '../../support/github-api-server.js';
import { actionSuite, FIXTURE_IMAGE, MERGE_SHA, pullRequestEvent, runEntry, warnings } from './harness.js';

const suite = actionSuite();

async function upload(scenario: GitHubApiScenario, inputs: Record<string, string> = {}) {
  suite.server = await startGitHubApiServer(scenario);
  return runEntry(suite.dirs, suite.server, { image: FIXTURE_IMAGE, ...inputs });
}

const uploadRequests = () =>
  suite.server.requests.filter((r) => r.operationId === 'code-scanning/upload-sarif');

describe('SARIF upload: GitHub refusals are warnings, never the gate', () => {
  it('a fork token (403 "Resource not accessible by integration"): upload skipped, exit by the gate', async () => {
    const run = await upload({ uploads: ['forbidden-fork'] });
    expect(suite.server.violations).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('passed');
    expect(warnings(run.stdout).join('\n')).toMatch(
      /SARIF upload skipped: .*Resource not accessible by integration/,
    );
  });

  it('no Advanced Security (403): upload skipped with the reason, even with upload-sarif: true', async () => {
    const run = await upload({ uploads: ['forbidden-no-ghas'] }, { 'upload-sarif': 'true' });
    expect(run.exitCode).toBe(0);
    expect(warnings(run.stdout).join('\n')).toMatch(
      /SARIF upload skipped: code scanning is not enabled.*Advanced Security/,
    );
  });

  it('404: upload skipped with a warning', async () => {
    const run = await upload({ uploads: ['not-found'] });
    expect(run.exitCode).toBe(0);
    expect(warnings(run.stdout).join('\n')).toMatch(/SARIF upload skipped: GitHub answered 404/);
  });

  it('413: upload skipped with a warning that gives the compressed size', async () => {
    const run = await upload({ uploads: ['too-large'] });
    expect(run.exitCode).toBe(0);
    expect(warnings(run.stdout).join('\n')).toMatch(/too large \(\d+\.\d MB gzip-compressed\)/);
  });

  it('429 with Retry-After: waits as told and uploads on the next attempt', async () => {
    const run = await upload({ uploads: ['rate-limited'] });
    expect(suite.server.violations).toEqual([]);
    expect(uploadRequests().map((r) => r.status)).toEqual([429, 202]);
    expect(run.stdout).toContain('secondary rate limit on POST');
    expect(run.stdout).toContain('retrying in 1 s (Retry-After)');
    expect(suite.server.uploads).toHaveLength(1);
  });

  it('500 then success: retried, uploaded once', async () => {
    const run = await upload({ uploads: ['server-error'] });
    expect(uploadRequests().map((r) => r.status)).toEqual([500, 202]);
    expect(run.exitCode).toBe(0);
    expect(suite.server.uploads).toHaveLength(1);
  });

  it('503 with Retry-After: the retry honours the header', async () => {
    const run = await upload({ uploads: ['unavailable'] });
    expect(uploadRequests().map((r) => r.status)).toEqual([503, 202]);
    expect(run.stdout).toMatch(/answered 503 on POST .* retrying in 1 s \(Retry-After\)/);
  });

  it('unavailable on every attempt: auto warns; true makes it a run error (exit 2, verdict error)', async () => {
    // 503 with Retry-After: 1, so the three retries take seconds, not plugin-retry's own 1 + 4 + 9.
    const failing: GitHubApiScenario['uploads'] = [
      'unavailable',
      'unavailable',
      'unavailable',
      'unavailable',
    ];
    const auto = await upload({ uploads: [...failing] });
    expect(auto.exitCode).toBe(0);
    expect(uploadRequests().map((r) => r.status)).toEqual([503, 503, 503, 503]);
    expect(warnings(auto.stdout).join('\n')).toMatch(
      /SARIF upload of .* failed: upload failed with HTTP 503/,
    );
    await suite.server.close();

    const required = await upload({ uploads: [...failing] }, { 'upload-sarif': 'true' });
    expect(required.exitCode).toBe(2);
    expect(required.outputs.verdict).toBe('error');
    expect(required.stdout).toMatch(/^::error::container-gate: SARIF upload of .* failed/m);
  });

  it('processing failed: the errors GitHub lists are surfaced; a run error with upload-sarif: true', async () => {
    const errors = ['locationFromSarifResult: expected artifact location', 'run 2: duplicate category'];
    const auto = await upload({ processing: { status: 'failed', errors } });
    expect(auto.exitCode).toBe(0);
    for (const e of errors) expect(warnings(auto.stdout).join('\n')).toContain(e);
    await suite.server.close();

    const required = await upload({ processing: { status: 'failed', errors } }, { 'upload-sarif': 'true' });
    expect(required.exitCode).toBe(2);
    expect(required.outputs.verdict).toBe('error');
    for (const e of errors) expect(required.stdout).toContain(e);
  });

  it('polls until processing completes, within a bounded wait', async () => {
    await upload({ pendingPolls: 3 });
    const polls = suite.server.requests.filter((r) => r.operationId === 'code-scanning/get-sarif');
    expect(polls).toHaveLength(4);
    expect(polls.every((p) => p.status === 200)).toBe(true);
  });

  it('upload-sarif: false sends nothing to GitHub', async () => {
    const run = await upload({}, { 'upload-sarif': 'false' });
    expect(suite.server.requests).toEqual([]);
    expect(run.outputs['sarif-file']).not.toBe('');
  });

  it('sarif-category-prefix is written into every run category, in the file and in the upload', async () => {
    const run = await upload({}, { 'sarif-category-prefix': 'Staging' });
    const onDisk = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8'));
    const ids = onDisk.runs.map((r: { automationDetails: { id: string } }) => r.automationDetails.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id.startsWith('staging/container-gate/')).toBe(true);
    expect(suite.server.uploads[0]!.sarif).toEqual(onDisk);
  });
});

describe('SARIF upload on pull requests: the ref and commit codeql-action would use', () => {
  /** Runs on the pull request event and returns the PR number and what the upload carried. */
  async function uploadOnPullRequest(headSha?: string) {
    suite.server = await startGitHubApiServer();
    const event = pullRequestEvent(headSha ? { headSha } : {}) as { number: number };
    await runEntry(
      suite.dirs,
      suite.server,
      { image: FIXTURE_IMAGE },
      { event: { name: 'pull_request', payload: event } },
    );
    expect(suite.server.violations).toEqual([]);
    return { number: event.number, body: suite.server.uploads[0]!.body };
  }

  it('checkout of the merge commit: refs/pull/N/merge with GITHUB_SHA', async () => {
    const { number, body } = await uploadOnPullRequest();
    expect(body).toMatchObject({ ref: `refs/pull/${number}/merge`, commit_sha: MERGE_SHA });
  });

  it('checkout of the PR head: refs/pull/N/head with the head commit from git', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: suite.dirs.workspace, encoding: 'utf8' }).trim();
    git('init', '--quiet');
    git(
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      'commit',
      '--quiet',
      '--allow-empty',
      '-m',
      'head',
    );
    const head = git('rev-parse', 'HEAD');
    try {
      const { number, body } = await uploadOnPullRequest(head);
      expect(body).toMatchObject({ ref: `refs/pull/${number}/head`, commit_sha: head });
    } finally {
      rmSync(`${suite.dirs.workspace}/.git`, { recursive: true, force: true });
    }
  });

  it('a pull request from a fork: no upload attempted, a warning, and the gate still decides the exit', async () => {
    suite.server = await startGitHubApiServer();
    const run = await runEntry(
      suite.dirs,
      suite.server,
      { image: FIXTURE_IMAGE, severity: 'medium' },
      { event: { name: 'pull_request', payload: pullRequestEvent({ fork: true }) } },
    );
    expect(suite.server.requests).toEqual([]);
    expect(warnings(run.stdout).join('\n')).toContain(
      'SARIF not uploaded: this pull request comes from a fork',
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe('failed');
  });
});
