import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/core/severity.js';
import { renderTable, renderVerdictLine } from '../../../src/report/table.js';
import { buildReport, generateFindings, generateReport } from '../../support/generate-findings.js';
import { CONTROL_CHARACTER, INJECTION_CORPUS } from './injection-corpus.js';
import {
  MADE_IMAGE,
  MADE_IMAGE_NAME,
  madeDefaultReport,
  madeTarget,
  madeVulnerability,
} from './made-report.js';

const ANSI = /\u001b\[/;

describe('renderTable', () => {
  it('groups findings by severity, most severe first, with a count per group', () => {
    const report = generateReport(generateFindings(60, { seed: 4, overlap: 0.2 }));
    const text = renderTable(report, { color: false });
    const headings = text.split('\n').filter((l) => /^[A-Z]+ \(\d+\)$/.test(l));
    const expected = SEVERITIES.filter((s) => report.findings.some((f) => f.severity === s)).map(
      (s) => `${s.toUpperCase()} (${report.findings.filter((f) => f.severity === s).length})`,
    );
    expect(headings).toEqual(expected);
  });

  it('shows id, title, package, installed → fixed, found by and the rules that failed it', () => {
    const text = renderTable(madeDefaultReport(), { color: false });
    const row = text.split('\n').find((l) => l.includes('CVE-2024-0001'))!;
    expect(row).toMatch(
      /CVE-2024-0001\s+openssl: denial of service in X\.509 parsing\s+openssl\s+3\.0\.1-r0 → 3\.0\.2-r0\s+grype, trivy\s+violation: threshold/,
    );
  });

  it('opens with one line per failed rule', () => {
    const report = madeDefaultReport();
    const lines = renderTable(report, { color: false }).split('\n');
    expect(lines.slice(0, report.gate.failedRules.length)).toEqual(
      report.gate.failedRules.map((r) => `✖ ${r.rule}: ${r.summary}`),
    );
  });

  it('colours only when asked', () => {
    const report = madeDefaultReport();
    expect(renderTable(report, { color: false })).not.toMatch(ANSI);
    expect(renderTable(report, { color: true })).toMatch(ANSI);
  });

  it('fits the width it is given', () => {
    const text = renderTable(madeDefaultReport(), { color: false, width: 70 });
    for (const line of text.split('\n').slice(0, -3)) expect(line.length, line).toBeLessThanOrEqual(70);
  });

  it('stops at the limit and says how many more there are', () => {
    const report = generateReport(generateFindings(30, { seed: 8, overlap: 0 }));
    const text = renderTable(report, { color: false, limit: 10 });
    const rows = text.split('\n').filter((l) => l.includes('CVE-2099-'));
    expect(rows).toHaveLength(10);
    expect(text).toContain(`… and ${report.findings.length - 10} more findings`);
  });

  it('strips control characters and ANSI escapes from scanner text', () => {
    const findings = INJECTION_CORPUS.map((hostile, i) =>
      madeVulnerability({
        id: `CVE-2024-${1000 + i}`,
        package: { name: hostile, version: hostile, type: 'npm' },
        title: hostile,
      }),
    );
    const report = buildReport({
      findings,
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [],
    });
    const text = renderTable(report, { color: false });
    expect(text).not.toMatch(CONTROL_CHARACTER);
    expect(text).not.toMatch(ANSI);
  });
});

describe('renderVerdictLine', () => {
  it('is one line with the status, the reasons and the counts', () => {
    const report = madeDefaultReport();
    const line = renderVerdictLine(report, { color: false });
    expect(line).not.toContain('\n');
    expect(line).toContain(`gate ${report.gate.status}`);
    expect(line).toContain(report.gate.reasons[0]!);
    const critical = report.findings.filter((f) => f.severity === 'critical').length;
    expect(line).toContain(`${critical} critical`);
  });

  it('says passed for a clean report', () => {
    const report = buildReport({
      findings: [],
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [],
    });
    expect(renderVerdictLine(report, { color: false })).toMatch(/^✔ gate passed/);
  });
});
