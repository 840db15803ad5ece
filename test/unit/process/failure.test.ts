import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/process/exec.js';
import { processFailure, quotedLine } from '../../../src/process/failure.js';

const result = (partial: Partial<ExecResult>): ExecResult => ({
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  aborted: false,
  durationMs: 1,
  ...partial,
});

describe('processFailure', () => {
  it('is undefined for exit 0 and for an exit code the caller accepts', () => {
    expect(processFailure(result({}))).toBeUndefined();
    expect(processFailure(result({ exitCode: 1 }), [1])).toBeUndefined();
  });

  it('names the cause before the signal that ended the process', () => {
    const killed = { exitCode: null, signal: 'SIGKILL' as const };
    expect(processFailure(result({ ...killed, aborted: true, timedOut: true }))).toEqual({ kind: 'aborted' });
    expect(processFailure(result({ ...killed, timedOut: true }))).toEqual({ kind: 'timedOut' });
    expect(processFailure(result({ ...killed, outputExceeded: 'stderr' }))).toEqual({
      kind: 'outputExceeded',
      stream: 'stderr',
    });
    expect(processFailure(result(killed))).toEqual({ kind: 'signal', signal: 'SIGKILL' });
  });

  it('counts a missing exit code as -1, never as success', () => {
    expect(processFailure(result({ exitCode: null }))).toEqual({ kind: 'exit', code: -1 });
    expect(processFailure(result({ exitCode: 2 }), [1])).toEqual({ kind: 'exit', code: 2 });
  });
});

describe('quotedLine', () => {
  const stderr = 'Error: the real cause\nprogress 100%\nexit status 1\n\n';

  it("'last' quotes the last non-blank line as it is", () => {
    expect(quotedLine(stderr, 'last')).toBe('exit status 1');
    expect(quotedLine(' \n', 'last')).toBeUndefined();
  });

  it("'error' prefers the last error line over later progress and the exit-status trailer", () => {
    expect(quotedLine(stderr, 'error')).toBe('Error: the real cause');
  });

  it('keeps the quote to one line of at most 300 characters', () => {
    expect(quotedLine(`${'x'.repeat(400)}\u0007\n`, 'last')).toBe('x'.repeat(300));
  });
});
