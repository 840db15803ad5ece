import { execFileSync } from 'node:child_process';
import {
  existsSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src/util/input-file.js';
import { replay, runCli, tempDir, waitUntil } from '../support/cli.js';

/**
 * Issue 14 item 4: every input file is read streamed, up to its documented limit (docs/fail-closed.md), then
 * refused with exit 3; a device that never ends (`/dev/zero`) cannot grow the process without bound, and a stop
 * signal while a read waits (a FIFO nobody writes to) ends the run at once.
 */
const MiB = 1024 * 1024;

function scanWith(flags: string[], env: Record<string, string> = {}) {
  const dir = tempDir('cg-limits-');
  const log = join(dir, 'argv.log');
  const pending = runCli(['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', ...flags], {
    env: replay({ STANDIN_ARGV_LOG: log, ...env }),
    cwd: dir,
  });
  return { dir, log, pending };
}

function expectRefused(res: { code: number | null; stderr: string }, line: RegExp): void {
  expect(res.code, res.stderr).toBe(3);
  const errors = res.stderr.split('\n').filter((l) => l.startsWith('container-gate: '));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(line);
}

describe('input files are read up to their limit, then refused', () => {
  it('documents 16 MiB for exceptions, VEX, Dockerfiles and manifests, 256 MiB for reports', () => {
    expect(INPUT_LIMITS).toEqual({
      'exceptions file': 16 * MiB,
      'VEX file': 16 * MiB,
      report: 256 * MiB,
      Dockerfile: 16 * MiB,
      manifest: 16 * MiB,
      predicate: 256 * MiB,
      'config file': 16 * MiB,
      '--baseline': 256 * MiB,
      '--kev-catalog': 64 * MiB,
    });
    const doc = readFileSync(join(__dirname, '../../docs/fail-closed.md'), 'utf8');
    expect(doc).toMatch(/exceptions file.*16 MiB/);
    expect(doc).toMatch(/report.*256 MiB/);
    expect(doc).toMatch(/config file.*16 MiB/);
    expect(doc).toMatch(/baseline report.*256 MiB/);
    expect(doc).toMatch(/KEV catalog.*64 MiB/);
  });

  it.each([
    ['--vex', 'VEX file'],
    ['--exceptions', 'exceptions file'],
  ])('%s /dev/zero: exit 3 naming the file, before any scanner starts', async (flag, kind) => {
    const { log, pending } = scanWith([flag, '/dev/zero']);
    const res = await pending;
    expectRefused(res, new RegExp(`^container-gate: ${kind} /dev/zero: larger than 16 MiB`));
    expect(existsSync(log)).toBe(false);
  });

  it('a manifest that is a link to /dev/zero: exit 3 naming it', async () => {
    const dir = tempDir('cg-limits-');
    symlinkSync('/dev/zero', join(dir, 'deploy.yaml'));
    const res = await runCli(['check', join(dir, 'deploy.yaml')]);
    expectRefused(res, /manifest .*deploy\.yaml: larger than 16 MiB/);
  });

  it('a report one byte over the limit: exit 3', async () => {
    const dir = tempDir('cg-limits-');
    const big = join(dir, 'big.json');
    // Sparse: read as 256 MiB and one byte of zeros without taking the disk space.
    writeFileSync(big, '');
    truncateSync(big, 256 * MiB + 1);
    const res = await runCli(['report', '--from', big]);
    rmSync(dir, { recursive: true, force: true });
    expectRefused(res, /report .*big\.json: larger than 256 MiB/);
  });
});

describe('a stop signal while an input file is being read', () => {
  /** Whether process `pid` holds `path` open (its descriptors in /proc): the state a test waits for. */
  const holdsOpen = (pid: number, path: string) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  };

  /** A scan reading `flag` from a FIFO made for it; `cliPid()` once it has started. */
  const scanReadingFifo = (flag: string, name: string, extra: string[] = []) => {
    const dir = tempDir('cg-limits-');
    const fifo = join(dir, name);
    execFileSync('mkfifo', [fifo]);
    let pid = 0;
    const pending = runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', flag, fifo, ...extra],
      { env: replay(), cwd: dir, onSpawn: (p) => (pid = p) },
    );
    return { dir, fifo, pending, cliPid: () => pid };
  };

  it('SIGTERM while --exceptions is a FIFO no one ever writes to: exit 143 at once', async () => {
    const { fifo, pending, cliPid } = scanReadingFifo('--exceptions', 'exceptions.yaml');
    await waitUntil(() => cliPid() !== 0 && holdsOpen(cliPid(), fifo), 30_000);
    process.kill(cliPid(), 'SIGTERM');
    const res = await pending;
    expect(res.code, res.stderr).toBe(143);
  });

  it('reads a VEX document that arrives through a FIFO, written in pieces', async () => {
    const { dir, fifo, pending } = scanReadingFifo('--vex', 'vex.json', ['--json', 'r.json']);
    const json = join(dir, 'r.json');
    const writer = await open(fifo, 'w');
    const vex = JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [{ vulnerability: { name: 'CVE-2019-1549' }, status: 'not_affected' }],
    });
    await writer.write(vex.slice(0, 20));
    await writer.write(vex.slice(20));
    await writer.close();
    const res = await pending;
    expect([0, 1]).toContain(res.code);
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      findings: { id: string; gate: { vex?: unknown } }[];
    };
    expect(report.findings.find((f) => f.id === 'CVE-2019-1549')?.gate.vex).toBeDefined();
  });

  it('SIGTERM while --vex is a FIFO that is open but never ends: exit 143 at once', async () => {
    const { fifo, pending, cliPid } = scanReadingFifo('--vex', 'vex.json');
    // Opening a FIFO for writing completes only once the reader has opened it: the CLI is in its read now.
    const writer = await open(fifo, 'w');
    await writer.write('{"@context": "https://openvex.dev/ns/v0.2.0", ');
    process.kill(cliPid(), 'SIGTERM');
    const res = await pending;
    await writer.close();
    expect(res.code, res.stderr).toBe(143);
    expect(res.stderr).toMatch(/interrupted by SIGTERM/);
  });
});
