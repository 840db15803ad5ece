import * as core from '@actions/core';
import type { Report } from '../core/report.js';
import { renderMarkdownSummary } from '../report/markdown.js';
import { EXIT } from '../util/errors.js';
import { type ActionContext, PULL_REQUEST_EVENTS } from './context.js';
import type { GitHubClient } from './github-client.js';
import type { ActionInputs } from './inputs.js';
import { COMMENT_MARKDOWN_MAX_CHARS, commentMarker, upsertPullRequestComment } from './pr-comment.js';
import { ACTION_TITLE, type SummaryLink, scannedNames } from './summary.js';

/**
 * `comment`: the summary as the pull request's comment for this category, created or brought up to date. Outside a
 * pull request, or from a fork, nothing is written; a comment never changes the exit code.
 */
export async function commentStep(
  report: Report,
  inputs: ActionInputs,
  context: ActionContext,
  client: () => GitHubClient,
  view: { title: string; links: SummaryLink[]; code: number; notices?: string[] },
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
    maxChars: COMMENT_MARKDOWN_MAX_CHARS,
    title: view.title,
    links: view.links,
    ...(view.notices ? { notices: view.notices } : {}),
  });
  const result = await upsertPullRequestComment(
    client(),
    { owner: context.repository.owner, repo: context.repository.repo, issueNumber: pr.number },
    commentMarker(category || ACTION_TITLE),
    markdown,
    // on-failure: a passing run writes no new comment, but brings an earlier failure comment up to date.
    { createIfMissing: inputs.comment === 'always' || view.code !== EXIT.passed },
  );
  if (result.action === 'skipped') core.warning(`comment not written: ${result.message}`);
  else if (result.action !== 'not-created')
    core.info(`pull request comment ${result.action} (id ${result.id})`);
}
