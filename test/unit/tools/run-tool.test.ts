import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotedLine as lastMeaningfulLine } from '../../../src/process/failure.js';
import { redactText, runTool } from '../../../src/tools/run-tool.js';
import { RunError, UsageError } from '../../../src/util/errors.js';
import { fakeBinDir, fakeTool } from './fake-bin.js';

describe('lastMeaningfulLine', () => {
  it("picks buildah's final Error: line over the exit-status trailer", () => {
    const stderr =
      'STEP 1/2: FROM scratch\nSTEP 2/2: COPY missing /x\nError: building at STEP "COPY missing /x": no such file or directory\nexit status 125\n';
    expect(lastMeaningfulLine(stderr)).toBe(
      'Error: building at STEP "COPY missing /x": no such file or directory',
    );
  });

  it("picks docker buildx's ERROR line even when progress output follows it", () => {
    const stderr =
      '#5 [2/2] RUN false\n#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\n------\n > [2/2] RUN false:\n------\n';
    expect(lastMeaningfulLine(stderr)).toBe(
      '#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
    );
  });

  it('drops ANSI colours and falls back to the last non-blank line', () => {
    expect(lastMeaningfulLine('\u001b[31mfirst\u001b[0m\n\u001b[33msomething broke\u001b[0m\n\n')).toBe(
      'something broke',
    );
    expect(lastMeaningfulLine('\n  \n')).toBeUndefined();
  });
});

describe('redactText', () => {
  it('replaces every occurrence of each secret and leaves short values alone', () => {
    expect(redactText('pw=hunter22 again hunter22', ['hunter22', 'ab'])).toBe('pw=*** again ***');
  });
});

describe('runTool', () => {
  let bin: string;
  beforeAll(async () => {
    bin = await fakeBinDir();
    await fakeTool(bin, 'ok', 'echo fine');
    await fakeTool(
      bin,
      'broken',
      'echo "progress" >&2; echo "Error: the registry said no (token s3cr3t-value)" >&2; echo "exit status 1" >&2; exit 3',
    );
    await fakeTool(bin, 'sleepy', 'sleep 5');
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));

  const base = { tool: 'faketool', action: 'do the thing', installHint: 'install faketool' };

  it('returns the output of a successful run', async () => {
    const res = await runTool({ ...base, executable: join(bin, 'ok'), args: [] });
    expect(res.stdout.trim()).toBe('fine');
  });

  it('turns a non-zero exit into one RunError line with the exit code and the error line, secrets scrubbed', async () => {
    const error = await runTool({
      ...base,
      executable: join(bin, 'broken'),
      args: [],
      redact: ['s3cr3t-value'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toBe(
      'do the thing: faketool failed (exit 3): Error: the registry said no (token ***)',
    );
  });

  it('turns a missing executable into a UsageError with the install hint', async () => {
    await expect(runTool({ ...base, executable: join(bin, 'absent'), args: [] })).rejects.toThrow(UsageError);
    await expect(runTool({ ...base, executable: join(bin, 'absent'), args: [] })).rejects.toThrow(
      /cannot start faketool .*not found.* — install faketool/,
    );
  });

  it('stops a run past its timeout and says so', async () => {
    await expect(
      runTool({ ...base, executable: join(bin, 'sleepy'), args: [], timeoutMs: 200 }),
    ).rejects.toThrow(/timed out after 0\.2s and was stopped/);
  });

  it('rethrows the abort reason when the run is interrupted', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted by SIGINT');
    setTimeout(() => controller.abort(reason), 100);
    await expect(
      runTool({ ...base, executable: join(bin, 'sleepy'), args: [], signal: controller.signal }),
    ).rejects.toBe(reason);
  });
});
