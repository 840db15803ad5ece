import { describe, expect, it } from 'vitest';
import { readZipEntry } from '../../../src/action/zip.js';
import { makeZip } from '../../support/zip.js';

describe('reading the report out of an artifact zip', () => {
  it.each(['deflate', 'store'] as const)('reads a %s entry by name among others', (method) => {
    const zip = makeZip({ 'a.txt': 'x', 'report.json': '{"version":2}' }, method);
    expect(readZipEntry(zip, 'report.json', 1000)?.toString('utf8')).toBe('{"version":2}');
    expect(readZipEntry(zip, 'missing.json', 1000)).toBeUndefined();
  });

  it('refuses what is not a zip and an entry over the size limit', () => {
    expect(() => readZipEntry(Buffer.from('not a zip at all, just text'), 'report.json', 1000)).toThrow(
      /not a zip/,
    );
    expect(() => readZipEntry(makeZip({ 'report.json': 'x'.repeat(2000) }), 'report.json', 1000)).toThrow(
      /more than 1000/,
    );
  });
});
