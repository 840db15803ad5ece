import type { FindingKind } from './finding.js';
import type { Severity } from './severity.js';

/**
 * An accepted risk. Matching is exact on id or alias (and package / image when given): exceptions are
 * security decisions, so no pattern language that could match more than the author meant.
 */
export interface GateException {
  id: string;
  package?: string;
  /** Image name without tag or digest; absent means every image. */
  image?: string;
  reason: string;
  /** YYYY-MM-DD, inclusive: the exception applies through this day (UTC). */
  expires: string;
  /** Where it was written, for messages (`exceptions.yaml entry 3`). */
  origin: string;
}

/** A VEX statement (OpenVEX): `not_affected` and `fixed` suppress, `affected`/`under_investigation` do not. */
export interface VexStatement {
  vulnerability: string;
  /** purls or image names the statement is about; empty means any. */
  products: string[];
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: string;
  origin: string;
}

export type UnknownSeverityPolicy = 'fail' | 'warn' | 'ignore';

export interface Policy {
  /** Findings at or above this severity fail the gate. */
  threshold: Severity;
  /** Vulnerabilities without a fixed version do not fail the gate (still reported). */
  ignoreUnfixed: boolean;
  /** What an unknown severity does: `fail` treats it as at the threshold, `warn` shows it, `ignore` neither. */
  unknownSeverity: UnknownSeverityPolicy;
  /** Kinds the gate looks at; every kind by default. */
  kinds: readonly FindingKind[];
  exceptions: readonly GateException[];
  vex: readonly VexStatement[];
}

export const DEFAULT_POLICY: Policy = {
  threshold: 'high',
  ignoreUnfixed: false,
  unknownSeverity: 'warn',
  kinds: ['vulnerability', 'secret', 'misconfiguration', 'hardening'],
  exceptions: [],
  vex: [],
};
