import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { parseGrypeJson } from '../../src/scanners/grype/parse.js';
import { parseTrivyJson } from '../../src/scanners/trivy/parse.js';
import { ScannerOutputError } from '../../src/util/errors.js';
import { fixtures, replay, runCli, tempDir } from '../support/cli.js';
import { writeEditedTrivyReport } from '../support/generate-hostile-reports.js';

/**
 * Issue 14 item 13: values a scanner report may carry that the findings model must not take as they are — an id of
 * spaces only (refused: a finding nobody can name, except or deduplicate), ids padded with spaces (trimmed), and
 * CVSS or EPSS scores outside their range (left out, and the run says so).
 */
const ctx = { target: 'alpine:3.10' };

describe('ids at the boundary', () => {
  it.each(['', '   ', '\t\n'])(
    'refuses a Trivy vulnerability whose id is %j: the run fails, never a finding without an id',
    (id) => {
      const dir = tempDir('cg-values-');
      const file = writeEditedTrivyReport(dir, 'blank-id', [(v) => ({ ...v, VulnerabilityID: id })]);
      expect(() => parseTrivyJson(readFileSync(file, 'utf8'), ctx, 'trivy')).toThrow(ScannerOutputError);
    },
  );

  it('trims ids padded with spaces, so an exception for the id matches', () => {
    const dir = tempDir('cg-values-');
    const file = writeEditedTrivyReport(dir, 'padded-id', [
      (v) => ({ ...v, VulnerabilityID: '  CVE-2019-1549 ', VendorIDs: [' ', ' DSA-1 '] }),
    ]);
    const [finding] = parseTrivyJson(readFileSync(file, 'utf8'), ctx, 'trivy').findings;
    expect(finding?.id).toBe('CVE-2019-1549');
    expect(finding?.aliases).toEqual(['DSA-1']);
  });

  it('refuses a Grype match whose vulnerability id is blank; a blank related id is only dropped', () => {
    const grype = JSON.parse(readFileSync(join(fixtures, 'grype/presenter-image.json'), 'utf8'));
    const blank = structuredClone(grype);
    blank.matches[0].vulnerability.id = '  ';
    expect(() => parseGrypeJson(JSON.stringify(blank), ctx)).toThrow(ScannerOutputError);
    const related = structuredClone(grype);
    related.matches[0].relatedVulnerabilities = [{ id: ' ' }];
    const findings = parseGrypeJson(JSON.stringify(related), ctx).findings;
    expect(findings.every((f) => f.aliases.every((a) => a.trim() !== ''))).toBe(true);
  });

  it('the CLI fails the Trivy run with exit 2 on a blank id (never a finding with an empty id)', async () => {
    const dir = tempDir('cg-values-');
    const file = writeEditedTrivyReport(dir, 'blank-id', [(v) => ({ ...v, VulnerabilityID: '   ' })]);
    const json = join(dir, 'r.json');
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', '--no-checks', '--json', json],
      { env: replay({ STANDIN_TRIVY_VULN: file }) },
    );
    expect(res.code, res.stderr).toBe(2);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.scanners[0]).toMatchObject({ name: 'trivy', status: 'failed' });
    expect(report.scanners[0]!.error).toMatch(/cannot be trusted/);
    expect(report.findings.some((f) => f.id.trim() === '')).toBe(false);
  });
});

describe('scores at the boundary', () => {
  it('leaves Trivy CVSS scores outside 0–10 out of the finding and says how many, keeping the valid one', async () => {
    const dir = tempDir('cg-values-');
    const file = writeEditedTrivyReport(dir, 'absurd-cvss', [
      (v) => ({
        ...v,
        CVSS: {
          nvd: { V3Score: -5, V2Score: 7.5, V2Vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
          redhat: { V3Score: 1e12 },
          ghsa: { V3Score: 11 },
        },
      }),
    ]);
    const json = join(dir, 'r.json');
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', '--no-checks', '--json', json],
      { env: replay({ STANDIN_TRIVY_VULN: file }) },
    );
    expect([0, 1]).toContain(res.code);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const scores = report.findings.flatMap((f) => f.cvss.map((c) => c.score));
    expect(scores).toEqual([7.5]);
    expect(report.scanners[0]!.warnings?.join(' ')).toMatch(/3 CVSS scores outside 0–10 .*left out/);
    expect(res.stderr).toMatch(/3 CVSS scores outside 0–10/);
  });

  it('leaves Grype CVSS and EPSS values outside their range out of the finding', () => {
    const grype = JSON.parse(readFileSync(join(fixtures, 'grype/presenter-image.json'), 'utf8'));
    const v = grype.matches[0].vulnerability;
    v.cvss = [
      { source: 'nvd', version: '3.1', metrics: { baseScore: -1 } },
      { source: 'x', metrics: { baseScore: 9.8 } },
    ];
    v.epss = [{ cve: v.id, epss: 5, percentile: 0.5 }];
    const result = parseGrypeJson(JSON.stringify(grype), ctx);
    const finding = result.findings.find((f) => f.id === v.id)!;
    expect(finding.cvss.map((c) => c.score)).toEqual([9.8]);
    expect(finding.epss).toBeUndefined();
    expect(result.warnings?.join(' ')).toMatch(/2 CVSS or EPSS scores outside their range/);
  });
});
