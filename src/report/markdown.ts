import type { ExceptionUse, FindingGate, GateStatus, GateVerdict } from '../core/gate.js';
import { compareFindings } from '../core/identity.js';
import {
  countBySeverity,
  describeSbomSize,
  type Report,
  type ReportFinding,
  type ScannerDatabase,
} from '../core/report.js';
import { SEVERITIES } from '../core/severity.js';
import { formatElapsed, plural } from '../util/format.js';
import { escapeMarkdownCell as cell, markdownLink } from './escape.js';
import { type FindingRow, findingRows, gateText, rowSubject, shortTitle } from './finding-rows.js';
import {
  fitMarkdown,
  limitWords,
  type MarkdownBlock,
  MIN_ROW_CHARS,
  type RowsBlock,
  type SizeLimit,
} from './markdown-fit.js';

/** GitHub's job summary limit ("supports content up to a size of 1024k"), in UTF-8 bytes. */
export const JOB_SUMMARY_MAX_BYTES = 1_048_576;

export interface MarkdownSummaryOptions {
  /** A character limit on top of the 1 MiB byte limit: 65,536 for a PR comment. */
  maxChars?: number;
  title?: string;
  links?: { label: string; url: string }[];
  /** Lines about the run the reader must see first, under the verdict (the Action: a pull request changing its policy). */
  notices?: string[];
}

const STATUS_HEADING: Record<GateStatus, string> = {
  passed: '✅ Gate passed',
  failed: '❌ Gate failed',
  error: '⚠️ Gate error: the scan did not complete',
};

/**
 * The summary a person reads first (job summary, PR comment): verdict and reasons, counts, scanner status, the
 * findings that matter most, exceptions, links. Scanner text is escaped so it renders as text and pings no one.
 */
export function renderMarkdownSummary(report: Report, opts: MarkdownSummaryOptions = {}): string {
  const limit = {
    maxBytes: JOB_SUMMARY_MAX_BYTES,
    ...(opts.maxChars !== undefined ? { maxChars: opts.maxChars } : {}),
  };
  const blocks = summaryBlocks(report, opts, limit);
  const fitted = fitMarkdown(blocks, limit);
  if (fitted) return fitted.text;
  // Not even the headings fit: say so in the smallest form that can.
  const minimal = `${STATUS_HEADING[report.gate.status]}. The summary does not fit in ${limitWords(limit)}; see the JSON report.\n`;
  return minimal.length <= (opts.maxChars ?? Number.POSITIVE_INFINITY)
    ? minimal
    : `${STATUS_HEADING[report.gate.status]}\n`;
}

/** The summary's blocks in reading order; fitMarkdown fills each table's rows by its priority (lower first). */
function summaryBlocks(report: Report, opts: MarkdownSummaryOptions, limit: SizeLimit): MarkdownBlock[] {
  const databases = reportDatabases(report);
  return [
    heading(report.gate, opts.title),
    ...reasonBlocks(report.gate),
    thresholdLine(report),
    ...noticeBlocks(opts.notices ?? []),
    // A database the run fell back to (every download failed, or --offline) is said before anything else is read.
    ...databaseWarningBlocks(databases),
    ...attestationBlocks(report),
    ...severityBlocks(report),
    ...scannerCountBlocks(report),
    ...scannerRunBlocks(report),
    ...databaseBlocks(databases),
    ...findingBlocks(report, limit),
    ...fixedSinceBaseline(report.gate),
    ...exceptionBlocks(report.gate),
    ...linkBlocks(opts.links),
  ];
}

/** The title and the verdict: `## container-gate: myapp: ❌ Gate failed`. */
function heading(gate: GateVerdict, title: string | undefined): string {
  return `## ${cell(title ?? 'container-gate')}: ${STATUS_HEADING[gate.status]}`;
}

/** One line per failed rule opens the summary (the reasons list them first), then the rest of the reasons. */
function reasonBlocks(gate: GateVerdict): MarkdownBlock[] {
  if (gate.reasons.length === 0) return [];
  return [
    rows(
      [],
      gate.reasons.map((r) => `- ${failedRuleMark(r, gate.failedRules)}${cell(r, 2000)}`),
      'reasons',
      0,
    ),
  ];
}

/** Threshold, violations, findings and targets in one line under the heading. */
function thresholdLine(report: Report): string {
  const { gate } = report;
  return (
    `Threshold **${gate.threshold}**${gate.ignoreUnfixed ? ', unfixed vulnerabilities ignored' : ''} · ` +
    `${gate.violations} violation${plural(gate.violations)} · ${report.findings.length} finding` +
    `${plural(report.findings.length)} · ${report.targets.length} target${plural(report.targets.length)}`
  );
}

function noticeBlocks(notices: readonly string[]): MarkdownBlock[] {
  if (notices.length === 0) return [];
  return [
    rows(
      [],
      notices.map((n) => `> ⚠️ ${cell(n, 1000)}`),
      'notices',
      0,
    ),
  ];
}

function databaseWarningBlocks(databases: readonly ScannerDatabase[]): MarkdownBlock[] {
  const warnings = [...new Set(databases.flatMap((d) => (d.warning ? [d.warning] : [])))];
  if (warnings.length === 0) return [];
  return [
    rows(
      [],
      warnings.map((w) => `> ⚠️ ${cell(w, 1000)}`),
      'database warnings',
      0,
    ),
  ];
}

/** `rescan`: what each image was re-scanned from and who signed it — or why it was not. */
function attestationBlocks(report: Report): MarkdownBlock[] {
  const attested = report.targets.filter((t) => t.attestation);
  if (attested.length === 0) return [];
  return [
    '### SBOM attestations',
    rows(
      ['| image | status | SBOM | signed by |', '| --- | --- | --- | --- |'],
      attested.map(({ display, attestation: a }) =>
        a!.status === 'verified'
          ? `| ${cell(display)} | verified | ${cell(a!.predicateType)} | ${cell(a!.identity ?? 'the given key')}${a!.issuer ? ` (${cell(a!.issuer)})` : ''} |`
          : `| ${cell(display)} | **${a!.status}** | ${cell(a!.reason, 500)} | – |`,
      ),
      'images',
      1,
    ),
  ];
}

function severityBlocks(report: Report): MarkdownBlock[] {
  const counts = countBySeverity(report.findings);
  return [
    '### Findings by severity',
    [
      `| ${SEVERITIES.join(' | ')} | total |`,
      `|${' ---: |'.repeat(SEVERITIES.length + 1)}`,
      `| ${SEVERITIES.map((s) => counts[s]).join(' | ')} | ${report.findings.length} |`,
    ].join('\n'),
  ];
}

function scannerCountBlocks(report: Report): MarkdownBlock[] {
  const byScanner = new Map<string, number>();
  for (const f of report.findings) for (const s of f.foundBy) byScanner.set(s, (byScanner.get(s) ?? 0) + 1);
  if (byScanner.size === 0) return [];
  return [
    '### Findings by scanner',
    rows(
      ['| scanner | findings |', '| --- | ---: |'],
      [...byScanner].sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, n]) => `| ${cell(s)} | ${n} |`),
      'scanners',
      1,
    ),
  ];
}

/** Each scanner run: its status, how long it took, its version, and its error, warnings or SBOM size. */
function scannerRunBlocks(report: Report): MarkdownBlock[] {
  if (report.scanners.length === 0) return [];
  return [
    '### Scanners',
    rows(
      [
        '| scanner | target | status | duration | version | findings | note |',
        '| --- | --- | --- | ---: | --- | ---: | --- |',
      ],
      report.scanners.map(
        (r) =>
          `| ${cell(r.name)} | ${cell(r.target)} | ${r.status === 'ok' ? 'ok' : `**${r.status}**`} | ` +
          `${formatElapsed(r.durationMs, ' ')} | ${cell(r.version) || '–'} | ${r.findings} | ` +
          `${cell(r.error ?? r.warnings?.join('; ') ?? (r.packages !== undefined ? describeSbomSize(r.packages) : undefined), 500)} |`,
      ),
      'scanner runs',
      1,
    ),
  ];
}

function databaseBlocks(databases: readonly ScannerDatabase[]): MarkdownBlock[] {
  if (databases.length === 0) return [];
  return [
    '### Databases',
    rows(
      [
        '| database | schema | built | downloaded | source | this run |',
        '| --- | --- | --- | --- | --- | --- |',
      ],
      databases.map(
        (d) =>
          `| ${cell(d.name)} | ${cell(d.schemaVersion) || '–'} | ${cell(d.builtAt) || '–'} | ` +
          `${cell(d.downloadedAt) || '–'} | ${cell(d.source, 300) || '–'} | ` +
          `${d.source === 'embedded' ? 'embedded in trivy' : d.fromCache ? 'from the cache' : 'downloaded'}${d.warning ? ' ⚠️' : ''} |`,
      ),
      'databases',
      1,
    ),
  ];
}

/** The findings table, violations first; rows the limit could never hold are not rendered (see `rowsWithin`). */
function findingBlocks(report: Report, limit: SizeLimit): MarkdownBlock[] {
  if (report.findings.length === 0) return ['### Findings', 'No findings.'];
  const multiImage = new Set(report.findings.map((f) => f.target)).size > 1 || report.targets.length > 1;
  const grouped = findingRows(violationsFirst(report.findings));
  return [
    '### Findings',
    rows(
      [
        `| id | title |${multiImage ? ' image |' : ''} package | installed → fixed | severity | found by | gate |`,
        `| --- | --- |${multiImage ? ' --- |' : ''} --- | --- | --- | --- | --- |`,
      ],
      rowsWithin(grouped, (row) => findingRow(row, multiImage), limit),
      grouped.length === report.findings.length ? 'findings' : 'finding rows',
      3,
      grouped.length,
    ),
  ];
}

/** The exceptions applied, expired and unused, a table each when there are any. */
function exceptionBlocks(gate: GateVerdict): MarkdownBlock[] {
  const exceptionTables: [string, readonly ExceptionUse[], string][] = [
    ['Exceptions applied', gate.exceptionsApplied, 'applied exceptions'],
    [
      'Exceptions expired (no longer applied: renew or remove them)',
      gate.exceptionsExpired,
      'expired exceptions',
    ],
    ['Exceptions unused (matched nothing: remove them)', gate.exceptionsUnused, 'unused exceptions'],
  ];
  return exceptionTables.flatMap(([heading, uses, noun]) =>
    uses.length === 0
      ? []
      : [
          `### ${heading}`,
          rows(
            [
              '| id | package | image | expires | matched | reason | origin |',
              '| --- | --- | --- | --- | ---: | --- | --- |',
            ],
            uses.map(
              (e) =>
                `| ${cell(e.id)} | ${cell(e.package) || 'any'} | ${cell(e.image) || 'any'} | ${cell(e.expires)} | ` +
                `${e.matched} | ${cell(e.reason, 500)} | ${cell(e.origin)} |`,
            ),
            noun,
            2,
          ),
        ],
  );
}

function linkBlocks(links: MarkdownSummaryOptions['links']): MarkdownBlock[] {
  if (!links || links.length === 0) return [];
  return [
    '### Links',
    rows(
      [],
      links.map((l) => `- ${markdownLink(l.label, l.url)}`),
      'links',
      1,
    ),
  ];
}

/** Every database the scanner runs read, once each (several images share the run's databases). */
function reportDatabases(report: Report): ScannerDatabase[] {
  const seen = new Map<string, ScannerDatabase>();
  for (const run of report.scanners)
    for (const database of [run.database, run.javaDatabase])
      if (database) seen.set(JSON.stringify(database), database);
  return [...seen.values()];
}

/** With a baseline: the findings it had that are gone now. */
function fixedSinceBaseline(gate: GateVerdict): MarkdownBlock[] {
  const fixed = gate.baseline?.fixed ?? [];
  if (fixed.length === 0) return [];
  return [
    `### Fixed since the baseline (${fixed.length})`,
    rows(
      ['| id | title | image | package or file | severity |', '| --- | --- | --- | --- | --- |'],
      fixed.map(
        (f) =>
          `| ${cell(f.id)} | ${cell(f.title === f.id ? '' : f.title, 120) || '–'} | ${cell(f.target)} | ` +
          `${cell(f.package?.name ?? f.location?.path) || '–'} | ${f.severity} |`,
      ),
      'fixed findings',
      2,
    ),
  ];
}

function rows(head: string[], lines: string[], noun: string, priority: number, total?: number): RowsBlock {
  return { head, rows: lines, noun, priority, ...(total !== undefined ? { total } : {}) };
}

/**
 * The rows `fitMarkdown` could show, rendered in order: it shows a prefix of a table's rows that fits in the room the
 * rest of the summary leaves, so once the rows rendered so far overflow the whole limit, no later row can ever be
 * shown (a 100k-finding scan fits a few thousand of its rows). The row that overflows is kept, so that a table cut
 * here never fits whole, as the full table would not have.
 */
function rowsWithin<T>(items: readonly T[], render: (item: T) => string, limit: SizeLimit): string[] {
  const maxRows = Math.ceil(
    Math.min(limit.maxBytes, limit.maxChars ?? Number.POSITIVE_INFINITY) / MIN_ROW_CHARS,
  );
  const lines: string[] = [];
  let chars = 0;
  let bytes = 0;
  for (const item of items) {
    if (
      lines.length >= maxRows ||
      chars > (limit.maxChars ?? Number.POSITIVE_INFINITY) ||
      bytes > limit.maxBytes
    )
      break;
    const line = render(item);
    lines.push(line);
    chars += line.length + 1;
    bytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  return lines;
}

/**
 * The findings in `byGateThenSeverity` order. Reports come in `compareFindings` order (dedupeFindings sorts them):
 * then the stable sort by (violation first, compareFindings) is exactly the violations, then the rest, each in the
 * order they come in, and a 150k-finding report needs one pass instead of a sort.
 */
function violationsFirst(findings: readonly ReportFinding[]): ReportFinding[] {
  for (let i = 1; i < findings.length; i++)
    if (compareFindings(findings[i - 1]!, findings[i]!) > 0) return [...findings].sort(byGateThenSeverity);
  const violations: ReportFinding[] = [];
  const others: ReportFinding[] = [];
  for (const f of findings) (f.gate.decision === 'violation' ? violations : others).push(f);
  return violations.concat(others);
}

/** Violations first: they are why the gate failed. Then the usual order (severity, id, package). */
function byGateThenSeverity(a: ReportFinding, b: ReportFinding): number {
  const va = a.gate.decision === 'violation' ? 0 : 1;
  const vb = b.gate.decision === 'violation' ? 0 : 1;
  return va - vb || compareFindings(a, b);
}

function findingRow(row: FindingRow, multiImage: boolean): string {
  const f = row.first;
  const installed = cell(f.package?.version) || '–';
  const fixed =
    f.fix.versions.length > 0
      ? cell(f.fix.versions.join(', '))
      : f.kind === 'vulnerability'
        ? `no fix (${f.fix.state})`
        : '–';
  const single = row.findings.length === 1;
  return (
    `| ${cell(f.id)}${f.knownExploited ? ' (KEV)' : ''}${single ? '' : ` ×${row.findings.length}`} | ` +
    `${cell(shortTitle(f), 120) || '–'} |${multiImage ? ` ${cell(f.target)} |` : ''} ${rowSubject(row, findingLocation)} | ` +
    `${single && (f.package || f.fix.versions.length > 0) ? `${installed} → ${fixed}` : '–'} | ${f.severity} | ` +
    `${cell(f.foundBy.join(', '))} | ${gateWords(f.gate)} |`
  );
}

/** The package a finding is in, or the file and line it was found at, as a markdown cell. */
function findingLocation(f: ReportFinding): string {
  if (f.package) return cell(f.package.name);
  if (f.location) return `${cell(f.location.path)}${f.location.startLine ? `:${f.location.startLine}` : ''}`;
  return '–';
}

/** A failed rule's line gets the cross: it reads as what failed, before what else shaped the verdict. */
function failedRuleMark(reason: string, failed: GateVerdict['failedRules'] | undefined): string {
  return (failed ?? []).some((r) => reason === `${r.rule}: ${r.summary}`) ? '❌ ' : '';
}

export function gateWords(gate: FindingGate): string {
  const text = cell(gateText(gate), 200);
  return gate.decision === 'violation' ? `**${text}**` : text;
}
