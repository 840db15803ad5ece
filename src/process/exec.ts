import { spawn } from 'node:child_process';

/**
 * The one place that spawns processes. Argv arrays only (no shell), each child in its own process group so
 * a timeout or Ctrl-C kills the whole tree (scanners start helpers: Trivy's module runtime, Syft's catalogers),
 * output capped so a runaway tool cannot exhaust memory.
 *
 * Not execa: the process-group kill, byte caps per stream and the "exited but a grandchild still holds the pipe"
 * drain are the whole of what is needed here, and execa 10 requires Node 22 while the CLI supports Node 20.
 */
export interface ExecOptions {
  args: readonly string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /** Names removed from the parent's environment before `env` is added (a scanner's own settings we withhold). */
  withoutEnv?: readonly string[];
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Per stream; past it the tree is killed and `outputExceeded` set. Default 64 MiB. */
  maxOutputBytes?: number;
  /** How long after SIGTERM before SIGKILL. Default 1 s. */
  killGraceMs?: number;
}

export interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  outputExceeded?: 'stdout' | 'stderr';
  durationMs: number;
}

/** The executable could not be started at all (not found, not executable). */
export class ExecStartError extends Error {
  override readonly name = 'ExecStartError';
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** After the child exits, how long to wait for grandchildren that inherited its pipes before giving up on them. */
const DRAIN_MS = 500;

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Kills every process group still running; called on our own exit so no scanner outlives container-gate. */
export function killAllChildren(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pid of liveGroups) killGroup(pid, signal);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function runProcess(file: string, options: ExecOptions): Promise<ExecResult> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => killAllChildren());
  }
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const grace = options.killGraceMs ?? 1000;
  const started = performance.now();

  return new Promise<ExecResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve(emptyResult({ aborted: true, durationMs: 0 }));
      return;
    }
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of options.withoutEnv ?? []) delete env[name];
    const child = spawn(file, [...options.args], {
      cwd: options.cwd,
      env: { ...env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    const pid = child.pid;
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[], stdoutBytes: 0, stderrBytes: 0 };
    let timedOut = false;
    let aborted = false;
    let outputExceeded: 'stdout' | 'stderr' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

    const terminate = () => {
      if (pid === undefined || killTimer) return;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), grace);
      killTimer.unref();
    };
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (outputExceeded) return;
      const key = stream === 'stdout' ? 'stdoutBytes' : 'stderrBytes';
      out[key] += chunk.length;
      if (out[key] > maxBytes) {
        outputExceeded = stream;
        terminate();
        return;
      }
      out[stream].push(chunk);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));

    // Node fires a delay past 2^31-1 ms at once: longer means "no timeout", never "kill now".
    const timer =
      options.timeoutMs !== undefined && options.timeoutMs <= MAX_TIMER_MS
        ? setTimeout(() => {
            timedOut = true;
            terminate();
          }, options.timeoutMs)
        : undefined;
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = () => {
      if (settled || !exit) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined) {
        // Grandchildren may outlive the child in its group; make sure none is left behind.
        killGroup(pid, 'SIGKILL');
        liveGroups.delete(pid);
      }
      if (killTimer) clearTimeout(killTimer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exitCode: exit.code,
        signal: exit.signal,
        stdout: Buffer.concat(out.stdout).toString('utf8'),
        stderr: Buffer.concat(out.stderr).toString('utf8'),
        timedOut,
        aborted,
        ...(outputExceeded ? { outputExceeded } : {}),
        durationMs: Math.round(performance.now() - started),
      });
    };

    child.once('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined) liveGroups.delete(pid);
      settled = true;
      reject(
        new ExecStartError(
          file,
          error.code,
          `${file}: ${error.code === 'ENOENT' ? 'not found' : error.message}`,
        ),
      );
    });
    if (pid !== undefined) liveGroups.add(pid);
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      setTimeout(finish, DRAIN_MS).unref();
    });
    child.once('close', () => finish());
  });
}

function emptyResult(partial: Partial<ExecResult>): ExecResult {
  return {
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    aborted: false,
    durationMs: 0,
    ...partial,
  };
}
