import { counted } from '../util/format.js';
import { FINDING_KINDS, type Finding, type FindingKind } from './finding.js';
import type {
  BaselineSummary,
  ExceptionLedger,
  ExceptionUse,
  FindingGate,
  FixedFinding,
  GateStatus,
  GateVerdict,
  PolicyInEffect,
  RuleFailure,
} from './gate.js';
import type { GateException, GateRuleName, KindThreshold, Policy, Suppressor } from './policy.js';
import { GATE_RULES } from './policy.js';

export interface VerdictInput {
  findings: readonly Finding[];
  decisions: readonly FindingGate[];
  policy: Policy;
  ledger: ExceptionLedger;
  errors: string[];
  /** With a baseline: the baseline's findings no longer found, and where the baseline came from. */
  fixed?: readonly Finding[];
  origin?: string;
}

export function buildVerdict(input: VerdictInput): GateVerdict {
  const { findings, decisions, policy, ledger, errors } = input;
  const violations = decisions.filter((d) => d.decision === 'violation').length;
  const unknownSeverity = findings.filter((f) => f.severity === 'unknown' && f.kind !== 'license').length;
  const status: GateStatus = errors.length > 0 ? 'error' : violations > 0 ? 'failed' : 'passed';
  const failedRules = ruleFailures(findings, decisions, policy);
  const suppressed: Record<Suppressor, number> = { vex: 0, 'vendor-status': 0, exception: 0, baseline: 0 };
  for (const d of decisions) if (d.suppressedBy) suppressed[d.suppressedBy]++;
  const baseline = input.origin !== undefined ? baselineSummary(input, decisions) : undefined;
  const toUse = (e: GateException, matched: number): ExceptionUse => ({
    id: e.id,
    ...(e.rule ? { rule: e.rule } : {}),
    ...(e.package ? { package: e.package } : {}),
    ...(e.image ? { image: e.image } : {}),
    reason: e.reason,
    expires: e.expires,
    origin: e.origin,
    matched,
  });
  return {
    status,
    passed: status === 'passed',
    threshold: policy.threshold,
    ignoreUnfixed: policy.ignoreUnfixed,
    violations,
    unknownSeverity,
    failedRules,
    suppressed,
    policy: policyInEffect(policy),
    ...(baseline ? { baseline } : {}),
    exceptionsApplied: [...ledger.uses].map(([e, n]) => toUse(e, n)),
    exceptionsExpired: ledger.expired.map((e) => toUse(e, ledger.expiredUses.get(e) ?? 0)),
    exceptionsUnused: ledger.active.filter((e) => !ledger.uses.has(e)).map((e) => toUse(e, 0)),
    errors,
    reasons: reasonsFor({ ...input, status, failedRules, suppressed, unknownSeverity, baseline }),
  };
}

export function kindThreshold(policy: Policy, kind: FindingKind): KindThreshold {
  return policy.thresholds[kind] ?? policy.threshold;
}

function policyInEffect(policy: Policy): PolicyInEffect {
  const thresholds = Object.fromEntries(FINDING_KINDS.map((k) => [k, kindThreshold(policy, k)]));
  return {
    thresholds: thresholds as PolicyInEffect['thresholds'],
    ignoreUnfixed: policy.ignoreUnfixed,
    unknownSeverity: policy.unknownSeverity,
    kev: policy.kev,
    ...(policy.epss !== undefined ? { epss: policy.epss } : {}),
    licenses: { allow: [...policy.licenses.allow], deny: [...policy.licenses.deny] },
    ...(policy.baseline ? { baseline: policy.baseline.origin } : {}),
  };
}

function ruleFailures(
  findings: readonly Finding[],
  decisions: readonly FindingGate[],
  policy: Policy,
): RuleFailure[] {
  const failures: RuleFailure[] = [];
  for (const rule of GATE_RULES) {
    const failed = findings.filter((_, i) => decisions[i]!.rules?.includes(rule));
    if (failed.length > 0)
      failures.push({ rule, violations: failed.length, summary: ruleSummary(rule, failed, policy) });
  }
  return failures;
}

const KIND_NOUNS: Record<FindingKind, [string, string]> = {
  vulnerability: ['vulnerability', 'vulnerabilities'],
  secret: ['secret', 'secrets'],
  misconfiguration: ['misconfiguration', 'misconfigurations'],
  hardening: ['hardening finding', 'hardening findings'],
  license: ['license', 'licenses'],
};

function ruleSummary(rule: GateRuleName, failed: readonly Finding[], policy: Policy): string {
  const vulns = (n: number) => counted(n, 'vulnerability', 'vulnerabilities');
  switch (rule) {
    case 'threshold':
      return thresholdSummary(failed, policy);
    case 'unknown-severity':
      return `${counted(failed.length, 'finding')} of unknown severity (unknown-severity: fail)`;
    case 'kev':
      return `${vulns(failed.length)} on CISA's Known Exploited Vulnerabilities catalog, at any severity`;
    case 'epss':
      return `${vulns(failed.length)} with an EPSS probability of ${policy.epss} or more`;
    case 'license': {
      const ids = [...new Set(failed.map((f) => f.id))];
      const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, +${ids.length - 5} more` : '');
      return `${counted(failed.length, 'license finding')} denied or not on the allow list (${shown})`;
    }
  }
}

/** `3 findings at or above high`, or per kind when kinds have different thresholds. */
function thresholdSummary(failed: readonly Finding[], policy: Policy): string {
  const kinds = FINDING_KINDS.filter((k) => failed.some((f) => f.kind === k));
  const thresholds = new Set(kinds.map((k) => kindThreshold(policy, k)));
  const fix = policy.ignoreUnfixed ? ' with a fix available' : '';
  if (thresholds.size === 1)
    return `${counted(failed.length, 'finding')} at or above ${[...thresholds][0]}${fix}`;
  return kinds
    .map((k) => {
      const [one, many] = KIND_NOUNS[k];
      return `${counted(failed.filter((f) => f.kind === k).length, one, many)} at or above ${kindThreshold(policy, k)}`;
    })
    .join(', ')
    .concat(fix);
}

function baselineSummary(input: VerdictInput, decisions: readonly FindingGate[]): BaselineSummary {
  const fixed = (input.fixed ?? []).map(
    (f): FixedFinding => ({
      kind: f.kind,
      id: f.id,
      target: f.target,
      ...(f.package
        ? { package: { name: f.package.name, ...(f.package.version ? { version: f.package.version } : {}) } }
        : {}),
      ...(f.location
        ? {
            location: {
              path: f.location.path,
              ...(f.location.startLine ? { startLine: f.location.startLine } : {}),
            },
          }
        : {}),
      severity: f.severity,
      title: f.title,
    }),
  );
  return {
    origin: input.origin ?? '',
    new: decisions.filter((d) => d.baseline === 'new').length,
    unchanged: decisions.filter((d) => d.baseline === 'unchanged').length,
    fixed,
  };
}

interface ReasonFacts extends VerdictInput {
  status: GateStatus;
  failedRules: RuleFailure[];
  suppressed: Record<Suppressor, number>;
  unknownSeverity: number;
  baseline: BaselineSummary | undefined;
}

/** The failed rules open the list, one line each; then what else shaped the verdict. */
function reasonsFor(facts: ReasonFacts): string[] {
  const { errors, policy, ledger, failedRules, suppressed, unknownSeverity, baseline } = facts;
  const reasons: string[] = [];
  if (errors.length > 0) reasons.push(`the run failed, so the gate cannot pass: ${errors.join('; ')}`);
  for (const failure of failedRules) reasons.push(`${failure.rule}: ${failure.summary}`);
  if (baseline) {
    reasons.push(
      `${baseline.new} new, ${baseline.fixed.length} fixed since the baseline ${baseline.origin}` +
        (baseline.unchanged > 0 ? ` (${baseline.unchanged} unchanged, not gated: new only)` : ''),
    );
  }
  if (unknownSeverity > 0 && policy.unknownSeverity !== 'ignore') {
    reasons.push(
      `${counted(unknownSeverity, 'finding')} of unknown severity` +
        (policy.unknownSeverity === 'fail'
          ? ' counted as violations'
          : ' shown, not gated (--unknown-severity fail to gate them)'),
    );
  }
  if (suppressed['vendor-status'] > 0) {
    reasons.push(
      `${counted(suppressed['vendor-status'], 'vulnerability', 'vulnerabilities')} suppressed: the vendor marks the package not_affected`,
    );
  }
  for (const e of ledger.expired)
    reasons.push(`exception for ${e.id} (${e.origin}) expired on ${e.expires} and no longer applies`);
  if (facts.status === 'passed' && failedRules.length === 0 && reasons.length === 0)
    reasons.push(`no finding at or above ${policy.threshold}`);
  return reasons;
}
