import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type GitHubApiScenario, startGitHubApiServer } from '../../support/github-api-server.js';
import { actionSuite, FIXTURE_IMAGE, MERGE_SHA, pullRequestEvent, runEntry, warnings } from './harness.js';

const suite = actionSuite();
const event = pullRequestEvent();

/** A policy kept in the repository, as a workflow checks it out: the config file and the exceptions file it names. */
function writePolicy(): string {
  const config = path.join(suite.dirs.workspace, 'container-gate.yaml');
  mkdirSync(path.join(suite.dirs.workspace, 'security'), { recursive: true });
  writeFileSync(path.join(suite.dirs.workspace, 'security/exceptions.yaml'), 'exceptions: []\n');
  writeFileSync(config, 'gate:\n  severity: critical\n  exceptions: security/exceptions.yaml\n');
  return config;
}

async function run(
  scenario: GitHubApiScenario,
  options: {
    event?: 'pull_request' | 'pull_request_target' | 'push';
    config?: string;
    comment?: string;
    checkedOut?: string;
  } = {},
) {
  suite.server = await startGitHubApiServer(scenario);
  const inputs = {
    image: FIXTURE_IMAGE,
    'upload-sarif': 'false',
    comment: options.comment ?? 'off',
    ...(options.config ? { config: options.config } : {}),
  };
  const result = await runEntry(suite.dirs, suite.server, inputs, {
    event:
      options.event === 'push' ? { name: 'push' } : { name: options.event ?? 'pull_request', payload: event },
    ...(options.checkedOut ? { gitHead: async () => options.checkedOut } : {}),
  });
  expect(suite.server.violations).toEqual([]);
  return {
    ...result,
    listings: suite.server.requests.filter((r) => r.operationId === 'pulls/list-files'),
  };
}

const NOTICE =
  /this pull request changes (\S+(?:, \S+)*), which the gate's policy was read from: the verdict is under the pull request's own policy — have that change reviewed/;

describe("a pull request that changes the gate's own policy", () => {
  it('is said first in the job summary and the PR comment, and as a warning; the verdict is unchanged', async () => {
    const config = writePolicy();
    const files = [{ filename: 'src/app.ts' }, { filename: 'container-gate.yaml' }];
    // More than a page of files: the listing is followed to its end.
    for (let i = 0; i < 120; i++) files.unshift({ filename: `docs/page-${i}.md` });
    const changed = await run({ pullRequestFiles: files }, { config, comment: 'always' });
    expect(changed.listings.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    const warning = warnings(changed.stdout).find((w) => NOTICE.test(w));
    expect(warning).toBeDefined();
    expect(NOTICE.exec(warning!)![1]).toBe('container-gate.yaml');
    expect(changed.summary).toMatch(/> ⚠️ this pull request changes container-gate\.yaml, which/);
    // Under the verdict's heading and threshold line, before anything else.
    expect(changed.summary.indexOf('> ⚠️ this pull request')).toBeLessThan(
      changed.summary.indexOf('| severity'),
    );
    const comment = [...suite.server.comments.values()]
      .flat()
      .find((c) => c.body.includes('<!-- container-gate:'));
    expect(comment!.body).toMatch(/this pull request changes container-gate\.yaml/);
    // The PR's own policy (critical only) is the one applied: the notice does not change the verdict.
    expect(changed.outputs.verdict).toBe('passed');
  });

  it('names an exceptions file the config points at, and a rename away from it', async () => {
    const config = writePolicy();
    const renamed = await run(
      {
        pullRequestFiles: [{ filename: 'security/old.yaml', previous_filename: 'security/exceptions.yaml' }],
      },
      { config },
    );
    expect(renamed.summary).toMatch(/this pull request changes security\/exceptions\.yaml, which/);
  });

  it('says nothing when the pull request leaves the policy files alone', async () => {
    const config = writePolicy();
    const other = await run({ pullRequestFiles: [{ filename: 'src/app.ts' }] }, { config });
    expect(other.listings).toHaveLength(1);
    expect(other.summary).not.toMatch(/this pull request changes/);
    expect(warnings(other.stdout).filter((w) => NOTICE.test(w))).toEqual([]);
  });

  it('asks nothing outside a pull request, nor when no policy file was read from the repository', async () => {
    const config = writePolicy();
    const push = await run(
      { pullRequestFiles: [{ filename: 'container-gate.yaml' }] },
      { config, event: 'push' },
    );
    expect(push.listings).toEqual([]);
    // No config input, and none in the repository root the run starts in: nothing to look for.
    const none = await run({ pullRequestFiles: [{ filename: 'container-gate.yaml' }] });
    expect(none.listings).toEqual([]);
    expect(none.summary).not.toMatch(/this pull request changes/);
  });

  it('pull_request_target: said when the pull request is checked out, not when the base is (GITHUB_SHA)', async () => {
    const config = writePolicy();
    const files = { pullRequestFiles: [{ filename: 'container-gate.yaml' }] };
    // The harness gives GITHUB_SHA = MERGE_SHA; pull_request_target's default checkout is that commit of the base.
    const base = await run(files, { config, event: 'pull_request_target', checkedOut: MERGE_SHA });
    expect(base.listings).toEqual([]);
    expect(base.summary).not.toMatch(/this pull request changes/);
    const head = (event as { pull_request: { head: { sha: string } } }).pull_request.head.sha;
    const prHead = await run(files, { config, event: 'pull_request_target', checkedOut: head });
    expect(prHead.summary).toMatch(/this pull request changes container-gate\.yaml, which/);
  });

  it('a listing GitHub refuses is a warning, never a failed run', async () => {
    const config = writePolicy();
    const refused = await run({ pullRequestFiles: 'unprocessable' }, { config });
    expect(refused.exitCode ?? 0).toBe(0);
    expect(refused.outputs.verdict).toBe('passed');
    expect(warnings(refused.stdout)).toContainEqual(
      expect.stringMatching(
        /^could not check whether this pull request changes the policy files the gate read \(container-gate\.yaml, security\/exceptions\.yaml\): /,
      ),
    );
  });
});
