import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../../src/core/finding.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), 'utf8');
}

/** The 1-based line of the `occurrence`-th line of `text` that contains `needle`; throws when there is none. */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`fixture has no line containing ${JSON.stringify(needle)} (occurrence ${occurrence})`);
}

/** Replaces exactly one occurrence, so that a mutation that silently did nothing fails the test. */
export function mutate(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) {
    throw new Error(`fixture must contain ${JSON.stringify(from)} exactly once`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** `rule@line` for every finding, for comparisons that show what was found when they fail. */
export function sites(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.id}@${f.location?.path}:${f.location?.startLine ?? '-'}`);
}
