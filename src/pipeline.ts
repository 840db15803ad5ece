import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { CHECKS_SCANNER } from './checks/finding.js';
import { type EmbeddedChecksOutcome, runEmbeddedChecks } from './checks/run.js';
import { foldTrivyConfigFindings } from './checks/trivy-equivalents.js';
import { loadPolicy } from './config/policy-load.js';
import { attestationErrors, gateOnAttestations } from './core/attestation.js';
import type { Finding } from './core/finding.js';
import { evaluateGate, exitCodeForGate, type GateVerdict } from './core/gate.js';
import { dedupeFindings } from './core/identity.js';
import { markKnownExploited } from './core/kev.js';
import type { Policy } from './core/policy.js';
import {
  REPORT_TOOL_NAME,
  REPORT_VERSION,
  type Report,
  type ReportTarget,
  type ScannerRun,
} from './core/report.js';
import { systemClock } from './databases/attempts.js';
import { createDatabaseSteps, type DatabaseSteps } from './databases/steps.js';
import { type BuiltImage, buildImage } from './image/build.js';
import { parseTarget } from './image/reference.js';
import {
  type AttestedPrepare,
  attestedSboms,
  expandAttestedTargets,
  rescanTargets,
  rescanTrust,
  scannable,
} from './image/rescan.js';
import { expandPlatforms, type PrepareContext, prepareTarget, readImageConfigs } from './image/targets.js';
import { MAX_TIMEOUT_SECONDS, type RunHooks, type RunOptions, type RunOutcome } from './options.js';
import { removeOnExit } from './process/exit-cleanup.js';
import { checkOutputPaths, type ProducedSbom, sbomFormatsWritten, writeOutputs } from './report/outputs.js';
import { createScannerJobs, type ProcessScanner } from './scanners/jobs.js';
import { readToolVersion, type ScannerJobResult } from './scanners/run.js';
import type { RegisteredScanner, ScanTarget } from './scanners/scanner.js';
import { type ResolvedScanner, resolveScanners } from './scanners/selection.js';
import { EXIT, InterruptedError, stopSignalOf, UsageError } from './util/errors.js';
import { VERSION } from './version.js';

/** The report's `tool.name` (the product), not the name the embedded checks run under (`CHECKS_SCANNER`). */

/** What every phase of one run reads; no phase changes it. */
interface RunContext {
  options: RunOptions;
  hooks: RunHooks;
  /** `--dockerfile` and `--manifests`: the files the config scanners and the checks read. */
  configPaths: string[];
  workDir: string;
  /** The user's stop (Ctrl-C), checked between phases. */
  signal: AbortSignal | undefined;
  /** The user's stop or a failure that stops the run: every process and database step listens to this one. */
  runSignal: AbortSignal;
  /** The run's bound on processes at once. */
  limit: LimitFunction;
  /** A line for the user that is also returned in `RunOutcome.warnings`. */
  warn: (line: string) => void;
  /** What the run is doing (progress only). */
  info: (line: string) => void;
}

/** The scanners that run and each tool's `--version`, read once for the run. */
interface Tools {
  scanners: ResolvedScanner[];
  versionOf: (executable: string, scanner: RegisteredScanner) => Promise<string | undefined>;
}

/** The targets once built, expanded to their platforms and (re-scan) to their attested SBOMs. */
interface TargetPlan {
  targets: ScanTarget[];
  built: BuiltImage | undefined;
  rescan: AttestedPrepare | undefined;
}

/** What the scanners and the checks gave, before anything is combined. */
interface ScanResults {
  results: ScannerJobResult[];
  checks: EmbeddedChecksOutcome | undefined;
}

/** Every run shown in the report, and the one deduplicated findings list. */
interface CombinedFindings {
  runs: ScannerRun[];
  findings: Finding[];
}

/** Why the run failed; `input` are the ones that are the input's fault (exit 3 when they are all there is). */
interface RunErrors {
  all: string[];
  input: string[];
}

/**
 * The run: options → build → export once → every scanner at once (bounded) → one deduplicated findings list →
 * gate → reports. Both shells (CLI, Action) call this and only this.
 */
export async function runScan(options: RunOptions, hooks: RunHooks = {}): Promise<RunOutcome> {
  const warnings: string[] = [];
  const warn = (line: string) => {
    warnings.push(line);
    hooks.progress?.note(line, 'warning');
  };
  const info = (line: string) => hooks.progress?.note(line, 'info');
  const configPaths = validateOptions(options);
  await checkOutputPaths(options.outputs);
  const policy = await loadPolicy(options.policy, hooks.signal);
  const targets = requestedTargets(options);
  const workDir = await openWorkDir(options);
  const stop = stopWithUser(hooks.signal);
  let databases: DatabaseSteps | undefined;
  try {
    const ctx: RunContext = {
      options,
      hooks,
      configPaths,
      workDir: workDir.path,
      signal: hooks.signal,
      runSignal: stop.signal,
      limit: pLimit(options.concurrency),
      warn,
      info,
    };
    // Every tool is found (or installed) before anything starts: a missing one must not cost a build first.
    const tools = await resolveTools(ctx, targets);
    databases = openDatabases(ctx, tools);
    const javaAhead = await fetchDatabasesAhead(ctx, tools, databases, targets);
    const plan = await prepareTargets(ctx, targets);
    const scan = await scheduleJobs(ctx, plan, tools, databases, javaAhead, stop.abort);
    const combined = combineFindings(scan, policy);
    for (const r of combined.runs) for (const w of r.warnings ?? []) warn(`${r.name} (${r.target}): ${w}`);
    const reportTargets = reportTargetsOf(plan.targets, configPaths);
    const errors = collectRunErrors(combined.runs, scan.checks, reportTargets);
    const report = buildReport(ctx, { policy, plan, combined, reportTargets, errors });
    const sboms = await producedSboms(ctx, scan.results, plan.targets);
    const files = await writeOutputs(report, sboms, options, warn);
    return { report, exitCode: exitCodeOf(report.gate, errors), files, warnings };
  } catch (error) {
    stop.abort();
    throw error;
  } finally {
    stop.unlink();
    await databases?.close().catch(() => undefined);
    await workDir.remove();
  }
}

/** Usage errors that need no file read: something to scan, a sane concurrency and timeout. */
function validateOptions(options: RunOptions): string[] {
  const configPaths = [...(options.dockerfile ? [options.dockerfile] : []), ...options.manifests];
  if (options.images.length === 0 && !options.build && configPaths.length === 0) {
    throw new UsageError(
      'nothing to scan: name an image (myapp:1.2, oci-archive:image.tar), --build, or --dockerfile/--manifests',
    );
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UsageError(`--concurrency ${options.concurrency}: must be a whole number of 1 or more`);
  }
  if (!(options.timeoutMs > 0) || options.timeoutMs > MAX_TIMEOUT_SECONDS * 1000)
    throw new UsageError(
      `--timeout: must be more than 0 seconds and at most ${MAX_TIMEOUT_SECONDS} (a week)`,
    );
  return configPaths;
}

/** The images the user named, once each; with `rescan`, the images whose attested SBOMs are scanned. */
function requestedTargets(options: RunOptions): ScanTarget[] {
  if (options.rescan) return rescanTargets(options.images, options.rescan);
  const byDisplay = new Map<string, ScanTarget>();
  for (const image of options.images) {
    const target = parseTarget(image, options.platform);
    if (!byDisplay.has(target.display)) byDisplay.set(target.display, target);
  }
  return [...byDisplay.values()];
}

/** The run's work directory: a temporary one is removed after the run (`--keep-work-dir` keeps it). */
async function openWorkDir(options: RunOptions): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = options.workDir ?? (await mkdtemp(join(tmpdir(), 'container-gate-')));
  if (options.workDir || options.keepWorkDir) return { path, remove: async () => undefined };
  // A second Ctrl-C exits at once, past runScan's `finally`: the temporary work dir goes with the process then.
  const forget = removeOnExit(path);
  return {
    path,
    remove: async () => {
      await rm(path, { recursive: true, force: true }).catch(() => undefined);
      forget();
    },
  };
}

/**
 * The run's own stop, which the user's stop also triggers: one failure that stops the run (an export that must
 * succeed) stops every scanner and database step still running.
 */
function stopWithUser(user: AbortSignal | undefined) {
  const internal = new AbortController();
  const forward = () => internal.abort(user?.reason);
  user?.addEventListener('abort', forward, { once: true });
  return {
    signal: internal.signal,
    abort: () => internal.abort('SIGTERM'),
    unlink: () => user?.removeEventListener('abort', forward),
  };
}

async function resolveTools(ctx: RunContext, targets: readonly ScanTarget[]): Promise<Tools> {
  const { options, hooks, signal } = ctx;
  const scanners = await resolveScanners(options, {
    targets: targets.filter((t) => t.kind !== 'sbom').length + (options.build ? 1 : 0),
    sbomTargets: targets.filter((t) => t.kind === 'sbom').length,
    configPaths: ctx.configPaths.length,
    warn: ctx.warn,
    ...(hooks.toolCache ? { toolCache: hooks.toolCache } : {}),
    ...(signal ? { signal } : {}),
  });
  const versions = new Map<string, Promise<string | undefined>>();
  const versionOf = (executable: string, scanner: RegisteredScanner) => {
    if (!versions.has(executable)) versions.set(executable, readToolVersion(executable, scanner.versionArgs));
    return versions.get(executable)!;
  };
  return { scanners, versionOf };
}

/** The databases the scanners read, each fetched once for the run and shared by every scan. */
function openDatabases(ctx: RunContext, { scanners, versionOf }: Tools): DatabaseSteps {
  const { options, hooks } = ctx;
  const executableOf = (tool: 'trivy' | 'grype') => scanners.find((s) => s.scanner.executable === tool);
  return createDatabaseSteps({
    settings: options.databases,
    executables: {
      ...(executableOf('trivy') ? { trivy: executableOf('trivy')!.executable } : {}),
      ...(executableOf('grype') ? { grype: executableOf('grype')!.executable } : {}),
    },
    toolVersion: (tool) => {
      const resolved = executableOf(tool);
      return resolved ? versionOf(resolved.executable, resolved.scanner) : Promise.resolve(undefined);
    },
    timeoutMs: options.timeoutMs,
    signal: ctx.runSignal,
    clock: hooks.clock ?? systemClock,
    limit: ctx.limit,
    info: ctx.info,
    warn: ctx.warn,
    ...(hooks.databaseCache ? { cache: hooks.databaseCache } : {}),
  });
}

/**
 * Every database a selected scanner reads is fetched now, before any scan and while images build and export.
 * Returns whether the Java index is fetched ahead too.
 */
async function fetchDatabasesAhead(
  ctx: RunContext,
  { scanners }: Tools,
  databases: DatabaseSteps,
  targets: readonly ScanTarget[],
): Promise<boolean> {
  const selected = new Set(scanners.map((s) => s.scanner.name));
  const imageTargets = targets.some((t) => t.kind !== 'sbom') || Boolean(ctx.options.build);
  // (Ahead only for what will surely read it; an SBOM Trivy cannot read, or no file for trivy config, asks nothing.
  // A scan asks for its database itself in any case, so nothing is missed.)
  if (selected.has('trivy') && imageTargets) void databases.get('trivy-db');
  if (selected.has('grype')) void databases.get('grype-db');
  if (selected.has('trivy-config') && ctx.configPaths.length > 0) void databases.get('trivy-checks');
  // The Java index only when an earlier run with this cache needed one; otherwise a pass that meets Java archives
  // asks for it (src/scanners/trivy/pass.ts).
  const javaAhead = selected.has('trivy') && imageTargets && (await databases.isCached('trivy-java-db'));
  if (javaAhead) void databases.get('trivy-java-db');
  return javaAhead;
}

/** The image built (`--build`) joins the targets; each image becomes one target per platform; re-scan trust is set. */
async function prepareTargets(ctx: RunContext, targets: ScanTarget[]): Promise<TargetPlan> {
  const { options, signal, info } = ctx;
  const built = await buildRequestedImage(ctx, targets);
  throwIfAborted(signal);
  await expandPlatforms(targets, { built, options, info, ...(signal ? { signal } : {}) });
  const rescan = options.rescan
    ? await rescanTrust({
        policy: options.rescan,
        ...(options.platform ? { platform: options.platform } : {}),
        insecureRegistry: options.insecureRegistry,
        workDir: ctx.workDir,
        info,
        warn: ctx.warn,
        ...(signal ? { signal } : {}),
      })
    : undefined;
  if (rescan) await expandAttestedTargets(targets, rescan);
  throwIfAborted(signal);
  return { targets, built, rescan };
}

async function buildRequestedImage(ctx: RunContext, targets: ScanTarget[]): Promise<BuiltImage | undefined> {
  const { options, signal } = ctx;
  if (!options.build) return undefined;
  ctx.info(`building ${options.build.tag} from ${options.build.dockerfile}`);
  const built = await buildImage(options.build, { workDir: ctx.workDir, ...(signal ? { signal } : {}) });
  for (const warning of built.warnings) ctx.warn(`build: ${warning}`);
  targets.push({
    ...parseTarget(built.reference, options.platform),
    ...(built.digest ? { digest: built.digest } : {}),
  });
  return built;
}

/**
 * Each image is prepared (digest, export) on its own and its scanners start as soon as its archive is ready: a
 * second image's export overlaps the first image's scans. The checks start once every image is exported (they read
 * the images' configs). One failure stops everything still running (`stopRun`) before it is thrown.
 */
async function scheduleJobs(
  ctx: RunContext,
  plan: TargetPlan,
  tools: Tools,
  databases: DatabaseSteps,
  javaAhead: boolean,
  stopRun: () => void,
): Promise<ScanResults> {
  const imageScanners = tools.scanners.filter((s) => s.scanner.reads === 'image');
  const configScanners = tools.scanners.filter((s) => s.scanner.reads === 'config');
  const prepared = plan.targets.map((target) =>
    ctx.limit(() => prepareTarget(target, prepareContext(ctx, plan, imageScanners))),
  );
  const jobs = createScannerJobs({
    workDir: ctx.workDir,
    insecureRegistry: ctx.options.insecureRegistry,
    timeoutMs: ctx.options.timeoutMs,
    limit: ctx.limit,
    signal: ctx.runSignal,
    ...(ctx.hooks.progress ? { progress: ctx.hooks.progress } : {}),
    info: ctx.info,
    databases,
    javaAhead,
    versionOf: tools.versionOf,
    sbomFormatsWritten: sbomFormatsWritten(ctx.options.outputs),
  });
  const imageRuns = prepared.map((ready) =>
    ready.then((target) => (scannable(target) ? jobs.forTarget(target, imageScanners) : [])),
  );
  const configRuns = ctx.configPaths.flatMap((path) =>
    configScanners.map((s) => jobs.forConfig(path, s as ProcessScanner)),
  );
  const checks = Promise.all(prepared).then((scanTargets) => checksOf(ctx, scanTargets));
  const [imageResults, configResults, checkOutcome] = await Promise.all([
    Promise.all(imageRuns),
    Promise.all(configRuns),
    checks,
  ]).catch(async (error: unknown) => {
    stopRun();
    await Promise.allSettled([...prepared, ...imageRuns, ...configRuns, checks]);
    throw error;
  });
  throwIfAborted(ctx.signal);
  return { results: [...imageResults.flat(), ...configResults], checks: checkOutcome };
}

function prepareContext(
  ctx: RunContext,
  plan: TargetPlan,
  imageScanners: readonly ResolvedScanner[],
): PrepareContext {
  const { built, rescan } = plan;
  return {
    options: ctx.options,
    workDir: ctx.workDir,
    exporting: imageScanners.length > 0,
    trivyReadsImage: imageScanners.some((s) => s.scanner.executable === 'trivy'),
    ...(built ? { built } : {}),
    info: ctx.info,
    warn: ctx.warn,
    signal: ctx.runSignal,
    ...(rescan ? { rescan: { ...rescan, signal: ctx.runSignal } } : {}),
  };
}

/** container-gate's own checks, on the files the user named and the exported images' configs. */
async function checksOf(
  ctx: RunContext,
  scanTargets: readonly ScanTarget[],
): Promise<EmbeddedChecksOutcome | undefined> {
  const { options, configPaths, hooks } = ctx;
  const imageConfigs = options.checks ? await readImageConfigs(scanTargets, ctx.warn) : [];
  return options.checks && (configPaths.length > 0 || imageConfigs.length > 0)
    ? runEmbeddedChecks(configPaths, imageConfigs, hooks)
    : undefined;
}

/**
 * One deduplicated findings list: the checks' findings with Trivy's config findings folded into them (one finding
 * for one problem), then every other scanner's, each marked when it is on the KEV catalog.
 */
function combineFindings(scan: ScanResults, policy: Policy): CombinedFindings {
  const runs = scan.results.map((r) => r.run);
  if (scan.checks) runs.push(scan.checks.run);
  const checkFindings = scan.checks?.findings ?? [];
  const scannerFindings = scan.results.flatMap((r) => r.result?.findings ?? []);
  const trivyConfig = scannerFindings.filter(
    (f) => f.kind === 'misconfiguration' && f.foundBy.includes('trivy'),
  );
  const otherFindings = scannerFindings.filter((f) => !trivyConfig.includes(f));
  const findings = markKnownExploited(
    dedupeFindings([...foldTrivyConfigFindings(checkFindings, trivyConfig), ...otherFindings]),
    policy.kevCatalog,
  );
  return { runs, findings };
}

/**
 * The failures that make the verdict `error`: scanners that failed or timed out, attestations that could not be
 * checked, and the checks' own errors — input errors (a file that cannot be read as a Dockerfile or manifest) or
 * failures of container-gate's, counted once, from the checks' outcome rather than from their run.
 */
function collectRunErrors(
  runs: readonly ScannerRun[],
  checks: EmbeddedChecksOutcome | undefined,
  reportTargets: readonly ReportTarget[],
): RunErrors {
  const input = [...(checks?.errors ?? [])];
  const internal = (checks?.internalErrors ?? []).map((error) => `${CHECKS_SCANNER}: ${error}`);
  const all = [
    ...runs
      .filter((r) => r !== checks?.run && (r.status === 'failed' || r.status === 'timeout'))
      .map((r) => `${r.name} on ${r.target}: ${r.error}`),
    ...attestationErrors(reportTargets),
    ...internal,
    ...input,
  ];
  return { all, input };
}

function reportTargetsOf(targets: readonly ScanTarget[], configPaths: readonly string[]): ReportTarget[] {
  return [
    ...targets.map((t) => ({
      display: t.display,
      name: t.name,
      kind: t.kind === 'files' ? ('files' as const) : t.kind,
      ...(t.digest ? { digest: t.digest } : {}),
      ...(t.platform ? { platform: t.platform } : {}),
      ...(t.indexDigest ? { indexDigest: t.indexDigest } : {}),
      ...(t.attestation ? { attestation: t.attestation } : {}),
    })),
    ...configPaths.map((p) => ({ display: p, name: p, kind: 'files' as const })),
  ];
}

/** The gate over the findings (and over the attestations, in a re-scan), and the report that carries it. */
function buildReport(
  ctx: RunContext,
  input: {
    policy: Policy;
    plan: TargetPlan;
    combined: CombinedFindings;
    reportTargets: ReportTarget[];
    errors: RunErrors;
  },
): Report {
  const { findings, runs } = input.combined;
  const names = new Map<string, string>(input.plan.targets.map((t) => [t.display, t.name]));
  const gate = evaluateGate({
    findings,
    policy: input.policy,
    today: ctx.hooks.today ?? new Date().toISOString().slice(0, 10),
    errors: input.errors.all,
    imageNameOf: (target) => names.get(target) ?? target,
  });
  return {
    version: REPORT_VERSION,
    tool: { name: REPORT_TOOL_NAME, version: VERSION },
    targets: input.reportTargets,
    findings: findings.map((finding, i) => ({ ...finding, gate: gate.decisions[i]! })),
    gate: gateOnAttestations(gate.verdict, input.reportTargets),
    scanners: runs,
    sboms: [],
  };
}

/** Every SBOM the scanners wrote, and in a re-scan the verified attested SBOMs themselves. */
async function producedSboms(
  ctx: RunContext,
  results: readonly ScannerJobResult[],
  targets: readonly ScanTarget[],
): Promise<ProducedSbom[]> {
  return [
    ...results.flatMap((r) =>
      (r.result?.sboms ?? []).map((doc) => ({ target: r.run.target, producer: r.run.name, doc })),
    ),
    ...(ctx.options.rescan ? await attestedSboms(targets) : []),
  ];
}

/** Bad input alone is a usage error; any other failure fails the run; then the gate's verdict decides. */
function exitCodeOf(verdict: GateVerdict, errors: RunErrors): RunOutcome['exitCode'] {
  if (errors.input.length > 0 && errors.all.length === errors.input.length) return EXIT.usage;
  return exitCodeForGate(verdict.status);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw new InterruptedError(stopSignalOf(signal.reason));
}
