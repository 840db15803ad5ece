import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/cli/progress.js';
import type { ScannerRun } from '../../../src/core/report.js';

function sink() {
  const chunks: string[] = [];
  const stream = { write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const run = (overrides: Partial<ScannerRun>): ScannerRun => ({
  name: 'trivy',
  target: 'alpine:3',
  status: 'ok',
  durationMs: 1200,
  findings: 3,
  ...overrides,
});

describe('the progress display', () => {
  it('writes plain lines in CI logs: started, done in Xs, failed with the cause', () => {
    const out = sink();
    const progress = createProgress(out.stream, { tty: false, color: false, quiet: false });
    progress.start('a', 'trivy alpine:3');
    progress.start('b', 'grype alpine:3');
    progress.finish('a', run({}));
    progress.finish(
      'b',
      run({ name: 'grype', status: 'timeout', durationMs: 600_000, error: 'timed out after 600s' }),
    );
    progress.note('exported alpine:3 once', 'info');
    expect(out.text()).toBe(
      [
        'trivy alpine:3: started',
        'grype alpine:3: started',
        'trivy alpine:3: done in 1.2s (3 findings)',
        'grype alpine:3: timeout after 600.0s: timed out after 600s',
        'note: exported alpine:3 once',
        '',
      ].join('\n'),
    );
    expect(out.text()).not.toContain('\u001b');
  });

  it('redraws one line per scanner in place on a terminal', () => {
    const out = sink();
    const progress = createProgress(out.stream, { tty: true, color: false, quiet: false });
    progress.start('a', 'trivy alpine:3');
    progress.start('b', 'grype alpine:3');
    progress.finish('a', run({}));
    progress.finish('b', run({ name: 'grype', findings: 1 }));
    const text = out.text();
    // Moves the cursor up over the block it drew and clears each line before drawing it again.
    expect(text).toContain('\u001b[2A');
    expect(text).toContain('\u001b[2K');
    const lastDraw = text.slice(text.lastIndexOf('\u001b[2A'));
    expect(lastDraw).toContain('trivy alpine:3 done in 1.2s (3 findings)');
    expect(lastDraw).toContain('grype alpine:3 done in 1.2s (1 finding)');
  });

  it('strips control characters from scanner-provided text', () => {
    const out = sink();
    const progress = createProgress(out.stream, { tty: false, color: false, quiet: false });
    progress.start('a', 'trivy evil\u001b[2J:1');
    progress.finish('a', run({ status: 'failed', error: 'boom\u001b]0;title\u0007' }));
    expect(out.text()).not.toMatch(/\u001b|\u0007/);
  });

  it('drops progress when quiet, never a warning (issue 14)', () => {
    const out = sink();
    const progress = createProgress(out.stream, { tty: false, color: false, quiet: true });
    progress.start('a', 'trivy alpine:3');
    progress.finish('a', run({}));
    progress.note('exported alpine:3 once', 'info');
    progress.note('1000 of 6000 results left out of SARIF', 'warning');
    expect(out.text()).toBe('note: 1000 of 6000 results left out of SARIF\n');
  });
});

describe('the progress display for SBOM tools', () => {
  it('says how many packages the SBOM lists instead of "0 findings"', () => {
    const out = sink();
    const progress = createProgress(out.stream, { tty: false, color: false, quiet: false });
    progress.start('s', 'syft alpine:3');
    progress.finish('s', run({ name: 'syft', findings: 0, packages: 14 }));
    expect(out.text()).toContain('syft alpine:3: done in 1.2s (SBOM of 14 packages)');
  });
});
