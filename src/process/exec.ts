import { execa, type Result, type ResultPromise } from 'execa';

/**
 * The one place that spawns processes, on execa: argv arrays only (no shell), each child in its own process group so
 * a timeout or Ctrl-C kills the whole tree (scanners start helpers: Trivy's module runtime, Syft's catalogers),
 * output capped so a runaway tool cannot exhaust memory.
 *
 * execa gives the spawning, the capped buffers (`maxBuffer`), the timeout, the abort (`cancelSignal`) and the
 * SIGTERM → SIGKILL grace (`forceKillAfterDelay`). What stays written here is what execa 9 cannot do (execa 10
 * needs Node 22; the CLI supports Node 20):
 * - killing the process group: execa signals the child's pid only (sindresorhus/execa#96), so its `kill()` is routed
 *   to the whole group first;
 * - ending children when container-gate itself exits: execa's `cleanup` is skipped for a `detached` child
 *   (execa lib/terminate/cleanup.js) and would signal the pid only, so a set of live groups is killed on exit;
 * - a grandchild that keeps the pipes open after the child exited: execa waits for the pipes to close, so they are
 *   closed `DRAIN_MS` after the child's exit;
 * - stopping the tree when an output cap is hit: execa stops reading the stream but leaves the child running.
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
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** After the child exits, how long to wait for grandchildren that inherited its pipes before giving up on them. */
const DRAIN_MS = 500;
const STREAMS = ['stdout', 'stderr'] as const;

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

export async function runProcess(file: string, options: ExecOptions): Promise<ExecResult> {
  if (options.signal?.aborted) return emptyResult({ aborted: true });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => killAllChildren());
  }
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const child = execa(file, [...options.args], {
    cwd: options.cwd,
    env: childEnvironment(options),
    extendEnv: false,
    stdin: 'ignore',
    detached: true,
    // Would be skipped for a detached child anyway; `liveGroups` does its work for the whole group.
    cleanup: false,
    encoding: 'buffer',
    stripFinalNewline: false,
    maxBuffer: maxBytes,
    // Node fires a delay past 2^31-1 ms at once: longer means "no timeout", never "kill now".
    timeout:
      options.timeoutMs !== undefined && options.timeoutMs <= MAX_TIMER_MS ? options.timeoutMs : undefined,
    cancelSignal: options.signal,
    forceKillAfterDelay: options.killGraceMs ?? 1000,
    reject: false,
  });
  const pid = child.pid;
  if (pid !== undefined) {
    liveGroups.add(pid);
    killGroupOnKill(child, pid);
  }
  const outputExceeded = stopTreeOverCap(child);
  drainAfterExit(child);
  const result = await child;
  if (pid === undefined) throw startError(file, result);
  // Grandchildren may outlive the child in its group; make sure none is left behind.
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
  return {
    exitCode: result.exitCode ?? null,
    signal: (result.signal as NodeJS.Signals | undefined) ?? null,
    stdout: utf8(result.stdout),
    stderr: utf8(result.stderr),
    timedOut: result.timedOut,
    aborted: result.isCanceled,
    ...(result.isMaxBuffer
      ? { outputExceeded: streamOverCap(outputExceeded.stream, result.stdout, maxBytes) }
      : {}),
    durationMs: Math.round(result.durationMs),
  };
}

/** execa's buffer result as text, read in place: it can be as large as the cap. */
function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function childEnvironment(options: ExecOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of options.withoutEnv ?? []) delete env[name];
  return { ...env, ...options.env };
}

/**
 * execa's timeout, `cancelSignal` and `forceKillAfterDelay` all end the child through `subprocess.kill()`, which
 * signals its pid alone: the same signal goes to its whole group first. (execa's SIGKILL after the grace reaches the
 * pid only; the group gets its SIGKILL once the child is gone, in `runProcess`.)
 */
function killGroupOnKill(child: ResultPromise, pid: number): void {
  const killChild = child.kill.bind(child) as (signal?: NodeJS.Signals | number) => boolean;
  child.kill = ((signal?: NodeJS.Signals | number | Error) => {
    killGroup(pid, typeof signal === 'string' ? signal : 'SIGTERM');
    return killChild(typeof signal === 'object' ? undefined : signal);
  }) as ResultPromise['kill'];
}

/**
 * execa stops reading a stream past `maxBuffer` (it destroys it, so it closes without ending) but leaves the child
 * running: the tree is stopped here, like at a timeout.
 */
function stopTreeOverCap(child: ResultPromise): { stream?: 'stdout' | 'stderr' } {
  const exceeded: { stream?: 'stdout' | 'stderr' } = {};
  for (const name of STREAMS) {
    const stream = child[name];
    stream?.once('close', () => {
      if (stream.readableEnded || exceeded.stream || child.exitCode !== null || child.signalCode !== null)
        return;
      exceeded.stream = name;
      child.kill();
    });
  }
  return exceeded;
}

/**
 * Which stream went over the cap. The close handler of `stopTreeOverCap` names it, unless the child had already
 * exited when the stream closed (seen about once in 40 runs of a quick flood): execa still says `isMaxBuffer`, and a
 * truncated output with exit 0 must never read as a complete one. stdout at the cap is then the one; else stderr.
 */
export function streamOverCap(
  recorded: 'stdout' | 'stderr' | undefined,
  stdout: Uint8Array,
  maxBytes: number,
): 'stdout' | 'stderr' {
  return recorded ?? (stdout.byteLength >= maxBytes ? 'stdout' : 'stderr');
}

/** A grandchild outside the group may hold the pipes open for good: stop waiting for them after `DRAIN_MS`. */
function drainAfterExit(child: ResultPromise): void {
  child.once('exit', () => {
    setTimeout(() => {
      for (const name of STREAMS) child[name]?.destroy();
    }, DRAIN_MS).unref();
  });
}

function startError(file: string, result: Result): ExecStartError {
  const cause = result.cause as NodeJS.ErrnoException | undefined;
  const code = cause?.code ?? result.code;
  return new ExecStartError(file, code, `${file}: ${code === 'ENOENT' ? 'not found' : cause?.message}`, {
    cause,
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
