import { UsageError } from '../util/errors.js';
import { attestationErrors, gateOnAttestations } from './attestation.js';
import type { Finding } from './finding.js';
import { evaluateGate } from './gate.js';
import { compareStrings, dedupeFindings } from './identity.js';
import { markKnownExploited } from './kev.js';
import type { Policy } from './policy.js';
import {
  REPORT_VERSION,
  type Report,
  type ReportSbom,
  type ReportTarget,
  type ScannerRun,
} from './report.js';

/**
 * Combines the reports of matrix jobs (one image each) into one: every target, the findings deduplicated again,
 * and the gate decided again over all of them with one policy, so that an exception or a threshold means the
 * same thing whichever job found the issue. A failed scanner in any job makes the merged verdict `error`, and a
 * re-scanned image whose SBOM attestation did not verify keeps failing it.
 */
export function mergeReports(reports: readonly Report[], policy: Policy, today: string): Report {
  const first = reports[0];
  if (!first)
    throw new UsageError('merge: no reports given; pass one or more JSON reports written by --json');

  const targets = new Map<string, ReportTarget>();
  for (const report of reports) {
    for (const t of report.targets) {
      const seen = targets.get(t.display);
      // The same image re-scanned by two jobs: the one whose SBOM attestation did not verify is the one kept.
      if (!seen || attestationRank(t) > attestationRank(seen)) targets.set(t.display, t);
    }
  }

  const findings = markKnownExploited(
    dedupeFindings(reports.flatMap((r) => r.findings.map(withoutGate))),
    policy.kevCatalog,
  );
  const scanners = reports.flatMap((r) => r.scanners).sort(byTargetThenName);
  const sboms = reports.flatMap((r) => r.sboms).sort(bySbom);

  const errors: string[] = [];
  for (const report of reports) {
    for (const error of report.gate.errors) errors.push(error);
    // A report whose verdict forgot its own failed scanners must still fail the merge closed.
    if (report.gate.errors.length === 0) {
      for (const run of report.scanners) {
        if (run.status === 'failed' || run.status === 'timeout') {
          errors.push(`${run.name} on ${run.target}: ${run.error ?? run.status}`);
        }
      }
    }
  }

  const merged = [...targets.values()].sort((a, b) => compareStrings(a.display, b.display));
  // An image whose attestation could not be checked stays a run error, whichever report said so.
  errors.push(...attestationErrors(merged));
  const gate = evaluateGate({
    findings,
    policy,
    today,
    errors: [...new Set(errors)],
    imageNameOf: (target) => targets.get(target)?.name ?? target,
  });

  return {
    version: REPORT_VERSION,
    tool: { ...first.tool },
    targets: merged,
    findings: findings.map((finding, i) => ({ ...finding, gate: gate.decisions[i]! })),
    gate: gateOnAttestations(gate.verdict, merged),
    scanners,
    sboms,
  };
}

const ATTESTATION_RANK = { verified: 1, error: 2, unverified: 3 } as const;

function attestationRank(target: ReportTarget): number {
  return target.attestation ? ATTESTATION_RANK[target.attestation.status] : 0;
}

function withoutGate(finding: Report['findings'][number]): Finding {
  const { gate: _gate, ...rest } = finding;
  return rest;
}

function byTargetThenName(a: ScannerRun, b: ScannerRun): number {
  return compareStrings(a.target, b.target) || compareStrings(a.name, b.name);
}

function bySbom(a: ReportSbom, b: ReportSbom): number {
  return (
    compareStrings(a.target, b.target) || compareStrings(a.format, b.format) || compareStrings(a.path, b.path)
  );
}
