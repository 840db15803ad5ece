import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecStartError, runProcess } from '../../src/exec.js';

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

  it('kills the whole process tree, grandchildren included, at the timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-exec-'));
    const pidFile = join(dir, 'pid');
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1e9)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
      setInterval(() => {}, 1e9);`;
    const res = await runProcess(node, { args: ['-e', script], timeoutMs: 500, killGraceMs: 200 });
    expect(res.timedOut).toBe(true);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !alive(grandchild), 2000)).toBe(true);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const res = await runProcess(node, {
      args: ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1e9)'],
      timeoutMs: 300,
      killGraceMs: 200,
    });
    expect(res.timedOut).toBe(true);
    expect(res.signal).toBe('SIGKILL');
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
