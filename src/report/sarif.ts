import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type * as Sarif from 'sarif';
import { CHECKS_SCANNER } from '../checks/finding.js';
import { compareFindings, compareStrings, findingKey } from '../core/identity.js';
import type { Report, ReportFinding, ReportTarget, ScannerRun } from '../core/report.js';
import { cleanLine } from './escape.js';
import { type DockerfileContext, dockerfileContext, locateFinding } from './sarif-location.js';
import { buildRule, levelOf, resultMessage, ruleIdOf } from './sarif-rule.js';

/**
 * One merged SARIF 2.1.0 document (or several, past GitHub's per-file limits) for every image and tool.
 * Layout, ids and limits are documented in docs/report-format.md ("SARIF").
 */
export interface SarifOptions {
  /** Repository-relative path of the Dockerfile the images were built from; image findings then point at it. */
  dockerfile?: string;
  /** Its text, so that results point at the final `FROM` or the COPY/ADD that brought a file in. */
  dockerfileText?: string;
  /** Lower limits than GitHub's (tests, or a stricter consumer). */
  limits?: Partial<SarifLimits>;
}

export interface SarifLimits {
  runsPerFile: number;
  resultsPerRun: number;
  /** Measured on `serializeSarif` output compressed with gzip, as GitHub measures uploads. */
  gzipBytesPerFile: number;
}

/**
 * github/docs, "SARIF support for code scanning": 20 runs per file, 25,000 results per run of which only the top
 * 5,000 are kept (so we choose which: the most severe), 10 MB per gzip-compressed file (taken as 10,000,000 bytes).
 * The 25,000 rules per run cannot be reached: a run has at most one rule per result.
 */
export const GITHUB_SARIF_LIMITS: SarifLimits = {
  runsPerFile: 20,
  resultsPerRun: 5000,
  gzipBytesPerFile: 10_000_000,
};

export interface SarifRender {
  /** Upload each one separately; there is more than one only past the per-file limits. */
  files: Sarif.Log[];
  /** What was dropped or split, one line each, for the log. */
  warnings: string[];
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const TOOL_DRIVERS: Record<string, { name: string; informationUri?: string }> = {
  trivy: { name: 'Trivy', informationUri: 'https://github.com/aquasecurity/trivy' },
  grype: { name: 'Grype', informationUri: 'https://github.com/anchore/grype' },
  [CHECKS_SCANNER]: { name: 'container-gate' },
};

/** Scanners with no code-scanning findings (SBOMs, licenses), so no run of their own. */
const SBOM_ONLY = new Set(['syft', 'trivy-sbom', 'trivy-license']);

/** `trivy-secret` and `trivy-config` are Trivy too: the driver is the tool. */
export function sarifToolOf(scanner: string): string {
  return scanner === 'trivy' || scanner.startsWith('trivy-') ? 'trivy' : scanner;
}

/**
 * The scanner slot whose SARIF run (and category) a finding belongs to. Trivy's vulnerability, secret and config
 * runs succeed or fail independently: in one category, a failed vulnerability run would hold back the secrets
 * that the secret run did find (or, uploaded partially, close the vulnerability alerts).
 */
export function sarifSlotOf(finding: Pick<ReportFinding, 'foundBy' | 'kind'>): string {
  const tool = finding.foundBy[0] ?? CHECKS_SCANNER;
  if (tool !== 'trivy') return tool;
  if (finding.kind === 'secret') return 'trivy-secret';
  if (finding.kind === 'license') return 'trivy-license';
  if (finding.kind === 'misconfiguration' || finding.kind === 'hardening') return 'trivy-config';
  return 'trivy';
}

/** Exactly the bytes to write: the size limits are checked on this. */
export function serializeSarif(log: Sarif.Log): string {
  const measured = measuredText.get(log);
  if (measured !== undefined) {
    measuredText.delete(log);
    return measured;
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * The text of each file `renderSarif` returned, as its size was measured, handed out once to the serialisation that
 * follows the render (a 100k-finding SARIF is tens of MB of JSON to write twice otherwise). A file changed between
 * the render and its serialisation would be written as rendered: callers write the files as they are returned.
 */
const measuredText = new WeakMap<Sarif.Log, string>();

interface RunPlan {
  /** `container-gate/<image>/<slot>/`; unique within a render. */
  id: string;
  /** The tool (driver), e.g. `trivy`. */
  tool: string;
  /** The scanner slot, e.g. `trivy-secret`: one run and category per slot. */
  slot: string;
  imageName: string;
  platform?: string;
  findings: ReportFinding[];
  targets: Map<string, ReportTarget | undefined>;
}

export function renderSarif(report: Report, opts: SarifOptions = {}): SarifRender {
  const limits: SarifLimits = { ...GITHUB_SARIF_LIMITS, ...opts.limits };
  const warnings: string[] = [];
  const dockerfile = dockerfileContext(opts.dockerfile, opts.dockerfileText);
  const plans = planRuns(report, warnings);
  const runs = plans.map((plan) => ({
    plan,
    run: buildRun(plan, report, dockerfile, limits.resultsPerRun, warnings),
  }));
  const files = packFiles(runs, report, dockerfile, limits, warnings);
  if (files.length > 1) {
    warnings.push(
      `SARIF: split into ${files.length} files to stay within GitHub's ${limits.runsPerFile} runs and ` +
        `${limits.gzipBytesPerFile} gzip-compressed bytes per file; upload each file`,
    );
  }
  return { files, warnings };
}

function planRuns(report: Report, warnings: string[]): RunPlan[] {
  const targets = new Map(report.targets.map((t) => [t.display, t]));
  const plans = new Map<string, RunPlan>();
  // The plan of each (target as shown, slot) pair, so that 100k findings do not each build the plan key.
  const known = new Map<string, Map<string, RunPlan>>();
  const planFor = (display: string, slot: string): RunPlan => {
    const seen = known.get(display)?.get(slot);
    if (seen) return seen;
    const target = targets.get(display);
    const imageName = target?.name ?? display;
    const key = JSON.stringify([imageName, target?.platform ?? '', slot]);
    let plan = plans.get(key);
    if (!plan) {
      plan = { id: '', tool: sarifToolOf(slot), slot, imageName, findings: [], targets: new Map() };
      if (target?.platform) plan.platform = target.platform;
      plans.set(key, plan);
    }
    plan.targets.set(display, target);
    if (!known.has(display)) known.set(display, new Map());
    known.get(display)!.set(slot, plan);
    return plan;
  };

  // A run also exists for a tool that found nothing: uploading it empty is what closes the alerts it fixed.
  for (const run of report.scanners) {
    if (SBOM_ONLY.has(run.name)) continue;
    for (const target of report.targets)
      if (runIncludesTarget(run, target.display)) planFor(target.display, run.name);
  }
  for (const finding of report.findings) {
    // Licenses are a policy matter, not a code-scanning alert: one per package would bury the alerts that are
    // (the job summary, the PR comment and the JSON report show them, and the gate fails on them).
    if (finding.kind === 'license') continue;
    planFor(finding.target, sarifSlotOf(finding)).findings.push(finding);
  }

  const kept = [...plans.values()].filter((plan) => scannerCompleted(plan, report, warnings));
  for (const plan of kept) {
    if (plan.targets.size > 1) {
      warnings.push(
        `SARIF: ${[...plan.targets.keys()].sort(compareStrings).join(', ')} share the image name ${plan.imageName}; ` +
          `their ${plan.slot} findings are reported in one run`,
      );
    }
  }
  assignRunIds(kept);
  return kept.sort((a, b) => compareStrings(a.id, b.id));
}

/** False, with a warning, when the plan's scanner failed or timed out on one of its targets. */
function scannerCompleted(plan: RunPlan, report: Report, warnings: string[]): boolean {
  const failed = report.scanners.filter(
    (run) =>
      run.name === plan.slot &&
      (run.status === 'failed' || run.status === 'timeout') &&
      [...plan.targets.keys()].some((display) => runIncludesTarget(run, display)),
  );
  if (failed.length === 0) return true;
  // An incomplete run would close the alerts of whatever the failed scanner did not report this time.
  warnings.push(
    `SARIF: no ${plan.slot} run for ${plan.imageName}: ${failed.map((r) => `${r.name} ${r.status}`).join(', ')}; ` +
      `uploading a partial run would close its open alerts (${plan.findings.length} findings left out)`,
  );
  return false;
}

/** Whether `run` scanned the target shown as `display`: the checks engine reports one run for several files (`Dockerfile, k8s`). */
function runIncludesTarget(run: ScannerRun, display: string): boolean {
  return run.target === display || run.target.split(', ').includes(display);
}

function assignRunIds(plans: RunPlan[]): void {
  const byId = new Map<string, RunPlan[]>();
  for (const plan of plans) {
    const image = [plan.imageName, plan.platform ?? ''].map(idSegment).filter(Boolean).join('/');
    plan.id = `container-gate/${image || 'image'}/${idSegment(plan.slot) || 'tool'}/`;
    byId.set(plan.id, [...(byId.get(plan.id) ?? []), plan]);
  }
  // Two names that sanitise alike (`a:5000/x`, `a-5000/x`) keep apart by a hash of the raw name, stable across runs.
  for (const [id, clashing] of byId) {
    if (clashing.length < 2) continue;
    for (const plan of clashing) {
      const hash = sha256(JSON.stringify([plan.imageName, plan.platform ?? ''])).slice(0, 8);
      plan.id = id.replace(/\/([^/]+)\/$/, `-${hash}/$1/`);
    }
  }
}

/** GitHub reads the id as `category/run`; only `[a-z0-9._/-]`, lower case, no empty segments. */
function idSegment(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-')
    .split('/')
    .map((s) => s.replace(/^[-.]+|-+$/g, ''))
    .filter(Boolean)
    .join('/');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Alerts are tracked by this: the finding's identity with the image *name* in place of the target as typed, so a
 * new tag or digest of the same image keeps its alerts. `key` is that identity when the caller already built it.
 */
export function primaryLocationLineHash(
  finding: ReportFinding,
  imageName: string,
  key = fingerprintKey(finding, imageName),
): string {
  return `${sha256(key)}:1`;
}

function fingerprintKey(finding: ReportFinding, imageName: string): string {
  return findingKey({ ...finding, target: imageName });
}

interface KeptResult {
  finding: ReportFinding;
  fingerprint: string;
}

function buildRun(
  plan: RunPlan,
  report: Report,
  dockerfile: DockerfileContext | undefined,
  maxResults: number,
  warnings: string[],
): Sarif.Run {
  const kept = keptResults(plan, maxResults, warnings);
  const byRule = new Map<string, ReportFinding[]>();
  for (const { finding } of kept) {
    const id = ruleIdOf(finding);
    const list = byRule.get(id);
    if (list) list.push(finding);
    else byRule.set(id, [finding]);
  }
  const ruleIndex = new Map([...byRule.keys()].map((id, i) => [id, i]));
  const driverInfo = TOOL_DRIVERS[plan.tool] ?? { name: cleanLine(plan.tool, 64) };
  const version = toolVersion(plan.tool, report);
  return {
    tool: {
      driver: {
        name: driverInfo.name,
        ...(version ? { version } : {}),
        ...(driverInfo.informationUri ? { informationUri: driverInfo.informationUri } : {}),
        rules: [...byRule].map(([id, findings]) => buildRule(id, findings)),
      },
    },
    automationDetails: { id: plan.id },
    columnKind: 'utf16CodeUnits',
    results: kept.map((result) => sarifResult(result, plan, dockerfile, ruleIndex)),
    properties: {
      image: plan.imageName,
      ...(plan.platform ? { platform: plan.platform } : {}),
      ...databasesOf(plan, report),
    },
  };
}

/**
 * The run's results, most severe first, one per identity, at most `maxResults`: only those get their fingerprint
 * hashed (large scans have many times more findings than the 5,000 a run may hold). With one target,
 * dedupeFindings already made every identity unique; two targets sharing an image name (two tags) can repeat one,
 * and only then is every finding's identity key built (once, and reused for the fingerprint).
 */
function keptResults(plan: RunPlan, maxResults: number, warnings: string[]): KeptResult[] {
  const seen = plan.targets.size > 1 ? new Set<string>() : undefined;
  const kept: KeptResult[] = [];
  let unique = 0;
  for (const finding of [...plan.findings].sort(compareFindings)) {
    let key: string | undefined;
    if (seen) {
      key = fingerprintKey(finding, plan.imageName);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    unique++;
    if (kept.length < maxResults)
      kept.push({ finding, fingerprint: primaryLocationLineHash(finding, plan.imageName, key) });
  }
  if (kept.length < unique) {
    warnings.push(
      `SARIF run ${plan.id}: ${unique - kept.length} of ${unique} results left out (GitHub keeps at most ` +
        `${maxResults} per run); the least severe were dropped, the JSON report lists them all`,
    );
  }
  return kept;
}

function sarifResult(
  { finding, fingerprint }: KeptResult,
  plan: RunPlan,
  dockerfile: DockerfileContext | undefined,
  ruleIndex: ReadonlyMap<string, number>,
): Sarif.Result {
  const location = locateFinding(finding, plan.targets.get(finding.target), dockerfile);
  const ruleId = ruleIdOf(finding);
  return {
    ruleId,
    ruleIndex: ruleIndex.get(ruleId)!,
    level: levelOf(finding.severity),
    message: { text: resultMessage(finding, location) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: location.uri },
          region: {
            startLine: location.startLine,
            ...(location.endLine ? { endLine: location.endLine } : {}),
          },
        },
      },
    ],
    partialFingerprints: { primaryLocationLineHash: fingerprint },
    properties: resultProperties(finding, location.imagePath),
  };
}

/**
 * The databases the run's scanner read (issue 16: a verdict can be reproduced and audited from the SARIF alone): the
 * vulnerability database, and Trivy's Java index when the image needed it, each once.
 */
function databasesOf(plan: RunPlan, report: Report): { databases?: Record<string, unknown>[] } {
  const seen = new Map<string, Record<string, unknown>>();
  for (const run of report.scanners) {
    if (
      run.name !== plan.slot ||
      ![...plan.targets.keys()].some((display) => runIncludesTarget(run, display))
    )
      continue;
    for (const database of [run.database, run.javaDatabase]) {
      if (!database) continue;
      const clean = Object.fromEntries(
        Object.entries(database).map(([key, value]) => [
          key,
          typeof value === 'string' ? cleanLine(value, MAX_PROPERTY) : value,
        ]),
      );
      seen.set(JSON.stringify(clean), clean);
    }
  }
  return seen.size > 0 ? { databases: [...seen.values()] } : {};
}

function toolVersion(tool: string, report: Report): string | undefined {
  if (tool === CHECKS_SCANNER) return report.tool.version;
  const run = report.scanners.find((r) => sarifToolOf(r.name) === tool && r.version);
  return run?.version ? cleanLine(run.version, 64) : undefined;
}

/** Scanner text in result properties is cleaned like every other SARIF string: one line, no control characters. */
const MAX_PROPERTY = 512;

function resultProperties(finding: ReportFinding, imagePath: string | undefined): Record<string, unknown> {
  return {
    kind: finding.kind,
    severity: finding.severity,
    foundBy: finding.foundBy,
    gate: finding.gate.decision,
    ...(finding.aliases.length > 0
      ? { aliases: finding.aliases.slice(0, 20).map((a) => cleanLine(a, MAX_PROPERTY)) }
      : {}),
    ...(finding.package
      ? {
          package: cleanLine(finding.package.name, MAX_PROPERTY),
          ...(finding.package.version
            ? { installedVersion: cleanLine(finding.package.version, MAX_PROPERTY) }
            : {}),
          ...(finding.package.purl ? { purl: cleanLine(finding.package.purl, MAX_PROPERTY) } : {}),
        }
      : {}),
    ...(finding.fix.versions.length > 0
      ? { fixedVersions: finding.fix.versions.slice(0, 20).map((v) => cleanLine(v, MAX_PROPERTY)) }
      : {}),
    ...(imagePath ? { imagePath } : {}),
    ...(finding.epss ? { epss: finding.epss.score } : {}),
    ...(finding.knownExploited ? { knownExploited: true } : {}),
  };
}

interface BuiltRun {
  plan: RunPlan;
  run: Sarif.Run;
}

function logOf(runs: readonly Sarif.Run[]): Sarif.Log {
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [...runs] };
}

/**
 * The compressed size as an upper bound: gzip at level 1 compresses least of the usual levels, so what the uploader sends (level 6 or more) fits
 * too. A document whose plain text is under the limit skips compression (gzip adds at most ~0.1% to random bytes).
 */
export function gzipSize(log: Sarif.Log, limit = 0): number {
  return measure(log, limit).size;
}

function measure(log: Sarif.Log, limit: number): { text: string; size: number } {
  const text = `${JSON.stringify(log, null, 2)}\n`;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes + Math.ceil(bytes / 1000) + 64 <= limit) return { text, size: bytes };
  return { text, size: gzipSync(text, { level: 1 }).length };
}

/** Runs into files of at most `runsPerFile`, each under the size limit: halve a file that is too big, and trim a run
 * that alone is too big by dropping its least severe results. */
function packFiles(
  runs: BuiltRun[],
  report: Report,
  dockerfile: DockerfileContext | undefined,
  limits: SarifLimits,
  warnings: string[],
): Sarif.Log[] {
  const files: Sarif.Log[] = [];
  const addFilesFor = (group: BuiltRun[]): void => {
    const log = logOf(group.map((r) => r.run));
    const { text, size } = measure(log, limits.gzipBytesPerFile);
    if (size <= limits.gzipBytesPerFile) {
      measuredText.set(log, text);
      files.push(log);
    } else if (group.length > 1) {
      const half = Math.ceil(group.length / 2);
      addFilesFor(group.slice(0, half));
      addFilesFor(group.slice(half));
    } else {
      files.push(logOf([shrinkRun(group[0]!, size, report, dockerfile, limits, warnings)]));
    }
  };
  if (runs.length === 0) return [logOf([])];
  for (let i = 0; i < runs.length; i += limits.runsPerFile)
    addFilesFor(runs.slice(i, i + limits.runsPerFile));
  return files;
}

function shrinkRun(
  built: BuiltRun,
  size: number,
  report: Report,
  dockerfile: DockerfileContext | undefined,
  limits: SarifLimits,
  warnings: string[],
): Sarif.Run {
  const total = built.run.results?.length ?? 0;
  let run = built.run;
  let current = size;
  let keep = total;
  while (current > limits.gzipBytesPerFile && keep > 0) {
    keep = Math.max(0, Math.min(keep - 1, Math.floor((keep * limits.gzipBytesPerFile * 0.9) / current)));
    run = buildRun(built.plan, report, dockerfile, keep, []);
    current = gzipSize(logOf([run]), limits.gzipBytesPerFile);
  }
  warnings.push(
    `SARIF run ${built.plan.id}: ${total - keep} of ${total} results left out to stay under ` +
      `${limits.gzipBytesPerFile} gzip-compressed bytes per file; the least severe were dropped, the JSON report lists them all`,
  );
  return run;
}
