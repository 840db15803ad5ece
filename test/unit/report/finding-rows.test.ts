import { describe, expect, it } from 'vitest';
import { renderMarkdownSummary } from '../../../src/report/markdown.js';
import { renderTable } from '../../../src/report/table.js';
import { reportFromFixture } from '../action/support.js';

describe("every findings table gives each row a short title and groups a rule's repeated hits", () => {
  // trivy config of a Helm chart (real): 18 misconfigurations, KSV-0118 twice in one file.
  const report = reportFromFixture('trivy/helm.json', { threshold: 'low' });

  it('terminal: KSV-0118 is one row, ×2, with its title; every row has a title', () => {
    const text = renderTable(report, { color: false });
    const rows = text.split('\n').filter((l) => /^\s+KSV-/.test(l));
    expect(rows).toHaveLength(17);
    const ksv118 = rows.find((r) => r.includes('KSV-0118'))!;
    expect(ksv118).toMatch(/KSV-0118 ×2\s+Default security context configured\s+/);
    expect(rows.find((r) => r.includes('KSV-0011'))).toMatch(/KSV-0011\s+CPU not limited\s+/);
  });

  it('summary (and so the PR comment): the same rows, the count of findings still exact', () => {
    const markdown = renderMarkdownSummary(report);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| KSV-'));
    expect(rows).toHaveLength(17);
    expect(rows.find((r) => r.includes('KSV-0118'))).toContain(
      '| KSV-0118 ×2 | Default security context configured |',
    );
    expect(markdown).toContain(`${report.findings.length} findings`);
  });
});
