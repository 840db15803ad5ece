import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unpackOciArchive } from '../../../src/image/oci-layout.js';
import { RunError, UsageError } from '../../../src/util/errors.js';
import { tar } from '../../support/tar.js';

const blob = Buffer.from('layer bytes\n');
const layout = [
  { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
  { name: 'index.json', data: '{"schemaVersion":2,"manifests":[]}' },
  { name: 'blobs/', type: '5' },
  { name: 'blobs/sha256/', type: '5' },
  { name: `blobs/sha256/${'b'.repeat(64)}`, data: blob },
  { name: './blobs/sha256/empty', data: '' },
];

function archiveOf(entries: Parameters<typeof tar>[0], compress = false): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cg-oci-'));
  const file = join(dir, 'image.oci.tar');
  const bytes = tar(entries);
  writeFileSync(file, compress ? gzipSync(bytes) : bytes);
  return { file, dir };
}

describe('unpackOciArchive (the layout directory Trivy --input opens)', () => {
  it('writes the layout files byte for byte, directories included', async () => {
    const { file, dir } = archiveOf(layout);
    const out = join(dir, 'image.oci-layout');
    await unpackOciArchive(file, out);
    expect(readFileSync(join(out, 'oci-layout'), 'utf8')).toBe('{"imageLayoutVersion":"1.0.0"}');
    expect(readFileSync(join(out, 'blobs/sha256', 'b'.repeat(64)))).toEqual(blob);
    expect(readFileSync(join(out, 'blobs/sha256/empty'))).toHaveLength(0);
    expect(readdirSync(dir).sort()).toEqual(['image.oci-layout', 'image.oci.tar']);
  });

  it.each([
    ['a path that climbs out', [{ name: '../evil', data: 'x' }]],
    ['an absolute path', [{ name: '/etc/evil', data: 'x' }]],
    ['a symbolic link', [{ name: 'index.json', data: '', type: '2' }]],
  ])('refuses %s and leaves nothing behind', async (_what, entries) => {
    const { file, dir } = archiveOf([...layout.slice(0, 1), ...entries]);
    const out = join(dir, 'image.oci-layout');
    await expect(unpackOciArchive(file, out)).rejects.toThrow(RunError);
    expect(readdirSync(dir)).toEqual(['image.oci.tar']);
    expect(existsSync(join(dir, '..', 'evil'))).toBe(false);
  });

  it('refuses a tar that is not an OCI layout (a docker-archive)', async () => {
    const { file, dir } = archiveOf([{ name: 'manifest.json', data: '[]' }]);
    await expect(unpackOciArchive(file, join(dir, 'out'))).rejects.toThrow(
      /no oci-layout .*not an oci-archive/,
    );
  });

  it('says so for a compressed tar', async () => {
    const { file, dir } = archiveOf(layout, true);
    await expect(unpackOciArchive(file, join(dir, 'out'))).rejects.toThrow(/compressed tar/);
  });

  // aquasecurity/trivy v0.74.0 pkg/fanal/image/oci.go:17-21 cuts --input at the first '@' or ':'.
  it.each(['a:b', 'a@b'])('refuses a layout path with %s in it, which Trivy would cut', async (name) => {
    const { file, dir } = archiveOf(layout);
    await expect(unpackOciArchive(file, join(dir, name))).rejects.toThrow(UsageError);
  });
});
