import { readFile } from 'node:fs/promises';
import { parseExceptionEntries, parseExceptionsFile, parseVexDocument } from './core/exceptions.js';
import { isKnownLicenseId, parseLicenseExpression } from './core/license.js';
import { type Baseline, DEFAULT_POLICY, type GateException, type Policy } from './core/policy.js';
import { UsageError } from './errors.js';
import { parseKevCatalog } from './kev-catalog.js';
import type { PolicyOptions } from './options.js';
import { parseJsonReport } from './report/json.js';

/** Reads the files the policy options name (exceptions, VEX, KEV catalog, baseline) into a pure `Policy`. */
export async function loadPolicy(options: PolicyOptions): Promise<Policy> {
  const exceptions: GateException[] = [];
  if (options.inlineExceptions) {
    const { entries, origin } = options.inlineExceptions;
    exceptions.push(...parseExceptionEntries(entries, origin, 'config'));
  }
  if (options.exceptionsFile) {
    const text = await readInput(options.exceptionsFile, 'exceptions file');
    exceptions.push(...parseExceptionsFile(text, options.exceptionsFile));
  }
  const vex = [];
  for (const file of options.vexFiles) vex.push(...parseVexDocument(await readInput(file, 'VEX file'), file));
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
            await readInput(options.kevCatalog, '--kev-catalog'),
            options.kevCatalog,
          ),
        }
      : {}),
    ...(options.epss !== undefined ? { epss: options.epss } : {}),
    licenses: { allow: [...options.licenseAllow], deny: [...options.licenseDeny] },
    ...(options.baseline ? { baseline: await loadBaseline(options.baseline) } : {}),
    exceptions,
    vex,
  };
}

/**
 * A baseline is a container-gate JSON report (any readable version). Its findings are keyed by image name, since
 * the tag or digest differs between the runs compared.
 */
async function loadBaseline(path: string): Promise<Baseline> {
  const report = parseJsonReport(await readInput(path, '--baseline'), path);
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

const MAX_POLICY_BYTES = 16 * 1024 * 1024;

export async function readInput(path: string, what: string): Promise<string> {
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_POLICY_BYTES)
      throw new UsageError(`${what} ${path}: larger than 16 MiB — is this the right file?`);
    return buffer.toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${what} ${path}: ${code === 'ENOENT' ? 'not found' : (code ?? String(error))} — check the path`,
    );
  }
}
