/**
 * One severity scale for every scanner. Trivy has UNKNOWN < LOW < MEDIUM < HIGH < CRITICAL, Grype adds
 * Negligible; both map onto this scale without loss.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe; `unknown` ranks lowest for ordering but is never treated as "fine" by the gate. */
const RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, negligible: 1, unknown: 0 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Reads any scanner's spelling (`HIGH`, `High`, `negligible`, `UNKNOWN`, `""`) into the scale. */
export function parseSeverity(value: string | undefined | null): Severity {
  const lower = (value ?? '').trim().toLowerCase();
  if (isSeverity(lower)) return lower;
  if (lower === 'moderate') return 'medium';
  if (lower === 'important') return 'high';
  if (lower === 'info' || lower === 'informational' || lower === 'none') return 'negligible';
  return 'unknown';
}

/** True when `severity` is at or above `threshold` (unknown is never "at or above": the gate handles it apart). */
export function meetsThreshold(severity: Severity, threshold: Severity): boolean {
  if (severity === 'unknown') return false;
  return RANK[severity] >= RANK[threshold];
}

export function mostSevere(severities: Iterable<Severity>): Severity {
  let best: Severity = 'unknown';
  for (const s of severities) if (RANK[s] > RANK[best]) best = s;
  return best;
}

/** CVSS v3 qualitative ratings (FIRST CVSS v3.1 spec, section 5). */
export function severityFromCvss(score: number): Severity {
  if (score >= 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  if (score >= 0.1) return 'low';
  return 'negligible';
}
