import type { FindingGate, GateVerdict, RuleFailure } from '../core/gate.js';
import type { GateRuleName, Suppressor } from '../core/policy.js';
import { REPORT_VERSION, type Report, type ReportFinding } from '../core/report.js';
import { counted } from '../util/format.js';
import type { ReportInput } from './json-schema.js';

/**
 * A report as this release models it. A version 2 report is that already; a version 1 report gets what version 2
 * added, derived from what it recorded: a violation failed the threshold rule (or, of unknown severity, the
 * unknown-severity rule, the only two rules version 1 had), an excepted or VEX-suppressed finding names its
 * suppressor, and the verdict lists the failed rules and suppression counts. The policy in effect was not recorded
 * and stays absent.
 */
export function upgradeReport(input: ReportInput): Report {
  if (input.version === REPORT_VERSION) return input as Report;
  const findings = input.findings.map((finding): ReportFinding => {
    const gate = upgradeGate(finding.gate as FindingGate, finding.severity === 'unknown');
    return (gate === finding.gate ? finding : { ...finding, gate }) as ReportFinding;
  });
  const gate = input.gate as GateVerdict;
  return {
    ...(input as Report),
    version: REPORT_VERSION,
    findings,
    gate: {
      ...gate,
      failedRules: gate.failedRules ?? failedRulesOf(findings, gate),
      suppressed: gate.suppressed ?? suppressionCounts(findings),
    },
  };
}

function upgradeGate(gate: FindingGate, unknownSeverity: boolean): FindingGate {
  if (gate.decision === 'violation' && !gate.rules)
    return { ...gate, rules: [unknownSeverity ? 'unknown-severity' : 'threshold'] };
  if (gate.decision === 'excepted' && !gate.suppressedBy) return { ...gate, suppressedBy: 'exception' };
  if (gate.decision === 'vex-suppressed' && !gate.suppressedBy) return { ...gate, suppressedBy: 'vex' };
  return gate;
}

function failedRulesOf(findings: readonly ReportFinding[], gate: GateVerdict): RuleFailure[] {
  const failures: RuleFailure[] = [];
  const count = (rule: GateRuleName) => findings.filter((f) => f.gate.rules?.includes(rule)).length;
  const threshold = count('threshold');
  if (threshold > 0) {
    failures.push({
      rule: 'threshold',
      violations: threshold,
      summary:
        `${counted(threshold, 'finding')} at or above ${gate.threshold}` +
        (gate.ignoreUnfixed ? ' with a fix available' : ''),
    });
  }
  const unknown = count('unknown-severity');
  if (unknown > 0) {
    failures.push({
      rule: 'unknown-severity',
      violations: unknown,
      summary: `${counted(unknown, 'finding')} of unknown severity (unknown-severity: fail)`,
    });
  }
  return failures;
}

function suppressionCounts(findings: readonly ReportFinding[]): Record<Suppressor, number> {
  const counts: Record<Suppressor, number> = { vex: 0, 'vendor-status': 0, exception: 0, baseline: 0 };
  for (const f of findings) if (f.gate.suppressedBy) counts[f.gate.suppressedBy]++;
  return counts;
}
