import { describe, expect, it } from 'vitest';
import { resolveAnalysisRef } from '../../../src/action/analysis-ref.js';
import type { ActionContext } from '../../../src/action/context.js';

const MERGE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const base: ActionContext = {
  eventName: 'pull_request',
  repository: { owner: 'o', repo: 'r' },
  sha: MERGE,
  ref: 'refs/pull/7/merge',
  workspace: '/w',
  runnerTemp: '/t',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  runAttempt: 1,
};

describe('the ref and commit an analysis is uploaded for', () => {
  it('a pull request with the merge commit checked out: refs/pull/N/merge and GITHUB_SHA', async () => {
    expect(await resolveAnalysisRef(base, async () => MERGE)).toEqual({
      ref: 'refs/pull/7/merge',
      commitSha: MERGE,
    });
  });

  it('a pull request with another commit checked out: refs/pull/N/head and that commit', async () => {
    expect(await resolveAnalysisRef(base, async () => HEAD)).toEqual({
      ref: 'refs/pull/7/head',
      commitSha: HEAD,
    });
  });

  it('git unavailable: GITHUB_REF and GITHUB_SHA as the runner gave them', async () => {
    expect(await resolveAnalysisRef(base, async () => undefined)).toEqual({
      ref: 'refs/pull/7/merge',
      commitSha: MERGE,
    });
  });

  it('a push: the branch ref and the checked-out commit', async () => {
    const push = { ...base, eventName: 'push', ref: 'refs/heads/main' };
    expect(await resolveAnalysisRef(push, async () => HEAD)).toEqual({
      ref: 'refs/heads/main',
      commitSha: HEAD,
    });
  });

  it('pull_request_target with the PR head checked out: the PR head ref, never the base branch', async () => {
    const target = {
      ...base,
      eventName: 'pull_request_target',
      ref: 'refs/heads/main',
      pullRequest: { number: 7, headSha: HEAD, isFork: true },
    };
    expect(await resolveAnalysisRef(target, async () => HEAD)).toEqual({
      ref: 'refs/pull/7/head',
      commitSha: HEAD,
    });
    expect(await resolveAnalysisRef(target, async () => MERGE)).toEqual({
      ref: 'refs/heads/main',
      commitSha: MERGE,
    });
  });

  it('nothing to report on without GITHUB_REF or GITHUB_SHA', async () => {
    const { ref: _, ...noRef } = base;
    expect(await resolveAnalysisRef(noRef, async () => HEAD)).toBeUndefined();
  });
});
