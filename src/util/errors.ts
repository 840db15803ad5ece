/**
 * One error class per failure family; `exitCodeFor` maps them to the documented exit codes in one place.
 * Messages are one line and end with what the user should do.
 */
export const EXIT = {
  passed: 0,
  gateFailed: 1,
  runFailed: 2,
  usage: 3,
  interrupted: 130,
  terminated: 143,
  hangup: 129,
} as const;

/** The signals that stop a run (a closed terminal or dropped SSH session sends SIGHUP). */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** 128 + the signal's number, as a shell reports a process killed by it. */
export const EXIT_ON_SIGNAL: Readonly<Record<StopSignal, number>> = {
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated,
  SIGHUP: EXIT.hangup,
};

/** An abort reason as the stop signal it stands for (SIGINT when the reason is not a signal). */
export function stopSignalOf(reason: unknown): StopSignal {
  return reason === 'SIGTERM' || reason === 'SIGHUP' ? reason : 'SIGINT';
}

/**
 * An error container-gate raises on purpose, carrying the exit code it ends the run with. Wrap a caught error with
 * `new XError(message, { cause: error })` so the original stays reachable.
 */
export abstract class ContainerGateError extends Error {
  abstract readonly exitCode: number;
}

/** Bad arguments, a bad config or exceptions file, an unreadable input: the user must change something. */
export class UsageError extends ContainerGateError {
  override readonly name = 'UsageError';
  readonly exitCode = EXIT.usage;
}

/** The scanner ran but its output is not a report we can trust (truncated, wrong shape). Thrown by parsers. */
export class ScannerOutputError extends ContainerGateError {
  override readonly name = 'ScannerOutputError';
  readonly exitCode = EXIT.runFailed;
}

/** Anything else that stops the run: a build that failed, an unwritable output, a failed upload that must not be skipped. */
export class RunError extends ContainerGateError {
  override readonly name = 'RunError';
  readonly exitCode = EXIT.runFailed;
}

/**
 * The image is not signed (or attested) the way the policy asks: no bundle that verifies and matches. Exit 1, like
 * a failed gate: the check ran and said no.
 */
export class VerificationError extends ContainerGateError {
  override readonly name = 'VerificationError';
  readonly exitCode = EXIT.gateFailed;
}

export class InterruptedError extends ContainerGateError {
  override readonly name = 'InterruptedError';
  readonly exitCode: number;
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}; scanners stopped, no report written`);
    this.exitCode = EXIT_ON_SIGNAL[signal];
  }
}

/** The one mapping from an error to the process exit code: its own, or "the run failed" for anything unforeseen. */
export function exitCodeFor(error: unknown): number {
  return error instanceof ContainerGateError ? error.exitCode : EXIT.runFailed;
}

/** The message of anything thrown: an Error's message, any other value as its string. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line, never a stack: scanner text can hold newlines and control characters. */
export function oneLine(message: string): string {
  return (
    message
      // Whole escape sequences first, or `\x1b[31m` would leave `[31m` behind.
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?/g, '')
      // Bidi overrides can make a message read differently from what it says.
      .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
      .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
