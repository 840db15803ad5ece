import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commentMarker } from '../../../src/action/pr-comment.js';
import { applyCategoryPrefix } from '../../../src/action/sarif-category.js';
import { RunError } from '../../../src/util/errors.js';
import { SHARED_FIXTURES } from './support.js';

const trivySarif = readFileSync(path.resolve(SHARED_FIXTURES, 'trivy/alpine-310.sarif'), 'utf8');

describe('categories', () => {
  it('prefixes every run category of a real SARIF log and keeps everything else', () => {
    const raw = JSON.parse(trivySarif);
    const prefixed = JSON.parse(applyCategoryPrefix(trivySarif, 'staging/', 'x.sarif'));
    expect(prefixed.runs).toHaveLength(raw.runs.length);
    raw.runs.forEach((run: { automationDetails?: { id?: string } }, i: number) => {
      expect(prefixed.runs[i].automationDetails.id).toBe(`staging/${run.automationDetails?.id ?? ''}`);
      expect(prefixed.runs[i].results).toEqual((run as { results: unknown }).results);
    });
  });

  it('applies the prefix once, so rewriting the same file again changes nothing', () => {
    const once = applyCategoryPrefix(trivySarif, 'staging/', 'x.sarif');
    expect(applyCategoryPrefix(once, 'staging/', 'x.sarif')).toBe(once);
  });

  it('refuses a file that is not a SARIF log', () => {
    expect(() => applyCategoryPrefix('{"version":"2.1.0"}', 'a/', 'x.sarif')).toThrow(RunError);
  });

  it('keeps the comment marker a single HTML comment whatever the category holds', () => {
    const marker = commentMarker('evil --> <script> -- x');
    expect(marker.startsWith('<!-- container-gate:')).toBe(true);
    expect(marker.slice(4, -3)).not.toMatch(/--|>/);
  });
});
