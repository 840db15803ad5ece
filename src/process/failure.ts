import { oneLine } from '../util/errors.js';
import type { ExecResult } from './exec.js';

/**
 * Why a finished process counts as failed, one home for the scanner runner and the helper-tool runner, which word it
 * each their own way. Checked in the order that explains it best: an interrupted, timed-out or flooding process was
 * also killed by a signal, and that signal is not the news.
 */
export type ProcessFailure =
  | { kind: 'aborted' }
  | { kind: 'timedOut' }
  | { kind: 'outputExceeded'; stream: 'stdout' | 'stderr' }
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'exit'; code: number };

/** Undefined when the process exited 0 or with one of `okExitCodes`; no exit code at all counts as -1. */
export function processFailure(
  result: ExecResult,
  okExitCodes: readonly number[] = [],
): ProcessFailure | undefined {
  if (result.aborted) return { kind: 'aborted' };
  if (result.timedOut) return { kind: 'timedOut' };
  if (result.outputExceeded) return { kind: 'outputExceeded', stream: result.outputExceeded };
  if (result.signal) return { kind: 'signal', signal: result.signal };
  const code = result.exitCode ?? -1;
  return code === 0 || okExitCodes.includes(code) ? undefined : { kind: 'exit', code };
}

/** `Error: …` (buildah, podman, cosign), `#5 ERROR: …` (buildx), `FATA[0000] …` / `level=fatal` (skopeo). */
const STARTS_WITH_ERROR = /^(?:#\d+\s+)?(?:error|fatal|fata)\b|level=(?:error|fatal)\b/i;
const MENTIONS_ERROR = /\berror\b/i;
const ANSI_COLOUR = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * The line of a process's output to quote in a one-line error, at most 300 characters. `last`: the last non-blank
 * line (a scanner's stderr ends with what stopped it). `error` (helper tools): the last `Error:`/`ERROR`/`fatal` line
 * when there is one (cosign repeats it after a `main.go:74: error during command execution:` trailer, docker buildx
 * prints progress after its `ERROR:` line), else the last line mentioning an error, else the last non-blank line;
 * ANSI colours and `exit status N` trailers are dropped first.
 */
export function quotedLine(text: string, pick: 'last' | 'error' = 'error'): string | undefined {
  const lines = (pick === 'error' ? text.replace(ANSI_COLOUR, '') : text)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !(pick === 'error' && /^exit status \d+$/i.test(line)));
  const line =
    pick === 'error'
      ? (lines.findLast((l) => STARTS_WITH_ERROR.test(l)) ??
        lines.findLast((l) => MENTIONS_ERROR.test(l)) ??
        lines.at(-1))
      : lines.at(-1);
  return line === undefined ? undefined : oneLine(line).slice(0, 300);
}
