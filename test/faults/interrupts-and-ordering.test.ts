import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { replay, runCli, standinBin, tempDir } from '../support/cli.js';
import { readPidLog, SLOTS, scanAllSlots, waitFor, waitUntilGone } from './support.js';

/** Stopping container-gate mid-scan, and scanners finishing in any order. */
describe('SIGINT, SIGTERM and SIGHUP to container-gate mid-scan', () => {
  const interrupt = async (behaviour: string, signals: NodeJS.Signals[]) => {
    const logDir = tempDir('cg-pids-');
    const pidLog = join(logDir, 'pids.jsonl');
    const outDir = tempDir('cg-out-');
    // The CLI's temporary work dir goes here (os.tmpdir() reads TMPDIR), so a test can see whether it is left behind.
    const tmp = tempDir('cg-tmp-');
    const env = {
      ...Object.fromEntries(SLOTS.map((s) => [s.behaviourVar, behaviour])),
      STANDIN_PID_LOG: pidLog,
      TMPDIR: tmp,
    };
    let cliPid = 0;
    let stderr = '';
    const pending = scanAllSlots(
      env,
      [
        '--sarif',
        join(outDir, 'r.sarif'),
        '--summary',
        join(outDir, 'summary.md'),
        '--sbom-dir',
        join(outDir, 'sbom'),
      ],
      { onSpawn: (pid) => (cliPid = pid), onStderr: (text) => (stderr = text) },
    );
    // Every scanner and every grandchild is running before the signal: the stop is truly mid-scan.
    await waitFor(
      // (Trivy's database step runs first and exits at once: it is not one of the processes to stop. Grype waits for
      // Syft's SBOM, so it never starts while Syft hangs.)
      () => readPidLog(pidLog).filter((p) => p.slot !== 'TRIVY_DB').length === (SLOTS.length - 1) * 2,
      'every stand-in and its grandchild to start',
    );
    for (const [i, signal] of signals.entries()) {
      process.kill(cliPid, signal);
      // A second signal is sent once the first one has been handled (the CLI says so), not after a guessed delay.
      if (i < signals.length - 1)
        await waitFor(() => stderr.includes(`${signal} received`), `${signal} handled`);
    }
    const scan = await pending;
    const leftInTmp = readdirSync(tmp).filter((name) => name.startsWith('container-gate-'));
    return { scan, outDir, leftInTmp, pids: readPidLog(pidLog).map((p) => p.pid) };
  };

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    // A closed terminal or a dropped SSH session (issue 14 item 3): handled like the others, nothing orphaned.
    ['SIGHUP', 129],
  ] as const)(
    'stops on %s: every scanner and grandchild killed, no report written, no work dir left, exit %i',
    async (signal, code) => {
      const { scan, outDir, pids, leftInTmp } = await interrupt('grandchild-hang', [signal]);
      expect(scan.res.code, scan.res.stderr).toBe(code);
      expect(scan.res.stderr).toMatch(
        new RegExp(`container-gate: interrupted by ${signal}; scanners stopped, no report written`),
      );
      expect(scan.report).toBeUndefined();
      expect(readdirSync(scan.dir)).toEqual(['Dockerfile']);
      expect(readdirSync(outDir)).toEqual([]);
      expect(scan.res.stdout).not.toMatch(/gate (passed|failed)/);
      expect(await waitUntilGone(pids)).toEqual([]);
      expect(leftInTmp).toEqual([]);
    },
  );

  it('stops scanners that ignore SIGTERM too (SIGKILL after the grace period), exit 143', async () => {
    const { scan, outDir, pids } = await interrupt('stubborn-hang', ['SIGTERM']);
    expect(scan.res.code).toBe(143);
    expect(scan.report).toBeUndefined();
    expect(readdirSync(outDir)).toEqual([]);
    expect(await waitUntilGone(pids)).toEqual([]);
  });

  it('exits at once on a second Ctrl-C, taking every scanner and the temporary work dir with it (issue 14 item 11)', async () => {
    const { scan, outDir, pids, leftInTmp } = await interrupt('stubborn-hang', ['SIGINT', 'SIGINT']);
    expect(scan.res.code).toBe(130);
    expect(scan.report).toBeUndefined();
    expect(readdirSync(outDir)).toEqual([]);
    expect(await waitUntilGone(pids)).toEqual([]);
    expect(leftInTmp).toEqual([]);
  });
});

describe('a signal to a command that runs no scan', () => {
  it('`build` stopped by SIGHUP takes the builder (in a process group of its own) with it, exit 129', async () => {
    const dir = tempDir('cg-build-sig-');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    const bin = tempDir('cg-build-sig-bin-');
    const pidFile = join(dir, 'builder.pid');
    writeFileSync(join(bin, 'buildah'), `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 600\n`, {
      mode: 0o755,
    });
    let cliPid = 0;
    const pending = runCli(
      ['build', 'app:1', '--builder', 'buildah', '--context', dir, '--dockerfile', join(dir, 'Dockerfile')],
      {
        path: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
        onSpawn: (pid) => (cliPid = pid),
      },
    );
    await waitFor(
      () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '',
      'the builder to start',
    );
    const builder = Number(readFileSync(pidFile, 'utf8').trim());
    process.kill(cliPid, 'SIGHUP');
    const res = await pending;
    expect(res.code, res.stderr).toBe(129);
    expect(await waitUntilGone([builder])).toEqual([]);
  });
});

describe('scanners finishing in any order', () => {
  /** The report minus what legitimately varies between runs (durations). */
  const stable = (report: Report | undefined) => {
    if (!report) throw new Error('no report');
    return { ...report, scanners: report.scanners.map(({ durationMs: _, ...run }) => run) };
  };

  it('writes the same report, SARIF and summary whichever scanner finishes first', async () => {
    // A finishing order and its reverse put every pair of scanners in both orders. The gaps are a second apiece: the
    // Trivy pass starts only after its database step, another process start.
    const orders = [SLOTS, [...SLOTS].reverse()];
    const outputs = [];
    for (const order of orders) {
      const env = Object.fromEntries(order.map((slot, i) => [slot.behaviourVar, `sleep:${i * 1000}`]));
      const outDir = tempDir('cg-order-');
      const scan = await scanAllSlots(env, [
        '--sarif',
        join(outDir, 'r.sarif'),
        '--summary',
        join(outDir, 's.md'),
      ]);
      expect(scan.res.code, scan.res.stderr).toBe(1);
      const finishOrder = [...(scan.res.stderr.matchAll(/^(\S+) \S+: done in/gm) ?? [])].map((m) => m[1]);
      outputs.push({
        finishOrder,
        report: stable(scan.report),
        sarif: readFileSync(join(outDir, 'r.sarif'), 'utf8'),
        // The scanners table shows durations; everything else must match byte for byte.
        summary: readFileSync(join(outDir, 's.md'), 'utf8').replace(/\| \d+\.\d s \|/g, '| – |'),
      });
    }
    const [first, second] = outputs;
    // One Trivy pass finishes its two runs together, in selection order; Grype reads Syft's SBOM, so it starts when
    // Syft is done: the others still finish in both orders.
    const runsOf = (slots: readonly (typeof SLOTS)[number][]) =>
      slots.flatMap((s) => s.runs.map((r) => r.name));
    const others = (order: (string | undefined)[]) => order.filter((name) => name !== 'grype');
    expect(others(first!.finishOrder)).toEqual(others(runsOf(SLOTS)));
    expect(others(second!.finishOrder)).toEqual(others(runsOf([...SLOTS].reverse())));
    for (const { finishOrder } of outputs)
      expect(finishOrder.indexOf('grype')).toBeGreaterThan(finishOrder.indexOf('syft'));
    expect(second!.report).toEqual(first!.report);
    expect(second!.sarif).toBe(first!.sarif);
    expect(second!.summary).toBe(first!.summary);
  });
});

describe('one image failing to prepare stops the scans of the others', () => {
  it('exits 2 when the second image cannot be exported, killing the first image’s running scanners, writing no report', async () => {
    const dir = tempDir('cg-prepare-');
    const good = join(dir, 'good.tar');
    writeFileSync(good, 'stand-ins do not read it');
    const bad = join(dir, 'bad-oci.tar');
    writeFileSync(bad, 'not an OCI archive');
    // skopeo converts the oci-archive; this one takes a moment, so the first image's scanners are running when it fails.
    const bin = tempDir('cg-prepare-bin-');
    for (const tool of ['trivy', 'grype', 'syft']) symlinkSync(join(standinBin, tool), join(bin, tool));
    writeFileSync(
      join(bin, 'skopeo'),
      '#!/bin/sh\nsleep 1.5\necho \'level=fatal msg="invalid OCI archive"\' >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const pidLog = join(dir, 'pids.log');
    const json = join(dir, 'r.json');
    const res = await runCli(
      ['scan', `docker-archive:${good}`, `oci-archive:${bad}`, '--export', 'always', '--json', json],
      {
        env: replay({ STANDIN_GRYPE_BEHAVIOUR: 'hang', STANDIN_PID_LOG: pidLog }),
        path: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
      },
    );
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/bad-oci\.tar/);
    expect(existsSync(json)).toBe(false);
    const pids = readPidLog(pidLog).map((p) => p.pid);
    expect(pids.length).toBeGreaterThan(0);
    expect(await waitUntilGone(pids)).toEqual([]);
  });
});
