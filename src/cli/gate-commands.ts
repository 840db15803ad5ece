import { applyConfig } from '../config/apply.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { loadPolicy, readInput } from '../config/policy-load.js';
import { exitCodeForGate } from '../core/gate.js';
import { mergeReports } from '../core/merge-reports.js';
import { DEFAULT_POLICY } from '../core/policy.js';
import type { Report } from '../core/report.js';
import { defaultOptions, type RunOptions, type RunOutcome } from '../options.js';
import { runScan } from '../pipeline.js';
import { parseJsonReport } from '../report/json.js';
import { checkOutputPaths, writeOutputs } from '../report/outputs.js';
import { renderRuleLines, renderTable, renderVerdictLine } from '../report/table.js';
import { InterruptedError, stopSignalOf } from '../util/errors.js';
import {
  baseOptions,
  type DatabaseArgs,
  databaseOptionsFromArgs,
  type GateArgs,
  gateOptionsFromArgs,
  type RescanArgs,
  rescanOptionsFromArgs,
  type ScanArgs,
  scanOptionsFromArgs,
} from './options.js';
import { createProgress } from './progress.js';
import { stopRunOnSignals } from './signals.js';

interface Terminal {
  color: boolean;
  quiet: boolean;
}

/** The flag, else the config file's `outputs.quiet` / `outputs.color`, else the default. */
function terminal(args: { color?: boolean; quiet?: boolean }, loaded?: LoadedConfig): Terminal {
  const file = loaded ? applyConfig(defaultOptions(), loaded.config, loaded.path) : {};
  const color = args.color ?? file.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  return { color, quiet: args.quiet ?? file.quiet ?? false };
}

export async function runScanCommand(args: ScanArgs): Promise<number> {
  const loaded = await loadConfig(args.config);
  return runPipeline(scanOptionsFromArgs(args, loaded), terminal(args, loaded));
}

/** `rescan`: deployed images re-scanned from their verified SBOM attestations; the same outputs and exit codes. */
export async function runRescanCommand(args: RescanArgs): Promise<number> {
  const loaded = await loadConfig(args.config);
  return runPipeline(rescanOptionsFromArgs(args, loaded), terminal(args, loaded));
}

/** `check`: the embedded checks (and `--scanners trivy-config` if asked) on files only; same outputs and exit codes. */
export async function runCheckCommand(args: GateArgs & DatabaseArgs & { paths: string[] }): Promise<number> {
  const loaded = await loadConfig(args.config);
  const options = databaseOptionsFromArgs(args, gateOptionsFromArgs(args, baseOptions(loaded)));
  // Files only: no images, and of the file's scanners only those that read files.
  options.images = [];
  delete options.build;
  if (args.scanners === undefined) options.scanners = options.scanners.filter((s) => s === 'trivy-config');
  options.manifests = args.paths;
  return runPipeline(options, terminal(args, loaded));
}

async function runPipeline(options: RunOptions, term: Terminal): Promise<number> {
  const controller = new AbortController();
  const release = stopRunOnSignals(controller, (signal) =>
    process.stderr.write(`\ncontainer-gate: ${signal} received — stopping scanners\n`),
  );
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
      throw new InterruptedError(stopSignalOf(controller.signal.reason));
    }
    throw error;
  } finally {
    release();
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
  if (!options.outputs.table) {
    const lines = [...renderRuleLines(outcome.report, term), renderVerdictLine(outcome.report, term)];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

/** `merge`: matrix jobs' reports → one report, the gate applied again across every image. */
export async function runMergeCommand(args: GateArgs & { reports: string[] }): Promise<number> {
  const loaded = await loadConfig(args.config);
  const options = gateOptionsFromArgs(args, baseOptions(loaded));
  const policy = await loadPolicy(options.policy);
  const reports: Report[] = [];
  for (const file of args.reports) reports.push(parseJsonReport(await readInput(file, 'report'), file));
  const merged = mergeReports(reports, policy, new Date().toISOString().slice(0, 10));
  return renderSaved(merged, options, terminal(args, loaded));
}

/** `report --from`: any output from a saved report, without scanning again. The gate is not re-applied. */
export async function runReportCommand(args: GateArgs & { from: string }): Promise<number> {
  const loaded = await loadConfig(args.config);
  const options = gateOptionsFromArgs(args, baseOptions(loaded));
  const report = parseJsonReport(await readInput(args.from, 'report'), args.from);
  return renderSaved(report, options, terminal(args, loaded));
}

async function renderSaved(report: Report, options: RunOptions, term: Terminal): Promise<number> {
  await checkOutputPaths(options.outputs);
  const warnings: string[] = [];
  const files = await writeOutputs(report, [], options, (line) => {
    warnings.push(line);
    // A warning (results left out of the SARIF) is printed even with --quiet, which drops progress only.
    process.stderr.write(`note: ${line}\n`);
  });
  const outcome: RunOutcome = { report, exitCode: exitCodeForGate(report.gate.status), files, warnings };
  printOutcome(outcome, options, term);
  return outcome.exitCode;
}

export { DEFAULT_POLICY };
