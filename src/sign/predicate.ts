import { countBySeverity, type Report, type SeverityCounts } from '../core/report.js';

/**
 * cosign's vulnerability scan record (`cosign attest --type vuln`), the shape of CosignVulnPredicate in
 * sigstore/cosign pkg/cosign/attestation (one scanner per predicate, as Trivy's `--format cosign-vuln` writes it).
 * `scanner.result` is free-form: here it is container-gate's merged result for the one image being attested.
 */
export const COSIGN_VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';

export interface CosignVulnPredicate {
  invocation: { parameters: unknown; uri: string; event_id: string; 'builder.id': string };
  scanner: { uri: string; version: string; db: { uri: string; version: string }; result: VulnResult };
  metadata: { scanStartedOn: string; scanFinishedOn: string };
}

export interface VulnInvocation {
  /** The arguments of the run, without secrets. */
  parameters?: unknown;
  uri?: string;
  eventId?: string;
  builderId?: string;
}

export interface VulnScannerInfo {
  /** container-gate's version. */
  version: string;
  /** Defaults to the npm package URL of container-gate at that version. */
  uri?: string;
  /** The vulnerability database, when the scanners report one. */
  db?: { uri?: string; version?: string };
  startedOn: Date;
  finishedOn: Date;
  invocation?: VulnInvocation;
  /** The image the attestation is for (`ReportTarget.display`); all targets when absent. */
  target?: string;
}

/** What goes into `scanner.result`: the vulnerabilities and the verdict, never secrets or their locations. */
export interface VulnResult {
  reportVersion: Report['version'];
  targets: Report['targets'];
  scanners: Report['scanners'];
  gate: Pick<Report['gate'], 'status' | 'passed' | 'threshold' | 'ignoreUnfixed' | 'violations' | 'reasons'>;
  summary: SeverityCounts;
  vulnerabilities: Report['findings'];
}

/**
 * Pure. Only `vulnerability` findings go in: an attestation is public next to the image, and secret findings
 * (file paths, rule ids of leaked credentials) must not be published with it.
 */
export function vulnPredicate(report: Report, info: VulnScannerInfo): CosignVulnPredicate {
  const forTarget = <T extends { target: string }>(items: readonly T[]) =>
    info.target === undefined ? [...items] : items.filter((item) => item.target === info.target);
  const vulnerabilities = forTarget(report.findings).filter((f) => f.kind === 'vulnerability');
  const { status, passed, threshold, ignoreUnfixed, violations, reasons } = report.gate;
  return {
    invocation: {
      parameters: info.invocation?.parameters ?? null,
      uri: info.invocation?.uri ?? '',
      event_id: info.invocation?.eventId ?? '',
      'builder.id': info.invocation?.builderId ?? '',
    },
    scanner: {
      uri: info.uri ?? `pkg:npm/container-gate@${info.version}`,
      version: info.version,
      db: { uri: info.db?.uri ?? '', version: info.db?.version ?? '' },
      result: {
        reportVersion: report.version,
        targets:
          info.target === undefined
            ? [...report.targets]
            : report.targets.filter((t) => t.display === info.target),
        scanners: forTarget(report.scanners),
        gate: { status, passed, threshold, ignoreUnfixed, violations, reasons: [...reasons] },
        summary: countBySeverity(vulnerabilities),
        vulnerabilities,
      },
    },
    metadata: { scanStartedOn: info.startedOn.toISOString(), scanFinishedOn: info.finishedOn.toISOString() },
  };
}

/** The invocation of a GitHub Actions run: the run's URL and id, the workflow as builder. Empty outside Actions. */
export function githubInvocation(env: Record<string, string | undefined>): VulnInvocation {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (!repository || !runId) return {};
  const attempt = env.GITHUB_RUN_ATTEMPT;
  return {
    uri: `${server}/${repository}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}`,
    eventId: runId,
    builderId: env.GITHUB_WORKFLOW_REF ? `${server}/${env.GITHUB_WORKFLOW_REF}` : 'GitHub Actions',
  };
}
