import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ScanResult } from '../core/finding.js';
import type { ScannerRun } from '../core/report.js';
import { ExecStartError, runProcess } from '../process/exec.js';
import { oneLine, ScannerOutputError } from '../util/errors.js';
import { formatBound } from '../util/format.js';
import type { Scanner, ScannerInvocation, ScannerOutputs, ScanOptions, ScanTarget } from './scanner.js';
import { countSbomPackages } from './syft/parse.js';

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
  const { scanner, target } = job;
  const started = performance.now();
  const base = { name: scanner.name, target: target.display };
  const warnings: string[] = [];
  const failed = (status: 'failed' | 'timeout', error: string): ScannerJobResult => ({
    run: {
      ...base,
      status,
      durationMs: Math.round(performance.now() - started),
      findings: 0,
      error: oneLine(error),
      ...(warnings.length > 0 ? { warnings } : {}),
    },
  });

  const { options, scanTarget, cwd } = await privateRun(job);
  const invocation = scanner.command(scanTarget, options);
  await writeInputs(invocation, options.workDir);
  const withheld = withheldEnvironment(invocation);
  if (withheld.length > 0) {
    warnings.push(
      `${withheld.join(', ')} set in the environment ${withheld.length === 1 ? 'was' : 'were'} not passed to ` +
        `${scanner.executable}: only container-gate's policy, exceptions and VEX decide what is reported (docs/fail-closed.md)`,
    );
  }
  let exec: Awaited<ReturnType<typeof runProcess>>;
  try {
    exec = await runProcess(options.executable, {
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
      return failed(
        'failed',
        `could not start ${options.executable} (${error.code ?? error.message}) — ${scanner.installHint}`,
      );
    }
    throw error;
  }
  if (exec.aborted) return failed('failed', 'stopped: the run was interrupted');
  if (exec.timedOut) {
    return failed(
      'timeout',
      `timed out after ${formatBound(job.timeoutMs)}; its process tree was killed — raise --timeout if the image is large`,
    );
  }
  if (exec.outputExceeded) {
    return failed(
      'failed',
      `printed more than ${MAX_STREAM_BYTES / 1024 / 1024} MiB on ${exec.outputExceeded}; stopped and its output discarded`,
    );
  }
  if (exec.signal) return failed('failed', `killed by ${exec.signal}${lastLine(exec.stderr, ': ')}`);

  const files: ScannerOutputs['files'] = {};
  for (const [role, path] of Object.entries(invocation.outputs)) {
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined) continue;
    if (!info.isFile()) return failed('failed', `wrote something other than a file as its ${role} report`);
    if (info.size > MAX_REPORT_BYTES) {
      return failed(
        'failed',
        `wrote a ${Math.round(info.size / 1024 / 1024)} MiB ${role} report, over the ${MAX_REPORT_BYTES / 1024 / 1024} MiB limit`,
      );
    }
    files[role] = await readFile(path, 'utf8');
  }
  const outputs: ScannerOutputs = { stdout: exec.stdout, stderr: exec.stderr, files };
  // Every tool is told to exit 0 whatever it finds (trivyIsolation, anchoreIsolation): any other code is an error,
  // even beside a report that looks complete.
  const code = exec.exitCode ?? -1;
  if (code !== 0) {
    const explained = scanner.explainFailure?.(outputs);
    return failed(
      'failed',
      explained ??
        `exited with code ${code}${lastLine(exec.stderr, ': ') || ' and printed nothing on stderr'}`,
    );
  }

  let result: ScanResult;
  try {
    result = scanner.parse(outputs, {
      target: target.display,
      ...(job.options.configPaths?.length === 1 ? { givenPath: job.options.configPaths[0]! } : {}),
    });
  } catch (error) {
    if (error instanceof ScannerOutputError) {
      // Parser messages start with the tool or slot name; the run's error is already prefixed with the slot.
      const prefix = [`${scanner.name}: `, `${scanner.executable}: `].find((p) =>
        error.message.startsWith(p),
      );
      const reason = prefix ? error.message.slice(prefix.length) : error.message;
      return failed('failed', `its output cannot be trusted: ${reason}`);
    }
    throw error;
  }
  warnings.push(...(result.warnings ?? []));
  const sbom = result.sboms?.[0];
  const packages = sbom ? countSbomPackages(sbom) : undefined;
  return {
    run: {
      ...base,
      status: 'ok',
      durationMs: Math.round(performance.now() - started),
      findings: result.findings.length,
      ...(packages !== undefined ? { packages } : {}),
      ...(result.toolVersion ? { version: result.toolVersion } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    },
    result,
    outputs: invocation.outputs,
  };
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
    if (res.exitCode !== 0) return undefined;
    const match = /(?:^|\s)v?(\d+\.\d+\.\d+[\w.+-]*)|Version:\s*(\S+)/m.exec(res.stdout);
    return match ? (match[1] ?? match[2]) : undefined;
  } catch {
    return undefined;
  }
}

function lastLine(text: string, prefix: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const line = lines.at(-1);
  return line ? `${prefix}${oneLine(line).slice(0, 300)}` : '';
}
