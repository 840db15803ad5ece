import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDockerArchive } from '../../../src/image/archive.js';
import { RunError } from '../../../src/util/errors.js';
import { tar } from '../../support/tar.js';

const config = {
  architecture: 'amd64',
  os: 'linux',
  config: { User: '', Env: ['PATH=/bin'] },
  rootfs: { type: 'layers', diff_ids: [] },
};
const deepPath = `usr/${'very-long-directory-name/'.repeat(6)}sudo-like`;

function archive(layers: Record<string, Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-archive-'));
  const path = join(dir, 'image.tar');
  writeFileSync(
    path,
    tar([
      { name: 'abc.json', data: JSON.stringify(config) },
      ...Object.entries(layers).map(([name, data]) => ({ name, data })),
      {
        name: 'manifest.json',
        data: JSON.stringify([{ Config: 'abc.json', RepoTags: ['x:1'], Layers: Object.keys(layers) }]),
      },
    ]),
  );
  return path;
}

describe('readDockerArchive', () => {
  it('reads the config and lists setuid/setgid regular files of every layer, long names included', async () => {
    const layer1 = tar([
      { name: 'bin/', type: '5', mode: 0o755 },
      { name: 'bin/su', data: 'elf', mode: 0o4755 },
      { name: 'bin/ls', data: 'elf', mode: 0o755 },
    ]);
    const layer2 = tar([
      { name: 'usr/bin/wall', data: 'elf', mode: 0o2755 },
      { name: deepPath, data: 'elf', mode: 0o4711 },
    ]);
    const image = await readDockerArchive(archive({ 'l1/layer.tar': layer1, 'l2/layer.tar': layer2 }));
    expect(image.config).toEqual(config);
    expect(image.specialFiles).toEqual([
      { path: '/bin/su', mode: 0o4755 },
      { path: '/usr/bin/wall', mode: 0o2755 },
      { path: `/${deepPath}`, mode: 0o4711 },
    ]);
    expect(image.notes).toEqual([]);
  });

  it('says so instead of guessing when a layer is compressed', async () => {
    const image = await readDockerArchive(
      archive({ 'l1.tar.gz': gzipSync(tar([{ name: 'bin/su', data: 'x', mode: 0o4755 }])) }),
    );
    expect(image.specialFiles).toEqual([]);
    expect(image.notes).toEqual(['layer l1.tar.gz is compressed: its setuid/setgid files were not listed']);
  });

  it('refuses a file that is not a docker-archive, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-archive-'));
    const notTar = join(dir, 'x.tar');
    writeFileSync(notTar, tar([{ name: 'hello.txt', data: 'hi' }]));
    await expect(readDockerArchive(notTar)).rejects.toThrow(/x\.tar: no manifest\.json/);
    await expect(readDockerArchive(join(dir, 'missing.tar'))).rejects.toBeInstanceOf(RunError);
  });

  it('refuses a corrupt header whose size runs past the end of the file', async () => {
    const bytes = tar([{ name: 'manifest.json', data: '[]' }]);
    bytes.write('77777777777\0', 124, 'latin1');
    const dir = mkdtempSync(join(tmpdir(), 'cg-archive-'));
    writeFileSync(join(dir, 'bad.tar'), bytes);
    await expect(readDockerArchive(join(dir, 'bad.tar'))).rejects.toThrow(/corrupt tar header/);
  });
});
