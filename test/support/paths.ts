import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository, and the upstream material vendored in it (test/upstream/README.md): one definition for all tests. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = resolve(repoRoot, 'test/upstream/fixtures');
export const schemasDir = resolve(repoRoot, 'test/upstream/schemas');
