import { mergeReports } from '../core/merge-reports.js';
import { DEFAULT_POLICY } from '../core/policy.js';
import type { Report } from '../core/report.js';
import { InterruptedError } from '../errors.js';
import { defaultOptions, type RunOptions, type RunOutcome } from '../options.js';
import { writeOutputs } from '../outputs.js';
import { runScan } from '../pipeline.js';
import { loadPolicy, readInput } from '../policy-load.js';
import { parseJsonReport } from '../report/json.js';
import { renderTable, renderVerdictLine } from '../report/table.js';
import {
  type GateArgs,
  gateOptionsFromArgs,
  type RescanArgs,
  rescanOptionsFromArgs,
  type ScanArgs,
  scanOptionsFromArgs,
} from './options.js';
import { createProgress } from './progress.js';

interface Terminal {
  color: boolean;
  quiet: boolean;
}

function terminal(args: { color?: boolean; quiet?: boolean }): Terminal {
  const color = args.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  return { color, quiet: args.quiet ?? false };
}

export async function runScanCommand(args: ScanArgs & { color?: boolean; quiet?: boolean }): Promise<number> {
  return runPipeline(scanOptionsFromArgs(args), terminal(args));
}

/** `rescan`: deployed images re-scanned from their verified SBOM attestations; the same outputs and exit codes. */
export async function runRescanCommand(
  args: RescanArgs & { color?: boolean; quiet?: boolean },
): Promise<number> {
  return runPipeline(rescanOptionsFromArgs(args), terminal(args));
}

/** `check`: the embedded checks (and `--scanners trivy-config` if asked) on files only; same outputs and exit codes. */
export async function runCheckCommand(
  args: GateArgs & { paths: string[]; color?: boolean; quiet?: boolean },
): Promise<number> {
  const options = gateOptionsFromArgs(args, defaultOptions(), []);
  options.manifests = args.paths;
  return runPipeline(options, terminal(args));
}

async function runPipeline(options: RunOptions, term: Terminal): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    process.stderr.write(`\ncontainer-gate: ${signal} received — stopping scanners\n`);
    controller.abort(signal);
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const progress = createProgress(process.stderr, {
      tty: Boolean(process.stderr.isTTY) && !process.env.CI,
      color: term.color,
      quiet: term.quiet,
    });
    const outcome = await runScan(options, { signal: controller.signal, progress });
    printOutcome(outcome, options, term);
    return outcome.exitCode;
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof InterruptedError)) {
      throw new InterruptedError(controller.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
    }
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

function printOutcome(outcome: RunOutcome, options: RunOptions, term: Terminal): void {
  if (options.outputs.table) process.stdout.write(renderTable(outcome.report, { color: term.color }));
  for (const file of [
    outcome.files.json,
    ...outcome.files.sarif,
    outcome.files.summary,
    ...outcome.files.sboms,
  ]) {
    if (file && !term.quiet) process.stderr.write(`wrote ${file}\n`);
  }
  // The table ends with the verdict line; without the table it still closes the output.
  if (!options.outputs.table)
    process.stdout.write(`${renderVerdictLine(outcome.report, { color: term.color })}\n`);
}

/** `merge`: matrix jobs' reports → one report, the gate applied again across every image. */
export async function runMergeCommand(
  args: GateArgs & { reports: string[]; color?: boolean; quiet?: boolean },
): Promise<number> {
  const options = gateOptionsFromArgs(args, defaultOptions(), []);
  const policy = await loadPolicy(options.policy);
  const reports: Report[] = [];
  for (const file of args.reports) reports.push(parseJsonReport(await readInput(file, 'report'), file));
  const merged = mergeReports(reports, policy, new Date().toISOString().slice(0, 10));
  return renderSaved(merged, options, terminal(args));
}

/** `report --from`: any output from a saved report, without scanning again. The gate is not re-applied. */
export async function runReportCommand(
  args: GateArgs & { from: string; color?: boolean; quiet?: boolean },
): Promise<number> {
  const options = gateOptionsFromArgs(args, defaultOptions(), []);
  const report = parseJsonReport(await readInput(args.from, 'report'), args.from);
  return renderSaved(report, options, terminal(args));
}

async function renderSaved(report: Report, options: RunOptions, term: Terminal): Promise<number> {
  const warnings: string[] = [];
  const files = await writeOutputs(report, [], options, (line) => {
    warnings.push(line);
    if (!term.quiet) process.stderr.write(`note: ${line}\n`);
  });
  const outcome: RunOutcome = { report, exitCode: exitCodeOf(report), files, warnings };
  printOutcome(outcome, options, term);
  return outcome.exitCode;
}

function exitCodeOf(report: Report): 0 | 1 | 2 {
  return report.gate.status === 'error' ? 2 : report.gate.status === 'failed' ? 1 : 0;
}

export { DEFAULT_POLICY };
