import { inflateRawSync } from 'node:zlib';

/**
 * Reads one file out of a zip archive (what GitHub's artifact download returns), from its central directory:
 * stored or deflated entries, no ZIP64 (a report artifact is far below 4 GiB). Throws a plain Error on anything
 * else; the caller says what it was reading.
 */
export function readZipEntry(zip: Buffer, name: string, maxBytes: number): Buffer | undefined {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('zip central directory is damaged');
    const method = zip.readUInt16LE(offset + 10);
    const compressed = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if (compressed === 0xffffffff || size === 0xffffffff) throw new Error('ZIP64 archives are not read');
    if (size > maxBytes) throw new Error(`${name} is ${size} bytes, more than ${maxBytes}`);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('zip local header is damaged');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (method === 0) return Buffer.from(data);
    if (method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
    throw new Error(`${name} uses zip compression method ${method}, which is not read`);
  }
  return undefined;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error('not a zip archive');
}
