import { type FileHandle, open } from 'node:fs/promises';
import { z } from 'zod';
import { errorMessage, RunError } from '../util/errors.js';

/**
 * Reads what container-gate's own image checks need from a docker-archive (the one export every scanner reads):
 * the image config, and the files with setuid/setgid bits. Only tar headers, manifest.json and the config are
 * read, by position: a multi-GiB image costs a few thousand small reads, never a copy of its layers.
 */
export interface ArchiveImage {
  config: unknown;
  /** Regular files with the setuid or setgid bit, from every uncompressed layer. */
  specialFiles: { path: string; mode: number }[];
  /** Things the caller may want to say (a compressed layer whose listing was skipped). */
  notes: string[];
}

export interface TarEntry {
  path: string;
  mode: number;
  size: number;
  type: string;
  dataStart: number;
}

const BLOCK = 512;
/** A layer with more entries than this is not listed further: the checks are best effort, the scan is not. */
const MAX_ENTRIES_PER_LAYER = 2_000_000;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const SPECIAL_BITS = 0o6000;

const DockerArchiveManifest = z
  .array(z.looseObject({ Config: z.string(), Layers: z.array(z.string()).default([]) }))
  .min(1);

export async function readDockerArchive(path: string): Promise<ArchiveImage> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const entries = new Map<string, TarEntry>();
    for await (const entry of tarEntries(handle, 0, size)) entries.set(normalise(entry.path), entry);
    const manifestEntry = entries.get('manifest.json');
    if (!manifestEntry) throw new RunError(`${path}: no manifest.json — not a docker-archive`);
    const manifest = DockerArchiveManifest.safeParse(JSON.parse(await readText(handle, manifestEntry)));
    if (!manifest.success) throw new RunError(`${path}: manifest.json is not a docker-archive manifest`);
    const image = manifest.data[0]!;
    const configEntry = entries.get(normalise(image.Config));
    if (!configEntry)
      throw new RunError(`${path}: the config ${image.Config} named by manifest.json is missing`);
    const config: unknown = JSON.parse(await readText(handle, configEntry));

    const specialFiles: ArchiveImage['specialFiles'] = [];
    const notes: string[] = [];
    for (const layerName of image.Layers) {
      const layer = entries.get(normalise(layerName));
      if (!layer) throw new RunError(`${path}: the layer ${layerName} named by manifest.json is missing`);
      const magic = Buffer.alloc(2);
      await handle.read(magic, 0, 2, layer.dataStart);
      if (magic[0] === 0x1f && magic[1] === 0x8b) {
        notes.push(`layer ${layerName} is compressed: its setuid/setgid files were not listed`);
        continue;
      }
      let count = 0;
      for await (const file of tarEntries(handle, layer.dataStart, layer.dataStart + layer.size)) {
        if (++count > MAX_ENTRIES_PER_LAYER) {
          notes.push(`layer ${layerName} has over ${MAX_ENTRIES_PER_LAYER} entries: listing stopped there`);
          break;
        }
        if ((file.type === '0' || file.type === '\0') && (file.mode & SPECIAL_BITS) !== 0) {
          specialFiles.push({ path: `/${normalise(file.path)}`, mode: file.mode });
        }
      }
    }
    return { config, specialFiles, notes };
  } catch (error) {
    if (error instanceof RunError) throw error;
    throw new RunError(`${path}: cannot read the image archive (${errorMessage(error)})`, { cause: error });
  } finally {
    await handle?.close();
  }
}

export async function* tarEntries(handle: FileHandle, start: number, end: number): AsyncGenerator<TarEntry> {
  const header = Buffer.alloc(BLOCK);
  let offset = start;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (offset + BLOCK <= end) {
    const { bytesRead } = await handle.read(header, 0, BLOCK, offset);
    if (bytesRead < BLOCK || header.every((byte) => byte === 0)) return;
    const name = cString(header, 0, 100);
    const prefix = header.toString('latin1', 257, 262) === 'ustar' ? cString(header, 345, 155) : '';
    const size = numeric(header, 124, 12);
    const mode = numeric(header, 100, 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    if (!Number.isSafeInteger(size) || size < 0 || dataStart + size > end) {
      throw new RunError(`corrupt tar header at byte ${offset}`);
    }
    if (type === 'L') {
      longName = cString(await readBytes(handle, dataStart, Math.min(size, 64 * 1024)), 0, size);
    } else if (type === 'x') {
      paxPath = paxRecord(await readBytes(handle, dataStart, Math.min(size, 1024 * 1024)), 'path');
    } else if (type !== 'g') {
      yield {
        path: paxPath ?? longName ?? (prefix ? `${prefix}/${name}` : name),
        mode,
        size,
        type,
        dataStart,
      };
      longName = undefined;
      paxPath = undefined;
    }
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
}

function cString(buffer: Buffer, start: number, length: number): string {
  const slice = buffer.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.toString('utf8', 0, nul === -1 ? slice.length : nul);
}

/** Octal, or base-256 (GNU) for values that do not fit, as tar writes sizes of files over 8 GiB. */
function numeric(buffer: Buffer, start: number, length: number): number {
  const first = buffer[start] ?? 0;
  if (first & 0x80) {
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + (buffer[i] ?? 0);
    return value;
  }
  const text = cString(buffer, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function paxRecord(data: Buffer, key: string): string | undefined {
  const text = data.toString('utf8');
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(' ', at);
    const length = Number.parseInt(text.slice(at, space), 10);
    if (!Number.isFinite(length) || length <= 0) return undefined;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === key) return record.slice(eq + 1);
    at += length;
  }
  return undefined;
}

async function readBytes(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  await handle.read(buffer, 0, length, position);
  return buffer;
}

async function readText(handle: FileHandle, entry: TarEntry): Promise<string> {
  if (entry.size > MAX_JSON_BYTES) throw new RunError(`${entry.path} is larger than 16 MiB`);
  return (await readBytes(handle, entry.dataStart, entry.size)).toString('utf8');
}

function normalise(path: string): string {
  return path.replace(/^\.?\/+/, '');
}
