import type { Finding, VendorStatus } from './finding.js';
import { canonicalVulnerabilityId } from './identity.js';
import { onKevCatalog } from './kev.js';
import { LicenseList, normaliseLicenseExpression, parseLicenseExpression } from './license.js';
import type { GateException, GateRuleName, Policy, VexStatement } from './policy.js';
import { meetsThreshold } from './severity.js';

/**
 * The gate's rules, one function each. A suppression takes a finding out of the gate before any rule looks at it;
 * a rule either fails the finding or says why it does not (the decision shown when no rule fails it).
 */
export type PassDecision =
  | 'below-threshold'
  | 'unfixed-ignored'
  | 'kind-not-gated'
  | 'unknown-severity'
  | 'license-allowed'
  | 'license-unrated';

export type RuleOutcome = { rule: GateRuleName; fails: true } | { fails: false; decision?: PassDecision };

export interface RuleContext {
  policy: Policy;
  imageNameOf: (target: string) => string;
  allow: LicenseList;
  deny: LicenseList;
}

export function ruleContext(policy: Policy, imageNameOf: (target: string) => string): RuleContext {
  return {
    policy,
    imageNameOf,
    allow: new LicenseList(policy.licenses.allow),
    deny: new LicenseList(policy.licenses.deny),
  };
}

const PASS: RuleOutcome = { fails: false };

function unfixed(finding: Finding): boolean {
  return finding.kind === 'vulnerability' && finding.fix.state !== 'fixed';
}

/** `threshold` (and `unknown-severity`): the severity against its kind's threshold; fixable-only spares the unfixed. */
export function thresholdRule(finding: Finding, { policy }: RuleContext): RuleOutcome {
  const threshold = policy.thresholds[finding.kind] ?? policy.threshold;
  if (threshold === 'off') return { fails: false, decision: 'kind-not-gated' };
  if (finding.severity === 'unknown') {
    // A license no one rated (an SBOM's, or Trivy's `unknown` category): only the allow and deny lists gate it.
    if (finding.kind === 'license') return { fails: false, decision: 'license-unrated' };
    return policy.unknownSeverity === 'fail'
      ? { rule: 'unknown-severity', fails: true }
      : { fails: false, decision: 'unknown-severity' };
  }
  if (!meetsThreshold(finding.severity, threshold)) return { fails: false, decision: 'below-threshold' };
  if (policy.ignoreUnfixed && unfixed(finding)) return { fails: false, decision: 'unfixed-ignored' };
  return { rule: 'threshold', fails: true };
}

/** `kev`: on CISA's catalog (from Grype, or `--kev-catalog`), at any severity. */
export function kevRule(finding: Finding, { policy }: RuleContext): RuleOutcome {
  if (finding.kind !== 'vulnerability' || policy.kev !== 'fail') return PASS;
  if (!finding.knownExploited && !onKevCatalog(finding, policy.kevCatalog)) return PASS;
  if (policy.ignoreUnfixed && unfixed(finding)) return { fails: false, decision: 'unfixed-ignored' };
  return { rule: 'kev', fails: true };
}

/** `epss`: FIRST's probability of exploitation in the next 30 days, at or above the policy's. */
export function epssRule(finding: Finding, { policy }: RuleContext): RuleOutcome {
  if (finding.kind !== 'vulnerability' || policy.epss === undefined || !finding.epss) return PASS;
  if (finding.epss.score < policy.epss) return PASS;
  if (policy.ignoreUnfixed && unfixed(finding)) return { fails: false, decision: 'unfixed-ignored' };
  return { rule: 'epss', fails: true };
}

/**
 * `license`: denied when every way to satisfy the expression uses a denied license (`GPL-3.0-only OR MIT` is not:
 * MIT can be chosen); not allowed when no way uses allowed licenses only. An allowed license is spared the
 * threshold (the list is the user's explicit word on it).
 */
export function licenseRule(finding: Finding, { allow, deny }: RuleContext): RuleOutcome | 'allowed' {
  if (finding.kind !== 'license' || (allow.size === 0 && deny.size === 0)) return PASS;
  const expression = parseLicenseExpression(finding.id);
  if (deny.size > 0 && deny.coversEveryChoice(expression)) return { rule: 'license', fails: true };
  if (allow.size === 0) return PASS;
  return allow.coversSomeChoice(expression) ? 'allowed' : { rule: 'license', fails: true };
}

/** The ids an exception or VEX statement can name a finding by (licenses also in canonical form). */
export function idsOf(finding: Finding): Set<string> {
  const ids = new Set([finding.id, ...finding.aliases].map((id) => id.toUpperCase()));
  if (finding.kind === 'vulnerability')
    ids.add(canonicalVulnerabilityId(finding.id, finding.aliases).toUpperCase());
  return ids;
}

const CVE_ID = /^CVE-\d{4}-\d+$/i;

/**
 * Whether an exception or VEX statement naming `id` names the finding, by its id or an alias. A vulnerability that
 * stands for several CVEs (a distribution advisory such as `ALAS-…` with each CVE it fixes as a related vulnerability,
 * a GHSA with two CVEs) is not named by one of them: accepting one CVE must not accept the others it carries; its
 * advisory id names it.
 */
export function namesFinding(id: string, finding: Finding): boolean {
  if (!idsOf(finding).has(id.toUpperCase())) return false;
  if (finding.kind !== 'vulnerability' || !CVE_ID.test(id)) return true;
  const cves = new Set(
    [finding.id, ...finding.aliases].filter((i) => CVE_ID.test(i)).map((i) => i.toUpperCase()),
  );
  return cves.size <= 1;
}

export function exceptionMatches(
  exception: GateException,
  finding: Finding,
  imageNameOf: (target: string) => string,
): boolean {
  const named =
    namesFinding(exception.id, finding) ||
    (finding.kind === 'license' &&
      idsOf(finding).has(normaliseLicenseExpression(exception.id).toUpperCase()));
  if (!named) return false;
  if (exception.package !== undefined && exception.package !== finding.package?.name) return false;
  if (exception.image !== undefined && exception.image !== imageNameOf(finding.target)) return false;
  return true;
}

export function vexApplies(
  statement: VexStatement,
  finding: Finding,
  imageNameOf: (target: string) => string,
): boolean {
  if (statement.status !== 'not_affected' && statement.status !== 'fixed') return false;
  if (finding.kind !== 'vulnerability') return false;
  if (!namesFinding(statement.vulnerability, finding)) return false;
  if (statement.products.length === 0) return true;
  const purl = finding.package?.purl;
  const image = imageNameOf(finding.target);
  const names = (id: string) =>
    id === image || id === finding.target || (purl !== undefined && purlCovers(id, purl));
  // With subcomponents the statement is about those packages of the product only, not every package in it.
  return statement.products.some(
    ({ id, subcomponents }) =>
      names(id) &&
      (subcomponents === undefined ||
        (purl !== undefined && subcomponents.some((component) => purlCovers(component, purl)))),
  );
}

/** `pkg:npm/lodash` covers `pkg:npm/lodash@4.17.20?x=y`; a versioned product must match the version too. */
function purlCovers(product: string, purl: string): boolean {
  const strip = (p: string) => p.split(/[?#]/, 1)[0]!;
  const base = strip(purl);
  const wanted = strip(product);
  return wanted.includes('@') ? base === wanted : base.split('@', 1)[0] === wanted;
}

/**
 * The vendor's `not_affected`, when every scanner that found the issue relayed it: a scanner that reports the
 * issue without that statement (another data source matched it) keeps it in the gate.
 */
export function vendorNotAffected(finding: Finding): { status: VendorStatus; source: string } | undefined {
  if (finding.kind !== 'vulnerability') return undefined;
  const statuses = finding.vendorStatuses ?? [];
  const notAffected = statuses.filter((s) => s.status === 'not_affected');
  if (notAffected.length === 0 || finding.foundBy.length === 0) return undefined;
  if (!finding.foundBy.every((scanner) => notAffected.some((s) => s.scanner === scanner))) return undefined;
  const source = notAffected.map((s) => (s.source ? `${s.scanner}: ${s.source}` : s.scanner)).join(', ');
  return { status: 'not_affected', source };
}
