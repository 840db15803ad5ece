import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir, directoryToolCache, sha256File } from '../../../src/tools/cache.js';

describe('directoryToolCache', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-cache-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('stores an executable under tool/version/platform with its digest, and finds it again', async () => {
    const source = join(work, 'source');
    await writeFile(source, '#!/bin/sh\necho hi\n');
    const cache = directoryToolCache(join(work, 'cache'));
    const stored = await cache.store('grype', '0.118.0', 'linux/arm64', source);
    expect(stored).toBe(join(work, 'cache', 'grype', '0.118.0', 'linux-arm64', 'grype'));
    expect((await readFile(`${stored}.sha256`, 'utf8')).trim()).toBe(await sha256File(source));
    expect(await cache.find('grype', '0.118.0', 'linux/arm64')).toBe(stored);
    expect(await cache.find('grype', '0.117.0', 'linux/arm64')).toBeUndefined();
  });

  it('does not hand out a cached binary that no longer matches its record', async () => {
    const source = join(work, 'source2');
    await writeFile(source, 'original');
    const cache = directoryToolCache(join(work, 'cache2'));
    const stored = await cache.store('syft', '1.51.1', 'linux/amd64', source);
    await writeFile(stored, 'replaced');
    expect(await cache.find('syft', '1.51.1', 'linux/amd64')).toBeUndefined();
  });
});

describe('defaultCacheDir', () => {
  it('lives under XDG_CACHE_HOME when set', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/container-gate/tools');
  });
});
