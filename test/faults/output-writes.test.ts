import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replay, runCli, tempDir } from '../support/cli.js';

/**
 * Outputs that cannot be written: a clear one-line error (exit 2) naming the file, and nothing half-written left
 * under the final name or as a temporary beside it. "Unwritable" and "disk full" use real filesystems: a read-only
 * and a 64 KiB tmpfs. Mounting needs root (CAP_SYS_ADMIN); where the sandbox refuses it those two tests skip and
 * say so, and the not-a-directory case still runs.
 */
const mounted: string[] = [];

function mountTmpfs(options: string): string | undefined {
  const dir = tempDir('cg-mnt-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    mounted.push(dir);
    return dir;
  } catch {
    return undefined;
  }
}

afterAll(() => {
  for (const dir of mounted) execFileSync('umount', [dir], { stdio: 'ignore' });
});

const scanWritingTo = (json: string, extra: string[] = []) =>
  runCli(
    [
      'scan',
      'alpine:3.10',
      '--export',
      'never',
      '--scanners',
      'trivy',
      '--no-table',
      '--json',
      json,
      ...extra,
    ],
    {
      env: replay(),
    },
  );

function expectWriteError(
  res: { code: number | null; stderr: string; stdout: string },
  path: string,
  cause: RegExp,
) {
  expect(res.code).toBe(2);
  const lines = res.stderr.split('\n').filter((l) => l.startsWith('container-gate: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`cannot write JSON report ${path}`);
  expect(lines[0]).toMatch(cause);
  expect(lines[0]).toMatch(/choose a writable path/);
  expect(res.stdout).not.toMatch(/gate passed/);
}

describe('output that cannot be written', () => {
  it('names the file when its directory is a regular file, creating nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    const json = join(dir, 'not-a-dir', 'r.json');
    const res = await scanWritingTo(json);
    expectWriteError(res, json, /ENOTDIR|EEXIST/);
    expect(readdirSync(dir)).toEqual(['not-a-dir']);
  });

  it('names the file on a read-only filesystem, leaving nothing behind', async (ctx) => {
    const dir = mountTmpfs('ro,size=64k');
    if (!dir)
      return ctx.skip('mount is not allowed in this sandbox; the read-only case cannot be set up honestly');
    const json = join(dir, 'r.json');
    const res = await scanWritingTo(json);
    expectWriteError(res, json, /EROFS|read-only/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says "disk full" when the filesystem fills mid-write, leaving no partial file or temporary, other outputs intact', async (ctx) => {
    const dir = mountTmpfs('size=64k');
    if (!dir)
      return ctx.skip('mount is not allowed in this sandbox; ENOSPC cannot be produced honestly without it');
    // Leave 8 KiB: enough to start the file, not to finish a report of tens of KiB.
    writeFileSync(join(dir, 'filler'), Buffer.alloc(56 * 1024));
    const json = join(dir, 'r.json');
    const sarif = join(tempDir(), 'r.sarif');
    const res = await scanWritingTo(json, ['--sarif', sarif]);
    expectWriteError(res, json, /disk full/);
    expect(readdirSync(dir)).toEqual(['filler']);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
  });
});
