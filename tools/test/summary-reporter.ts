import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `N passed, N failed[, N skipped]`, that CI and people can read
 * without parsing Vitest's own summary. A file that failed to load counts as a failure.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      // A file whose setup failed (a hook timed out, an import threw) has no failed test of
      // its own: count the file, so such a run never reads as "0 failed".
      const tests = [...module.children.allTests()];
      if (module.state() === 'failed' && !tests.some((t) => t.result().state === 'failed')) {
        failed += 1;
      }
      for (const test of tests) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    process.stdout.write(
      `\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
