import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { errorMessage, RunError, UsageError } from '../util/errors.js';
import { tarEntries } from './archive.js';

/**
 * Unpacks an oci-archive (a tar of an OCI image layout) into a layout directory. Trivy's `--input` opens a
 * docker-archive tarball or an OCI layout directory but not an OCI tarball (aquasecurity/trivy v0.74.0
 * pkg/fanal/image/archive.go:21-40, oci.go:12-33), so this is what Trivy reads when the image is an oci-archive.
 * Only directories and regular files are written, each under `dir`: a link or a path leaving the layout is refused,
 * and the layout must have `oci-layout` and `index.json`. The directory appears whole or not at all (written under a
 * temporary name, then renamed).
 */
export async function unpackOciArchive(archive: string, dir: string): Promise<void> {
  // trivy splits `--input` at the first ':' or '@' to read `path:tag` (oci.go:17-21): the path must have neither.
  if (/[:@]/.test(dir)) {
    throw new UsageError(
      `work dir ${JSON.stringify(dir)}: contains ':' or '@', which Trivy reads as a tag separator — choose a work dir without them`,
    );
  }
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  try {
    await extract(archive, partial);
    for (const required of ['oci-layout', 'index.json']) {
      const info = await stat(join(partial, required)).catch(() => undefined);
      if (!info?.isFile())
        throw new RunError(`${archive}: no ${required} at the top of the archive — not an oci-archive`);
    }
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (error instanceof RunError || error instanceof UsageError) throw error;
    throw new RunError(`${archive}: cannot unpack the oci-archive (${errorMessage(error)})`, {
      cause: error,
    });
  }
}

async function extract(archive: string, into: string): Promise<void> {
  const handle = await open(archive, 'r');
  try {
    const { size } = await handle.stat();
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
      throw new RunError(
        `${archive}: a compressed tar — an oci-archive is an uncompressed tar (gunzip it first)`,
      );
    }
    await mkdir(into, { recursive: true });
    for await (const entry of tarEntries(handle, 0, size)) {
      const path = safeRelative(entry.path);
      if (path === undefined)
        throw new RunError(`${archive}: entry ${JSON.stringify(entry.path)} leaves the archive`);
      if (path === '') continue;
      const to = join(into, path);
      if (entry.type === '5') {
        await mkdir(to, { recursive: true });
      } else if (entry.type === '0' || entry.type === '\0') {
        await mkdir(dirname(to), { recursive: true });
        await pipeline(
          entry.size === 0
            ? [] // createReadStream's `end` is inclusive: an empty file reads nothing
            : createReadStream(archive, { start: entry.dataStart, end: entry.dataStart + entry.size - 1 }),
          createWriteStream(to, { flags: 'wx' }),
        );
      } else {
        throw new RunError(
          `${archive}: entry ${JSON.stringify(entry.path)} is not a file or directory (tar type ${JSON.stringify(entry.type)}) — an OCI layout has only those`,
        );
      }
    }
  } finally {
    await handle.close();
  }
}

/** The entry's path relative to the layout root; undefined when it is absolute or climbs out with `..`. */
function safeRelative(path: string): string | undefined {
  const parts = path
    .replace(/^(\.\/)+/, '')
    .split('/')
    .filter((part) => part !== '' && part !== '.');
  if (path.startsWith('/') || parts.includes('..')) return undefined;
  return parts.join('/');
}
