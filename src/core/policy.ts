import type { Finding, FindingKind } from './finding.js';
import type { KevCatalog } from './kev.js';
import type { Severity } from './severity.js';

/**
 * The gate's rules, each named (in the config file, in the report, in exceptions): a violating finding carries the
 * rules that failed it.
 * - `threshold`: at or above the severity threshold of its kind;
 * - `unknown-severity`: of unknown severity, with `unknown-severity: fail`;
 * - `kev`: a vulnerability on CISA's Known Exploited Vulnerabilities catalog;
 * - `epss`: a vulnerability whose EPSS probability is at or above the policy's;
 * - `license`: a license the deny list names, or the allow list does not.
 */
export type GateRuleName = 'threshold' | 'unknown-severity' | 'kev' | 'epss' | 'license';
export const GATE_RULES: readonly GateRuleName[] = [
  'threshold',
  'unknown-severity',
  'kev',
  'epss',
  'license',
];

/** What can take a finding out of the gate: a VEX statement, the vendor's `not_affected`, an exception, the baseline. */
export type Suppressor = 'vex' | 'vendor-status' | 'exception' | 'baseline';

/** A kind's threshold, or `off`: the threshold rule does not gate that kind (other rules still may). */
export type KindThreshold = Severity | 'off';

/**
 * An accepted risk. Matching is exact on id or alias (and package / image when given): exceptions are
 * security decisions, so no pattern language that could match more than the author meant.
 */
export interface GateException {
  /** A vulnerability, secret rule, check or license id (a license as the report writes it: `GPL-2.0-only`). */
  id: string;
  /** Only this gate rule is waived (the others still apply); absent means the finding is accepted whole. */
  rule?: GateRuleName;
  package?: string;
  /** Image name without tag or digest; absent means every image. */
  image?: string;
  reason: string;
  /** YYYY-MM-DD, inclusive: the exception applies through this day (UTC). */
  expires: string;
  /** Where it was written, for messages (`exceptions.yaml entry 3`). */
  origin: string;
}

/**
 * A product a VEX statement names (`@id`: a purl or an image name), and the subcomponents (purls) within it the
 * statement is about: with subcomponents, only those packages of the product are covered, not the whole product.
 */
export interface VexProduct {
  id: string;
  subcomponents?: string[];
}

/** A VEX statement (OpenVEX): `not_affected` and `fixed` suppress, `affected`/`under_investigation` do not. */
export interface VexStatement {
  vulnerability: string;
  /** purls or image names the statement is about; empty means any. */
  products: VexProduct[];
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: string;
  origin: string;
}

export type UnknownSeverityPolicy = 'fail' | 'warn' | 'ignore';

/**
 * A previous report (the default branch's) for new-only gating: its findings, each with `target` already the image
 * name (tags and digests change between the runs compared).
 */
export interface Baseline {
  origin: string;
  findings: readonly Finding[];
}

export interface Policy {
  /** Findings at or above this severity fail the gate, unless their kind has its own threshold. */
  threshold: Severity;
  /** Per-kind thresholds; a kind absent here uses `threshold`. */
  thresholds: Partial<Record<FindingKind, KindThreshold>>;
  /** Vulnerabilities without a fixed version do not fail the gate (still reported). */
  ignoreUnfixed: boolean;
  /** What an unknown severity does: `fail` treats it as at the threshold, `warn` shows it, `ignore` neither. */
  unknownSeverity: UnknownSeverityPolicy;
  /** Kinds the gate looks at; every kind by default. */
  kinds: readonly FindingKind[];
  /** `fail`: a known-exploited vulnerability fails at any severity. */
  kev: 'fail' | 'ignore';
  /** CISA's catalog (`--kev-catalog`), for vulnerabilities no scanner marked known-exploited. */
  kevCatalog?: KevCatalog;
  /** Fail vulnerabilities at or above this EPSS probability (0..1); off when absent. */
  epss?: number;
  /** SPDX ids (`allow`: only these; `deny`: never these), for `license` findings. Empty lists gate nothing. */
  licenses: { allow: readonly string[]; deny: readonly string[] };
  /** New-only: findings already in this baseline do not fail. */
  baseline?: Baseline;
  exceptions: readonly GateException[];
  vex: readonly VexStatement[];
}

export const DEFAULT_POLICY: Policy = {
  threshold: 'high',
  ignoreUnfixed: false,
  unknownSeverity: 'warn',
  kinds: ['vulnerability', 'secret', 'misconfiguration', 'hardening', 'license'],
  thresholds: {},
  kev: 'fail',
  licenses: { allow: [], deny: [] },
  exceptions: [],
  vex: [],
};
