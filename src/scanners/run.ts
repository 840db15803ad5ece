import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ScanResult } from '../core/finding.js';
import type { ScannerRun } from '../core/report.js';
import { type ExecResult, ExecStartError, runProcess } from '../process/exec.js';
import { type ProcessFailure, processFailure, quotedLine } from '../process/failure.js';
import { oneLine, ScannerOutputError } from '../util/errors.js';
import { formatBound } from '../util/format.js';
import type { Scanner, ScannerInvocation, ScannerOutputs, ScanOptions, ScanTarget } from './scanner.js';
import { countSbomPackages } from './syft/parse.js';
import { parseToolVersion } from './tool-output.js';

/** A report file larger than this is not read: it would not fit the findings model's use anyway. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;
/** stdout/stderr are diagnostics once reports go to files; cap them well below memory trouble. */
export const MAX_STREAM_BYTES = 32 * 1024 * 1024;

export interface ScannerJob {
  scanner: Scanner;
  target: ScanTarget;
  options: ScanOptions;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ScannerJobResult {
  run: ScannerRun;
  /** Present only when the run is `ok`: a failed run contributes no findings it might have half-reported. */
  result?: ScanResult;
  /** With `result`: the files the tool wrote, by role (another tool may read one, as Grype reads Syft's syft-json). */
  outputs?: Record<string, string>;
}

/**
 * Runs one scanner on one target and reads its report, failing closed: a crash, a timeout, a non-zero exit, an
 * unreadable or untrustworthy report is a `failed`/`timeout` run with a one-line reason, never an empty result.
 *
 * The tool reads only what this run gives it (issue 14): it starts in an empty working directory of its own (so no
 * `.trivyignore`, `trivy.yaml`, `.grype.yaml` or `.syft.yaml` of the repository is found), is pointed at config and
 * ignore files of ours (`ScannerInvocation.inputs`), and gets none of its own environment variables that could
 * filter findings (`ScannerInvocation.ownEnv`). Its directory is emptied first, so a report is read only if this
 * run wrote it: a reused `--work-dir` never hands a crashed run the previous run's report.
 */
export async function runScannerJob(job: ScannerJob): Promise<ScannerJobResult> {
  const record = new RunRecord(job);
  const { options, scanTarget, cwd } = await privateRun(job);
  const invocation = job.scanner.command(scanTarget, options);
  await writeInputs(invocation, options.workDir);
  const withheld = withheldEnvironment(invocation);
  if (withheld.length > 0) record.warnings.push(withheldWarning(withheld, job.scanner.executable));
  const exec = await execScanner(job, options.executable, invocation, cwd, withheld);
  if (exec instanceof RunFailure) return record.failed(exec);
  const failure = processFailure(exec);
  if (failure !== undefined && failure.kind !== 'exit')
    return record.failed(scannerFailure(failure, job, exec));
  const files = await readReports(invocation.outputs);
  if (files instanceof RunFailure) return record.failed(files);
  const outputs: ScannerOutputs = { stdout: exec.stdout, stderr: exec.stderr, files };
  // Every tool is told to exit 0 whatever it finds (trivyIsolation, anchoreIsolation): any other code is an error,
  // even beside a report that looks complete.
  if (failure !== undefined) {
    const explained = job.scanner.explainFailure?.(outputs);
    return record.failed(
      explained !== undefined ? new RunFailure('failed', explained) : scannerFailure(failure, job, exec),
    );
  }
  const result = parseReport(job, outputs);
  if (result instanceof RunFailure) return record.failed(result);
  return record.ok(result, invocation.outputs);
}

/** Why a run failed: its status and one line saying why. */
class RunFailure {
  constructor(
    readonly status: 'failed' | 'timeout',
    readonly error: string,
  ) {}
}

/** The run as the report records it: its slot and target, how long it took, the warnings gathered on the way. */
class RunRecord {
  readonly warnings: string[] = [];
  private readonly started = performance.now();
  private readonly base: Pick<ScannerRun, 'name' | 'target'>;

  constructor(job: ScannerJob) {
    this.base = { name: job.scanner.name, target: job.target.display };
  }

  failed(failure: RunFailure): ScannerJobResult {
    return {
      run: {
        ...this.base,
        status: failure.status,
        durationMs: this.elapsed(),
        findings: 0,
        error: oneLine(failure.error),
        ...(this.warnings.length > 0 ? { warnings: this.warnings } : {}),
      },
    };
  }

  ok(result: ScanResult, outputs: Record<string, string>): ScannerJobResult {
    this.warnings.push(...(result.warnings ?? []));
    const sbom = result.sboms?.[0];
    const packages = sbom ? countSbomPackages(sbom) : undefined;
    return {
      run: {
        ...this.base,
        status: 'ok',
        durationMs: this.elapsed(),
        findings: result.findings.length,
        ...(packages !== undefined ? { packages } : {}),
        ...(result.toolVersion ? { version: result.toolVersion } : {}),
        ...(this.warnings.length > 0 ? { warnings: this.warnings } : {}),
      },
      result,
      outputs,
    };
  }

  private elapsed(): number {
    return Math.round(performance.now() - this.started);
  }
}

function withheldWarning(withheld: readonly string[], executable: string): string {
  return (
    `${withheld.join(', ')} set in the environment ${withheld.length === 1 ? 'was' : 'were'} not passed to ` +
    `${executable}: only container-gate's policy, exceptions and VEX decide what is reported (docs/fail-closed.md)`
  );
}

/** Runs the tool in its private directory, without the variables withheld from it; a tool that cannot start fails the run. */
async function execScanner(
  job: ScannerJob,
  executable: string,
  invocation: ScannerInvocation,
  cwd: string,
  withheld: readonly string[],
): Promise<ExecResult | RunFailure> {
  try {
    return await runProcess(executable, {
      args: invocation.args,
      cwd,
      ...(invocation.env ? { env: invocation.env } : {}),
      withoutEnv: withheld,
      timeoutMs: job.timeoutMs,
      ...(job.signal ? { signal: job.signal } : {}),
      maxOutputBytes: MAX_STREAM_BYTES,
    });
  } catch (error) {
    if (error instanceof ExecStartError) {
      return new RunFailure(
        'failed',
        `could not start ${executable} (${error.code ?? error.message}) — ${job.scanner.installHint}`,
      );
    }
    throw error;
  }
}

/** The scanner's failure in the words of a run's error: `exited with code 1: FATAL …`. */
function scannerFailure(failure: ProcessFailure, job: ScannerJob, exec: ExecResult): RunFailure {
  const stderrLine = quotedLine(exec.stderr, 'last');
  switch (failure.kind) {
    case 'aborted':
      return new RunFailure('failed', 'stopped: the run was interrupted');
    case 'timedOut':
      return new RunFailure(
        'timeout',
        `timed out after ${formatBound(job.timeoutMs)}; its process tree was killed — raise --timeout if the image is large`,
      );
    case 'outputExceeded':
      return new RunFailure(
        'failed',
        `printed more than ${MAX_STREAM_BYTES / 1024 / 1024} MiB on ${failure.stream}; stopped and its output discarded`,
      );
    case 'signal':
      return new RunFailure('failed', `killed by ${failure.signal}${stderrLine ? `: ${stderrLine}` : ''}`);
    case 'exit':
      return new RunFailure(
        'failed',
        `exited with code ${failure.code}${stderrLine ? `: ${stderrLine}` : ' and printed nothing on stderr'}`,
      );
  }
}

/** The reports the tool wrote, by role; a role it did not write is absent (its parser says whether that is wrong). */
async function readReports(paths: Record<string, string>): Promise<ScannerOutputs['files'] | RunFailure> {
  const files: ScannerOutputs['files'] = {};
  for (const [role, path] of Object.entries(paths)) {
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined) continue;
    if (!info.isFile())
      return new RunFailure('failed', `wrote something other than a file as its ${role} report`);
    if (info.size > MAX_REPORT_BYTES) {
      return new RunFailure(
        'failed',
        `wrote a ${Math.round(info.size / 1024 / 1024)} MiB ${role} report, over the ${MAX_REPORT_BYTES / 1024 / 1024} MiB limit`,
      );
    }
    files[role] = await readFile(path, 'utf8');
  }
  return files;
}

/** The tool's report through its parser; a report that cannot be trusted fails the run. */
function parseReport(job: ScannerJob, outputs: ScannerOutputs): ScanResult | RunFailure {
  const { scanner } = job;
  try {
    return scanner.parse(outputs, {
      target: job.target.display,
      ...(job.options.configPaths?.length === 1 ? { givenPath: job.options.configPaths[0]! } : {}),
    });
  } catch (error) {
    if (error instanceof ScannerOutputError) {
      // Parser messages start with the tool or slot name; the run's error is already prefixed with the slot.
      const prefix = [`${scanner.name}: `, `${scanner.executable}: `].find((p) =>
        error.message.startsWith(p),
      );
      const reason = prefix ? error.message.slice(prefix.length) : error.message;
      return new RunFailure('failed', `its output cannot be trusted: ${reason}`);
    }
    throw error;
  }
}

/**
 * The run's directory, emptied and made again, with an empty working directory inside it; every path the tool is
 * handed is absolute, since it does not start where the user did.
 */
async function privateRun(job: ScannerJob) {
  const workDir = resolve(job.options.workDir);
  await rm(workDir, { recursive: true, force: true });
  const cwd = join(workDir, 'cwd');
  await mkdir(cwd, { recursive: true });
  const executable = job.options.executable.includes('/')
    ? resolve(job.options.executable)
    : job.options.executable;
  const options: ScanOptions = {
    ...job.options,
    executable,
    workDir,
    ...(job.options.configPaths ? { configPaths: job.options.configPaths.map((p) => resolve(p)) } : {}),
  };
  const scanTarget: ScanTarget = job.target.path
    ? { ...job.target, path: resolve(job.target.path) }
    : job.target;
  return { options, scanTarget, cwd };
}

/** Config and ignore files of ours; like the outputs, they must lie in the run's own directory. */
async function writeInputs(invocation: ScannerInvocation, workDir: string): Promise<void> {
  const paths = [...Object.values(invocation.outputs), ...Object.keys(invocation.inputs ?? {})];
  for (const path of paths) {
    if (dirname(path) !== workDir)
      throw new Error(`scanner file ${path} is not in its run directory ${workDir}`);
  }
  for (const [path, content] of Object.entries(invocation.inputs ?? {})) {
    await writeFile(path, content, { flag: 'wx' });
  }
}

/** The tool's own variables in our environment that it is not given (see `ToolEnvironment`), sorted. */
export function withheldEnvironment(
  invocation: Pick<ScannerInvocation, 'ownEnv' | 'env'>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const own = invocation.ownEnv;
  if (!own) return [];
  return Object.keys(env)
    .filter(
      (name) =>
        name.startsWith(own.prefix) && !own.passes.test(name) && !Object.hasOwn(invocation.env ?? {}, name),
    )
    .sort();
}

/** The tool's own `--version`, best effort: a version we cannot read is reported as unknown, not as a failure. */
export async function readToolVersion(
  executable: string,
  args: readonly string[],
): Promise<string | undefined> {
  try {
    const res = await runProcess(executable, { args, timeoutMs: 15_000, maxOutputBytes: 1024 * 1024 });
    return res.exitCode === 0 ? parseToolVersion(res.stdout) : undefined;
  } catch {
    return undefined;
  }
}
