import pc from 'picocolors';
import type { GateStatus } from '../core/gate.js';
import { compareFindings } from '../core/identity.js';
import { countBySeverity, type Report, type ReportFinding } from '../core/report.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import { plural } from '../util/format.js';
import { cleanLine, truncateText } from './escape.js';
import { type FindingRow, findingRows, gateText, rowSubject, shortTitle } from './finding-rows.js';

/**
 * The table printed to the terminal: findings grouped by severity, most severe first. Scanner text is stripped of
 * control characters (an ANSI sequence in a package description must not repaint the user's terminal); colour
 * comes only from here, and only when asked.
 */
export interface TableOptions {
  color: boolean;
  /** Terminal width; columns are shortened to fit. Unlimited when absent. */
  width?: number;
  /** At most this many finding rows; a last line says how many more there are. */
  limit?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

const COLUMNS = ['id', 'title', 'package', 'installed → fixed', 'found by', 'gate'] as const;
const MIN_COLUMN = 6;
const GAP = '  ';
const INDENT = '  ';

function severityColor(colors: Colors, severity: Severity): (text: string) => string {
  switch (severity) {
    case 'critical':
      return (t) => colors.bold(colors.red(t));
    case 'high':
      return colors.red;
    case 'medium':
      return colors.yellow;
    case 'low':
      return colors.cyan;
    default:
      return colors.dim;
  }
}

/**
 * The rules that failed, one line each, before anything else: why the gate said what it said comes first.
 * Empty when no rule failed.
 */
export function renderRuleLines(report: Report, opts: { color: boolean }): string[] {
  const colors = pc.createColors(opts.color);
  const lines = (report.gate.failedRules ?? []).map((r) =>
    colors.red(cleanLine(`✖ ${r.rule}: ${r.summary}`, 500)),
  );
  if (report.gate.errors.length > 0)
    lines.unshift(colors.yellow(cleanLine(`! run failed: ${report.gate.errors.join('; ')}`, 1000)));
  return lines;
}

export function renderTable(report: Report, opts: TableOptions): string {
  const colors = pc.createColors(opts.color);
  const opening = renderRuleLines(report, opts);
  const head = opening.length > 0 ? `${opening.join('\n')}\n\n` : '';
  if (report.findings.length === 0) return `${head}No findings.\n${renderVerdictLine(report, opts)}\n`;
  const multiImage = new Set(report.findings.map((f) => f.target)).size > 1;
  const header = multiImage ? ['image', ...COLUMNS] : [...COLUMNS];
  const rows = findingRows([...report.findings].sort(compareFindings));
  const shown = opts.limit !== undefined ? rows.slice(0, Math.max(0, opts.limit)) : rows;
  const cells = shown.map((row) => rowCells(row, multiImage));
  const widths = fitWidths([header, ...cells], opts.width);

  const lines: string[] = [];
  const pad = (values: readonly string[]) =>
    INDENT +
    values
      .map((v, i) => truncateText(v, widths[i]!).padEnd(widths[i]!))
      .join(GAP)
      .trimEnd();
  lines.push(colors.dim(pad(header)));
  let index = 0;
  for (const severity of SEVERITIES) {
    const group = shown.filter((row) => row.first.severity === severity);
    if (group.length === 0) continue;
    const total = report.findings.filter((f) => f.severity === severity).length;
    lines.push(severityColor(colors, severity)(`${severity.toUpperCase()} (${total})`));
    for (const row of group) {
      // `shown` is sorted most severe first, so the groups visit it in order.
      const text = pad(cells[index]!);
      lines.push(row.first.gate.decision === 'violation' ? colors.red(text) : text);
      index++;
    }
  }
  const rest = rows.slice(shown.length).reduce((n, row) => n + row.findings.length, 0);
  if (rest > 0) lines.push(colors.dim(`… and ${rest} more finding${plural(rest)} (all in the JSON report)`));
  lines.push('', renderVerdictLine(report, opts));
  return `${head}${lines.join('\n')}\n`;
}

/** The package a finding is in, or the file and line it was found at, as one clean line. */
function findingLocation(f: ReportFinding): string {
  if (f.package) return cleanLine(f.package.name, 200);
  if (f.location)
    return `${cleanLine(f.location.path, 200)}${f.location.startLine ? `:${f.location.startLine}` : ''}`;
  return '-';
}

function rowCells(row: FindingRow, multiImage: boolean): string[] {
  const f = row.first;
  const installed = cleanLine(f.package?.version, 100) || '-';
  const fixed =
    f.fix.versions.length > 0
      ? cleanLine(f.fix.versions.join(', '), 100)
      : f.kind === 'vulnerability'
        ? 'no fix'
        : '-';
  const single = row.findings.length === 1;
  const values = [
    `${cleanLine(f.id, 100)}${f.knownExploited ? ' (KEV)' : ''}${single ? '' : ` ×${row.findings.length}`}`,
    cleanLine(shortTitle(f), 100) || '-',
    rowSubject(row, findingLocation),
    single && (f.package || f.fix.versions.length > 0) ? `${installed} → ${fixed}` : '-',
    cleanLine(f.foundBy.join(', '), 100),
    cleanLine(gateText(f.gate), 100),
  ];
  return multiImage ? [cleanLine(f.target, 200), ...values] : values;
}

/** Natural widths, then the widest columns shortened (never below MIN_COLUMN) until the line fits `width`. */
function fitWidths(rows: readonly (readonly string[])[], width: number | undefined): number[] {
  // A reduce, not Math.max(...rows): a spread of 180,000 rows exceeds the call stack (issue 14 item 10).
  const widths = rows[0]!.map((_, i) => rows.reduce((widest, row) => Math.max(widest, row[i]!.length), 0));
  if (width === undefined) return widths;
  const budget = width - INDENT.length - GAP.length * (widths.length - 1);
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= MIN_COLUMN) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

const VERDICT_SYMBOL: Record<GateStatus, string> = { passed: '✔', failed: '✖', error: '!' };

/** One line: the verdict, why, and the counts. */
export function renderVerdictLine(report: Report, opts: { color: boolean }): string {
  const colors = pc.createColors(opts.color);
  const { gate } = report;
  const counts = countBySeverity(report.findings);
  const breakdown = SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const line = cleanLine(
    `${VERDICT_SYMBOL[gate.status]} gate ${gate.status}: ${gate.reasons.join('; ') || 'no reason given'} ` +
      `(${report.findings.length} finding${plural(report.findings.length)}${breakdown ? `: ${breakdown}` : ''})`,
    2000,
  );
  const paint =
    gate.status === 'passed' ? colors.green : gate.status === 'failed' ? colors.red : colors.yellow;
  return paint(line);
}
