import { parseExceptionEntries, parseExceptionsFile, parseVexDocument } from '../core/exceptions.js';
import { isKnownLicenseId, parseLicenseExpression } from '../core/license.js';
import { type Baseline, DEFAULT_POLICY, type GateException, type Policy } from '../core/policy.js';
import { parseKevCatalog } from '../databases/kev-catalog.js';
import type { PolicyOptions } from '../options.js';
import { parseJsonReport } from '../report/json.js';
import { UsageError } from '../util/errors.js';
import { type InputKind, readInputFile } from '../util/input-file.js';

/** Reads the files the policy options name (exceptions, VEX, KEV catalog, baseline) into a pure `Policy`. */
export async function loadPolicy(options: PolicyOptions, signal?: AbortSignal): Promise<Policy> {
  const exceptions: GateException[] = [];
  if (options.inlineExceptions) {
    const { entries, origin } = options.inlineExceptions;
    exceptions.push(...parseExceptionEntries(entries, origin, 'config'));
  }
  if (options.exceptionsFile) {
    const text = await readInput(options.exceptionsFile, 'exceptions file', signal);
    exceptions.push(...parseExceptionsFile(text, options.exceptionsFile));
  }
  const vex = [];
  for (const file of options.vexFiles)
    vex.push(...parseVexDocument(await readInput(file, 'VEX file', signal), file));
  checkLicenseLists(options.licenseAllow, options.licenseDeny);
  if (options.baseline === 'auto') {
    throw new UsageError(
      'baseline auto reads the base branch report through the GitHub API: it works in the Action only — pass a report path',
    );
  }
  if (options.epss !== undefined && !(options.epss > 0 && options.epss <= 1)) {
    throw new UsageError(`--epss ${options.epss}: must be a probability above 0 and at most 1 (0.1 is 10 %)`);
  }
  return {
    ...DEFAULT_POLICY,
    threshold: options.threshold,
    thresholds: { ...options.thresholds },
    ignoreUnfixed: options.ignoreUnfixed,
    unknownSeverity: options.unknownSeverity,
    kev: options.kev,
    ...(options.kevCatalog
      ? {
          kevCatalog: parseKevCatalog(
            await readInput(options.kevCatalog, '--kev-catalog', signal),
            options.kevCatalog,
          ),
        }
      : {}),
    ...(options.epss !== undefined ? { epss: options.epss } : {}),
    licenses: { allow: [...options.licenseAllow], deny: [...options.licenseDeny] },
    ...(options.baseline ? { baseline: await loadBaseline(options.baseline, signal) } : {}),
    exceptions,
    vex,
  };
}

/**
 * A baseline is a container-gate JSON report (any readable version). Its findings are keyed by image name, since
 * the tag or digest differs between the runs compared.
 */
async function loadBaseline(path: string, signal?: AbortSignal): Promise<Baseline> {
  const report = parseJsonReport(await readInput(path, '--baseline', signal), path);
  const names = new Map(report.targets.map((t) => [t.display, t.name]));
  return {
    origin: path,
    findings: report.findings.map(({ gate: _gate, ...finding }) => ({
      ...finding,
      target: names.get(finding.target) ?? finding.target,
    })),
  };
}

/**
 * Every entry must be an SPDX id (or `LicenseRef-…`, or `id WITH exception`): a misspelt id would match nothing,
 * and a deny list that matches nothing passes everything.
 */
export function checkLicenseLists(allow: readonly string[], deny: readonly string[]): void {
  for (const [flag, list] of [
    ['--license-allow', allow],
    ['--license-deny', deny],
  ] as const) {
    for (const id of list) {
      const parsed = parseLicenseExpression(id);
      if (parsed.type !== 'license' || !isKnownLicenseId(parsed.id)) {
        throw new UsageError(
          `${flag}: ${JSON.stringify(id)} is not an SPDX license id — use ids from https://spdx.org/licenses/ ` +
            '(e.g. GPL-3.0-only, MIT), LicenseRef-…, or "id WITH exception"',
        );
      }
    }
  }
  const denied = new Set(deny.map((id) => id.toLowerCase()));
  const both = allow.find((id) => denied.has(id.toLowerCase()));
  if (both) throw new UsageError(`--license-allow and --license-deny both name ${both}: keep it in one list`);
}

/** An input file of the given kind, bounded (see `INPUT_LIMITS`). */
export function readInput(path: string, what: InputKind, signal?: AbortSignal): Promise<string> {
  return readInputFile(path, what, signal);
}
