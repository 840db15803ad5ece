import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations, also run by bench/
import { writeGeneratedReports } from '../../../scripts/generate-large-reports.mjs';
import type { Finding } from '../../../src/core/finding.js';
import type { Report, ReportTarget, ScannerRun } from '../../../src/core/report.js';
import { renderJsonReport } from '../../../src/report/json.js';
import { renderMarkdownSummary } from '../../../src/report/markdown.js';
import { renderSarif, serializeSarif } from '../../../src/report/sarif.js';
import { parseGrypeJson } from '../../../src/scanners/grype/parse.js';
import { countSbomPackages, parseSbomOutputs } from '../../../src/scanners/syft/parse.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import { errorMessage } from '../../../src/util/errors.js';
import { buildReport } from '../../support/generate-findings.js';
import { MADE_FIXTURES, SHARED_FIXTURES } from '../scanners/shared-fixtures.js';

/**
 * Byte-for-byte pins of what the parse → dedupe → gate → SARIF / JSON / summary path writes (issue 11 item 6): the
 * digests were taken before that path was made faster, so a speed-up that changes one byte of a finding, a SARIF
 * fingerprint, a report or an error message fails here. Inputs: the GENERATED 1k-finding Trivy and Grype reports of
 * the benchmark (scripts/generate-large-reports.mjs, deterministic), and every real and made scanner output under
 * test/upstream/fixtures and test/fixtures/made (parsed by each parser, errors included).
 *
 * A deliberate change to any of these outputs updates the digest here, with the reason in the commit.
 */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const dir = mkdtempSync(join(tmpdir(), 'cg-digests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generated(n: number): { trivy: string; grype: string } {
  const files = writeGeneratedReports(dir, n) as { trivy: string; grype: string };
  return { trivy: readFileSync(files.trivy, 'utf8'), grype: readFileSync(files.grype, 'utf8') };
}

function run(name: string, target: string, findings: number): ScannerRun {
  return { name, target, version: `${name}-1.0`, status: 'ok', durationMs: 1000, findings };
}

function outputs(
  report: Report,
  sarifOptions: Parameters<typeof renderSarif>[1] = {},
): Record<string, string> {
  const sarif = renderSarif(report, sarifOptions);
  return {
    sarif: digest(sarif.files.map(serializeSarif).join('\n---\n')),
    sarifWarnings: digest(sarif.warnings.join('\n')),
    json: digest(renderJsonReport(report)),
    summary: digest(renderMarkdownSummary(report)),
  };
}

describe('output digests (issue 11 item 6: faster, byte for byte the same)', () => {
  const { trivy, grype } = generated(1000);

  it('GENERATED 1k Trivy + Grype reports, one image: findings, SARIF, JSON report and summary', () => {
    const target = 'generated/app:1';
    const t = parseTrivyJson(trivy, { target }, 'trivy');
    const g = parseGrypeJson(grype, { target });
    const report = buildReport({
      findings: [...t.findings, ...g.findings],
      targets: [{ display: target, name: 'generated/app', kind: 'reference' }],
      scanners: [run('trivy', target, t.findings.length), run('grype', target, g.findings.length)],
    });
    expect({
      trivy: digest(JSON.stringify(t)),
      grype: digest(JSON.stringify(g)),
      deduped: digest(JSON.stringify(report.findings)),
      ...outputs(report),
    }).toEqual({
      trivy: '7f352f025dea0484',
      grype: '42c5cbcb3b7664cc',
      deduped: 'b485a8620bf7899d',
      sarif: 'e858521a25e30e18',
      sarifWarnings: 'e3b0c44298fc1c14',
      json: '205b8fe6a476c55c',
      summary: 'a301d08a463e798a',
    });
  });

  it('two tags of one image, a Dockerfile, and limits that cut, trim and split the SARIF', () => {
    const targets: ReportTarget[] = [
      { display: 'generated/app:1', name: 'generated/app', kind: 'reference' },
      { display: 'generated/app:2', name: 'generated/app', kind: 'reference' },
    ];
    const t = parseTrivyJson(trivy, { target: 'generated/app:1' }, 'trivy');
    const t2 = parseTrivyJson(trivy, { target: 'generated/app:2' }, 'trivy');
    const g = parseGrypeJson(grype, { target: 'generated/app:2' });
    const report = buildReport({
      findings: [...t.findings, ...t2.findings, ...g.findings],
      targets,
      scanners: [
        run('trivy', 'generated/app:1', t.findings.length),
        run('trivy', 'generated/app:2', t2.findings.length),
        run('grype', 'generated/app:2', g.findings.length),
      ],
    });
    const dockerfileText =
      'FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nCOPY app /app\nUSER 1000\n';
    expect(
      outputs(report, {
        dockerfile: 'Dockerfile',
        dockerfileText,
        limits: { runsPerFile: 1, resultsPerRun: 700, gzipBytesPerFile: 60_000 },
      }),
    ).toEqual({
      sarif: '3f6d71b685586db3',
      sarifWarnings: '54bc37547fe29d0c',
      json: '21fe3b779fa429cb',
      summary: '2f3bc4a01a14e35f',
    });
  });

  const scannerOutputs = [
    ...readdirSync(join(SHARED_FIXTURES, 'trivy')).map((f) => join(SHARED_FIXTURES, 'trivy', f)),
    ...readdirSync(join(SHARED_FIXTURES, 'grype')).map((f) => join(SHARED_FIXTURES, 'grype', f)),
    ...readdirSync(join(SHARED_FIXTURES, 'syft')).map((f) => join(SHARED_FIXTURES, 'syft', f)),
    ...readdirSync(MADE_FIXTURES).map((f) => join(MADE_FIXTURES, f)),
  ]
    .filter((file) => file.endsWith('.json'))
    .sort();

  function attempt<T>(work: () => T): string {
    try {
      return JSON.stringify(work());
    } catch (error) {
      return `error: ${errorMessage(error)}`;
    }
  }

  it('every recorded and made scanner output, through every parser (findings or error message)', () => {
    const results: Record<string, string> = {};
    const all: Finding[] = [];
    for (const file of scannerOutputs) {
      const text = readFileSync(file, 'utf8');
      const name = file.slice(file.lastIndexOf('/', file.lastIndexOf('/') - 1) + 1);
      results[`${name} trivy`] = attempt(() =>
        parseTrivyJson(text, { target: 'registry.example/app:1' }, 'trivy'),
      );
      results[`${name} trivy (given path)`] = attempt(() =>
        parseTrivyJson(text, { target: 'k8s/', givenPath: 'k8s/' }, 'trivy-config'),
      );
      results[`${name} grype`] = attempt(() => parseGrypeJson(text, { target: 'registry.example/app:1' }));
      for (const role of ['cyclonedx', 'spdx', 'syft-json'] as const) {
        results[`${name} ${role}`] = attempt(() =>
          parseSbomOutputs({ [role]: text }, 'syft').map((doc) => countSbomPackages(doc)),
        );
      }
      for (const key of [`${name} trivy`, `${name} grype`]) {
        const parsed = results[key]!;
        if (!parsed.startsWith('error'))
          all.push(...(JSON.parse(parsed) as { findings: Finding[] }).findings);
      }
    }
    const digests = Object.fromEntries(Object.entries(results).map(([key, value]) => [key, digest(value)]));
    if (process.env.PRINT_DIGESTS) console.log(JSON.stringify(digests, null, 2));
    expect(digests).toEqual(FIXTURE_DIGESTS);
    const target = 'registry.example/app:1';
    const report = buildReport({
      findings: all,
      targets: [{ display: target, name: 'registry.example/app', kind: 'reference' }],
      scanners: [
        run('trivy', target, 0),
        run('trivy-secret', target, 0),
        run('trivy-config', target, 0),
        run('trivy-license', target, 0),
        run('grype', target, 0),
      ],
    });
    expect(outputs(report)).toEqual({
      sarif: '363a94edc0bd0a2f',
      sarifWarnings: 'e3b0c44298fc1c14',
      json: 'fd0b8b6c49935933',
      summary: '5e4b7c9105163fbb',
    });
  });
});

const FIXTURE_DIGESTS: Record<string, string> = {
  'made/grype-from-trivy-alpine-310.made.json trivy': '3c93347dcd6f50f1',
  'made/grype-from-trivy-alpine-310.made.json trivy (given path)': '9abbfdf6118a49a9',
  'made/grype-from-trivy-alpine-310.made.json grype': 'd8a27bca561221a8',
  'made/grype-from-trivy-alpine-310.made.json cyclonedx': '8aed0e9489ad4c1e',
  'made/grype-from-trivy-alpine-310.made.json spdx': 'bb2ad1fb81a4544f',
  'made/grype-from-trivy-alpine-310.made.json syft-json': '35b299a5d578247d',
  'made/grype-presenter-image-kev-low.generated.json trivy': '3c93347dcd6f50f1',
  'made/grype-presenter-image-kev-low.generated.json trivy (given path)': '9abbfdf6118a49a9',
  'made/grype-presenter-image-kev-low.generated.json grype': 'f2409d7522e79b54',
  'made/grype-presenter-image-kev-low.generated.json cyclonedx': '8aed0e9489ad4c1e',
  'made/grype-presenter-image-kev-low.generated.json spdx': 'bb2ad1fb81a4544f',
  'made/grype-presenter-image-kev-low.generated.json syft-json': '35b299a5d578247d',
  'made/kev-catalog.generated.json trivy': '3c93347dcd6f50f1',
  'made/kev-catalog.generated.json trivy (given path)': '9abbfdf6118a49a9',
  'made/kev-catalog.generated.json grype': 'abe17e540225977c',
  'made/kev-catalog.generated.json cyclonedx': '8aed0e9489ad4c1e',
  'made/kev-catalog.generated.json spdx': 'bb2ad1fb81a4544f',
  'made/kev-catalog.generated.json syft-json': '35b299a5d578247d',
  'made/report-v1.made.json trivy': '3c93347dcd6f50f1',
  'made/report-v1.made.json trivy (given path)': '9abbfdf6118a49a9',
  'made/report-v1.made.json grype': 'abe17e540225977c',
  'made/report-v1.made.json cyclonedx': '8aed0e9489ad4c1e',
  'made/report-v1.made.json spdx': 'bb2ad1fb81a4544f',
  'made/report-v1.made.json syft-json': '35b299a5d578247d',
  'made/trivy-alpine-310-licenses.generated.json trivy': 'bdaec0bb48328183',
  'made/trivy-alpine-310-licenses.generated.json trivy (given path)': '60bfa690cbd01582',
  'made/trivy-alpine-310-licenses.generated.json grype': 'abe17e540225977c',
  'made/trivy-alpine-310-licenses.generated.json cyclonedx': '8aed0e9489ad4c1e',
  'made/trivy-alpine-310-licenses.generated.json spdx': 'bb2ad1fb81a4544f',
  'made/trivy-alpine-310-licenses.generated.json syft-json': '35b299a5d578247d',
  'made/trivy-alpine-39-statuses.generated.json trivy': 'b880f46207512dbb',
  'made/trivy-alpine-39-statuses.generated.json trivy (given path)': '170638f1c8d777ee',
  'made/trivy-alpine-39-statuses.generated.json grype': 'abe17e540225977c',
  'made/trivy-alpine-39-statuses.generated.json cyclonedx': '8aed0e9489ad4c1e',
  'made/trivy-alpine-39-statuses.generated.json spdx': 'bb2ad1fb81a4544f',
  'made/trivy-alpine-39-statuses.generated.json syft-json': '35b299a5d578247d',
  'grype/presenter-dir.json trivy': '3c93347dcd6f50f1',
  'grype/presenter-dir.json trivy (given path)': '9abbfdf6118a49a9',
  'grype/presenter-dir.json grype': '5cc01d06d3c58f4d',
  'grype/presenter-dir.json cyclonedx': '8aed0e9489ad4c1e',
  'grype/presenter-dir.json spdx': 'bb2ad1fb81a4544f',
  'grype/presenter-dir.json syft-json': '35b299a5d578247d',
  'grype/presenter-image.cdx.json trivy': '3c93347dcd6f50f1',
  'grype/presenter-image.cdx.json trivy (given path)': '9abbfdf6118a49a9',
  'grype/presenter-image.cdx.json grype': 'abe17e540225977c',
  'grype/presenter-image.cdx.json cyclonedx': '038966de9f6b9a90',
  'grype/presenter-image.cdx.json spdx': 'bb2ad1fb81a4544f',
  'grype/presenter-image.cdx.json syft-json': '35b299a5d578247d',
  'grype/presenter-image.json trivy': '3c93347dcd6f50f1',
  'grype/presenter-image.json trivy (given path)': '9abbfdf6118a49a9',
  'grype/presenter-image.json grype': '5cc01d06d3c58f4d',
  'grype/presenter-image.json cyclonedx': '8aed0e9489ad4c1e',
  'grype/presenter-image.json spdx': 'bb2ad1fb81a4544f',
  'grype/presenter-image.json syft-json': '35b299a5d578247d',
  'syft/ubuntu-20.04-pruned.syft.json trivy': '3c93347dcd6f50f1',
  'syft/ubuntu-20.04-pruned.syft.json trivy (given path)': '9abbfdf6118a49a9',
  'syft/ubuntu-20.04-pruned.syft.json grype': 'abe17e540225977c',
  'syft/ubuntu-20.04-pruned.syft.json cyclonedx': '8aed0e9489ad4c1e',
  'syft/ubuntu-20.04-pruned.syft.json spdx': 'bb2ad1fb81a4544f',
  'syft/ubuntu-20.04-pruned.syft.json syft-json': '46b1884167c4edd3',
  'trivy/alpine-310.json trivy': 'e2003e8d33ebcb53',
  'trivy/alpine-310.json trivy (given path)': 'c32d3a75c74d684d',
  'trivy/alpine-310.json grype': 'abe17e540225977c',
  'trivy/alpine-310.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/alpine-310.json spdx': 'bb2ad1fb81a4544f',
  'trivy/alpine-310.json syft-json': '35b299a5d578247d',
  'trivy/alpine-39.json trivy': '94fbd3b72ac4f8f6',
  'trivy/alpine-39.json trivy (given path)': 'a77f4abeea628f35',
  'trivy/alpine-39.json grype': 'abe17e540225977c',
  'trivy/alpine-39.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/alpine-39.json spdx': 'bb2ad1fb81a4544f',
  'trivy/alpine-39.json syft-json': '35b299a5d578247d',
  'trivy/centos-7.json trivy': '988247149f42c3b1',
  'trivy/centos-7.json trivy (given path)': '792d84d78feb7267',
  'trivy/centos-7.json grype': 'abe17e540225977c',
  'trivy/centos-7.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/centos-7.json spdx': 'bb2ad1fb81a4544f',
  'trivy/centos-7.json syft-json': '35b299a5d578247d',
  'trivy/conda-spdx.json trivy': '3c93347dcd6f50f1',
  'trivy/conda-spdx.json trivy (given path)': '9abbfdf6118a49a9',
  'trivy/conda-spdx.json grype': 'abe17e540225977c',
  'trivy/conda-spdx.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/conda-spdx.json spdx': '038966de9f6b9a90',
  'trivy/conda-spdx.json syft-json': '35b299a5d578247d',
  'trivy/dockerfile.json trivy': '6d7b2bad13e7eff9',
  'trivy/dockerfile.json trivy (given path)': '3adc0fd94844668b',
  'trivy/dockerfile.json grype': 'abe17e540225977c',
  'trivy/dockerfile.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/dockerfile.json spdx': 'bb2ad1fb81a4544f',
  'trivy/dockerfile.json syft-json': '35b299a5d578247d',
  'trivy/helm.json trivy': 'e0fe3d57fb3be631',
  'trivy/helm.json trivy (given path)': '96adf7397839425a',
  'trivy/helm.json grype': 'abe17e540225977c',
  'trivy/helm.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/helm.json spdx': 'bb2ad1fb81a4544f',
  'trivy/helm.json syft-json': '35b299a5d578247d',
  'trivy/npm-cyclonedx.json trivy': '3c93347dcd6f50f1',
  'trivy/npm-cyclonedx.json trivy (given path)': '9abbfdf6118a49a9',
  'trivy/npm-cyclonedx.json grype': 'abe17e540225977c',
  'trivy/npm-cyclonedx.json cyclonedx': '568f15e9fe7bcf0a',
  'trivy/npm-cyclonedx.json spdx': 'bb2ad1fb81a4544f',
  'trivy/npm-cyclonedx.json syft-json': '35b299a5d578247d',
  'trivy/npm.json trivy': '917e439de61abba4',
  'trivy/npm.json trivy (given path)': 'd452953c515795d7',
  'trivy/npm.json grype': 'abe17e540225977c',
  'trivy/npm.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/npm.json spdx': 'bb2ad1fb81a4544f',
  'trivy/npm.json syft-json': '35b299a5d578247d',
  'trivy/secrets.json trivy': '4485a5216c4e2da1',
  'trivy/secrets.json trivy (given path)': '3d1eb774727962f4',
  'trivy/secrets.json grype': 'abe17e540225977c',
  'trivy/secrets.json cyclonedx': '8aed0e9489ad4c1e',
  'trivy/secrets.json spdx': 'bb2ad1fb81a4544f',
  'trivy/secrets.json syft-json': '35b299a5d578247d',
};
