import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../../src/core/merge-reports.js';
import { DEFAULT_POLICY, type Policy } from '../../../src/core/policy.js';
import type { Report, ScannerRun } from '../../../src/core/report.js';
import { UsageError } from '../../../src/util/errors.js';
import { buildReport } from '../../support/generate-findings.js';
import { madeFindings, madeTarget, okRun } from '../report/made-report.js';

/** HAND-MADE matrix jobs: each scanned one image with its own policy. */
function job(display: string, name: string, scanners?: ScannerRun[], policy?: Policy): Report {
  return buildReport({
    findings: madeFindings(display),
    targets: [madeTarget(display, name)],
    scanners: scanners ?? [okRun('trivy', display), okRun('grype', display)],
    ...(policy ? { policy } : {}),
  });
}

const TODAY = '2026-01-01';

describe('mergeReports', () => {
  const api = job('ghcr.io/acme/api:1', 'ghcr.io/acme/api');
  const web = job('ghcr.io/acme/web:1', 'ghcr.io/acme/web');

  it('unions the targets, deduplicated by display', () => {
    const merged = mergeReports([web, api, api], DEFAULT_POLICY, TODAY);
    expect(merged.targets.map((t) => t.display)).toEqual(['ghcr.io/acme/api:1', 'ghcr.io/acme/web:1']);
  });

  it("keeps every image's findings and folds the same finding from two jobs into one", () => {
    const merged = mergeReports([api, web, api], DEFAULT_POLICY, TODAY);
    expect(merged.findings).toHaveLength(api.findings.length + web.findings.length);
    const fromApi = merged.findings.filter((f) => f.target === 'ghcr.io/acme/api:1');
    expect(fromApi.map((f) => [f.id, f.foundBy])).toEqual(api.findings.map((f) => [f.id, f.foundBy]));
  });

  it('concatenates scanner runs and SBOM entries', () => {
    const withSbom: Report = {
      ...api,
      sboms: [
        { target: 'ghcr.io/acme/api:1', format: 'spdx-json', path: 'sbom/api.spdx.json', producer: 'syft' },
      ],
    };
    const merged = mergeReports([withSbom, web], DEFAULT_POLICY, TODAY);
    expect(merged.scanners).toHaveLength(api.scanners.length + web.scanners.length);
    expect(merged.sboms).toEqual(withSbom.sboms);
  });

  it('re-applies the gate across all images with the policy it is given', () => {
    expect(api.findings.find((f) => f.id === 'CVE-2024-0001')!.gate.decision).toBe('violation');
    const excepting: Policy = {
      ...DEFAULT_POLICY,
      exceptions: [
        {
          id: 'CVE-2024-0001',
          image: 'ghcr.io/acme/api',
          reason: 'not reachable',
          expires: '2026-12-31',
          origin: 'merge.yaml entry 1',
        },
      ],
    };
    const merged = mergeReports([api, web], excepting, TODAY);
    const cve = merged.findings.filter((f) => f.id === 'CVE-2024-0001');
    expect(cve.map((f) => [f.target, f.gate.decision])).toEqual([
      ['ghcr.io/acme/api:1', 'excepted'],
      ['ghcr.io/acme/web:1', 'violation'],
    ]);
    expect(merged.gate.exceptionsApplied).toHaveLength(1);
    expect(merged.gate.violations).toBe(
      merged.findings.filter((f) => f.gate.decision === 'violation').length,
    );
    expect(merged.gate.status).toBe('failed');
  });

  it('ends in error when any job had a failed or timed-out scanner', () => {
    const timedOut = job('ghcr.io/acme/web:1', 'ghcr.io/acme/web', [
      okRun('trivy', 'ghcr.io/acme/web:1'),
      { ...okRun('grype', 'ghcr.io/acme/web:1'), status: 'timeout', error: 'timed out after 600 s' },
    ]);
    const merged = mergeReports(
      [api, timedOut],
      { ...DEFAULT_POLICY, threshold: 'critical', kinds: [] },
      TODAY,
    );
    expect(merged.gate.status).toBe('error');
    expect(merged.gate.errors.join('\n')).toContain('grype on ghcr.io/acme/web:1');
  });

  it("ends in error even when a job's verdict left out its failed scanner", () => {
    const failedRun: ScannerRun = {
      ...okRun('trivy', 'ghcr.io/acme/web:1'),
      status: 'failed',
      error: 'exit 1',
    };
    const inconsistent: Report = { ...web, scanners: [failedRun], gate: { ...web.gate, errors: [] } };
    expect(mergeReports([api, inconsistent], DEFAULT_POLICY, TODAY).gate.status).toBe('error');
  });

  it('refuses an empty list', () => {
    expect(() => mergeReports([], DEFAULT_POLICY, TODAY)).toThrow(UsageError);
  });
});
