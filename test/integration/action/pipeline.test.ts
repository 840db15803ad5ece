import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src/action/run.js';
import { runScan } from '../../../src/pipeline.js';
import { startGitHubApiServer } from '../../support/github-api-server.js';
import {
  actionSuite,
  captureStdout,
  REPO_ROOT,
  readOutputs,
  recordingUploader,
  SHARED_FIXTURES,
  setRunEnv,
  TEST_POLLING,
  writeEmptyOciArchive,
} from './harness.js';

/**
 * The Action with the real pipeline: stand-in trivy, grype and syft (test/bin) replay recorded real outputs, the
 * pipeline parses, dedupes, gates and writes reports, and the Action publishes them to the loopback API.
 */
const MADE_GRYPE = path.resolve(REPO_ROOT, 'test/fixtures/made/grype-from-trivy-alpine-310.made.json');
const SEVERITY_RANK: Record<string, number> = {
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  negligible: 1,
  unknown: 0,
};

/** What dedupe across Trivy and Grype must give, from the raw files: one finding per (CVE, package, version). */
function expectedFromRaw() {
  const merged = new Map<string, number>();
  const add = (id: string, pkg: string, version: string, severity: string) => {
    const key = `${id}|${pkg}|${version}`;
    merged.set(key, Math.max(merged.get(key) ?? 0, SEVERITY_RANK[severity.toLowerCase()] ?? 0));
  };
  const trivy = JSON.parse(readFileSync(path.resolve(SHARED_FIXTURES, 'trivy/alpine-310.json'), 'utf8'));
  for (const result of trivy.Results) {
    for (const v of result.Vulnerabilities ?? [])
      add(v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.Severity);
  }
  const grype = JSON.parse(readFileSync(MADE_GRYPE, 'utf8'));
  for (const m of grype.matches) {
    const id = m.vulnerability.id.startsWith('CVE-') ? m.vulnerability.id : m.relatedVulnerabilities[0].id;
    add(id, m.artifact.name, m.artifact.version, m.vulnerability.severity);
  }
  const ranks = [...merged.values()];
  // Syft's findings: the licenses its replayed Syft JSON declares (unrated, so no severity count changes).
  const syft = JSON.parse(
    readFileSync(path.resolve(SHARED_FIXTURES, 'syft/ubuntu-20.04-pruned.syft.json'), 'utf8'),
  );
  const licenses = syft.artifacts.reduce(
    (n: number, a: { licenses?: unknown[] }) => n + (a.licenses?.length ?? 0),
    0,
  );
  return {
    findings: merged.size + licenses,
    critical: ranks.filter((r) => r === SEVERITY_RANK.critical).length,
    failsAtHigh: ranks.some((r) => r >= SEVERITY_RANK.high!),
  };
}

const suite = actionSuite();

async function runWithStandIns(
  extraEnv: Record<string, string> = {},
  inputs: Record<string, string> | undefined = undefined,
) {
  suite.server = await startGitHubApiServer();
  const archive = writeEmptyOciArchive(path.join(suite.dirs.root, 'alpine-310.tar'));
  setRunEnv(suite.dirs, {
    inputs: inputs ?? { image: `oci-archive:${archive}`, scanners: 'trivy,grype,syft', checks: 'false' },
    apiUrl: suite.server.url,
    token: suite.server.token,
  });
  const argvLog = path.join(suite.dirs.root, 'argv.jsonl');
  writeFileSync(argvLog, '');
  Object.assign(process.env, {
    PATH: `${path.resolve(REPO_ROOT, 'test/bin')}${path.delimiter}${process.env.PATH}`,
    STANDIN_ARGV_LOG: argvLog,
    STANDIN_TRIVY_VULN: path.resolve(SHARED_FIXTURES, 'trivy/alpine-310.json'),
    STANDIN_GRYPE: MADE_GRYPE,
    STANDIN_SYFT_CYCLONEDX: path.resolve(SHARED_FIXTURES, 'trivy/npm-cyclonedx.json'),
    STANDIN_SYFT_SPDX: path.resolve(SHARED_FIXTURES, 'trivy/conda-spdx.json'),
    STANDIN_SYFT_JSON: path.resolve(SHARED_FIXTURES, 'syft/ubuntu-20.04-pruned.syft.json'),
    ...extraEnv,
  });
  const artifacts = recordingUploader();
  const { result, stdout } = await captureStdout(() =>
    runAction({
      runScan,
      artifactUploader: async () => artifacts.uploader,
      polling: TEST_POLLING,
      today: '2026-11-23',
    }),
  );
  const calls = readFileSync(argvLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { tool: string; argv: string[] });
  return {
    result,
    stdout,
    artifacts,
    tools: calls.map((call) => call.tool),
    calls,
    outputs: readOutputs(suite.dirs.outputFile),
    exitCode: process.exitCode,
  };
}

describe('the Action on the real pipeline with stand-in scanners', () => {
  it('scans, dedupes across Trivy and Grype, gates, uploads the SARIF and attaches the SBOMs', async () => {
    const expected = expectedFromRaw();
    const { outputs, exitCode, artifacts, tools } = await runWithStandIns();

    expect(new Set(tools)).toEqual(new Set(['trivy', 'grype', 'syft']));
    expect(suite.server.violations).toEqual([]);
    expect(Number(outputs.findings)).toBe(expected.findings);
    expect(Number(outputs.critical)).toBe(expected.critical);
    expect(outputs.verdict).toBe(expected.failsAtHigh ? 'failed' : 'passed');
    expect(exitCode).toBe(expected.failsAtHigh ? 1 : 0);

    const report = JSON.parse(readFileSync(outputs['report-file']!, 'utf8'));
    expect(report.gate.status).toBe(outputs.verdict);
    expect(report.findings.some((f: { foundBy: string[] }) => f.foundBy.length === 2)).toBe(true);
    expect(suite.server.uploads).toHaveLength(1);
    expect(suite.server.uploads[0]!.sarif).toEqual(JSON.parse(readFileSync(outputs['sarif-file']!, 'utf8')));
    const sboms = artifacts.uploads.filter((u) => u.name.startsWith('sbom-'));
    expect(sboms).toHaveLength(1);
    expect([...sboms[0]!.files].sort()).toEqual(outputs['sbom-files']!.split('\n').sort());
    // The report too, as the artifact a pull request's `baseline: auto` reads.
    expect(artifacts.uploads.map((u) => u.name)).toContain('container-gate-report');
  });

  it('re-scans an SBOM given as image: sbom:<file>, named after the image its metadata describes', async () => {
    const sbom = path.resolve(SHARED_FIXTURES, 'syft/ubuntu-20.04-pruned.syft.json');
    const { outputs, tools, exitCode } = await runWithStandIns(
      {},
      { image: `sbom:${sbom}`, scanners: 'trivy,grype', checks: 'false' },
    );
    // trivy cannot read syft-json: grype alone scans it, reading the file, no image.
    expect(new Set(tools)).toEqual(new Set(['grype']));
    const report = JSON.parse(readFileSync(outputs['report-file']!, 'utf8'));
    expect(report.targets).toEqual([
      {
        display: `sbom:${sbom}`,
        name: 'ubuntu',
        kind: 'sbom',
        digest: 'sha256:5146935f9248826d44dfc2489abfd5f4bdfbc319a738c04dfe1ef071f228a1ac',
      },
    ]);
    expect(report.scanners.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'trivy:skipped',
      'grype:ok',
    ]);
    expect(Number(outputs.findings)).toBe(report.findings.length);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(exitCode).toBe(report.gate.status === 'failed' ? 1 : 0);
  });

  it.each([
    ['(default)', ['cyclonedx', 'spdx-json'], ['cyclonedx-json', 'spdx-json'], ''],
    ['spdx-json', ['cyclonedx', 'spdx-json'], ['spdx-json'], 'spdx-json'],
    ['cyclonedx-json', ['cyclonedx'], ['cyclonedx-json'], 'cyclonedx-json'],
    ['none', ['cyclonedx'], [], 'none'],
  ] as const)(
    'sbom: %s: Trivy converts to %j, the Action writes and uploads %j as before',
    async (_, converted, written, sbom) => {
      const archive = writeEmptyOciArchive(path.join(suite.dirs.root, 'alpine-310.tar'));
      // trivy-sbom alone: the pass lists packages (TRIVY_PACKAGES), and each convert replays its recorded format.
      const { outputs, calls, artifacts } = await runWithStandIns(
        {
          STANDIN_TRIVY_PACKAGES: path.resolve(SHARED_FIXTURES, 'trivy/npm.json'),
          STANDIN_TRIVY_SBOM: path.resolve(SHARED_FIXTURES, 'trivy/npm-cyclonedx.json'),
          STANDIN_TRIVY_SPDX: path.resolve(SHARED_FIXTURES, 'trivy/conda-spdx.json'),
        },
        { image: `oci-archive:${archive}`, scanners: 'trivy-sbom', checks: 'false', sbom },
      );
      const converts = calls.filter((c) => c.tool === 'trivy' && c.argv[0] === 'convert');
      expect(converts.map((c) => c.argv[c.argv.indexOf('--format') + 1]).sort()).toEqual(converted);
      const report = JSON.parse(readFileSync(outputs['report-file']!, 'utf8'));
      expect(report.sboms.map((s: { format: string }) => s.format).sort()).toEqual(written);
      expect(report.scanners.find((s: { name: string }) => s.name === 'trivy-sbom').status).toBe('ok');
      const files = outputs['sbom-files'] ? outputs['sbom-files'].split('\n') : [];
      expect(files).toHaveLength(written.length);
      const uploaded = artifacts.uploads
        .filter((u) => u.name.startsWith('sbom-'))
        .flatMap((u) => [...u.files]);
      expect(uploaded.sort()).toEqual([...files].sort());
    },
  );

  it('a crashing scanner makes the run an error: exit 2, verdict error, no SARIF upload', async () => {
    const { outputs, exitCode } = await runWithStandIns({ STANDIN_GRYPE_BEHAVIOUR: 'crash' });
    expect(outputs.verdict).toBe('error');
    expect(exitCode).toBe(2);
    expect(suite.server.requests.filter((r) => r.operationId === 'code-scanning/upload-sarif')).toEqual([]);
  });
});
