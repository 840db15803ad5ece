import { REPORT_VERSION, type Report } from '../core/report.js';
import { oneLine, UsageError } from '../errors.js';
import { reportSchema } from './json-schema.js';

/**
 * Writing and reading the JSON report v1 (docs/report-format.md). Output is byte-stable for the same report: keys in
 * a fixed order, two-space indent, a trailing newline.
 */

const REPORT_KEYS = ['version', 'tool', 'targets', 'findings', 'gate', 'scanners', 'sboms'];
const FINDING_KEYS = [
  'kind',
  'id',
  'aliases',
  'target',
  'package',
  'location',
  'severity',
  'severitySource',
  'severities',
  'cvss',
  'fix',
  'title',
  'description',
  'links',
  'epss',
  'knownExploited',
  'remediation',
  'foundBy',
  'gate',
];
const VERDICT_KEYS = ['status', 'passed', 'threshold', 'ignoreUnfixed', 'violations', 'unknownSeverity'];

/** Nesting of a real report is under ten levels; far deeper input is not a report and could exhaust the stack. */
const MAX_DEPTH = 64;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function renderJsonReport(report: Report): string {
  const ordered = orderKeys(report, REPORT_KEYS);
  // Replacing a value keeps its key's place.
  ordered.findings = report.findings.map((f) => orderKeys(f, FINDING_KEYS));
  ordered.gate = orderKeys(report.gate, VERDICT_KEYS);
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** `preferred` keys first in that order, the rest alphabetically; nested objects alphabetically. */
function orderKeys(value: object, preferred: readonly string[]): Record<string, unknown> {
  const rank = (key: string) => {
    const index = preferred.indexOf(key);
    return index === -1 ? preferred.length : index;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = sortDeep((value as Record<string, unknown>)[key]);
  return out;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return orderKeys(value, []);
  }
  return value;
}

/**
 * Reads a JSON report written by `renderJsonReport` (any v1 writer). `origin` names the input in errors (a file
 * path). Throws a one-line `UsageError` for anything that is not a v1 report.
 */
export function parseJsonReport(text: string, origin: string): Report {
  const where = oneLine(origin);
  if (exceedsDepth(text, MAX_DEPTH)) {
    throw new UsageError(
      `${where}: JSON nested deeper than ${MAX_DEPTH} levels is not a container-gate report; pass a file written by --json`,
    );
  }
  let value: unknown;
  try {
    // Dropping these keys at parse time keeps them out of every object built from the report later.
    value = JSON.parse(text, (key, v) => (UNSAFE_KEYS.has(key) ? undefined : v));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      oneLine(`${where}: not valid JSON (${reason}); pass a report written by container-gate --json`),
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('version' in value)) {
    throw new UsageError(
      `${where}: not a container-gate JSON report (no "version" field); pass a file written by --json`,
    );
  }
  if (value.version !== REPORT_VERSION) {
    throw new UsageError(
      oneLine(
        `${where}: report version ${JSON.stringify(value.version)?.slice(0, 40)} is not understood; this container-gate ` +
          `reads version ${REPORT_VERSION} only — write the report with a matching container-gate release`,
      ),
    );
  }
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'top level';
    throw new UsageError(
      oneLine(
        `${where}: not a valid container-gate v1 report (${path}: ${issue?.message ?? 'unknown problem'}); ` +
          'pass a file written by --json, unedited',
      ),
    );
  }
  return parsed.data;
}

/** Counts bracket depth without recursion, skipping strings, so hostile nesting is refused before it is parsed. */
function exceedsDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
