import { EXIT } from '../util/errors.js';
import { type BaselineMark, compareWithBaseline } from './baseline.js';
import type { Finding, FindingKind, VendorStatus } from './finding.js';
import {
  epssRule,
  exceptionMatches,
  kevRule,
  licenseRule,
  type PassDecision,
  type RuleContext,
  type RuleOutcome,
  ruleContext,
  thresholdRule,
  vendorNotAffected,
  vexApplies,
} from './gate-rules.js';
import { buildVerdict } from './gate-verdict.js';
import {
  GATE_RULES,
  type GateException,
  type GateRuleName,
  type KindThreshold,
  type Policy,
  type Suppressor,
} from './policy.js';
import type { Severity } from './severity.js';

export { exceptionMatches } from './gate-rules.js';

/** Why a finding does or does not fail the gate. */
export type GateDecision =
  | 'violation'
  | 'excepted'
  | 'vex-suppressed'
  | 'vendor-suppressed'
  | 'baseline-unchanged'
  | PassDecision;

export interface FindingGate {
  decision: GateDecision;
  /** For a violation: every rule that failed it, in `GATE_RULES` order. */
  rules?: GateRuleName[];
  /** For a suppressed finding: what suppressed it. */
  suppressedBy?: Suppressor;
  /** The exception that applied (to the whole finding, or to `rule` only). */
  exception?: { reason: string; expires: string; origin: string; rule?: GateRuleName };
  vex?: { status: string; justification?: string; origin: string };
  /** The vendor's statement that suppressed it, and who relayed it from where (`trivy: debian`). */
  vendorStatus?: { status: VendorStatus; source: string };
  /** With a baseline: whether the finding is new since it or was already there. */
  baseline?: BaselineMark;
}

export type GateStatus = 'passed' | 'failed' | 'error';

/** The exit code a verdict stands for: 0 passed, 1 failed, 2 error (a run that could not decide). */
export function exitCodeForGate(
  status: GateStatus,
): typeof EXIT.passed | typeof EXIT.gateFailed | typeof EXIT.runFailed {
  if (status === 'error') return EXIT.runFailed;
  return status === 'failed' ? EXIT.gateFailed : EXIT.passed;
}

export interface RuleFailure {
  rule: GateRuleName;
  violations: number;
  /** One line: what the rule found (`2 vulnerabilities on CISA's Known Exploited Vulnerabilities catalog`). */
  summary: string;
}

/** The policy the verdict was reached with, as the report shows it. */
export interface PolicyInEffect {
  thresholds: Record<FindingKind, KindThreshold>;
  ignoreUnfixed: boolean;
  unknownSeverity: Policy['unknownSeverity'];
  kev: Policy['kev'];
  epss?: number;
  licenses: { allow: string[]; deny: string[] };
  baseline?: string;
}

/** A baseline finding no longer found: enough to name it in the summary. */
export interface FixedFinding {
  kind: FindingKind;
  id: string;
  /** The image name (baseline and current run differ in tag or digest). */
  target: string;
  package?: { name: string; version?: string };
  location?: { path: string; startLine?: number };
  severity: Severity;
  title: string;
}

export interface BaselineSummary {
  origin: string;
  new: number;
  unchanged: number;
  fixed: FixedFinding[];
}

export interface GateVerdict {
  status: GateStatus;
  passed: boolean;
  threshold: Severity;
  ignoreUnfixed: boolean;
  violations: number;
  /** Findings whose severity is unknown; failing or only shown according to the policy. */
  unknownSeverity: number;
  /** One entry per rule that failed at least one finding, in `GATE_RULES` order. */
  failedRules: RuleFailure[];
  /** Findings taken out of the gate, by what took them out. */
  suppressed: Record<Suppressor, number>;
  /** The policy in effect; absent in a report upgraded from version 1, which did not record it. */
  policy?: PolicyInEffect;
  /** With a baseline (new-only): how many findings are new, unchanged, and which are fixed. */
  baseline?: BaselineSummary;
  exceptionsApplied: ExceptionUse[];
  /** Exceptions past their date: they no longer apply, and the user should renew or remove them. */
  exceptionsExpired: ExceptionUse[];
  /** Exceptions that matched nothing (stale entries worth removing). */
  exceptionsUnused: ExceptionUse[];
  /** Scanners (or other steps) that failed: any makes the status `error`, whatever the findings. */
  errors: string[];
  /** One sentence per reason the verdict is what it is: the failed rules first, one line each. */
  reasons: string[];
}

export interface ExceptionUse {
  id: string;
  rule?: GateRuleName;
  package?: string;
  image?: string;
  reason: string;
  expires: string;
  origin: string;
  /** How many findings it matched (for expired ones: would have matched). */
  matched: number;
}

export interface GateResult {
  verdict: GateVerdict;
  /** One entry per finding, in the same order. */
  decisions: FindingGate[];
}

export interface GateInput {
  findings: readonly Finding[];
  policy: Policy;
  /** Today, as YYYY-MM-DD (UTC); passed in so the gate stays pure and testable. */
  today: string;
  /** Failures of the run (scanner crashed, timed out, printed garbage): the verdict is then `error`. */
  errors?: readonly string[];
  /** Image name of each finding's target (`ScanTarget.name`), for exceptions scoped to an image. */
  imageNameOf?: (target: string) => string;
}

/** Exceptions in date and past it, with how often each matched. */
export interface ExceptionLedger {
  active: readonly GateException[];
  expired: readonly GateException[];
  uses: Map<GateException, number>;
  expiredUses: Map<GateException, number>;
}

export function evaluateGate(input: GateInput): GateResult {
  const { findings, policy, today } = input;
  const imageNameOf = input.imageNameOf ?? ((target: string) => target);
  const ledger: ExceptionLedger = {
    active: policy.exceptions.filter((e) => e.expires >= today),
    expired: policy.exceptions.filter((e) => e.expires < today),
    uses: new Map(),
    expiredUses: new Map(),
  };
  const context = ruleContext(policy, imageNameOf);
  const comparison = policy.baseline
    ? compareWithBaseline(findings, policy.baseline, imageNameOf)
    : undefined;
  const decisions = findings.map((finding, index) => {
    const mark = comparison?.marks[index];
    const decision = decideFinding(finding, mark, context, ledger);
    return mark ? { ...decision, baseline: mark } : decision;
  });
  const verdict = buildVerdict({
    findings,
    decisions,
    policy,
    ledger,
    errors: [...(input.errors ?? [])],
    ...(comparison && policy.baseline ? { fixed: comparison.fixed, origin: policy.baseline.origin } : {}),
  });
  return { verdict, decisions };
}

/**
 * A rule of the gate: it fails the finding or says why it does not. `'allowed'` (a license on the allow list, the
 * user's explicit word on it) spares the finding every later rule. A new rule is one more entry in `RULES`.
 */
type GateRule = (finding: Finding, context: RuleContext) => RuleOutcome | 'allowed';

/** Every rule a gated finding meets, in order: `license` first, so that an allowed license skips the threshold. */
const RULES: readonly GateRule[] = [licenseRule, thresholdRule, kevRule, epssRule];

/** What takes a finding out of the gate before any rule looks at it, in order; a whole-finding exception follows. */
type Suppression = (finding: Finding, context: RuleContext) => FindingGate | undefined;

const SUPPRESSIONS: readonly Suppression[] = [kindNotGated, vexSuppression, vendorSuppression];

/** Suppressions first (VEX, the vendor, a whole-finding exception, the baseline), then every rule. */
function decideFinding(
  finding: Finding,
  mark: BaselineMark | undefined,
  context: RuleContext,
  ledger: ExceptionLedger,
): FindingGate {
  for (const suppression of SUPPRESSIONS) {
    const suppressed = suppression(finding, context);
    if (suppressed) return suppressed;
  }
  const matching = matchingExceptions(finding, context, ledger);
  const whole = matching.find((e) => e.rule === undefined);
  if (whole) {
    ledger.uses.set(whole, (ledger.uses.get(whole) ?? 0) + 1);
    return { decision: 'excepted', suppressedBy: 'exception', exception: exceptionRecord(whole) };
  }
  return newOnly(mark) ?? applyRules(finding, context, ledger, matching);
}

/** A kind the policy does not gate (`kinds`). */
function kindNotGated(finding: Finding, { policy }: RuleContext): FindingGate | undefined {
  return policy.kinds.includes(finding.kind) ? undefined : { decision: 'kind-not-gated' };
}

/** A VEX statement (`not_affected` or `fixed`) that names the finding. */
function vexSuppression(finding: Finding, { policy, imageNameOf }: RuleContext): FindingGate | undefined {
  const vex = policy.vex.find((s) => vexApplies(s, finding, imageNameOf));
  if (!vex) return undefined;
  const statement = { status: vex.status, origin: vex.origin };
  return {
    decision: 'vex-suppressed',
    suppressedBy: 'vex',
    vex: vex.justification ? { ...statement, justification: vex.justification } : statement,
  };
}

/** The vendor's `not_affected`, relayed by every scanner that found it. */
function vendorSuppression(finding: Finding): FindingGate | undefined {
  const vendor = vendorNotAffected(finding);
  return vendor
    ? { decision: 'vendor-suppressed', suppressedBy: 'vendor-status', vendorStatus: vendor }
    : undefined;
}

/** New-only (a baseline): a finding the baseline already had is not gated again. */
function newOnly(mark: BaselineMark | undefined): FindingGate | undefined {
  return mark === 'unchanged' ? { decision: 'baseline-unchanged', suppressedBy: 'baseline' } : undefined;
}

function matchingExceptions(
  finding: Finding,
  context: RuleContext,
  ledger: ExceptionLedger,
): GateException[] {
  for (const e of ledger.expired) {
    if (exceptionMatches(e, finding, context.imageNameOf))
      ledger.expiredUses.set(e, (ledger.expiredUses.get(e) ?? 0) + 1);
  }
  return ledger.active.filter((e) => exceptionMatches(e, finding, context.imageNameOf));
}

/** Each rule's outcome, up to a rule that spares the finding the rest. */
function ruleOutcomes(finding: Finding, context: RuleContext): RuleOutcome[] {
  const outcomes: RuleOutcome[] = [];
  for (const rule of RULES) {
    const outcome = rule(finding, context);
    if (outcome === 'allowed') return [{ fails: false, decision: 'license-allowed' }];
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Every rule; an exception scoped to a rule waives that rule alone. */
function applyRules(
  finding: Finding,
  context: RuleContext,
  ledger: ExceptionLedger,
  exceptions: readonly GateException[],
): FindingGate {
  const outcomes = ruleOutcomes(finding, context);
  const failing = outcomes.flatMap((o) => (o.fails ? [o.rule] : []));
  const waivers = failing.flatMap((rule) => {
    const waiver = exceptions.find((e) => e.rule === rule);
    return waiver ? [waiver] : [];
  });
  for (const waiver of new Set(waivers)) ledger.uses.set(waiver, (ledger.uses.get(waiver) ?? 0) + 1);
  const rules = failing.filter((rule) => !waivers.some((w) => w.rule === rule));
  const waived = waivers[0] ? { exception: exceptionRecord(waivers[0]) } : {};
  if (rules.length > 0) return { decision: 'violation', rules: sortRules(rules), ...waived };
  if (waivers.length > 0) return { decision: 'excepted', suppressedBy: 'exception', ...waived };
  // A rule that would have failed it but for fixable-only says more than one it was below.
  const decisions = outcomes.flatMap((o) => (!o.fails && o.decision ? [o.decision] : []));
  return {
    decision: decisions.includes('unfixed-ignored') ? 'unfixed-ignored' : (decisions[0] ?? 'below-threshold'),
  };
}

/** The rules in `GATE_RULES` order, each once. */
function sortRules(rules: GateRuleName[]): GateRuleName[] {
  return [...new Set(rules)].sort((a, b) => GATE_RULES.indexOf(a) - GATE_RULES.indexOf(b));
}

/** The exception as a finding's gate records it. */
function exceptionRecord(e: GateException): NonNullable<FindingGate['exception']> {
  const record = { reason: e.reason, expires: e.expires, origin: e.origin };
  return e.rule ? { ...record, rule: e.rule } : record;
}
