import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { parseInspectDigest } from '../../../src/image/digest.js';
import { ExecStartError } from '../../../src/process/exec.js';
import { runTool } from '../../../src/tools/run-tool.js';
import {
  EXIT,
  exitCodeFor,
  InterruptedError,
  RunError,
  ScannerOutputError,
  UsageError,
  VerificationError,
} from '../../../src/util/errors.js';

async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('exitCodeFor', () => {
  it('maps each error class to the exit code it carries', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(EXIT.usage);
    expect(exitCodeFor(new RunError('x'))).toBe(EXIT.runFailed);
    expect(exitCodeFor(new ScannerOutputError('x'))).toBe(EXIT.runFailed);
    expect(exitCodeFor(new VerificationError('x'))).toBe(EXIT.gateFailed);
    expect(exitCodeFor(new InterruptedError('SIGINT'))).toBe(EXIT.interrupted);
    expect(exitCodeFor(new InterruptedError('SIGTERM'))).toBe(EXIT.terminated);
    expect(exitCodeFor(new InterruptedError('SIGHUP'))).toBe(EXIT.hangup);
  });

  it('maps anything without an exit code of its own to "the run failed"', () => {
    expect(exitCodeFor(new Error('x'))).toBe(EXIT.runFailed);
    expect(exitCodeFor(new ExecStartError('trivy', 'ENOENT', 'trivy: not found'))).toBe(EXIT.runFailed);
    // Another library's error with an exitCode property (execa's have one) is not ours to trust.
    expect(exitCodeFor(Object.assign(new Error('x'), { exitCode: 0 }))).toBe(EXIT.runFailed);
    expect(exitCodeFor('a string')).toBe(EXIT.runFailed);
    expect(exitCodeFor(undefined)).toBe(EXIT.runFailed);
  });
});

describe('a wrapped error keeps its cause', () => {
  it('a config file that is not YAML: the UsageError holds the YAML parser error', async () => {
    const error = await thrown(() => parseConfig('a: [unclosed', 'container-gate.yaml'));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^config container-gate\.yaml: not valid YAML/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(((error as Error).cause as Error).message.split('\n', 1)[0]);
  });

  it('skopeo output that is not JSON: the RunError holds the SyntaxError', async () => {
    const error = await thrown(() => parseInspectDigest('not json', 'alpine:3'));
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('a tool that cannot start: the UsageError holds the ExecStartError, which holds the spawn error', async () => {
    const error = await thrown(() =>
      runTool({
        tool: 'skopeo',
        executable: '/nonexistent/skopeo',
        args: [],
        action: 'export alpine:3',
        installHint: 'install skopeo',
      }),
    );
    expect(error).toBeInstanceOf(UsageError);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ExecStartError);
    expect((cause as ExecStartError).code).toBe('ENOENT');
    expect(((cause as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
