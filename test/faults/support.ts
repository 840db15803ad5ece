import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Report, ScannerRun } from '../../src/core/report.js';
import { type CliRun, fixtures, replay, runCli, tempDir } from '../support/cli.js';

/**
 * Shared by the fault-injection and hostile-input suites: one scan with every scanner slot at once, the expected
 * per-slot counts read from the raw recorded outputs, and the checks every failure must pass.
 */

export type SlotName = 'trivy' | 'trivy-secret' | 'trivy-config' | 'grype' | 'syft';

/** One scanner run of the report, and the recorded output its findings come from. */
export interface SlotRun {
  name: SlotName;
  /** The fixture it replays (relative to ../shared/fixtures); for Syft, the Syft JSON whose licenses it reports. */
  fixture?: string;
}

/** One process of the scan that can be made to misbehave, and the report runs it serves. */
export interface Slot {
  /** The process, as the tests name it. */
  name: string;
  /** The runs it serves: one Trivy pass serves both `trivy` and `trivy-secret`, and its failure fails both. */
  runs: SlotRun[];
  /** The stand-in variable that makes this process alone misbehave. */
  behaviourVar: string;
}

export const SLOTS: readonly Slot[] = [
  {
    name: 'trivy pass',
    runs: [
      { name: 'trivy', fixture: 'trivy/alpine-310.json' },
      { name: 'trivy-secret', fixture: 'trivy/secrets.json' },
    ],
    behaviourVar: 'STANDIN_TRIVY_IMAGE_BEHAVIOUR',
  },
  {
    name: 'trivy-config',
    runs: [{ name: 'trivy-config', fixture: 'trivy/dockerfile.json' }],
    behaviourVar: 'STANDIN_TRIVY_CONFIG_BEHAVIOUR',
  },
  {
    name: 'grype',
    runs: [{ name: 'grype', fixture: 'grype/presenter-image.json' }],
    behaviourVar: 'STANDIN_GRYPE_BEHAVIOUR',
  },
  // Syft's findings are the licenses its replayed Syft JSON declares (test/support/cli.ts).
  {
    name: 'syft',
    runs: [{ name: 'syft', fixture: 'syft/ubuntu-20.04-pruned.syft.json' }],
    behaviourVar: 'STANDIN_SYFT_BEHAVIOUR',
  },
];

/** Every run of the full scan, in the order the report lists them. */
export const RUNS: readonly SlotRun[] = SLOTS.flatMap((slot) => slot.runs);

export const IMAGE = 'alpine:3.10';

interface RawTrivy {
  Results?: {
    Vulnerabilities?: unknown[] | null;
    Secrets?: unknown[] | null;
    Misconfigurations?: { Status?: string }[] | null;
  }[];
}

/** Findings one run's recorded output holds, counted from the raw JSON (Trivy config: failed checks only). */
export function rawFindingCount(run: SlotRun): number {
  if (!run.fixture) return 0;
  const json = JSON.parse(readFileSync(join(fixtures, run.fixture), 'utf8'));
  if (run.name === 'grype') return (json as { matches: unknown[] }).matches.length;
  if (run.name === 'syft')
    return (json as { artifacts: { licenses?: unknown[] }[] }).artifacts.reduce(
      (sum, a) => sum + (a.licenses?.length ?? 0),
      0,
    );
  return ((json as RawTrivy).Results ?? []).reduce(
    (sum, r) =>
      sum +
      (r.Vulnerabilities?.length ?? 0) +
      (r.Secrets?.length ?? 0) +
      (r.Misconfigurations ?? []).filter((m) => (m.Status ?? 'FAIL') === 'FAIL').length,
    0,
  );
}

export interface FullScan {
  res: CliRun;
  report: Report | undefined;
  dir: string;
  dockerfile: string;
  elapsedMs: number;
}

/**
 * `scan` of one image with all five slots (trivy, trivy-secret, grype, syft on the image; trivy-config on a
 * Dockerfile), embedded checks off so every finding comes from a replayed recording.
 */
export async function scanAllSlots(
  env: Record<string, string> = {},
  extraArgs: string[] = [],
  options: { onSpawn?: (pid: number) => void; onStderr?: (stderrSoFar: string) => void } = {},
): Promise<FullScan> {
  const dir = tempDir('cg-fault-');
  const dockerfile = join(dir, 'Dockerfile');
  writeFileSync(dockerfile, 'FROM alpine:3.10\nCOPY app /app\nUSER 65534\n');
  const json = join(dir, 'report.json');
  const started = performance.now();
  const res = await runCli(
    [
      'scan',
      IMAGE,
      '--export',
      'never',
      // Relative, and run from `dir`: reports of different runs then compare equal.
      '--dockerfile',
      'Dockerfile',
      '--no-checks',
      '--scanners',
      RUNS.map((r) => r.name).join(','),
      '--concurrency',
      String(SLOTS.length),
      '--json',
      json,
      ...extraArgs,
    ],
    {
      env: replay(env),
      cwd: dir,
      ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}),
      ...(options.onStderr ? { onStderr: options.onStderr } : {}),
    },
  );
  const elapsedMs = performance.now() - started;
  const report = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Report) : undefined;
  return { res, report, dir, dockerfile, elapsedMs };
}

export function runOf(report: Report, slot: SlotName): ScannerRun {
  const run = report.scanners.find((s) => s.name === slot);
  if (!run) throw new Error(`no ${slot} run in the report: ${report.scanners.map((s) => s.name).join(', ')}`);
  return run;
}

/**
 * What every scanner failure must look like: exit 2, verdict `error` (never `passed`), each failed run's one-line
 * reason in the report and on the terminal, and every other run's findings still reported. `failing` names the runs
 * that fail (a slot's runs, or `trivy` alone when only the database step failed).
 */
export function expectSlotFailure(
  scan: FullScan,
  failing: readonly SlotName[],
  status: 'failed' | 'timeout',
  cause: RegExp,
): ScannerRun[] {
  const { res, report } = scan;
  expect(res.code, res.stderr).toBe(2);
  if (!report) throw new Error(`no JSON report written; stderr: ${res.stderr}`);
  expect(report.gate.status).toBe('error');
  expect(report.gate.passed).toBe(false);
  const terminal = `${res.stderr}\n${res.stdout}`.split('\n');
  const failedRuns = failing.map((name) => {
    const failed = runOf(report, name);
    expect(failed.status, name).toBe(status);
    expect(failed.findings).toBe(0);
    expect(failed.error).toMatch(cause);
    expect(failed.error).not.toMatch(/[\r\n]/);
    expect(report.gate.errors.some((e) => e.startsWith(`${name} on `) && cause.test(e))).toBe(true);
    expect(terminal.some((line) => line.includes(name) && cause.test(line))).toBe(true);
    return failed;
  });

  let expectedFindings = 0;
  for (const other of RUNS.filter((r) => !failing.includes(r.name))) {
    const run = runOf(report, other.name);
    expect(run.status, `${other.name}: ${run.error}`).toBe('ok');
    expect(run.findings).toBe(rawFindingCount(other));
    expectedFindings += rawFindingCount(other);
  }
  // The recorded outputs share no issue (Grype's presenter packages are synthetic), so nothing merges across tools.
  expect(report.findings).toHaveLength(expectedFindings);
  expect(report.findings.every((f) => f.foundBy.length > 0)).toBe(true);
  return failedRuns;
}

/** The names of a slot's runs. */
export const runNames = (slot: Slot): SlotName[] => slot.runs.map((r) => r.name);

/**
 * A process is gone once it no longer exists or is a zombie: a killed orphan may wait a moment for PID 1 to reap
 * it, and a zombie runs nothing.
 */
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself hold spaces or parentheses).
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Waits (bounded) for the kernel to finish tearing down processes already sent SIGKILL; not a timing assertion. */
export async function waitUntilGone(pids: readonly number[], boundMs = 30_000): Promise<number[]> {
  const until = performance.now() + boundMs;
  let alive = pids.filter((pid) => !isGone(pid));
  while (alive.length > 0 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter((pid) => !isGone(pid));
  }
  return alive;
}

export interface LoggedPid {
  tool: string;
  slot: string;
  pid: number;
  role: 'scanner' | 'grandchild';
}

export function readPidLog(file: string): LoggedPid[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LoggedPid);
}

/** Polls until `ready` holds (e.g. every stand-in has started), failing after `boundMs`. */
export async function waitFor(ready: () => boolean, what: string, boundMs = 20_000): Promise<void> {
  const until = performance.now() + boundMs;
  while (!ready()) {
    if (performance.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
