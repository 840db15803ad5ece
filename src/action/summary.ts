import * as core from '@actions/core';
import type { Report } from '../core/report.js';
import { escapeMarkdownCell } from '../report/escape.js';
import { JOB_SUMMARY_MAX_BYTES, renderMarkdownSummary } from '../report/markdown.js';
import { errorMessage } from '../util/errors.js';

export interface SummaryLink {
  label: string;
  url: string;
}

/** The job summary: the same markdown as the PR comment, with GitHub's 1 MiB job-summary limit as the only cap. */
export function jobSummaryMarkdown(report: Report, title: string, links: SummaryLink[]): string {
  return renderMarkdownSummary(report, { title, links });
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
