import { open } from 'node:fs/promises';
import { InterruptedError, stopSignalOf, UsageError } from './errors.js';

/** What a user hands container-gate to read, and the most of each it reads (docs/fail-closed.md). */
export const INPUT_LIMITS = {
  'exceptions file': 16 * 1024 * 1024,
  'VEX file': 16 * 1024 * 1024,
  report: 256 * 1024 * 1024,
  Dockerfile: 16 * 1024 * 1024,
  manifest: 16 * 1024 * 1024,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

const CHUNK = 1024 * 1024;

/**
 * Reads an input file, streamed and checked as it goes: past its kind's limit it stops and refuses the file (exit 3)
 * instead of growing without bound (`--vex /dev/zero`), and a stop signal while it waits or reads (a FIFO nobody
 * writes to) ends the read at once. Devices, FIFOs and `<(…)` are read like files.
 */
export async function readInputFile(path: string, kind: InputKind, signal?: AbortSignal): Promise<string> {
  const limit = INPUT_LIMITS[kind];
  const handle = await untilAborted(open(path, 'r'), signal).catch((error: unknown) => {
    throw inputError(error, path, kind);
  });
  let pending = false;
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      pending = true;
      const { bytesRead } = await untilAborted(handle.read(buffer, 0, CHUNK, null), signal);
      pending = false;
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) {
        throw new UsageError(
          `${kind} ${path}: larger than ${limit / 1024 / 1024} MiB, the most container-gate reads — is this the right file?`,
        );
      }
      chunks.push(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    throw inputError(error, path, kind);
  } finally {
    // A read still waiting on a FIFO would hold close() back; the process is stopping then anyway.
    if (pending) void handle.close().catch(() => undefined);
    else await handle.close().catch(() => undefined);
  }
}

function inputError(error: unknown, path: string, kind: InputKind): Error {
  if (error instanceof UsageError || error instanceof InterruptedError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const cause =
    code === 'ENOENT'
      ? 'not found'
      : code === 'EISDIR'
        ? 'a directory, not a file'
        : code === 'EACCES'
          ? 'permission denied'
          : (code ?? String(error));
  return new UsageError(`${kind} ${path}: ${cause} — check the path`);
}

/** The operation's result, or an InterruptedError as soon as `signal` aborts (the operation is left to finish). */
function untilAborted<T>(operation: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return operation;
  if (signal.aborted) {
    operation.catch(() => undefined);
    return Promise.reject(new InterruptedError(stopSignalOf(signal.reason)));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new InterruptedError(stopSignalOf(signal.reason)));
    signal.addEventListener('abort', onAbort, { once: true });
    operation.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
