import { randomBytes } from 'node:crypto';
import { constants, openSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, open, readlink, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { RunError } from './errors.js';

export interface FileToWrite {
  path: string;
  content: string | Uint8Array;
  /** What the file is, for the error line (`JSON report`, `SARIF`, `SBOM`, `summary`). */
  what: string;
}

/** A write made ready: `commit` puts it in place, `discard` leaves the path as it was. */
interface StagedWrite {
  commit(): Promise<void>;
  discard(): Promise<void>;
  /** Written in place (a device, FIFO, socket or symbolic link): cannot be undone, so committed first. */
  through: boolean;
}

/**
 * Writes a file so that a reader never sees half of it: a temporary file beside the target, then a rename.
 * On failure (unwritable directory, disk full) nothing is left under the final name or as a temporary. A device,
 * FIFO or symbolic link is written through instead (see `stageWrite`).
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  what: string,
): Promise<void> {
  await writeAllOrNothing([{ path, content, what }]);
}

/**
 * Writes every file or none (docs/fail-closed.md, "Outputs"): each regular file is first written as a temporary
 * beside its destination; only when all of them are written are they renamed into place. If one cannot be written,
 * the temporaries are removed and the destinations left as they were, so no output of a failed run can say
 * "passed". Throws the first failure (a `RunError`, exit 2).
 */
export async function writeAllOrNothing(files: readonly FileToWrite[]): Promise<void> {
  const staged: StagedWrite[] = [];
  try {
    for (const file of files) staged.push(await stageWrite(file));
    // What is written in place cannot be taken back: it goes first, while the renames can still be called off.
    for (const write of [...staged.filter((s) => s.through), ...staged.filter((s) => !s.through)])
      await write.commit();
  } catch (error) {
    await Promise.all(staged.map((s) => s.discard()));
    throw error;
  }
}

/**
 * A new path or a regular file is replaced atomically (temporary, then rename). Anything else that exists is
 * written through, in place: a character device (`/dev/null`), a FIFO, a socket, and a symbolic link, which is
 * followed on purpose — `--json /dev/stdout` writes to standard output instead of replacing the link with a regular
 * file, and a link into a shared directory stays a link. A directory is refused.
 */
async function stageWrite(file: FileToWrite): Promise<StagedWrite> {
  const { path, content, what } = file;
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw writeError(error, path, what);
  });
  if (info?.isDirectory()) throw writeError({ code: 'EISDIR' }, path, what);
  const fd = info?.isSymbolicLink() ? await ownDescriptor(path) : undefined;
  if (fd !== undefined) {
    return {
      through: true,
      commit: () =>
        writeToDescriptor(fd, content).catch((error: unknown) => {
          throw writeError(error, path, what);
        }),
      discard: async () => undefined,
    };
  }
  if (info && !info.isFile()) {
    return {
      through: true,
      commit: async () => {
        try {
          if ((await stat(path).catch(() => undefined))?.isFIFO()) {
            await writeFifo(path, content);
            return;
          }
          const handle = await open(path, 'w');
          try {
            await handle.writeFile(content);
          } finally {
            await handle.close();
          }
        } catch (error) {
          throw writeError(error, path, what);
        }
      },
      discard: async () => undefined,
    };
  }
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content, { flag: 'wx' });
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw writeError(error, path, what);
  }
  let done = false;
  return {
    through: false,
    commit: async () => {
      try {
        await rename(temp, path);
        done = true;
      } catch (error) {
        throw writeError(error, path, what);
      }
    },
    discard: async () => {
      if (!done) await unlink(temp).catch(() => undefined);
    },
  };
}

function writeError(error: unknown, path: string, what: string): RunError {
  const code = (error as NodeJS.ErrnoException).code;
  const cause =
    code === 'ENOSPC'
      ? 'disk full'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (code ?? String(error));
  return new RunError(`cannot write ${what} ${path}: ${cause} — choose a writable path with free space`);
}

/**
 * The descriptor of ours a path names through links (`/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`): written to
 * directly, since opening it again fails when it is a socket (as a child's standard output often is).
 */
async function ownDescriptor(path: string): Promise<number | undefined> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const named = /^\/dev\/std(out|err)$/.exec(current);
    if (named) return named[1] === 'out' ? 1 : 2;
    const numbered = new RegExp(`^/(?:dev|proc/(?:self|${process.pid}))/fd/(\\d+)$`).exec(current);
    if (numbered) return Number(numbered[1]);
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return undefined;
    current = resolve(dirname(current), await readlink(current));
  }
  return undefined;
}

function writeToDescriptor(fd: number, content: string | Uint8Array): Promise<void> {
  const stream = fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined;
  if (stream) {
    return new Promise((resolvePromise, reject) =>
      stream.write(content, (error) => (error ? reject(error) : resolvePromise())),
    );
  }
  // Another inherited descriptor (`--json /dev/fd/3`): written whole, in one go.
  return Promise.resolve().then(() => writeFileSync(fd, content));
}

/**
 * A FIFO is opened without blocking (a thread of the pool waiting for a reader would also hold the process's exit
 * back after a second Ctrl-C): until a reader comes, the open is retried every 100 ms; then it is written on the
 * event loop.
 */
async function writeFifo(path: string, content: string | Uint8Array): Promise<void> {
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const pipe = new Socket({ fd, readable: false, writable: true });
  await new Promise<void>((resolvePromise, reject) => {
    pipe.once('error', reject);
    pipe.end(content, () => resolvePromise());
  }).finally(() => pipe.destroy());
}
