import * as core from '@actions/core';
import type { Report } from '../core/report.js';
import { escapeMarkdownCell } from '../report/escape.js';
import { JOB_SUMMARY_MAX_BYTES, renderMarkdownSummary } from '../report/markdown.js';
import { errorMessage } from '../util/errors.js';
import { type ActionContext, runUrl } from './context.js';

/** The name the Action's summary, comment and step failure messages start with. */
export const ACTION_TITLE = 'container-gate';

export interface SummaryLink {
  label: string;
  url: string;
}

/** The heading of the job summary and the PR comment: `container-gate: <scanned names>`. */
export function summaryTitle(report: Report): string {
  return `${ACTION_TITLE}: ${scannedNames(report).join(', ') || 'no target'}`;
}

/** Image names (stable across tags and digests), or the checked files when no image was scanned. */
export function scannedNames(report: Report): string[] {
  const images = report.targets.filter((t) => t.kind !== 'files').map((t) => t.name);
  const names = images.length > 0 ? images : report.targets.map((t) => t.name);
  return [...new Set(names)].sort();
}

/** The workflow run, and the code scanning alerts (of this pull request) when SARIF was uploaded. */
export function summaryLinks(context: ActionContext, uploaded: boolean): SummaryLink[] {
  const links: SummaryLink[] = [];
  const run = runUrl(context);
  if (run) links.push({ label: 'workflow run', url: run });
  if (uploaded && context.repository) {
    const { owner, repo } = context.repository;
    const query = context.pullRequest
      ? `?query=${encodeURIComponent(`pr:${context.pullRequest.number}`)}`
      : '';
    links.push({
      label: 'code scanning alerts',
      url: `${context.serverUrl}/${owner}/${repo}/security/code-scanning${query}`,
    });
  }
  return links;
}

/** The job summary: the same markdown as the PR comment, with GitHub's 1 MiB job-summary limit as the only cap. */
export function jobSummaryMarkdown(
  report: Report,
  view: { title: string; links: SummaryLink[]; notices?: string[] },
): string {
  return renderMarkdownSummary(report, {
    title: view.title,
    links: view.links,
    ...(view.notices ? { notices: view.notices } : {}),
  });
}

/** When there is no report to summarise: what went wrong, as inert text. */
export function errorSummaryMarkdown(title: string, message: string): string {
  return `## ${escapeMarkdownCell(title)}: ⚠️ error\n\n${escapeMarkdownCell(message, 4000)}\n`;
}

/**
 * Appends to $GITHUB_STEP_SUMMARY. A summary that cannot be written (a runner without job summaries, a local
 * run) is a warning: the gate's verdict does not depend on it.
 */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (Buffer.byteLength(markdown, 'utf8') > JOB_SUMMARY_MAX_BYTES) {
    core.warning(`job summary not written: over GitHub's ${JOB_SUMMARY_MAX_BYTES}-byte limit`);
    return;
  }
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.summary.emptyBuffer();
    core.warning(`job summary not written: ${errorMessage(error)}`);
  }
}
