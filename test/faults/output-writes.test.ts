import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
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

const scanWritingTo = (json: string, extra: string[] = [], env: Record<string, string> = {}) =>
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
      env: replay(env),
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

  it('says "disk full" when the filesystem fills mid-write, leaving no partial file or temporary, and writes no other output either', async (ctx) => {
    const dir = mountTmpfs('size=64k');
    if (!dir)
      return ctx.skip('mount is not allowed in this sandbox; ENOSPC cannot be produced honestly without it');
    // Leave 8 KiB: enough to start the file, not to finish a report of tens of KiB.
    writeFileSync(join(dir, 'filler'), Buffer.alloc(56 * 1024));
    const json = join(dir, 'r.json');
    const other = tempDir();
    const sarif = join(other, 'r.sarif');
    // A summary an earlier run left: a failed run leaves it as it was, and writes none saying this run passed.
    const summary = join(other, 'summary.md');
    writeFileSync(summary, 'an earlier run\n');
    const res = await scanWritingTo(json, ['--sarif', sarif, '--summary', summary]);
    expectWriteError(res, json, /disk full/);
    expect(readdirSync(dir)).toEqual(['filler']);
    // Every output or none (issue 14 item 7): no SARIF, no summary giving a verdict next to exit 2.
    expect(readdirSync(other)).toEqual(['summary.md']);
    expect(readFileSync(summary, 'utf8')).toBe('an earlier run\n');
    expect(res.stdout + res.stderr).not.toMatch(/gate (passed|failed)/i);
  });
});

describe('output paths refused before the scan (issue 14 items 7, 9): exit 3, no scanner started, nothing written', () => {
  const refused = async (
    args: (dir: string) => string[],
    message: RegExp,
    prepare?: (dir: string) => void,
  ) => {
    const dir = tempDir('cg-paths-');
    prepare?.(dir);
    const before = readdirSync(dir).sort();
    const log = join(tempDir('cg-paths-log-'), 'argv.log');
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', ...args(dir)],
      {
        env: replay({ STANDIN_ARGV_LOG: log }),
      },
    );
    expect(res.code, res.stderr).toBe(3);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('container-gate: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(existsSync(log)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  };

  it('--json naming a directory', () =>
    refused(
      (dir) => ['--json', join(dir, 'out'), '--summary', join(dir, 's.md')],
      /--json .*out: a directory/,
      (dir) => mkdirSync(join(dir, 'out')),
    ));

  it('--json and --sarif at one path', () =>
    refused((dir) => ['--json', join(dir, 'x'), '--sarif', join(dir, 'x')], /--json and --sarif are both/));

  it('--summary and --json at one path written two ways (./x and x)', () =>
    refused(
      (dir) => ['--summary', join(dir, 'x'), '--json', `${dir}/./x`],
      /--json and --summary are both|--summary and --json are both/,
    ));

  it('--sarif inside --sbom-dir under an SBOM’s name', () =>
    refused(
      (dir) => ['--sbom-dir', join(dir, 'sb'), '--sarif', join(dir, 'sb', 'alpine_3.10.cdx.json')],
      /--sarif .*inside --sbom-dir under an SBOM's name/,
    ));

  it('--json at the name of the second file of a split SARIF', () =>
    refused(
      (dir) => ['--sarif', join(dir, 'gate.sarif'), '--json', join(dir, 'gate.2.sarif')],
      /--json .*gate\.2\.sarif: a name a split SARIF file takes/,
    ));
});

describe('outputs that are not regular files are written through, not replaced (issue 14 item 5)', () => {
  const scan = (json: string) =>
    runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', '--no-table', '--json', json],
      { env: replay() },
    );

  it('a symbolic link to /dev/stdout: the report goes to standard output and the link stays a link', async () => {
    const dir = tempDir();
    const link = join(dir, 'stdout.json');
    symlinkSync('/dev/stdout', link);
    const res = await scan(link);
    expect(res.code, res.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('/dev/stdout');
    const report = JSON.parse(res.stdout.slice(0, res.stdout.lastIndexOf('}') + 1));
    expect(report.gate.status).toBe('passed');
  });

  it('a FIFO: the reader gets the report and the FIFO stays a FIFO', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'report.json');
    execFileSync('mkfifo', [fifo]);
    // The reader opens first (it waits for a writer), then the scan writes into it.
    const reading = open(fifo, 'r').then(async (handle) => {
      const text = await handle.readFile('utf8');
      await handle.close();
      return text;
    });
    const res = await scan(fifo);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(await reading).gate.status).toBe('passed');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a symbolic link to a regular file: followed, the file written, the link kept', async () => {
    const dir = tempDir();
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    const res = await scan(link);
    expect(res.code, res.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).gate.status).toBe('passed');
  });

  it('a character device of our own (a null device made with mknod): written to, not replaced', async (ctx) => {
    const dir = tempDir();
    const device = join(dir, 'null');
    try {
      execFileSync('mknod', [device, 'c', '1', '3'], { stdio: 'ignore' });
    } catch {
      return ctx.skip('mknod is not allowed in this sandbox');
    }
    const res = await scan(device);
    expect(res.code, res.stderr).toBe(0);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });
});
