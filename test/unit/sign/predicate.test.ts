import { describe, expect, it } from 'vitest';
import type { FindingKind } from '../../../src/core/finding.js';
import type { Report, ReportFinding } from '../../../src/core/report.js';
import type { Severity } from '../../../src/core/severity.js';
import { githubInvocation, vulnPredicate } from '../../../src/sign/predicate.js';

/** A made-up report: two images, vulnerabilities and secrets in each. */
function finding(kind: FindingKind, id: string, target: string, severity: Severity): ReportFinding {
  return {
    kind,
    id,
    aliases: [],
    target,
    severity,
    severitySource: 'trivy',
    severities: [{ scanner: 'trivy', severity }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: id,
    links: [],
    foundBy: ['trivy'],
    gate: { decision: 'below-threshold' },
  };
}

const API = 'ghcr.io/acme/api:1';
const WEB = 'ghcr.io/acme/web:1';
const madeReport: Report = {
  version: 2,
  tool: { name: 'container-gate', version: '0.1.0' },
  targets: [
    { display: API, name: 'ghcr.io/acme/api', kind: 'reference' },
    { display: WEB, name: 'ghcr.io/acme/web', kind: 'reference' },
  ],
  findings: [
    finding('vulnerability', 'CVE-2024-0001', API, 'critical'),
    finding('vulnerability', 'CVE-2024-0002', API, 'high'),
    finding('secret', 'github-pat', API, 'critical'),
    finding('vulnerability', 'CVE-2024-0003', WEB, 'low'),
    finding('hardening', 'CG-USER-ROOT', WEB, 'medium'),
  ],
  gate: {
    status: 'failed',
    passed: false,
    threshold: 'high',
    ignoreUnfixed: false,
    violations: 2,
    unknownSeverity: 0,
    failedRules: [{ rule: 'threshold', violations: 2, summary: '2 findings at or above high' }],
    suppressed: { vex: 0, 'vendor-status': 0, exception: 0, baseline: 0 },
    exceptionsApplied: [],
    exceptionsExpired: [],
    exceptionsUnused: [],
    errors: [],
    reasons: ['2 findings at or above high'],
  },
  scanners: [
    { name: 'trivy', target: API, status: 'ok', durationMs: 1, findings: 3 },
    { name: 'trivy', target: WEB, status: 'ok', durationMs: 1, findings: 2 },
  ],
  sboms: [],
};

const times = { startedOn: new Date('2026-11-22T10:00:00Z'), finishedOn: new Date('2026-11-22T10:01:30Z') };

describe('vulnPredicate', () => {
  it("has cosign's vuln predicate shape: invocation, one scanner with db and result, scan times", () => {
    const predicate = vulnPredicate(madeReport, { version: '0.1.0', ...times });
    expect(Object.keys(predicate).sort()).toEqual(['invocation', 'metadata', 'scanner']);
    expect(Object.keys(predicate.invocation).sort()).toEqual(['builder.id', 'event_id', 'parameters', 'uri']);
    expect(predicate.scanner).toMatchObject({
      uri: 'pkg:npm/container-gate@0.1.0',
      version: '0.1.0',
      db: { uri: '', version: '' },
    });
    expect(predicate.metadata).toEqual({
      scanStartedOn: times.startedOn.toISOString(),
      scanFinishedOn: times.finishedOn.toISOString(),
    });
  });

  it('carries only the vulnerabilities of the attested image, never its secrets', () => {
    const predicate = vulnPredicate(madeReport, { version: '0.1.0', ...times, target: API });
    const expected = madeReport.findings.filter((f) => f.target === API && f.kind === 'vulnerability');
    expect(predicate.scanner.result.vulnerabilities.map((f) => f.id)).toEqual(expected.map((f) => f.id));
    expect(JSON.stringify(predicate)).not.toContain('github-pat');
    expect(predicate.scanner.result.targets.map((t) => t.display)).toEqual([API]);
    expect(predicate.scanner.result.scanners.every((s) => s.target === API)).toBe(true);
  });

  it('summarises the attested vulnerabilities by severity and keeps the verdict', () => {
    const predicate = vulnPredicate(madeReport, { version: '0.1.0', ...times, target: API });
    const vulns = madeReport.findings.filter((f) => f.target === API && f.kind === 'vulnerability');
    expect(predicate.scanner.result.summary.critical).toBe(
      vulns.filter((f) => f.severity === 'critical').length,
    );
    expect(predicate.scanner.result.summary.high).toBe(vulns.filter((f) => f.severity === 'high').length);
    expect(predicate.scanner.result.gate).toMatchObject({
      status: madeReport.gate.status,
      violations: madeReport.gate.violations,
    });
  });

  it('covers every image when no target is named', () => {
    const predicate = vulnPredicate(madeReport, { version: '0.1.0', ...times });
    expect(predicate.scanner.result.vulnerabilities).toHaveLength(
      madeReport.findings.filter((f) => f.kind === 'vulnerability').length,
    );
  });
});

describe('githubInvocation', () => {
  it('points at the Actions run and names the workflow as builder', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_RUN_ID: '1071875574',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_WORKFLOW_REF: 'acme/api/.github/workflows/release.yml@refs/heads/main',
    };
    expect(githubInvocation(env)).toEqual({
      uri: `https://github.com/acme/api/actions/runs/${env.GITHUB_RUN_ID}/attempts/2`,
      eventId: env.GITHUB_RUN_ID,
      builderId: `https://github.com/${env.GITHUB_WORKFLOW_REF}`,
    });
  });

  it('is empty outside Actions', () => {
    expect(githubInvocation({})).toEqual({});
  });
});
