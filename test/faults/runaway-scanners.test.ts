import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_REPORT_BYTES, MAX_STREAM_BYTES } from '../../src/scanners/run.js';
import { tempDir } from '../support/cli.js';
import { expectSlotFailure, RUNS, runNames, runOf, SLOTS, scanAllSlots, waitUntilGone } from './support.js';

/**
 * Scanners that do not stop on their own: hangs (with grandchildren that ignore SIGTERM and hold the pipes), and
 * floods of output on a stream or on disk. The run must kill the whole process tree, cap what it reads, and
 * stay within a small heap while doing it.
 */
/**
 * The scanner timeouts tried in turn: the four healthy stand-ins must finish, and the runaway one start its
 * grandchild, before the timeout, which a loaded 2-core machine may not manage in 5 s. A run where they did not is
 * not the case under test and is run again with the next one. How soon after the timeout the tree dies is measured
 * in bench/, not asserted here.
 */
const TIMEOUTS_S = [5, 20, 60];
const HALF_A_GIGABYTE = 500 * 1024 * 1024;
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=256' };

describe.concurrent.each(SLOTS)('$name running away', (slot) => {
  it('is killed at the timeout with its whole process tree, grandchild included', async () => {
    for (const seconds of TIMEOUTS_S) {
      const pidFile = join(tempDir('cg-pid-'), 'grandchild.pid');
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'stubborn-hang', STANDIN_PIDFILE: pidFile }, [
        '--timeout',
        String(seconds),
      ]);
      const othersDone = SLOTS.every(
        (other) =>
          other === slot ||
          runNames(other).every(
            (name) => scan.report?.scanners.find((r) => r.name === name)?.status === 'ok',
          ),
      );
      if (!othersDone || !existsSync(pidFile)) continue;
      expectSlotFailure(scan, runNames(slot), 'timeout', new RegExp(`timed out after ${seconds}s`));
      const grandchild = Number(readFileSync(pidFile, 'utf8'));
      expect(grandchild).toBeGreaterThan(0);
      expect(await waitUntilGone([grandchild])).toEqual([]);
      return;
    }
    throw new Error(`the healthy scanners never finished before the timeout, even at ${TIMEOUTS_S.at(-1)} s`);
  });

  it('is stopped after 32 MiB of a 500 MB flood on stdout, with the run held to a 256 MB heap', async () => {
    const scan = await scanAllSlots({ [slot.behaviourVar]: `flood:${HALF_A_GIGABYTE}`, ...SMALL_HEAP });
    expectSlotFailure(
      scan,
      runNames(slot),
      'failed',
      new RegExp(`printed more than ${MAX_STREAM_BYTES / 1024 / 1024} MiB on stdout`),
    );
    expect(scan.res.stderr).not.toMatch(/heap out of memory|Allocation failed/i);
  });

  it('has a report file over 256 MiB refused by its size, before it is read', async () => {
    const bytes = MAX_REPORT_BYTES + 44 * 1024 * 1024;
    // Sparse: the file is 300 MiB long without 300 MiB written; reading it would still cost 300 MiB of memory.
    const scan = await scanAllSlots({ [slot.behaviourVar]: `flood-file:${bytes}`, ...SMALL_HEAP });
    expectSlotFailure(scan, runNames(slot), 'failed', /wrote a 300 MiB \S+ report, over the 256 MiB limit/);
    expect(scan.res.stderr).not.toMatch(/heap out of memory|Allocation failed/i);
  });
});

describe('runaway processes across scanners', () => {
  it('kills a grandchild left holding the pipes after its scanner exited with a complete report', async () => {
    const pidFile = join(tempDir('cg-pid-'), 'grandchild.pid');
    const { res, report } = await scanAllSlots({
      STANDIN_GRYPE_BEHAVIOUR: 'grandchild-pipe',
      STANDIN_PIDFILE: pidFile,
    });
    if (!report) throw new Error(res.stderr);
    expect(runOf(report, 'grype').status).toBe('ok');
    expect(report.gate.status).not.toBe('error');
    expect(await waitUntilGone([Number(readFileSync(pidFile, 'utf8'))])).toEqual([]);
  });

  it('survives every scanner flooding stdout at once within a 256 MB heap, each reported as failed', async () => {
    const env = Object.fromEntries(SLOTS.map((s) => [s.behaviourVar, `flood:${HALF_A_GIGABYTE}`]));
    const { res, report } = await scanAllSlots({ ...env, ...SMALL_HEAP });
    expect(res.stderr).not.toMatch(/heap out of memory|Allocation failed/i);
    expect(res.code).toBe(2);
    if (!report) throw new Error(res.stderr);
    expect(report.gate.status).toBe('error');
    for (const slot of RUNS) {
      expect(runOf(report, slot.name)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/printed more than/),
      });
    }
    expect(report.findings).toEqual([]);
  });
});
