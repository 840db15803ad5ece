/** A minimal ustar writer for hand-made archives (what `docker save` / `buildah push docker-archive:` lay out). */
export function tar(
  entries: { name: string; data?: Buffer | string; mode?: number; type?: string }[],
): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, mode: number, type: string) => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0, 'utf8');
    h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write(type, 156, 'latin1');
    h.write('ustar\0', 257, 'latin1');
    h.write('00', 263, 'latin1');
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const byte of h) sum += byte;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    return h;
  };
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data ?? '');
    if (entry.name.length > 100) {
      const long = Buffer.from(`${entry.name}\0`);
      blocks.push(
        header('././@LongLink', long.length, 0o644, 'L'),
        long,
        Buffer.alloc((512 - (long.length % 512)) % 512),
      );
    }
    blocks.push(header(entry.name, data.length, entry.mode ?? 0o644, entry.type ?? '0'));
    blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
