import { describe, expect, it } from 'vitest';
import { renderMarkdownSummary } from '../../../src/report/markdown.js';
import { generateFindings, generateReport } from '../../support/generate-findings.js';

/**
 * renderMarkdownSummary puts violations first in one pass when the findings come in compareFindings order (as the
 * pipeline gives them), sorts them otherwise, and renders rows only until they overflow the limit: the summary must
 * not depend on which way it took.
 */
describe('summary finding rows', () => {
  const report = generateReport(generateFindings(3000, { seed: 11, overlap: 0.5, textLength: 60 }));

  it('reads GENERATED findings that come sorted, with violations and others mixed', () => {
    const decisions = new Set(report.findings.map((f) => f.gate.decision));
    expect(decisions.has('violation') && decisions.size > 1).toBe(true);
  });

  for (const maxChars of [undefined, 65_536, 20_000, 3_000]) {
    it(`renders the same summary from findings in any order (${maxChars ?? 'job summary'} limit)`, () => {
      const opts = maxChars === undefined ? {} : { maxChars };
      const sorted = renderMarkdownSummary(report, opts);
      const reversed = renderMarkdownSummary({ ...report, findings: [...report.findings].reverse() }, opts);
      expect(reversed).toBe(sorted);
      if (maxChars !== undefined) expect(sorted.length).toBeLessThanOrEqual(maxChars);
    });
  }

  it('cuts the findings table at a limit and says how many rows were left out', () => {
    const text = renderMarkdownSummary(report, { maxChars: 20_000 });
    expect(text).toMatch(/_\d+ of 3000 findings not shown to keep this summary under 20000 characters/);
  });
});
