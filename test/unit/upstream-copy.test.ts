import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

/**
 * test/upstream holds copies of the team's ../shared/fixtures and ../shared/schemas so the tests run on any checkout
 * (test/upstream/README.md). Where ../shared exists, the copies must be the same bytes.
 */
const shared = join(repoRoot, '../shared');
const vendored = join(repoRoot, 'test/upstream');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe.skipIf(!existsSync(shared))('the vendored upstream material matches ../shared', () => {
  it.each(['fixtures', 'schemas'])('%s: same files, same bytes', (dir) => {
    const ours = files(join(vendored, dir));
    expect(ours).toEqual(files(join(shared, dir)));
    for (const file of ours) {
      expect(
        readFileSync(join(vendored, dir, file)).equals(readFileSync(join(shared, dir, file))),
        file,
      ).toBe(true);
    }
  });
});
