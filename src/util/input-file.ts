import { closeSync, constants, fstatSync, openSync, read } from 'node:fs';
import { Socket } from 'node:net';
import { InterruptedError, stopSignalOf, UsageError } from './errors.js';

/** What a user hands container-gate to read, and the most of each it reads (docs/fail-closed.md). */
export const INPUT_LIMITS = {
  'exceptions file': 16 * 1024 * 1024,
  'VEX file': 16 * 1024 * 1024,
  report: 256 * 1024 * 1024,
  Dockerfile: 16 * 1024 * 1024,
  manifest: 16 * 1024 * 1024,
  predicate: 256 * 1024 * 1024,
  'config file': 16 * 1024 * 1024,
  '--baseline': 256 * 1024 * 1024,
  // CISA's catalog is about 1.5 MB.
  '--kev-catalog': 64 * 1024 * 1024,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

const CHUNK = 1024 * 1024;

/**
 * Reads an input file, streamed and checked as it goes: past its kind's limit it stops and refuses the file (exit 3)
 * instead of growing without bound (`--vex /dev/zero`), and a stop signal while it waits or reads (a FIFO nobody
 * writes to) ends the read at once. Devices, FIFOs and `<(…)` are read like files.
 */
export async function readInputFile(path: string, kind: InputKind, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw new InterruptedError(stopSignalOf(signal.reason));
  let fd: number;
  try {
    // Non-blocking: opening a FIFO must not wait for a writer in the thread pool, where a blocked call would also
    // hold the process's exit back after a stop signal (libuv joins its threads on exit).
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw inputError(error, path, kind);
  }
  const reader = new BoundedReader(path, kind);
  let ownFd = true;
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw inputError({ code: 'EISDIR' }, path, kind);
    if (info.isFIFO() || info.isSocket()) {
      ownFd = false; // the pipe handle closes it
      return await readPipe(fd, reader, signal);
    }
    return await readFd(fd, reader, signal);
  } catch (error) {
    throw inputError(error, path, kind);
  } finally {
    if (ownFd) closeSync(fd);
  }
}

class BoundedReader {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  constructor(
    private readonly path: string,
    private readonly kind: InputKind,
  ) {}
  add(chunk: Buffer): void {
    this.total += chunk.length;
    const limit = INPUT_LIMITS[this.kind];
    if (this.total > limit) {
      throw new UsageError(
        `${this.kind} ${this.path}: larger than ${limit / 1024 / 1024} MiB, the most container-gate reads — is this the right file?`,
      );
    }
    this.chunks.push(chunk);
  }
  text(): string {
    return Buffer.concat(this.chunks, this.total).toString('utf8');
  }
}

/** A regular file or a device: chunked reads in the thread pool (they do not wait on anyone). */
async function readFd(fd: number, reader: BoundedReader, signal: AbortSignal | undefined): Promise<string> {
  for (;;) {
    if (signal?.aborted) throw new InterruptedError(stopSignalOf(signal.reason));
    const buffer = Buffer.allocUnsafe(CHUNK);
    const bytesRead = await new Promise<number>((resolve, reject) =>
      read(fd, buffer, 0, CHUNK, null, (error, n) => (error ? reject(error) : resolve(n))),
    );
    if (bytesRead === 0) return reader.text();
    reader.add(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
  }
}

/**
 * A FIFO or socket: read on the event loop (a libuv pipe), never in a thread that would block until a writer
 * comes. The pipe handle owns the descriptor and closes it.
 */
function readPipe(fd: number, reader: BoundedReader, signal: AbortSignal | undefined): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const pipe = new Socket({ fd, readable: true, writable: false });
    const finish = (error?: unknown) => {
      signal?.removeEventListener('abort', onAbort);
      pipe.destroy();
      if (error) reject(error);
      else resolve(reader.text());
    };
    const onAbort = () => finish(new InterruptedError(stopSignalOf(signal?.reason)));
    signal?.addEventListener('abort', onAbort, { once: true });
    pipe.on('data', (chunk: Buffer) => {
      try {
        reader.add(chunk);
      } catch (error) {
        finish(error);
      }
    });
    pipe.once('end', () => finish());
    pipe.once('error', (error) => finish(error));
  });
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
