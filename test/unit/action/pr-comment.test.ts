import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/action/github-client.js';
import {
  commentMarker,
  PR_COMMENT_MAX_CHARS,
  upsertPullRequestComment,
} from '../../../src/action/pr-comment.js';

const target = { owner: 'o', repo: 'r', issueNumber: 2 };

describe('the pull request comment body', () => {
  it("is never sent over GitHub's 65,536-character limit", async () => {
    const calls: string[] = [];
    const client = new Proxy(
      {},
      {
        get: (_target, name) => {
          calls.push(String(name));
          return () => Promise.resolve([]);
        },
      },
    ) as GitHubClient;
    const marker = commentMarker('api');
    const result = await upsertPullRequestComment(
      client,
      target,
      marker,
      'x'.repeat(PR_COMMENT_MAX_CHARS - marker.length),
      {
        createIfMissing: true,
      },
    );
    expect(result).toMatchObject({ action: 'skipped' });
    expect((result as { message: string }).message).toContain(String(PR_COMMENT_MAX_CHARS));
    expect(calls).toEqual([]);
  });
});
