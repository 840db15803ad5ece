import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { repoRoot as REPO_ROOT, fixturesDir as SHARED_FIXTURES } from '../../support/paths.js';

/** The repository root, and the real scanner outputs with provenance (test/upstream/fixtures/PROVENANCE.md). */
export { REPO_ROOT, SHARED_FIXTURES };

/** Hand-made fixtures derived from the shared ones (test/fixtures/made/README.md). */
export const MADE_FIXTURES = resolve(REPO_ROOT, 'test/fixtures/made');

export function readSharedFixture(relativePath: string): string {
  return readFileSync(resolve(SHARED_FIXTURES, relativePath), 'utf8');
}

export function readMadeFixture(name: string): string {
  return readFileSync(resolve(MADE_FIXTURES, name), 'utf8');
}

/** The fixture as plain JSON, for computing what the parser should produce and for deriving variants. */
// biome-ignore lint/suspicious/noExplicitAny: raw tool JSON is explored freely in tests.
export function rawJson(text: string): any {
  return JSON.parse(text);
}
