import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunError } from './errors.js';

/**
 * Writes a file so that a reader never sees half of it: a temporary file beside the target, then a rename.
 * On failure (unwritable directory, disk full) nothing is left under the final name or as a temporary.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  what: string,
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const cause =
      code === 'ENOSPC'
        ? 'disk full'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (code ?? String(error));
    throw new RunError(`cannot write ${what} ${path}: ${cause} — choose a writable path with free space`);
  }
}
