import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunError } from '../../../src/util/errors.js';
import { writeFileAtomic } from '../../../src/util/fs-atomic.js';

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temporary behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-atomic-'));
    await writeFileAtomic(join(dir, 'sub', 'r.json'), '{"a":1}', 'JSON report');
    expect(readFileSync(join(dir, 'sub', 'r.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['r.json']);
  });

  it('fails with a one-line error naming the file when its directory cannot be made (even as root)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-atomic-'));
    writeFileSync(join(dir, 'not-a-dir'), 'previous');
    const error = await writeFileAtomic(join(dir, 'not-a-dir', 'r.json'), 'new', 'JSON report').catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(RunError);
    expect(error.message).toMatch(/^cannot write JSON report .*not-a-dir\/r\.json: /);
    expect(readFileSync(join(dir, 'not-a-dir'), 'utf8')).toBe('previous');
  });

  it('fails with a one-line error when the target path is a directory, and leaves no temporary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-atomic-'));
    mkdirSync(join(dir, 'report.json'));
    await expect(writeFileAtomic(join(dir, 'report.json'), 'x', 'JSON report')).rejects.toThrow(
      /cannot write JSON report .*report\.json/,
    );
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
