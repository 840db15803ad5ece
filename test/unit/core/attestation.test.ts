import { describe, expect, it } from 'vitest';
import { attestationErrors, gateOnAttestations } from '../../../src/core/attestation.js';
import { mergeReports } from '../../../src/core/merge-reports.js';
import { DEFAULT_POLICY } from '../../../src/core/policy.js';
import type { Report, ReportTarget } from '../../../src/core/report.js';
import { parseJsonReport, renderJsonReport } from '../../../src/report/json.js';
import { renderMarkdownSummary } from '../../../src/report/markdown.js';
import { buildReport } from '../../support/generate-findings.js';
import { madeVulnerability, okRun } from '../report/made-report.js';

/** HAND-MADE: a rescan of two deployed images, one whose SBOM attestation verified and one whose did not. */
const API = `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`;
const WEB = `ghcr.io/acme/web@sha256:${'b'.repeat(64)}`;
const verified: ReportTarget = {
  display: API,
  name: 'ghcr.io/acme/api',
  kind: 'sbom',
  digest: `sha256:${'a'.repeat(64)}`,
  attestation: {
    status: 'verified',
    predicateType: 'https://cyclonedx.org/bom',
    referrer: `sha256:${'c'.repeat(64)}`,
    identity: 'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main',
    issuer: 'https://token.actions.githubusercontent.com',
  },
};
const unverified: ReportTarget = {
  display: WEB,
  name: 'ghcr.io/acme/web',
  kind: 'sbom',
  digest: `sha256:${'b'.repeat(64)}`,
  attestation: { status: 'unverified', reason: 'a signature' },
};

function rescanReport(targets: ReportTarget[], severity: 'low' | 'critical' = 'low'): Report {
  const report = buildReport({
    findings: [madeVulnerability({ target: API, severity })],
    targets,
    scanners: [okRun('grype', API, 1)],
  });
  return { ...report, gate: gateOnAttestations(report.gate, report.targets) };
}

describe('the gate over re-scanned images', () => {
  it('leaves a verdict alone when every SBOM attestation verified', () => {
    const report = buildReport({ findings: [], targets: [verified], scanners: [okRun('grype', API)] });
    expect(gateOnAttestations(report.gate, report.targets)).toBe(report.gate);
  });

  it('fails a verdict that would pass, with one reason per image that was not re-scanned, first', () => {
    const report = rescanReport([verified, unverified]);
    expect(report.gate).toMatchObject({ status: 'failed', passed: false, violations: 0, errors: [] });
    expect(report.gate.reasons[0]).toBe(`${WEB}: no verified SBOM attestation, not re-scanned (a signature)`);
    expect(report.gate.reasons).toHaveLength(2);
  });

  it('keeps an error an error, and lists images that could not be checked as run errors', () => {
    const broken: ReportTarget = {
      ...verified,
      display: 'x@sha256:1',
      attestation: { status: 'error', reason: 'registry down' },
    };
    expect(attestationErrors([verified, unverified, broken])).toEqual(['x@sha256:1: registry down']);
    const report = buildReport({
      findings: [],
      targets: [unverified],
      scanners: [{ ...okRun('grype', API), status: 'failed', error: 'crashed' }],
    });
    expect(gateOnAttestations(report.gate, report.targets).status).toBe('error');
  });

  it('survives the JSON report and merge: a merged rescan still fails over the unverified image', () => {
    const report = rescanReport([verified, unverified]);
    const read = parseJsonReport(renderJsonReport(report), 'rescan.json');
    expect(read.targets).toEqual(report.targets);
    const merged = mergeReports([read, rescanReport([verified])], DEFAULT_POLICY, '2026-01-01');
    expect(merged.gate.status).toBe('failed');
    expect(merged.gate.reasons[0]).toContain(WEB);
  });

  it('a merge of two jobs that re-scanned the same image keeps the one whose attestation did not verify, in any order', () => {
    const webVerified: ReportTarget = { ...verified, display: WEB, name: 'ghcr.io/acme/web' };
    for (const order of [
      [rescanReport([webVerified]), rescanReport([unverified])],
      [rescanReport([unverified]), rescanReport([webVerified])],
    ]) {
      const merged = mergeReports(order, DEFAULT_POLICY, '2026-01-01');
      expect(merged.targets.find((t) => t.display === WEB)?.attestation?.status).toBe('unverified');
      expect(merged.gate.status).toBe('failed');
    }
  });

  it('summarises what each image was re-scanned from and who signed it, or why it was not', () => {
    const markdown = renderMarkdownSummary(rescanReport([verified, unverified]));
    expect(markdown).toContain('### SBOM attestations');
    expect(markdown).toMatch(
      /\| ghcr\.io\/acme\/api@\u200dsha256:a+ \| verified \| https:\/\/cyclonedx\.org\/bom \| https:\/\/github\.com\/acme\/api\/\.github\/workflows\/release\.yml@\u200drefs\/heads\/main \(https:\/\/token\.actions\.githubusercontent\.com\) \|/,
    );
    expect(markdown).toMatch(
      /\| ghcr\.io\/acme\/web@\u200dsha256:b+ \| \*\*unverified\*\* \| a signature \| – \|/,
    );
    expect(renderMarkdownSummary(buildReport({ findings: [], targets: [], scanners: [] }))).not.toContain(
      'SBOM attestations',
    );
  });
});
