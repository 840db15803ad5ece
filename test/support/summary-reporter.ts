import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one closing line, `tests: N passed, N failed, N skipped`, that any CI log reader understands, as the
 * very last line of the run (on exit, after vitest's own summary).
 */
export default class SummaryReporter implements Reporter {
  private line = '';

  constructor() {
    process.once('exit', () => {
      if (this.line) process.stdout.write(this.line);
    });
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      const tests = [...module.children.allTests()];
      for (const test of tests) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load has no tests but is a failure all the same.
      if (tests.length === 0 && module.state() === 'failed') failed++;
    }
    this.line = `\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`;
  }
}
