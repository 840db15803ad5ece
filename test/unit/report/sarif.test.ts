import { gunzipSync, gzipSync } from 'node:zlib';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Report, ReportFinding } from '../../../src/core/report.js';
import { severityRank } from '../../../src/core/severity.js';
import {
  GITHUB_SARIF_LIMITS,
  renderSarif,
  sarifSlotOf,
  sarifToolOf,
  serializeSarif,
} from '../../../src/report/sarif.js';
import { MAX_DESCRIPTION, MAX_RULE_NAME, MAX_TAGS } from '../../../src/report/sarif-rule.js';
import { buildReport, generateFindings, generateReport } from '../../support/generate-findings.js';
import {
  MADE_IMAGE,
  MADE_IMAGE_NAME,
  madeDefaultReport,
  madeFindings,
  madeTarget,
  madeVulnerability,
  okRun,
} from './made-report.js';
import { schemaErrors } from './sarif-support.js';

const allRuns = (files: Sarif.Log[]) => files.flatMap((f) => f.runs);
const allResults = (files: Sarif.Log[]) => allRuns(files).flatMap((r) => r.results ?? []);
const ruleOf = (run: Sarif.Run, result: Sarif.Result) => run.tool.driver.rules![result.ruleIndex!]!;
const fingerprints = (files: Sarif.Log[]) =>
  allResults(files).map((r) => r.partialFingerprints!.primaryLocationLineHash);

/** The same hand-made findings on an image named `display`. */
function reportFor(display: string, name = MADE_IMAGE_NAME): Report {
  return buildReport({
    findings: madeFindings(display),
    targets: [madeTarget(display, name)],
    scanners: [okRun('trivy', display), okRun('trivy-secret', display), okRun('grype', display)],
  });
}

describe('renderSarif layout', () => {
  const report = madeDefaultReport();
  const { files, warnings } = renderSarif(report);

  it('is valid SARIF 2.1.0 by the schema', () => {
    expect(files).toHaveLength(1);
    expect(schemaErrors(files[0]!)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('has one run per image and scanner slot, a finding going to the first scanner in its foundBy', () => {
    const expected = new Set<string>();
    for (const f of report.findings) {
      const target = report.targets.find((t) => t.display === f.target)!;
      expected.add(`${target.name}|${sarifSlotOf(f)}`);
    }
    // A slot that ran and found nothing still has its (empty) run: uploading it is what closes fixed alerts.
    // SBOM-only scanners have no run.
    for (const run of report.scanners) {
      const target = report.targets.find((t) => t.display === run.target);
      if (target && run.name !== 'syft' && run.name !== 'trivy-sbom')
        expected.add(`${target.name}|${run.name}`);
    }
    const actual = new Set(
      allRuns(files).map((r) => `${r.properties!.image}|${r.automationDetails!.id!.split('/').at(-2)}`),
    );
    expect(actual).toEqual(expected);
    for (const run of allRuns(files)) {
      for (const result of run.results ?? []) {
        const foundBy = result.properties!.foundBy as string[];
        const kind = result.properties!.kind as ReportFinding['kind'];
        expect(sarifSlotOf({ foundBy, kind })).toBe(run.automationDetails!.id!.split('/').at(-2));
        expect(run.tool.driver.name.toLowerCase()).toBe(sarifToolOf(foundBy[0]!));
      }
    }
  });

  it('reports each finding exactly once, listing every scanner that found it', () => {
    const results = allResults(files);
    expect(results).toHaveLength(report.findings.length);
    const both = results.find((r) => r.ruleId === 'CVE-2024-0001')!;
    expect(both.properties!.foundBy).toEqual(['grype', 'trivy']);
  });

  it('gives each run a unique automationDetails id with no tag or digest', () => {
    const ids = allRuns(files).map((r) => r.automationDetails!.id!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^container-gate\/[a-z0-9._/-]+\/$/);
      expect(id).not.toContain('1.2.3');
    }
    expect(ids).toContain(`container-gate/${MADE_IMAGE_NAME}/grype/`);
  });

  it('names the tool and its version in each run', () => {
    const grype = allRuns(files).find((r) => r.tool.driver.name === 'Grype')!;
    expect(grype.tool.driver.version).toBe(report.scanners.find((s) => s.name === 'grype')!.version);
    expect(grype.tool.driver.informationUri).toBe('https://github.com/anchore/grype');
  });

  it('levels results error for critical and high, warning for medium, note below', () => {
    for (const run of allRuns(files)) {
      for (const result of run.results ?? []) {
        const severity = result.properties!.severity as string;
        const expected =
          severity === 'critical' || severity === 'high'
            ? 'error'
            : severity === 'medium'
              ? 'warning'
              : 'note';
        expect(result.level).toBe(expected);
      }
    }
  });

  it('rates rules by the highest CVSS when known, else by severity, always as a numeric string', () => {
    for (const run of allRuns(files)) {
      for (const result of run.results ?? []) {
        const rule = ruleOf(run, result);
        const value = rule.properties!['security-severity'] as string;
        expect(value).toMatch(/^\d{1,2}\.\d$/);
        const finding = report.findings.find(
          (f) => result.ruleId === f.id && f.target === report.findings[0]!.target,
        );
        if (finding && finding.cvss.length > 0)
          expect(Number(value)).toBe(Math.max(...finding.cvss.map((c) => c.score)));
      }
    }
    const lodash = allResults(files).find((r) => r.ruleId === 'GHSA-dddd-eeee-ffff')!;
    const lodashRun = allRuns(files).find((r) => r.results?.includes(lodash))!;
    expect(ruleOf(lodashRun, lodash).properties!['security-severity']).toBe('5.5');
  });

  it('names the image, package and installed → fixed version in the message', () => {
    const openssl = allResults(files).find((r) => r.ruleId === 'CVE-2024-0001')!;
    expect(openssl.message.text).toContain(MADE_IMAGE);
    expect(openssl.message.text).toContain('openssl');
    expect(openssl.message.text).toContain('3.0.1-r0 → 3.0.2-r0');
  });
});

describe('renderSarif rules', () => {
  it('cuts rule names and descriptions to GitHub limits and keeps at most 10 tags', () => {
    const long = madeVulnerability({
      id: `CVE-2024-${'9'.repeat(400)}`,
      title: 't'.repeat(5000),
      description: 'd'.repeat(5000),
    });
    const report = buildReport({
      findings: [long],
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [],
    });
    const rule = allRuns(renderSarif(report).files)[0]!.tool.driver.rules![0]!;
    expect(rule.name!.length).toBeLessThanOrEqual(MAX_RULE_NAME);
    expect(rule.shortDescription!.text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(rule.fullDescription!.text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(rule.fullDescription!.text.endsWith('…')).toBe(true);
    expect((rule.properties!.tags as string[]).length).toBeLessThanOrEqual(MAX_TAGS);
  });

  it('puts fixed versions, references and remediation in the help text and markdown', () => {
    const { files } = renderSarif(madeDefaultReport());
    const runs = allRuns(files);
    const run = runs.find((r) => r.results?.some((x) => x.ruleId === 'CVE-2024-0001'))!;
    const rule = run.tool.driver.rules!.find((r) => r.id === 'CVE-2024-0001')!;
    expect(rule.help!.text).toContain('fixed in 3.0.2-r0');
    expect(rule.help!.markdown).toContain('(https://avd.aquasec.com/nvd/cve-2024-0001)');
    const check = runs.flatMap((r) => r.tool.driver.rules!).find((r) => r.id === 'DS002')!;
    expect(check.help!.text).toContain('Add a USER instruction');
  });
});

describe('renderSarif fingerprints', () => {
  it('are the same across two renders of the same report', () => {
    expect(fingerprints(renderSarif(reportFor(MADE_IMAGE)).files)).toEqual(
      fingerprints(renderSarif(reportFor(MADE_IMAGE)).files),
    );
  });

  it('are the same across two tags or a digest of the same image, as are the run ids', () => {
    const tagA = renderSarif(reportFor('ghcr.io/acme/api:1.0')).files;
    const tagB = renderSarif(reportFor('ghcr.io/acme/api:2.0')).files;
    const digest = renderSarif(reportFor(`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`)).files;
    expect(fingerprints(tagB)).toEqual(fingerprints(tagA));
    expect(fingerprints(digest)).toEqual(fingerprints(tagA));
    expect(allRuns(tagB).map((r) => r.automationDetails!.id)).toEqual(
      allRuns(tagA).map((r) => r.automationDetails!.id),
    );
    expect(JSON.stringify(allRuns(digest).map((r) => r.automationDetails))).not.toContain('sha256');
  });

  it('differ between two images', () => {
    const a = fingerprints(renderSarif(reportFor('ghcr.io/acme/api:1', 'ghcr.io/acme/api')).files);
    const b = fingerprints(renderSarif(reportFor('ghcr.io/acme/web:1', 'ghcr.io/acme/web')).files);
    expect(a.filter((f) => b.includes(f))).toEqual([]);
  });
});

describe('renderSarif runs per tool', () => {
  it('keeps an empty run for a tool that ran and found nothing, so fixed alerts close', () => {
    const report = buildReport({
      findings: [],
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [okRun('trivy', MADE_IMAGE), okRun('syft', MADE_IMAGE)],
    });
    const runs = allRuns(renderSarif(report).files);
    expect(runs.map((r) => r.automationDetails!.id)).toEqual([`container-gate/${MADE_IMAGE_NAME}/trivy/`]);
    expect(runs[0]!.results).toEqual([]);
  });

  it('leaves out the run of a scanner slot that failed, with a warning, rather than close its alerts', () => {
    const failed = { ...okRun('trivy', MADE_IMAGE), status: 'failed' as const, error: 'exit 1' };
    const report = buildReport({
      findings: madeFindings(),
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [failed, okRun('trivy-secret', MADE_IMAGE), okRun('grype', MADE_IMAGE)],
    });
    const { files, warnings } = renderSarif(report);
    const slots = allRuns(files).map((r) => r.automationDetails!.id!.split('/').at(-2));
    expect(slots).not.toContain('trivy');
    expect(slots).toContain('grype');
    expect(warnings.join('\n')).toContain('no trivy run');
  });

  it('keeps the secrets Trivy found when only its vulnerability run failed', () => {
    const secret = madeFindings().find((f) => f.kind === 'secret' && f.foundBy[0] === 'trivy');
    expect(secret).toBeDefined();
    const failed = { ...okRun('trivy', MADE_IMAGE), status: 'failed' as const, error: 'DB download failed' };
    const report = buildReport({
      findings: madeFindings(),
      targets: [madeTarget(MADE_IMAGE, MADE_IMAGE_NAME)],
      scanners: [failed, okRun('trivy-secret', MADE_IMAGE), okRun('grype', MADE_IMAGE)],
    });
    const secretRun = allRuns(renderSarif(report).files).find((r) =>
      r.automationDetails!.id!.endsWith('/trivy-secret/'),
    );
    expect(secretRun?.tool.driver.name).toBe('Trivy');
    expect(secretRun?.results?.map((r) => r.ruleId)).toContain(secret!.id);
  });

  it('keeps two images of one tool apart, and two platforms of one image apart', () => {
    const report = buildReport({
      findings: [...madeFindings('ghcr.io/acme/api:1'), ...madeFindings('ghcr.io/acme/web:1')],
      targets: [
        madeTarget('ghcr.io/acme/api:1', 'ghcr.io/acme/api'),
        madeTarget('ghcr.io/acme/web:1', 'ghcr.io/acme/web'),
      ],
      scanners: [],
    });
    const ids = allRuns(renderSarif(report).files).map((r) => r.automationDetails!.id!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.endsWith('/grype/'))).toHaveLength(2);

    const amd = { ...madeTarget('acme/app:1', 'acme/app'), platform: 'linux/amd64' };
    const arm = { ...madeTarget('acme/app:1 (linux/arm64)', 'acme/app'), platform: 'linux/arm64' };
    const platforms = buildReport({
      findings: [...madeFindings(amd.display), ...madeFindings(arm.display)],
      targets: [amd, arm],
      scanners: [],
    });
    const platformIds = allRuns(renderSarif(platforms).files).map((r) => r.automationDetails!.id!);
    expect(new Set(platformIds).size).toBe(platformIds.length);
    expect(platformIds).toContain('container-gate/acme/app/linux/arm64/grype/');
  });

  it('keeps apart image names that sanitise alike', () => {
    const report = buildReport({
      findings: [...madeFindings('localhost:5000/app:1'), ...madeFindings('localhost-5000/app:1')],
      targets: [
        madeTarget('localhost:5000/app:1', 'localhost:5000/app'),
        madeTarget('localhost-5000/app:1', 'localhost-5000/app'),
      ],
      scanners: [],
    });
    const ids = allRuns(renderSarif(report).files).map((r) => r.automationDetails!.id!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9._/-]+$/);
  });
});

describe('renderSarif limits', () => {
  it(`keeps the ${GITHUB_SARIF_LIMITS.resultsPerRun} most severe results of a run and says how many were dropped`, () => {
    const report = generateReport(generateFindings(6000, { seed: 11, overlap: 0 }));
    const { files, warnings } = renderSarif(report);
    const run = allRuns(files).find((r) => (r.results?.length ?? 0) > 0)!;
    expect(run.results).toHaveLength(GITHUB_SARIF_LIMITS.resultsPerRun);
    const dropped = report.findings.length - GITHUB_SARIF_LIMITS.resultsPerRun;
    expect(warnings.join('\n')).toContain(`${dropped} of ${report.findings.length} results left out`);
    const keptRanks = run.results!.map((r) => severityRank(r.properties!.severity as never));
    const droppedRanks = report.findings
      .slice(GITHUB_SARIF_LIMITS.resultsPerRun)
      .map((f) => severityRank(f.severity));
    expect(Math.min(...keptRanks)).toBeGreaterThanOrEqual(Math.max(...droppedRanks));
    expect(run.tool.driver.rules!.length).toBeLessThanOrEqual(run.results!.length);
  });

  it(`splits past ${GITHUB_SARIF_LIMITS.runsPerFile} runs into several files, each with unique ids`, () => {
    const targets = Array.from({ length: 25 }, (_, i) => `generated/image-${String(i).padStart(2, '0')}:1`);
    const report = generateReport(generateFindings(250, { seed: 5, overlap: 0.3, targets }));
    const { files, warnings } = renderSarif(report);
    const runCount = allRuns(files).length;
    expect(runCount).toBe(targets.length * 2);
    expect(files).toHaveLength(Math.ceil(runCount / GITHUB_SARIF_LIMITS.runsPerFile));
    for (const file of files) expect(file.runs.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.runsPerFile);
    const ids = allRuns(files).map((r) => r.automationDetails!.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(allResults(files)).toHaveLength(report.findings.length);
    expect(warnings.join('\n')).toContain(`split into ${files.length} files`);
  });

  it('splits files past the gzip-compressed size limit without dropping results', () => {
    // GitHub's limit (GITHUB_SARIF_LIMITS.gzipBytesPerFile, 10 MB) lowered to 1 MB, and a report a twentieth of the
    // size: the same split, without a minute of synchronous work that on a loaded machine outlasts vitest's wait
    // for the worker's reply ("Timeout calling onTaskUpdate"). Two runs of about 0.7 MB each: one file cannot hold both.
    const limit = 1_000_000;
    const report = generateReport(
      generateFindings(800, {
        seed: 2,
        overlap: 0,
        targets: ['generated/big-a:1', 'generated/big-b:1'],
        textLength: 1000,
      }),
    );
    const { files } = renderSarif(report, { limits: { gzipBytesPerFile: limit } });
    const sizes = files.map((f) => gzipSync(serializeSarif(f)).length);
    expect(files.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(limit);
    expect(gunzipSync(gzipSync(serializeSarif(files[0]!))).length).toBeGreaterThan(0);
    expect(allResults(files)).toHaveLength(report.findings.length);
  });

  it('trims a single run that alone is over the size limit, least severe first, and says so', () => {
    const limit = 300_000;
    const report = generateReport(generateFindings(2000, { seed: 9, overlap: 0, textLength: 1000 }));
    const { files, warnings } = renderSarif(report, { limits: { gzipBytesPerFile: limit } });
    for (const file of files) expect(gzipSync(serializeSarif(file)).length).toBeLessThanOrEqual(limit);
    const kept = allResults(files).length;
    expect(kept).toBeLessThan(report.findings.length);
    expect(kept).toBeGreaterThan(0);
    expect(warnings.join('\n')).toContain(
      `${report.findings.length - kept} of ${report.findings.length} results left out`,
    );
    const ranks = allResults(files).map((r) => severityRank(r.properties!.severity as never));
    const dropped = report.findings.slice(kept).map((f) => severityRank(f.severity));
    expect(Math.min(...ranks)).toBeGreaterThanOrEqual(Math.max(...dropped));
  });
});
