import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
// @ts-expect-error: a plain .mjs script without declarations, also run by bench/
import { writeGeneratedReports } from '../../../scripts/generate-large-reports.mjs';
import { grypeReportSchema, grypeReportShape } from '../../../src/scanners/grype/schema.js';
import { trivyReportSchema, trivyReportShape } from '../../../src/scanners/trivy/schema.js';
import { rawJson, readMadeFixture, readSharedFixture } from './shared-fixtures.js';

/**
 * The in-place checks of src/scanners/json-shape.ts stand in front of the zod schemas for speed (issue 11 item 6).
 * They must never accept what the schema refuses, and what they accept must read as the schema's output would. Every
 * field of real reports (the first item of each list) is replaced by each wrongly and rightly typed value below, and
 * the two must agree: same verdict, same first issue, and an accepted value the schema turns into the same output.
 */
const REPLACEMENTS: unknown[] = [undefined, null, 0, -1, 1.5, 11, '', ' ', '  id  ', 'x', [], [1], {}, true];

// biome-ignore lint/suspicious/noExplicitAny: raw tool JSON is explored freely in tests.
type Raw = any;

function paths(value: Raw, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length > 0 ? [prefix, ...paths(value[0], [...prefix, 0])] : [prefix];
  if (typeof value === 'object' && value !== null)
    return [prefix, ...Object.keys(value).flatMap((key) => paths(value[key], [...prefix, key]))];
  return [prefix];
}

function replaced(raw: Raw, path: (string | number)[], replacement: unknown): Raw {
  const copy = structuredClone(raw);
  if (path.length === 0) return replacement;
  let owner = copy;
  for (const key of path.slice(0, -1)) owner = owner[key];
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete owner[last];
  else owner[last] = structuredClone(replacement);
  return copy;
}

function verdict(schema: z.ZodType, shape: z.ZodType, value: Raw): unknown {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { issue: `${issue.path.join('.')}: ${issue.message}` };
  }
  // What the fast path returns, seen through the schema, is what the schema returns for the original.
  return { data: shape.parse(result.data) };
}

const CASES = [
  ['trivy/alpine-310.json', trivyReportSchema, trivyReportShape, readSharedFixture],
  ['trivy/secrets.json', trivyReportSchema, trivyReportShape, readSharedFixture],
  ['trivy/dockerfile.json', trivyReportSchema, trivyReportShape, readSharedFixture],
  ['trivy-alpine-310-licenses.generated.json', trivyReportSchema, trivyReportShape, readMadeFixture],
  ['trivy-alpine-39-statuses.generated.json', trivyReportSchema, trivyReportShape, readMadeFixture],
  ['grype/presenter-image.json', grypeReportSchema, grypeReportShape, readSharedFixture],
  ['grype-presenter-image-kev-low.generated.json', grypeReportSchema, grypeReportShape, readMadeFixture],
] as const;

describe('fast shape checks agree with the zod schemas they stand in front of', () => {
  it.each(CASES)('%s: every field replaced by each of 14 values', (file, schema, shape, read) => {
    const raw = rawJson(read(file));
    let compared = 0;
    for (const path of paths(raw)) {
      for (const replacement of REPLACEMENTS) {
        const value = replaced(raw, path, replacement);
        const expected = verdict(shape, shape, structuredClone(value));
        expect(verdict(schema, shape, value), `${path.join('.')} = ${JSON.stringify(replacement)}`).toEqual(
          expected,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('the fast path returns the parsed value itself, not a copy: real reports and the GENERATED benchmark ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-fast-shape-'));
    try {
      const generated = writeGeneratedReports(dir, 100) as { trivy: string; grype: string };
      for (const text of [
        readSharedFixture('trivy/alpine-310.json'),
        readFileSync(generated.trivy, 'utf8'),
      ]) {
        const raw = rawJson(text);
        expect(trivyReportSchema.parse(raw)).toBe(raw);
      }
      for (const text of [
        readSharedFixture('grype/presenter-image.json'),
        readFileSync(generated.grype, 'utf8'),
      ]) {
        const raw = rawJson(text);
        expect(grypeReportSchema.parse(raw)).toBe(raw);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
