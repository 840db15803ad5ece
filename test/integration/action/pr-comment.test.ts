import { describe, expect, it } from 'vitest';
import { type GitHubApiScenario, startGitHubApiServer } from '../../support/github-api-server.js';
import { actionSuite, FIXTURE_IMAGE, pullRequestEvent, rawShared, runEntry, warnings } from './harness.js';

const suite = actionSuite();

const event = pullRequestEvent() as { number: number };
const PR = event.number;
const vulnIds = [
  ...new Set(
    rawShared('trivy/alpine-310.json').Results.flatMap(
      (r: { Vulnerabilities?: { VulnerabilityID: string }[] }) =>
        (r.Vulnerabilities ?? []).map((v) => v.VulnerabilityID),
    ),
  ),
] as string[];

/** One run on the pull request; the suite.server (and its comments) lives across runs of a test. */
function runOnPullRequest(
  inputs: Record<string, string>,
  eventName: 'pull_request' | 'pull_request_target' = 'pull_request',
) {
  return runEntry(
    suite.dirs,
    suite.server,
    { image: FIXTURE_IMAGE, 'upload-sarif': 'false', ...inputs },
    {
      event: { name: eventName, payload: event },
    },
  );
}

const ours = () =>
  (suite.server.comments.get(PR) ?? []).filter((c) => c.body.includes('<!-- container-gate:'));
const calls = (operationId: string) => suite.server.requests.filter((r) => r.operationId === operationId);

async function start(scenario: GitHubApiScenario = {}) {
  suite.server = await startGitHubApiServer(scenario);
}

describe('the pull request comment: created once, updated in place', () => {
  it('comment: always creates one comment, and the next run edits it instead of adding a second', async () => {
    // More than a page of other comments: the marker comment is found only by following the pagination.
    await start({ existingComments: 105 });
    await runOnPullRequest({ comment: 'always' });
    expect(suite.server.violations).toEqual([]);
    expect(ours()).toHaveLength(1);
    const first = ours()[0]!;
    const firstBody = first.body;
    for (const id of vulnIds) expect(firstBody).toContain(id);
    expect(firstBody.length).toBeLessThanOrEqual(65_536);

    const failing = await runOnPullRequest({ comment: 'always', severity: 'medium' });
    expect(failing.exitCode).toBe(1);
    expect(suite.server.violations).toEqual([]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).toBe(first.id);
    expect(ours()[0]!.body).not.toBe(firstBody);
    expect(calls('issues/create-comment')).toHaveLength(1);
    expect(calls('issues/update-comment').map((r) => r.path)).toEqual([
      `/repos/Codertocat/Hello-World/issues/comments/${first.id}`,
    ]);
    expect(calls('issues/list-comments').some((r) => r.query.page === '2')).toBe(true);
    expect(suite.server.comments.get(PR)).toHaveLength(106);
  });

  it('on-failure: a passing run writes nothing; a failure comments; a later pass updates that comment', async () => {
    await start();
    await runOnPullRequest({ comment: 'on-failure' });
    expect(calls('issues/create-comment')).toHaveLength(0);
    expect(ours()).toHaveLength(0);

    await runOnPullRequest({ comment: 'on-failure', severity: 'medium' });
    expect(ours()).toHaveLength(1);
    const failedBody = ours()[0]!.body;

    await runOnPullRequest({ comment: 'on-failure' });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).not.toBe(failedBody);
    expect(calls('issues/update-comment')).toHaveLength(1);
    expect(suite.server.violations).toEqual([]);
  });

  it('an unchanged result does not edit the comment again', async () => {
    await start();
    await runOnPullRequest({ comment: 'always' });
    await runOnPullRequest({ comment: 'always' });
    expect(calls('issues/create-comment')).toHaveLength(1);
    expect(calls('issues/update-comment')).toHaveLength(0);
  });

  it('keeps one comment per category: two images or prefixes on one pull request do not overwrite each other', async () => {
    await start();
    await runOnPullRequest({ comment: 'always', 'sarif-category-prefix': 'staging' });
    await runOnPullRequest({ comment: 'always', 'sarif-category-prefix': 'release' });
    expect(ours()).toHaveLength(2);
    expect(ours()[0]!.body).toContain('<!-- container-gate:staging/');
    expect(ours()[1]!.body).toContain('<!-- container-gate:release/');
  });

  it('a token without pull-requests: write (403): a warning, and the exit follows the gate', async () => {
    await start({ commentWrites: ['forbidden-fork'] });
    const run = await runOnPullRequest({ comment: 'always' });
    expect(run.exitCode).toBe(0);
    expect(warnings(run.stdout).join('\n')).toMatch(/comment not written: the token may not comment/);
    expect(suite.server.violations).toEqual([]);
  });

  it('a pull request from a fork: no comment attempted, a warning', async () => {
    await start();
    const run = await runEntry(
      suite.dirs,
      suite.server,
      { image: FIXTURE_IMAGE, 'upload-sarif': 'false', comment: 'always' },
      { event: { name: 'pull_request', payload: pullRequestEvent({ fork: true }) } },
    );
    expect(suite.server.requests).toEqual([]);
    expect(warnings(run.stdout).join('\n')).toContain(
      'comment not written: this pull request comes from a fork',
    );
  });

  it('pull_request_target runs with a writable token and comments', async () => {
    await start();
    await runOnPullRequest({ comment: 'always' }, 'pull_request_target');
    expect(ours()).toHaveLength(1);
  });

  it('on a push there is no pull request: no comment, no API call', async () => {
    await start();
    const run = await runEntry(suite.dirs, suite.server, {
      image: FIXTURE_IMAGE,
      'upload-sarif': 'false',
      comment: 'always',
    });
    expect(suite.server.requests).toEqual([]);
    expect(run.stdout).toContain('applies to pull_request events only');
  });
});
