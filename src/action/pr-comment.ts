import { errorMessage } from '../util/errors.js';
import type { GitHubClient } from './github-client.js';

/**
 * GitHub's limit on an issue or pull-request comment body, in characters: a longer body is refused
 * (/work/shared/docs/field-notes.md, "Other size limits": comment body ≤ 65,536 characters, docker/scout-action #66).
 */
export const PR_COMMENT_MAX_CHARS = 65_536;

/**
 * Room kept under PR_COMMENT_MAX_CHARS for the marker line (`<!-- container-gate:<category> -->` and its newline),
 * which is written above the markdown: the markdown is rendered for 65,000 characters (docs/action.md).
 */
const MARKER_LINE_ROOM = 536;

/** What the comment's markdown is rendered for: GitHub's limit less the room for the marker line. */
export const COMMENT_MARKDOWN_MAX_CHARS = PR_COMMENT_MAX_CHARS - MARKER_LINE_ROOM;

/**
 * One comment per pull request and category, created once and edited in place on every later run. It is found
 * again by a hidden marker rather than by author, so it works with any token (GITHUB_TOKEN, an App, a PAT).
 */
export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export type CommentResult =
  | { action: 'created' | 'updated' | 'unchanged'; id: number }
  | { action: 'not-created' }
  | { action: 'skipped'; message: string };

/** `<!-- container-gate:<category> -->`; the category is reduced to characters that cannot end an HTML comment. */
export function commentMarker(category: string): string {
  const safe = category.replace(/[^A-Za-z0-9._/:@,+-]+/g, '_').replace(/-{2,}/g, '-');
  return `<!-- container-gate:${safe} -->`;
}

export async function upsertPullRequestComment(
  client: GitHubClient,
  target: CommentTarget,
  marker: string,
  markdown: string,
  options: { createIfMissing: boolean },
): Promise<CommentResult> {
  const body = `${marker}\n${markdown}`;
  if (body.length > PR_COMMENT_MAX_CHARS) {
    return {
      action: 'skipped',
      message: `the comment would be ${body.length} characters, over GitHub's ${PR_COMMENT_MAX_CHARS}`,
    };
  }
  const params = { owner: target.owner, repo: target.repo, issue_number: target.issueNumber };
  try {
    const comments = await client.paginate(client.rest.issues.listComments, { ...params, per_page: 100 });
    const existing = comments.find((comment) => comment.body?.includes(marker));
    if (existing) {
      if (existing.body === body) return { action: 'unchanged', id: existing.id };
      await client.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body,
      });
      return { action: 'updated', id: existing.id };
    }
    if (!options.createIfMissing) return { action: 'not-created' };
    const { data } = await client.rest.issues.createComment({ ...params, body });
    return { action: 'created', id: data.id };
  } catch (error) {
    const status = (error as { status?: number }).status;
    const message = errorMessage(error);
    if (status === 403) {
      return {
        action: 'skipped',
        message: `the token may not comment (${message}): a pull request from a fork gets a read-only token, otherwise grant \`permissions: pull-requests: write\``,
      };
    }
    return {
      action: 'skipped',
      message: `commenting failed${status ? ` with HTTP ${status}` : ''}: ${message}`,
    };
  }
}
