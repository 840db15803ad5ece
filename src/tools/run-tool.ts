import { type ExecResult, ExecStartError, runProcess } from '../process/exec.js';
import { type ProcessFailure, processFailure, quotedLine } from '../process/failure.js';
import { RunError, UsageError } from '../util/errors.js';
import { formatBound } from '../util/format.js';

/**
 * Runs a helper tool (buildah, skopeo, cosign, tar…) whose failure stops the step that needed it: a tool that
 * cannot start, times out, is killed or exits non-zero becomes one RunError line naming the tool, what it was
 * doing and its last meaningful stderr line. Secrets the caller passes in `redact` never reach that line.
 */
export interface ToolRun {
  /** The name users know (`buildah`, `skopeo`), used in messages. */
  tool: string;
  executable: string;
  args: readonly string[];
  /** What the step was, for the message: `build examples-app:local`, `export ghcr.io/acme/api:1`. */
  action: string;
  /** One line telling the user how to get the tool when it cannot be started. */
  installHint: string;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxOutputBytes?: number;
  /** Values that must never appear in an error message (passwords, tokens), even when the tool echoes them. */
  redact?: readonly string[];
  /** Exit codes other than 0 that still mean success. */
  okExitCodes?: readonly number[];
}

const DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024;

export async function runTool(run: ToolRun): Promise<ExecResult> {
  let result: ExecResult;
  try {
    result = await runProcess(run.executable, {
      args: run.args,
      ...(run.env ? { env: run.env } : {}),
      ...(run.cwd ? { cwd: run.cwd } : {}),
      ...(run.timeoutMs !== undefined ? { timeoutMs: run.timeoutMs } : {}),
      ...(run.signal ? { signal: run.signal } : {}),
      maxOutputBytes: run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT,
    });
  } catch (error) {
    if (error instanceof ExecStartError) {
      const why = error.code === 'ENOENT' ? 'not found' : (error.code ?? error.message);
      throw new UsageError(
        `${run.action}: cannot start ${run.tool} (${run.executable}: ${why}) — ${run.installHint}`,
        { cause: error },
      );
    }
    throw error;
  }
  const failure = processFailure(result, run.okExitCodes);
  if (failure === undefined) return result;
  if (failure.kind === 'aborted') {
    const reason: unknown = run.signal?.reason;
    if (reason instanceof Error) throw reason;
  }
  throw new RunError(
    redactText(`${run.action}: ${run.tool} ${toolFailure(failure, run, result)}`, run.redact ?? []),
  );
}

/** The tool's failure in the words of a step that stopped: `buildah failed (exit 125): Error: …`. */
function toolFailure(failure: ProcessFailure, run: ToolRun, result: ExecResult): string {
  switch (failure.kind) {
    case 'aborted':
      return 'was stopped: the run was interrupted';
    case 'timedOut':
      return `timed out after ${formatBound(run.timeoutMs ?? 0)} and was stopped`;
    case 'outputExceeded':
      return `printed more than ${(run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT) / 1024 / 1024} MiB on ${failure.stream}; stopped`;
    case 'signal':
      return `was killed by ${failure.signal}${suffix(quotedLine(result.stderr))}`;
    case 'exit': {
      const line = quotedLine(result.stderr) ?? quotedLine(result.stdout);
      return `failed (exit ${failure.code})${line ? `: ${line}` : ' and printed nothing on stderr'}`;
    }
  }
}

/** Replaces every occurrence of each secret (at least 4 characters: shorter ones would mangle the message). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

function suffix(line: string | undefined): string {
  return line ? `: ${line}` : '';
}
