import { type ExecResult, ExecStartError, runProcess } from '../process/exec.js';
import { oneLine, RunError, UsageError } from '../util/errors.js';
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
  const fail = (why: string) =>
    new RunError(redactText(`${run.action}: ${run.tool} ${why}`, run.redact ?? []));
  if (result.aborted) {
    const reason: unknown = run.signal?.reason;
    throw reason instanceof Error ? reason : fail('was stopped: the run was interrupted');
  }
  if (result.timedOut) throw fail(`timed out after ${formatBound(run.timeoutMs ?? 0)} and was stopped`);
  if (result.outputExceeded)
    throw fail(
      `printed more than ${(run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT) / 1024 / 1024} MiB on ${result.outputExceeded}; stopped`,
    );
  if (result.signal) throw fail(`was killed by ${result.signal}${suffix(lastMeaningfulLine(result.stderr))}`);
  const code = result.exitCode ?? -1;
  if (code !== 0 && !(run.okExitCodes ?? []).includes(code)) {
    const line = lastMeaningfulLine(result.stderr) ?? lastMeaningfulLine(result.stdout);
    throw fail(`failed (exit ${code})${line ? `: ${line}` : ' and printed nothing on stderr'}`);
  }
  return result;
}

/** `Error: …` (buildah, podman, cosign), `#5 ERROR: …` (buildx), `FATA[0000] …` / `level=fatal` (skopeo). */
const STARTS_WITH_ERROR = /^(?:#\d+\s+)?(?:error|fatal|fata)\b|level=(?:error|fatal)\b/i;
const MENTIONS_ERROR = /\berror\b/i;

/**
 * The line of a tool's stderr that says what went wrong: the last `Error:`/`ERROR`/`fatal` line when there is
 * one (cosign repeats it after a `main.go:74: error during command execution:` trailer, docker buildx prints
 * progress after its `ERROR:` line), else the last line mentioning an error, else the last non-blank line. ANSI colours are dropped; at most
 * 300 characters.
 */
export function lastMeaningfulLine(text: string): string | undefined {
  const lines = text
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^exit status \d+$/i.test(line));
  const line =
    lines.findLast((l) => STARTS_WITH_ERROR.test(l)) ??
    lines.findLast((l) => MENTIONS_ERROR.test(l)) ??
    lines.at(-1);
  return line === undefined ? undefined : oneLine(line).slice(0, 300);
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
