import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_LINKS } from '../../../src/core/identity.js';
import {
  collectLinks,
  explainRegistryFailure,
  nonEmpty,
  parseToolJson,
  purlType,
} from '../../../src/scanners/tool-output.js';
import { ScannerOutputError } from '../../../src/util/errors.js';

describe('parseToolJson', () => {
  const schema = z.looseObject({ name: z.string() });

  it('returns the checked value and keeps fields the schema does not name', () => {
    expect(parseToolJson('{"name":"x","extra":1}', 'tool', 'report', schema)).toEqual({
      name: 'x',
      extra: 1,
    });
  });

  it.each([
    [undefined, /wrote no report/],
    ['', /wrote no report/],
    ['{"name":', /not valid JSON/],
    ['{"name":1}', /expected shape \(name: /],
    ['[]', /expected shape \(top level: /],
  ])('refuses %j with a one-line message naming the tool', (text, pattern) => {
    let error: unknown;
    try {
      parseToolJson(text, 'tool', 'report', schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScannerOutputError);
    expect((error as Error).message).toMatch(/^tool: /);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('collectLinks', () => {
  it('keeps the first of each link, skips blanks and stops at the cap', () => {
    const many = Array.from({ length: MAX_LINKS + 5 }, (_, i) => `https://example.test/${i}`);
    expect(collectLinks(['https://a', '', null, undefined, ' https://a ', 'https://b'])).toEqual([
      'https://a',
      'https://b',
    ]);
    expect(collectLinks(many)).toEqual(many.slice(0, MAX_LINKS));
  });
});

describe('small readers', () => {
  it('reads blank strings as absent', () => {
    expect(nonEmpty('  ')).toBeUndefined();
    expect(nonEmpty(null)).toBeUndefined();
    expect(nonEmpty(' x ')).toBe('x');
  });

  it('reads the ecosystem of a purl', () => {
    expect(purlType('pkg:apk/alpine/musl@1.2?arch=x86_64')).toBe('apk');
    expect(purlType('pkg:NPM/%40scope/name@1')).toBe('npm');
    expect(purlType('not a purl')).toBeUndefined();
    expect(purlType(undefined)).toBeUndefined();
  });

  it('explains nothing for stderr without a registry failure', () => {
    expect(explainRegistryFailure('')).toBeUndefined();
  });
});
