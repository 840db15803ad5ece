import type { Finding } from './finding.js';
import { canonicalVulnerabilityId } from './identity.js';
import type { GateException, Policy, VexStatement } from './policy.js';
import { meetsThreshold, type Severity } from './severity.js';

/** Why a finding does or does not fail the gate. */
export type GateDecision =
  | 'violation'
  | 'below-threshold'
  | 'unfixed-ignored'
  | 'excepted'
  | 'vex-suppressed'
  | 'kind-not-gated'
  | 'unknown-severity';

export interface FindingGate {
  decision: GateDecision;
  /** The exception or VEX statement that applied, for the report. */
  exception?: { reason: string; expires: string; origin: string };
  vex?: { status: string; justification?: string; origin: string };
}

export type GateStatus = 'passed' | 'failed' | 'error';

export interface GateVerdict {
  status: GateStatus;
  passed: boolean;
  threshold: Severity;
  ignoreUnfixed: boolean;
  violations: number;
  /** Findings whose severity is unknown; failing or only shown according to the policy. */
  unknownSeverity: number;
  exceptionsApplied: ExceptionUse[];
  /** Exceptions past their date: they no longer apply, and the user should renew or remove them. */
  exceptionsExpired: ExceptionUse[];
  /** Exceptions that matched nothing (stale entries worth removing). */
  exceptionsUnused: ExceptionUse[];
  /** Scanners (or other steps) that failed: any makes the status `error`, whatever the findings. */
  errors: string[];
  /** One sentence per reason the verdict is what it is. */
  reasons: string[];
}

export interface ExceptionUse {
  id: string;
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

export function evaluateGate(input: GateInput): GateResult {
  const { findings, policy, today } = input;
  const imageNameOf = input.imageNameOf ?? ((target: string) => target);
  const active = policy.exceptions.filter((e) => e.expires >= today);
  const expired = policy.exceptions.filter((e) => e.expires < today);
  const uses = new Map<GateException, number>();
  const expiredUses = new Map<GateException, number>();

  const decisions = findings.map((finding): FindingGate => {
    if (!policy.kinds.includes(finding.kind)) return { decision: 'kind-not-gated' };
    const vex = policy.vex.find((s) => vexApplies(s, finding, imageNameOf));
    if (vex) {
      return {
        decision: 'vex-suppressed',
        vex: {
          status: vex.status,
          origin: vex.origin,
          ...(vex.justification ? { justification: vex.justification } : {}),
        },
      };
    }
    const exception = active.find((e) => exceptionMatches(e, finding, imageNameOf));
    for (const e of expired) {
      if (exceptionMatches(e, finding, imageNameOf)) expiredUses.set(e, (expiredUses.get(e) ?? 0) + 1);
    }
    if (exception) {
      uses.set(exception, (uses.get(exception) ?? 0) + 1);
      return {
        decision: 'excepted',
        exception: { reason: exception.reason, expires: exception.expires, origin: exception.origin },
      };
    }
    if (finding.severity === 'unknown') {
      if (policy.unknownSeverity === 'fail') return { decision: 'violation' };
      return { decision: 'unknown-severity' };
    }
    if (!meetsThreshold(finding.severity, policy.threshold)) return { decision: 'below-threshold' };
    if (policy.ignoreUnfixed && finding.kind === 'vulnerability' && finding.fix.state !== 'fixed') {
      return { decision: 'unfixed-ignored' };
    }
    return { decision: 'violation' };
  });

  const violations = decisions.filter((d) => d.decision === 'violation').length;
  const unknownSeverity = findings.filter((f) => f.severity === 'unknown').length;
  const errors = [...(input.errors ?? [])];
  const status: GateStatus = errors.length > 0 ? 'error' : violations > 0 ? 'failed' : 'passed';

  const reasons: string[] = [];
  if (errors.length > 0) reasons.push(`the run failed, so the gate cannot pass: ${errors.join('; ')}`);
  if (violations > 0) {
    reasons.push(
      `${violations} finding${violations === 1 ? '' : 's'} at or above ${policy.threshold}` +
        (policy.ignoreUnfixed ? ' with a fix available' : ''),
    );
  }
  if (unknownSeverity > 0 && policy.unknownSeverity !== 'ignore') {
    reasons.push(
      `${unknownSeverity} finding${unknownSeverity === 1 ? '' : 's'} of unknown severity` +
        (policy.unknownSeverity === 'fail'
          ? ' counted as violations'
          : ' shown, not gated (--unknown-severity fail to gate them)'),
    );
  }
  for (const e of expired) {
    reasons.push(`exception for ${e.id} (${e.origin}) expired on ${e.expires} and no longer applies`);
  }
  if (status === 'passed' && reasons.length === 0) reasons.push(`no finding at or above ${policy.threshold}`);

  const toUse = (e: GateException, matched: number): ExceptionUse => ({
    id: e.id,
    ...(e.package ? { package: e.package } : {}),
    ...(e.image ? { image: e.image } : {}),
    reason: e.reason,
    expires: e.expires,
    origin: e.origin,
    matched,
  });

  return {
    verdict: {
      status,
      passed: status === 'passed',
      threshold: policy.threshold,
      ignoreUnfixed: policy.ignoreUnfixed,
      violations,
      unknownSeverity,
      exceptionsApplied: [...uses].map(([e, n]) => toUse(e, n)),
      exceptionsExpired: expired.map((e) => toUse(e, expiredUses.get(e) ?? 0)),
      exceptionsUnused: active.filter((e) => !uses.has(e)).map((e) => toUse(e, 0)),
      errors,
      reasons,
    },
    decisions,
  };
}

function idsOf(finding: Finding): Set<string> {
  const ids = new Set([finding.id, ...finding.aliases].map((id) => id.toUpperCase()));
  if (finding.kind === 'vulnerability')
    ids.add(canonicalVulnerabilityId(finding.id, finding.aliases).toUpperCase());
  return ids;
}

export function exceptionMatches(
  exception: GateException,
  finding: Finding,
  imageNameOf: (target: string) => string,
): boolean {
  if (!idsOf(finding).has(exception.id.toUpperCase())) return false;
  if (exception.package !== undefined && exception.package !== finding.package?.name) return false;
  if (exception.image !== undefined && exception.image !== imageNameOf(finding.target)) return false;
  return true;
}

function vexApplies(
  statement: VexStatement,
  finding: Finding,
  imageNameOf: (target: string) => string,
): boolean {
  if (statement.status !== 'not_affected' && statement.status !== 'fixed') return false;
  if (finding.kind !== 'vulnerability') return false;
  if (!idsOf(finding).has(statement.vulnerability.toUpperCase())) return false;
  if (statement.products.length === 0) return true;
  const purl = finding.package?.purl;
  const image = imageNameOf(finding.target);
  return statement.products.some(
    (product) =>
      product === image || product === finding.target || (purl !== undefined && purlCovers(product, purl)),
  );
}

/** `pkg:npm/lodash` covers `pkg:npm/lodash@4.17.20?x=y`; a versioned product must match the version too. */
function purlCovers(product: string, purl: string): boolean {
  const strip = (p: string) => p.split(/[?#]/, 1)[0]!;
  const base = strip(purl);
  const wanted = strip(product);
  return wanted.includes('@') ? base === wanted : base.split('@', 1)[0] === wanted;
}
