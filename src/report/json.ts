import { FINDING_FIELDS } from '../core/finding.js';
import { READABLE_REPORT_VERSIONS, type Report } from '../core/report.js';
import { errorMessage, oneLine, UsageError } from '../util/errors.js';
import { reportSchema } from './json-schema.js';
import { upgradeReport } from './json-upgrade.js';

/**
 * Writing and reading the JSON report v2 (docs/report-format.md). Output is byte-stable for the same report: keys in
 * a fixed order, two-space indent, a trailing newline.
 */

/** Where a key goes among its siblings, and the orders of the objects under some keys (or in arrays under them). */
interface KeyOrder {
  rank: ReadonlyMap<string, number>;
  nested: ReadonlyMap<string, KeyOrder>;
}

function keyOrder(keys: readonly string[], nested: Record<string, KeyOrder> = {}): KeyOrder {
  return { rank: new Map(keys.map((key, index) => [key, index])), nested: new Map(Object.entries(nested)) };
}

/** Objects not listed here (and keys a type does not list) are written in alphabetical order. */
const ALPHABETICAL = keyOrder([]);

const FINDING_ORDER = keyOrder([...FINDING_FIELDS, 'gate'], {
  package: keyOrder(['name', 'version', 'type', 'purl', 'path']),
  location: keyOrder(['path', 'startLine', 'endLine']),
  severities: keyOrder(['scanner', 'severity', 'vendorSeverity']),
  cvss: keyOrder(['source', 'version', 'vector', 'score']),
  fix: keyOrder(['state', 'versions']),
  vendorStatuses: keyOrder(['scanner', 'status', 'source']),
  epss: keyOrder(['score', 'percentile']),
  gate: keyOrder(['decision', 'rules', 'suppressedBy', 'exception', 'vex', 'vendorStatus', 'baseline'], {
    exception: keyOrder(['reason', 'expires', 'origin', 'rule']),
    vex: keyOrder(['status', 'justification', 'origin']),
    vendorStatus: keyOrder(['status', 'source']),
  }),
});

const REPORT_ORDER = keyOrder(['version', 'tool', 'targets', 'findings', 'gate', 'scanners', 'sboms'], {
  findings: FINDING_ORDER,
  gate: keyOrder(
    [
      'status',
      'passed',
      'threshold',
      'ignoreUnfixed',
      'violations',
      'unknownSeverity',
      'failedRules',
      'suppressed',
      'policy',
      'baseline',
      'errors',
      'exceptionsApplied',
      'exceptionsExpired',
      'exceptionsUnused',
      'reasons',
    ],
    {
      failedRules: keyOrder(['rule', 'violations', 'summary']),
      suppressed: keyOrder(['vex', 'vendor-status', 'exception', 'baseline']),
      policy: keyOrder(
        ['thresholds', 'ignoreUnfixed', 'unknownSeverity', 'kev', 'epss', 'licenses', 'baseline'],
        {
          thresholds: keyOrder(['vulnerability', 'secret', 'misconfiguration', 'hardening', 'license']),
          licenses: keyOrder(['allow', 'deny']),
        },
      ),
      baseline: keyOrder(['origin', 'new', 'unchanged', 'fixed'], {
        fixed: keyOrder(['kind', 'id', 'target', 'package', 'location', 'severity', 'title']),
      }),
    },
  ),
});

/** Nesting of a real report is under ten levels; far deeper input is not a report and could exhaust the stack. */
const MAX_DEPTH = 64;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function renderJsonReport(report: Report): string {
  return `${JSON.stringify(ordered(report, REPORT_ORDER), null, 2)}\n`;
}

function compareKeys(a: string, b: string, rank: KeyOrder['rank']): number {
  const ra = rank.get(a) ?? rank.size;
  const rb = rank.get(b) ?? rank.size;
  return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * `value` with its keys (and its descendants') in `order`. Findings are built in this order already, so an object
 * already in order is returned as it is, not copied: copying 100k findings only to get the same bytes took seconds
 * and much of the report's memory.
 */
function ordered(value: unknown, order: KeyOrder): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = ordered(value[i], order);
      if (item !== value[i]) {
        copy ??= value.slice();
        copy[i] = item;
      }
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let changed = false;
  for (let i = 1; i < keys.length && !changed; i++)
    changed = compareKeys(keys[i - 1]!, keys[i]!, order.rank) > 0;
  const values: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const original = source[key];
    values[i] = ordered(original, order.nested.get(key) ?? ALPHABETICAL);
    if (values[i] !== original) changed = true;
  }
  if (!changed) return source;
  const out: Record<string, unknown> = {};
  for (const i of keys.map((_, index) => index).sort((a, b) => compareKeys(keys[a]!, keys[b]!, order.rank))) {
    out[keys[i]!] = values[i];
  }
  return out;
}

/**
 * Reads a JSON report written by `renderJsonReport` (version 2, or version 1 of an earlier release, upgraded). `origin` names the input in errors (a file
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
    const reason = errorMessage(error);
    throw new UsageError(
      oneLine(`${where}: not valid JSON (${reason}); pass a report written by container-gate --json`),
      { cause: error },
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('version' in value)) {
    throw new UsageError(
      `${where}: not a container-gate JSON report (no "version" field); pass a file written by --json`,
    );
  }
  if (!(READABLE_REPORT_VERSIONS as readonly unknown[]).includes(value.version)) {
    throw new UsageError(
      oneLine(
        `${where}: report version ${JSON.stringify(value.version)?.slice(0, 40)} is not understood; this container-gate ` +
          `reads versions ${READABLE_REPORT_VERSIONS.join(' and ')} — write the report with a matching container-gate release`,
      ),
    );
  }
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : 'top level';
    throw new UsageError(
      oneLine(
        `${where}: not a valid container-gate v${value.version} report (${path}: ${issue?.message ?? 'unknown problem'}); ` +
          'pass a file written by --json, unedited',
      ),
    );
  }
  return upgradeReport(parsed.data);
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
