import { mkdir, readFile, stat } from 'node:fs/promises';
import type { ScanResult } from '../core/finding.js';
import type { ScannerRun } from '../core/report.js';
import { oneLine, ScannerOutputError } from '../errors.js';
import { ExecStartError, runProcess } from '../exec.js';
import type { Scanner, ScannerOutputs, ScanOptions, ScanTarget } from './scanner.js';
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
 * Runs one scanner on one target and reads its report, failing closed: a crash, a timeout, an unreadable or
 * untrustworthy report is a `failed`/`timeout` run with a one-line reason, never an empty result.
 */
export async function runScannerJob(job: ScannerJob): Promise<ScannerJobResult> {
  const { scanner, target, options } = job;
  const started = performance.now();
  const base = { name: scanner.name, target: target.display };
  const failed = (status: 'failed' | 'timeout', error: string): ScannerJobResult => ({
    run: {
      ...base,
      status,
      durationMs: Math.round(performance.now() - started),
      findings: 0,
      error: oneLine(error),
    },
  });

  await mkdir(options.workDir, { recursive: true });
  const invocation = scanner.command(target, options);
  let exec: Awaited<ReturnType<typeof runProcess>>;
  try {
    exec = await runProcess(options.executable, {
      args: invocation.args,
      ...(invocation.env ? { env: invocation.env } : {}),
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
      `timed out after ${formatSeconds(job.timeoutMs)}; its process tree was killed — raise --timeout if the image is large`,
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
    const size = await stat(path).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) continue;
    if (size > MAX_REPORT_BYTES) {
      return failed(
        'failed',
        `wrote a ${Math.round(size / 1024 / 1024)} MiB ${role} report, over the ${MAX_REPORT_BYTES / 1024 / 1024} MiB limit`,
      );
    }
    files[role] = await readFile(path, 'utf8');
  }
  const outputs: ScannerOutputs = { stdout: exec.stdout, stderr: exec.stderr, files };
  const code = exec.exitCode ?? -1;
  if (code !== 0 && !scanner.exitMeansFindings(code)) {
    const explained = scanner.explainFailure?.(outputs);
    return failed(
      'failed',
      explained ??
        `exited with code ${code}${lastLine(exec.stderr, ': ') || ' and printed nothing on stderr'}`,
    );
  }

  let result: ScanResult;
  try {
    result = scanner.parse(outputs, { target: target.display });
  } catch (error) {
    if (error instanceof ScannerOutputError) {
      const explained = code !== 0 ? scanner.explainFailure?.(outputs) : undefined;
      // Parser messages start with the tool or slot name; the run's error is already prefixed with the slot.
      const prefix = [`${scanner.name}: `, `${scanner.executable}: `].find((p) =>
        error.message.startsWith(p),
      );
      const reason = prefix ? error.message.slice(prefix.length) : error.message;
      const exit = code !== 0 ? ` (it exited with code ${code}${lastLine(exec.stderr, ': ')})` : '';
      return failed('failed', explained ?? `its output cannot be trusted: ${reason}${exit}`);
    }
    throw error;
  }
  const warnings = [...(result.warnings ?? [])];
  const sbom = result.sboms?.[0];
  const packages = sbom ? countSbomPackages(sbom) : undefined;
  if (code !== 0)
    warnings.push(`exited with code ${code} but wrote a complete report; read as findings, not as a failure`);
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

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
