import { FINDING_KINDS, type FindingKind } from '../core/finding.js';
import type { KindThreshold } from '../core/policy.js';
import { isSeverity } from '../core/severity.js';
import { UsageError } from '../util/errors.js';

/** `--threshold secret=low --threshold license=off` (or comma-separated in one value). */
export function parseThresholds(values: readonly string[]): Partial<Record<FindingKind, KindThreshold>> {
  const result: Partial<Record<FindingKind, KindThreshold>> = {};
  for (const pair of splitCommas(values)) {
    const [kind, value] = pair.split('=', 2).map((part) => part.trim().toLowerCase());
    if (!kind || !(FINDING_KINDS as readonly string[]).includes(kind))
      throw new UsageError(
        `--threshold ${pair}: the kind must be one of ${FINDING_KINDS.join(', ')} (KIND=SEVERITY)`,
      );
    if (!value || !(value === 'off' || (isSeverity(value) && value !== 'unknown')))
      throw new UsageError(
        `--threshold ${pair}: use a severity (critical, high, medium, low, negligible) or off`,
      );
    result[kind as FindingKind] = value as KindThreshold;
  }
  return result;
}

/** Values of a repeatable flag, each possibly comma-separated, trimmed, empty ones dropped. */
export function splitCommas(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** `NAME=value` pairs (`--build-arg`), refused without a name. */
export function parseKeyValues(values: string[], flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} ${value}: use NAME=value`);
    result[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return result;
}
