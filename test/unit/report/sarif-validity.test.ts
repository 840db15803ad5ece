import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { mergeReports } from '../../../src/core/merge-reports.js';
import { DEFAULT_POLICY } from '../../../src/core/policy.js';
import type { Report, ReportTarget } from '../../../src/core/report.js';
import { renderSarif } from '../../../src/report/sarif.js';
import { parseGrypeJson } from '../../../src/scanners/grype/parse.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import { buildReport } from '../../support/generate-findings.js';
import {
  MADE_IMAGE,
  MADE_IMAGE_NAME,
  madeDefaultReport,
  madeFindings,
  madeTarget,
  madeVulnerability,
  okRun,
} from './made-report.js';
import { multitoolProblems, SHARED_FIXTURES, schemaErrors } from './sarif-support.js';

/**
 * The SARIF we write must pass the SARIF schema and Microsoft's validator with GitHub's rules (`Gh;Sarif`): a
 * `level: error` there is what GitHub may reject. Checked for hand-made findings, for every real scanner output in
 * ../shared/fixtures, and for a merge of two images.
 */
async function expectAccepted(log: Sarif.Log): Promise<void> {
  expect(schemaErrors(log)).toEqual([]);
  const errors = (await multitoolProblems(log)).filter((p) => p.level === 'error');
  expect(errors.map((p) => `${p.ruleId}: ${p.text}`)).toEqual([]);
}

function fixture(relative: string): string {
  return readFileSync(path.join(SHARED_FIXTURES, relative), 'utf8');
}

interface FixtureCase {
  file: string;
  tool: 'trivy' | 'grype';
  target: ReportTarget;
  /** Distinct issues in the raw output, counted from the raw JSON. */
  distinct: (raw: Record<string, unknown>) => number;
}

type Loose = Record<string, unknown>;
const image = (display: string, name: string): ReportTarget => ({ display, name, kind: 'reference' });
const files = (display: string): ReportTarget => ({ display, name: display, kind: 'files' });

function trivyDistinct(raw: Record<string, unknown>): number {
  const keys = new Set<string>();
  for (const result of (raw.Results ?? []) as Loose[]) {
    for (const v of (result.Vulnerabilities ?? []) as Loose[])
      keys.add(JSON.stringify(['v', v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.PkgPath ?? '']));
    for (const s of (result.Secrets ?? []) as Loose[])
      keys.add(JSON.stringify(['s', result.Target, s.RuleID, s.StartLine]));
    for (const m of (result.Misconfigurations ?? []) as Loose[]) {
      if (((m.Status as string | undefined) ?? 'FAIL').toUpperCase() !== 'FAIL') continue;
      keys.add(
        JSON.stringify(['m', result.Target, m.ID, (m.CauseMetadata as Loose | undefined)?.StartLine ?? '']),
      );
    }
  }
  return keys.size;
}

function grypeDistinct(raw: Record<string, unknown>): number {
  const keys = new Set<string>();
  for (const m of (raw.matches ?? []) as Loose[]) {
    const v = m.vulnerability as Loose;
    const a = m.artifact as Loose;
    keys.add(JSON.stringify([v.id, a.name, a.version, a.type]));
  }
  return keys.size;
}

const CASES: FixtureCase[] = [
  {
    file: 'trivy/alpine-310.json',
    tool: 'trivy',
    target: image('fixtures/alpine:3.10.2', 'fixtures/alpine'),
    distinct: trivyDistinct,
  },
  {
    file: 'trivy/alpine-39.json',
    tool: 'trivy',
    target: image('fixtures/alpine:3.9', 'fixtures/alpine'),
    distinct: trivyDistinct,
  },
  {
    file: 'trivy/centos-7.json',
    tool: 'trivy',
    target: image('fixtures/centos:7', 'fixtures/centos'),
    distinct: trivyDistinct,
  },
  { file: 'trivy/npm.json', tool: 'trivy', target: files('fixtures/npm'), distinct: trivyDistinct },
  { file: 'trivy/secrets.json', tool: 'trivy', target: files('fixtures/secrets'), distinct: trivyDistinct },
  { file: 'trivy/dockerfile.json', tool: 'trivy', target: files('Dockerfile'), distinct: trivyDistinct },
  { file: 'trivy/helm.json', tool: 'trivy', target: files('testchart'), distinct: trivyDistinct },
  {
    file: 'grype/presenter-image.json',
    tool: 'grype',
    target: image('fixtures/grype-image:1', 'fixtures/grype-image'),
    distinct: grypeDistinct,
  },
  {
    file: 'grype/presenter-dir.json',
    tool: 'grype',
    target: files('fixtures/grype-dir'),
    distinct: grypeDistinct,
  },
];

function parseFixture(c: FixtureCase): Finding[] {
  const text = fixture(c.file);
  return c.tool === 'trivy'
    ? parseTrivyJson(text, { target: c.target.display }, 'trivy').findings
    : parseGrypeJson(text, { target: c.target.display }).findings;
}

function fixtureReport(c: FixtureCase): Report {
  return buildReport({
    findings: parseFixture(c),
    targets: [c.target],
    scanners: [okRun(c.tool, c.target.display)],
  });
}

describe('SARIF validity', () => {
  it('hand-made findings, with a Dockerfile to point at, pass the schema and the GitHub rules', async () => {
    const { files: logs } = renderSarif(madeDefaultReport(), {
      dockerfile: 'examples/app/Dockerfile',
      dockerfileText: 'FROM alpine:3.19\nWORKDIR /app\nCOPY . .\nUSER root\n',
    });
    await expectAccepted(logs[0]!);
  });

  it('a reference URL with [ ] { } ^ in its path, query or fragment becomes a helpUri the validator accepts (issue 14 item 12)', async () => {
    const link = 'https://example.com/advisories/[2024]/{id}?q=[a]^b#[c]';
    const report = buildReport({
      findings: [madeVulnerability({ links: [link] })],
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [okRun('trivy', MADE_IMAGE, 1)],
    });
    const { files: logs } = renderSarif(report);
    const helpUri = logs[0]!.runs[0]!.tool.driver.rules![0]!.helpUri;
    expect(helpUri).toBe('https://example.com/advisories/%5B2024%5D/%7Bid%7D?q=%5Ba%5D%5Eb#%5Bc%5D');
    await expectAccepted(logs[0]!);
  });

  for (const c of CASES) {
    it(`${c.file} passes the schema and the GitHub rules, one result per distinct issue in the raw output`, async () => {
      const report = fixtureReport(c);
      const { files: logs } = renderSarif(report);
      expect(logs).toHaveLength(1);
      const results = logs[0]!.runs.flatMap((r) => r.results ?? []);
      expect(results).toHaveLength(c.distinct(JSON.parse(fixture(c.file))));
      for (const result of results) {
        const uri = result.locations![0]!.physicalLocation!.artifactLocation!.uri!;
        expect(uri).not.toMatch(/^\/|(^|\/)\.\.(\/|$)|^[a-z][a-z0-9+.-]*:/i);
      }
      await expectAccepted(logs[0]!);
    });
  }

  it('a merge of two images passes the schema and the GitHub rules, with unique run ids', async () => {
    const a = buildReport({
      findings: [...parseFixture(CASES[0]!), ...madeFindings('fixtures/alpine:3.10.2')],
      targets: [CASES[0]!.target],
      scanners: [okRun('trivy', CASES[0]!.target.display), okRun('grype', CASES[0]!.target.display)],
    });
    const b = fixtureReport(CASES[7]!);
    const merged = mergeReports([a, b], DEFAULT_POLICY, '2026-01-01');
    const { files: logs } = renderSarif(merged);
    const ids = logs.flatMap((l) => l.runs.map((r) => r.automationDetails!.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(logs.flatMap((l) => l.runs.flatMap((r) => r.results ?? []))).toHaveLength(merged.findings.length);
    await expectAccepted(logs[0]!);
  });

  it('two tags of one image in one report still pass (their runs are merged)', async () => {
    const report = buildReport({
      findings: [...madeFindings('acme/app:1'), ...madeFindings('acme/app:2')],
      targets: [madeTarget('acme/app:1', 'acme/app'), madeTarget('acme/app:2', 'acme/app')],
      scanners: [],
    });
    const { files: logs, warnings } = renderSarif(report);
    expect(warnings.join('\n')).toContain('share the image name acme/app');
    await expectAccepted(logs[0]!);
  });
});
