import type { Finding } from '../../../src/core/finding.js';
import type { Report, ReportTarget, ScannerRun } from '../../../src/core/report.js';
import { buildReport } from '../../support/generate-findings.js';

/**
 * HAND-MADE findings and reports for renderer tests: one of each kind, an issue both scanners saw with different
 * severities, a Grype-only GHSA, a secret inside the image and a Dockerfile misconfiguration.
 */
export const MADE_IMAGE = 'ghcr.io/acme/api:1.2.3';
export const MADE_IMAGE_NAME = 'ghcr.io/acme/api';

export function madeVulnerability(overrides: Partial<Finding> = {}): Finding {
  return {
    kind: 'vulnerability',
    id: 'CVE-2024-0001',
    aliases: [],
    target: MADE_IMAGE,
    package: { name: 'openssl', version: '3.0.1-r0', type: 'apk', purl: 'pkg:apk/alpine/openssl@3.0.1-r0' },
    severity: 'high',
    severitySource: 'trivy',
    severities: [{ scanner: 'trivy', severity: 'high', vendorSeverity: 'HIGH (nvd)' }],
    cvss: [
      { source: 'nvd', version: '3.1', score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
    ],
    fix: { state: 'fixed', versions: ['3.0.2-r0'] },
    title: 'openssl: denial of service in X.509 parsing',
    description: 'A crafted certificate makes the parser loop.',
    links: ['https://avd.aquasec.com/nvd/cve-2024-0001'],
    foundBy: ['trivy'],
    ...overrides,
  };
}

export function madeFindings(target = MADE_IMAGE): Finding[] {
  return [
    madeVulnerability({ target }),
    madeVulnerability({
      target,
      id: 'GHSA-aaaa-bbbb-cccc',
      aliases: ['CVE-2024-0001'],
      severity: 'critical',
      severitySource: 'grype',
      severities: [
        { scanner: 'grype', severity: 'critical', vendorSeverity: 'Critical (alpine:distro:alpine:3.19)' },
      ],
      cvss: [],
      title: 'CVE-2024-0001',
      links: ['https://github.com/advisories/GHSA-aaaa-bbbb-cccc'],
      foundBy: ['grype'],
    }),
    madeVulnerability({
      target,
      id: 'GHSA-dddd-eeee-ffff',
      aliases: [],
      package: {
        name: 'lodash',
        version: '4.17.20',
        type: 'npm',
        purl: 'pkg:npm/lodash@4.17.20',
        path: 'app/node_modules/lodash/package.json',
      },
      severity: 'medium',
      severitySource: 'grype',
      severities: [{ scanner: 'grype', severity: 'medium' }],
      cvss: [],
      fix: { state: 'not-fixed', versions: [] },
      title: 'lodash prototype pollution',
      links: [],
      foundBy: ['grype'],
    }),
    {
      kind: 'secret',
      id: 'github-pat',
      aliases: [],
      target,
      location: { path: 'app/config/token.txt', startLine: 3, endLine: 3 },
      severity: 'critical',
      severitySource: 'trivy',
      severities: [{ scanner: 'trivy', severity: 'critical' }],
      cvss: [],
      fix: { state: 'unknown', versions: [] },
      title: 'GitHub Personal Access Token',
      links: [],
      foundBy: ['trivy'],
    },
  ];
}

export function madeDockerfileFinding(): Finding {
  return {
    kind: 'misconfiguration',
    id: 'DS002',
    aliases: ['AVD-DS-0002'],
    target: 'examples/app/Dockerfile',
    location: { path: 'examples/app/Dockerfile', startLine: 7, endLine: 7 },
    severity: 'high',
    severitySource: 'container-gate',
    severities: [{ scanner: 'container-gate', severity: 'high' }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: "Image user should not be 'root'",
    links: ['https://avd.aquasec.com/misconfig/ds002'],
    remediation: 'Add a USER instruction with a non-root user.',
    foundBy: ['container-gate'],
  };
}

export function madeTarget(
  display: string,
  name: string,
  kind: ReportTarget['kind'] = 'reference',
): ReportTarget {
  return { display, name, kind };
}

export function okRun(name: string, target: string, findings = 0): ScannerRun {
  return {
    name,
    target,
    version: name === 'container-gate' ? '0.1.0' : '0.50.0',
    status: 'ok',
    durationMs: 1500,
    findings,
  };
}

/** The default hand-made report: one image plus the Dockerfile checked as a file. */
export function madeDefaultReport(): Report {
  return buildReport({
    findings: [...madeFindings(), madeDockerfileFinding()],
    targets: [
      madeTarget(MADE_IMAGE, MADE_IMAGE_NAME),
      madeTarget('examples/app/Dockerfile', 'examples/app/Dockerfile', 'files'),
    ],
    scanners: [
      okRun('trivy', MADE_IMAGE, 2),
      okRun('trivy-secret', MADE_IMAGE, 1),
      okRun('grype', MADE_IMAGE, 2),
      okRun('syft', MADE_IMAGE),
      okRun('container-gate', 'examples/app/Dockerfile', 1),
    ],
  });
}
