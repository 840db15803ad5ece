import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import type { Report } from '../core/report.js';
import type { ProgressSink, RunOutcome } from '../options.js';
import { cleanLine } from '../report/escape.js';
import { renderTable } from '../report/table.js';
import { formatElapsed, plural } from '../util/format.js';
import { planAnnotations } from './annotations.js';

/** What the Action writes into the job log: scanner progress while it runs, then the table and the annotations. */
export function actionProgress(): ProgressSink {
  // Scanner text reaches the log: one clean line with a prefix, so none of it can start a `::workflow-command::`.
  const say = (text: string) => core.info(`container-gate: ${cleanLine(text, 2000)}`);
  return {
    start: (_id, label) => say(`started ${label}`),
    finish: (_id, run) =>
      say(
        `${run.name} ${run.target}: ${run.status}, ${run.findings} finding${plural(run.findings)} in ` +
          `${formatElapsed(run.durationMs, ' ')}${run.error ? ` — ${run.error}` : ''}`,
      ),
    // Warnings are shown once, as warning annotations, after the run (outcome.warnings).
    note: (text, level) => {
      if (level === 'info') say(text);
    },
  };
}

/** The table between stop-commands markers: nothing a package or scanner wrote can act as a workflow command. */
function printTable(report: Report): void {
  const token = randomUUID();
  core.startGroup(`container-gate: ${report.findings.length} finding${plural(report.findings.length)}`);
  process.stdout.write(`::stop-commands::${token}\n${renderTable(report, { color: false })}::${token}::\n`);
  core.endGroup();
}

function emitAnnotations(report: Report, workspace: string): void {
  const root = resolve(workspace);
  const isRepositoryFile = (path: string) => {
    const full = resolve(root, path);
    return !isAbsolute(path) && full.startsWith(root + sep) && existsSync(full);
  };
  const plan = planAnnotations(report, { isRepositoryFile });
  const emit = { error: core.error, warning: core.warning, notice: core.notice };
  for (const { level, message, ...properties } of plan.annotations) emit[level](message, properties);
  if (plan.omitted > 0)
    core.notice(`${plan.omitted} more finding${plural(plan.omitted)} not annotated; see the job summary`);
}

/** After the scan: the findings table, the run's warnings as warning annotations, then the findings' annotations. */
export function logScanResults(outcome: RunOutcome, workspace: string): void {
  const { report } = outcome;
  printTable(report);
  for (const warning of outcome.warnings) core.warning(cleanLine(warning, 2000));
  emitAnnotations(report, workspace);
}
