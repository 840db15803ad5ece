import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecStartError, runProcess, streamOverCap } from '../../../src/process/exec.js';

const node = process.execPath;

/** Running, and not a zombie waiting to be reaped (a killed process whose parent died stays one for a while). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('runProcess', () => {
  it('passes argv as separate elements, never through a shell', async () => {
    const hostile = ['$(id)', ';rm -rf /', 'a b', '--output=/etc/passwd'];
    const res = await runProcess(node, {
      args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...hostile],
    });
    expect(JSON.parse(res.stdout)).toEqual(hostile);
  });

  it('reports the exit code, stdout and stderr', async () => {
    const res = await runProcess(node, {
      args: ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'],
    });
    expect(res).toMatchObject({ exitCode: 3, stdout: 'out', stderr: 'err', timedOut: false });
  });

  /**
   * The timer starts when the process is spawned; on a loaded machine the process may not have reached the state
   * under test (its grandchild started, its SIGTERM handler installed) by then. Each case writes a file once it has,
   * and is asserted only on a run where that file exists; otherwise it is run again with a longer timeout.
   */
  async function whenReady<T>(
    run: (timeoutMs: number, readyFile: string) => Promise<T>,
  ): Promise<{ result: T; readyFile: string }> {
    for (const timeoutMs of [500, 2_000, 8_000, 30_000]) {
      const readyFile = join(mkdtempSync(join(tmpdir(), 'cg-exec-')), 'ready');
      const result = await run(timeoutMs, readyFile);
      if (existsSync(readyFile)) return { result, readyFile };
    }
    throw new Error('the process never reached its state before the timeout, even at 30 s');
  }

  it('kills the whole process tree, grandchildren included, at the timeout', async () => {
    const { result, readyFile } = await whenReady((timeoutMs, pidFile) => {
      const script = `
        const { spawn } = require('node:child_process');
        const child = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1e9)'], { stdio: 'ignore' });
        require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
        setInterval(() => {}, 1e9);`;
      return runProcess(node, { args: ['-e', script], timeoutMs, killGraceMs: 200 });
    });
    expect(result.timedOut).toBe(true);
    const grandchild = Number(readFileSync(readyFile, 'utf8'));
    expect(await waitUntil(() => !alive(grandchild), 30_000)).toBe(true);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    // The file is written after the handler is installed: if it exists, SIGTERM found the handler in place
    // (a SIGTERM before it would have ended the process before the write).
    const { result } = await whenReady((timeoutMs, readyFile) =>
      runProcess(node, {
        args: [
          '-e',
          `process.on("SIGTERM", () => {}); require("node:fs").writeFileSync(${JSON.stringify(readyFile)}, ""); setInterval(() => {}, 1e9)`,
        ],
        timeoutMs,
        killGraceMs: 200,
      }),
    );
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
  });

  it('treats a timeout past what Node timers hold (2^31-1 ms) as none, never as "kill now" (issue 14 item 8)', async () => {
    const res = await runProcess(node, {
      args: ['-e', 'setTimeout(() => process.exit(0), 300)'],
      timeoutMs: 2147484 * 1000,
    });
    expect(res.timedOut).toBe(false);
    expect(res.exitCode).toBe(0);
  });

  it('caps output and stops a flooding process instead of running out of memory', async () => {
    const res = await runProcess(node, {
      args: [
        '-e',
        'const b = Buffer.alloc(1 << 20, 120); const w = () => { while (process.stdout.write(b)); process.stdout.once("drain", w); }; w();',
      ],
      maxOutputBytes: 4 * 1024 * 1024,
      timeoutMs: 20_000,
    });
    expect(res.outputExceeded).toBe('stdout');
    expect(res.stdout.length).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('never returns an output cut at the cap as complete, even when the child exits 0 before its stream closes', async () => {
    // The race is rare (about one run in 40 here), so many quick floods; streamOverCap below is the deterministic half.
    for (let i = 0; i < 40; i++) {
      const res = await runProcess('/bin/sh', {
        args: ['-c', 'head -c 70000 /dev/zero'],
        maxOutputBytes: 65536,
      });
      expect(res.stdout.length).toBe(65536);
      expect(res.outputExceeded, `run ${i}: exit ${res.exitCode}, signal ${res.signal}`).toBe('stdout');
    }
  });

  it('names the stream over the cap when the stream closed after the child exited (streamOverCap)', () => {
    expect(streamOverCap(undefined, new Uint8Array(100), 100)).toBe('stdout');
    expect(streamOverCap(undefined, new Uint8Array(10), 100)).toBe('stderr');
    expect(streamOverCap('stderr', new Uint8Array(100), 100)).toBe('stderr');
  });

  it('stops the process when the run is aborted', async () => {
    const controller = new AbortController();
    const pending = runProcess(node, {
      args: ['-e', 'setInterval(() => {}, 1e9)'],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('SIGINT'), 200);
    const res = await pending;
    expect(res.aborted).toBe(true);
    expect(res.exitCode).toBeNull();
  });

  it('does not wait forever for a grandchild that keeps the pipes open after the child exits', async () => {
    const script = `require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(()=>{},1e9)'], { stdio: 'inherit', detached: true }).unref();`;
    const res = await runProcess(node, { args: ['-e', script], timeoutMs: 10_000 });
    expect(res.exitCode).toBe(0);
    expect(res.timedOut).toBe(false);
  });

  it('throws ExecStartError for a missing executable', async () => {
    await expect(runProcess('/nonexistent/trivy', { args: [] })).rejects.toBeInstanceOf(ExecStartError);
  });
});
