import type { FindingGate } from '../core/gate.js';
import type { ReportFinding } from '../core/report.js';

/**
 * What every findings table (terminal, job summary, PR comment) shows per row, so the views agree:
 * - a short title beside the id (`KSV-0015 CPU requests not specified`, `CG-K008 Privileged container`), so a rule
 *   reads as what it is without docs/rules.md;
 * - a rule's repeated hits in one row (`×12`, with the first places it hit), for checks, secrets and licenses;
 *   vulnerabilities stay one row per package, since each is its own upgrade;
 * - the gate's word: the rules that failed it, or what suppressed it.
 */
export interface FindingRow {
  /** The first finding of the group, in the table's order. */
  first: ReportFinding;
  findings: ReportFinding[];
}

/** Groups `findings` (already in the table's order) into rows, keeping the order of each group's first finding. */
export function findingRows(findings: readonly ReportFinding[]): FindingRow[] {
  const rows: FindingRow[] = [];
  const byKey = new Map<string, FindingRow>();
  for (const finding of findings) {
    const key = groupKey(finding);
    const row = key === undefined ? undefined : byKey.get(key);
    if (row) {
      row.findings.push(finding);
      continue;
    }
    const created = { first: finding, findings: [finding] };
    rows.push(created);
    if (key !== undefined) byKey.set(key, created);
  }
  return rows;
}

function groupKey(f: ReportFinding): string | undefined {
  if (f.kind === 'vulnerability') return undefined;
  return JSON.stringify([
    f.kind,
    f.id,
    f.target,
    f.severity,
    f.gate.decision,
    f.gate.rules ?? [],
    f.gate.baseline,
  ]);
}

/** The title when it says more than the id; for a vulnerability without one, the start of its description. */
export function shortTitle(f: ReportFinding, max = 60): string {
  const title = f.title.trim();
  const text =
    title && title.toUpperCase() !== f.id.toUpperCase() && !f.aliases.includes(title)
      ? title
      : ((f.description ?? '').trim().split(/(?<=\.)\s|\n/, 1)[0] ?? '');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Where a row's findings are: the package, or the first places a rule hit (`deploy.yaml:10, +11 more`). */
export function rowSubject(row: FindingRow, findingLocation: (f: ReportFinding) => string): string {
  const locations = [...new Set(row.findings.map(findingLocation))];
  if (locations.length <= 2) return locations.join(', ');
  return `${locations.slice(0, 2).join(', ')}, +${locations.length - 2} more`;
}

/** The gate's word on a finding in a few words: `violation: threshold, kev`, `vendor not_affected`, `new`… */
export function gateText(gate: FindingGate): string {
  const mark = gate.baseline === 'new' ? ' (new)' : '';
  switch (gate.decision) {
    case 'violation':
      return `violation: ${(gate.rules ?? ['threshold']).join(', ')}${mark}`;
    case 'excepted':
      return `excepted${gate.exception?.rule ? ` (${gate.exception.rule})` : ''} until ${gate.exception?.expires ?? '?'}`;
    case 'vex-suppressed':
      return `VEX ${gate.vex?.status ?? ''}`.trim();
    case 'vendor-suppressed':
      return `vendor ${gate.vendorStatus?.status ?? 'not_affected'}`;
    case 'baseline-unchanged':
      return 'unchanged (baseline)';
    default:
      return `${gate.decision.replace(/-/g, ' ')}${mark}`;
  }
}
