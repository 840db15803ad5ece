import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { type ImageConfigInput, runChecks } from './checks/index.js';
import { loadCheckInputs } from './checks/load.js';
import { foldTrivyConfigFindings } from './checks/trivy-equivalents.js';
import type { Finding } from './core/finding.js';
import { evaluateGate } from './core/gate.js';
import { dedupeFindings } from './core/identity.js';
import { REPORT_VERSION, type Report, type ReportTarget, type ScannerRun } from './core/report.js';
import { InterruptedError, oneLine, RunError, UsageError } from './errors.js';
import { readDockerArchive } from './image/archive.js';
import { type BuiltImage, buildImage } from './image/build.js';
import { resolveDigest } from './image/digest.js';
import { exportImage } from './image/export.js';
import { listPlatforms } from './image/platforms.js';
import { parseTarget } from './image/reference.js';
import type { RunOptions, RunOutcome } from './options.js';
import { writeOutputs } from './outputs.js';
import { loadPolicy } from './policy-load.js';
import { type ResolvedScanner, resolveScanners } from './scanner-selection.js';
import { readToolVersion, runScannerJob, type ScannerJobResult } from './scanners/run.js';
import type { ScanTarget } from './scanners/scanner.js';
import type { ToolCache } from './tools/cache.js';
import { VERSION } from './version.js';

export interface ProgressSink {
  start(id: string, label: string): void;
  finish(id: string, run: ScannerRun): void;
  /** `info`: what the run is doing; `warning`: also returned in `RunOutcome.warnings` (a shell may show those apart). */
  note(line: string, level: 'info' | 'warning'): void;
}

export interface RunHooks {
  /** Aborted with reason `'SIGINT'` or `'SIGTERM'` when the user stops the run. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  /** Today as YYYY-MM-DD for exception expiry; injectable so tests do not depend on the calendar. */
  today?: string;
  /** Where `--install-missing` keeps downloaded scanners (the Action passes the runner's tool cache). */
  toolCache?: ToolCache;
}

const CHECKS_NAME = 'container-gate';

/**
 * The run: options → build → export once → every scanner at once (bounded) → one deduplicated findings list →
 * gate → reports. Both shells (CLI, Action) call this and only this.
 */
export async function runScan(options: RunOptions, hooks: RunHooks = {}): Promise<RunOutcome> {
  const warnings: string[] = [];
  const note = (line: string) => {
    warnings.push(line);
    hooks.progress?.note(line, 'warning');
  };
  const info = (line: string) => hooks.progress?.note(line, 'info');
  const configPaths = [...(options.dockerfile ? [options.dockerfile] : []), ...options.manifests];
  if (options.images.length === 0 && !options.build && configPaths.length === 0) {
    throw new UsageError(
      'nothing to scan: name an image (myapp:1.2, oci-archive:image.tar), --build, or --dockerfile/--manifests',
    );
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UsageError(`--concurrency ${options.concurrency}: must be a whole number of 1 or more`);
  }
  if (!(options.timeoutMs > 0)) throw new UsageError(`--timeout: must be more than 0 seconds`);

  const policy = await loadPolicy(options.policy);
  const targets = uniqueTargets(options.images.map((image) => parseTarget(image, options.platform)));
  const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'container-gate-')));
  const signal = hooks.signal;
  try {
    // Every tool is found (or installed) before anything starts: a missing one must not cost a build first.
    const scanners = await resolveScanners(options, {
      targets: targets.length + (options.build ? 1 : 0),
      configPaths: configPaths.length,
      note,
      ...(hooks.toolCache ? { toolCache: hooks.toolCache } : {}),
      ...(signal ? { signal } : {}),
    });
    let built: BuiltImage | undefined;
    if (options.build) {
      info(`building ${options.build.tag} from ${options.build.dockerfile}`);
      built = await buildImage(options.build, { workDir, ...(signal ? { signal } : {}) });
      for (const warning of built.warnings) note(`build: ${warning}`);
      targets.push({
        ...parseTarget(built.reference, options.platform),
        ...(built.digest ? { digest: built.digest } : {}),
      });
    }
    throwIfAborted(signal);

    await expandPlatforms(targets, { built, options, info, ...(signal ? { signal } : {}) });
    throwIfAborted(signal);

    const imageScanners = scanners.filter((s) => s.scanner.reads === 'image');
    const configScanners = scanners.filter((s) => s.scanner.reads === 'config');

    // Export once: every scanner reads the same archive instead of pulling and unpacking the image again.
    const scanTargets: ScanTarget[] = [];
    for (const target of targets) {
      // The digest is what gets signed and what a deploy should pin: record the one the registry serves now.
      if (
        target.kind === 'reference' &&
        !target.digest &&
        built?.reference !== target.display &&
        options.export !== 'never'
      ) {
        const digest = await resolveDigest(target, {
          insecureRegistry: options.insecureRegistry,
          ...(signal ? { signal } : {}),
        }).catch((error: Error) =>
          info(`digest of ${target.display} not resolved (${oneLine(error.message)})`),
        );
        if (digest) target.digest = digest;
      }
      // Archives go through export too: an oci-archive is converted once to the docker-archive every tool reads.
      if (imageScanners.length === 0 || options.export === 'never') {
        scanTargets.push(target);
        continue;
      }
      const exported = await exportImage(target, {
        workDir,
        mode: options.export,
        insecureRegistry: options.insecureRegistry,
        toolPaths: options.toolPaths,
        onWarning: note,
        ...(built && built.reference === target.display ? { builtWith: built.builder } : {}),
        ...(signal ? { signal } : {}),
      });
      if (exported && exported.tool !== 'none') {
        info(
          `exported ${target.display} once (${formatBytes(exported.bytes)} in ${(exported.durationMs / 1000).toFixed(1)}s with ${exported.tool}); every scanner reads it`,
        );
        scanTargets.push(exported.target);
      } else if (exported) {
        scanTargets.push(exported.target);
      } else {
        scanTargets.push(target);
      }
    }
    throwIfAborted(signal);

    const jobs = [
      ...scanTargets.flatMap((target) => imageScanners.map((s) => ({ s, target, configPaths: undefined }))),
      ...configPaths.flatMap((path) =>
        configScanners.map((s) => ({
          s,
          target: { display: path, name: path, kind: 'files' as const, path },
          configPaths: [path],
        })),
      ),
    ];
    const limit = pLimit(options.concurrency);
    const versions = new Map<string, Promise<string | undefined>>();
    const versionOf = (s: ResolvedScanner) => {
      if (!versions.has(s.executable))
        versions.set(s.executable, readToolVersion(s.executable, s.scanner.versionArgs));
      return versions.get(s.executable)!;
    };
    const scannerRuns = jobs.map((job, index) =>
      limit(async (): Promise<ScannerJobResult> => {
        const id = `${job.s.scanner.name}#${index}`;
        hooks.progress?.start(id, `${job.s.scanner.name} ${job.target.display}`);
        const [outcome, version] = await Promise.all([
          runScannerJob({
            scanner: job.s.scanner,
            target: job.target,
            options: {
              executable: job.s.executable,
              workDir: join(workDir, `${String(index).padStart(3, '0')}-${job.s.scanner.name}`),
              insecureRegistry: options.insecureRegistry,
              ...(job.configPaths ? { configPaths: job.configPaths } : {}),
            },
            timeoutMs: options.timeoutMs,
            ...(signal ? { signal } : {}),
          }),
          versionOf(job.s),
        ]);
        if (!outcome.run.version && version) outcome.run.version = version;
        hooks.progress?.finish(id, outcome.run);
        return outcome;
      }),
    );
    const imageConfigs = options.checks ? await readImageConfigs(scanTargets, note) : [];
    const checks =
      options.checks && (configPaths.length > 0 || imageConfigs.length > 0)
        ? runEmbeddedChecks(configPaths, imageConfigs, hooks)
        : undefined;
    const [results, checkOutcome] = await Promise.all([Promise.all(scannerRuns), checks]);
    throwIfAborted(signal);

    const runs = results.map((r) => r.run);
    const inputErrors: string[] = [];
    let ours: Finding[] = [];
    if (checkOutcome) {
      runs.push(checkOutcome.run);
      ours = checkOutcome.findings;
      inputErrors.push(...checkOutcome.errors);
      for (const w of checkOutcome.warnings) note(w);
    }
    const external = results.flatMap((r) => r.result?.findings ?? []);
    const trivyConfig = external.filter((f) => f.kind === 'misconfiguration' && f.foundBy.includes('trivy'));
    const others = external.filter((f) => !trivyConfig.includes(f));
    const findings = dedupeFindings([...foldTrivyConfigFindings(ours, trivyConfig), ...others]);
    for (const r of runs) for (const w of r.warnings ?? []) note(`${r.name} (${r.target}): ${w}`);

    // The checks' own errors are input errors (a file that cannot be read as a Dockerfile or manifest): counted once, there.
    const errors = [
      ...runs
        .filter((r) => r !== checkOutcome?.run && (r.status === 'failed' || r.status === 'timeout'))
        .map((r) => `${r.name} on ${r.target}: ${r.error}`),
      ...inputErrors,
    ];
    const names = new Map<string, string>(targets.map((t) => [t.display, t.name]));
    const gate = evaluateGate({
      findings,
      policy,
      today: hooks.today ?? new Date().toISOString().slice(0, 10),
      errors,
      imageNameOf: (target) => names.get(target) ?? target,
    });
    const reportTargets: ReportTarget[] = [
      ...targets.map((t) => ({
        display: t.display,
        name: t.name,
        kind: t.kind === 'files' ? ('files' as const) : t.kind,
        ...(t.digest ? { digest: t.digest } : {}),
        ...(t.platform ? { platform: t.platform } : {}),
      })),
      ...configPaths.map((p) => ({ display: p, name: p, kind: 'files' as const })),
    ];
    const report: Report = {
      version: REPORT_VERSION,
      tool: { name: 'container-gate', version: VERSION },
      targets: reportTargets,
      findings: findings.map((finding, i) => ({ ...finding, gate: gate.decisions[i]! })),
      gate: gate.verdict,
      scanners: runs,
      sboms: [],
    };
    const sbomResults = results.flatMap((r) =>
      (r.result?.sboms ?? []).map((doc) => ({ target: r.run.target, producer: r.run.name, doc })),
    );
    const files = await writeOutputs(report, sbomResults, options, note);
    const exitCode =
      inputErrors.length > 0 && errors.length === inputErrors.length
        ? 3
        : gate.verdict.status === 'error'
          ? 2
          : gate.verdict.status === 'failed'
            ? 1
            : 0;
    return { report, exitCode, files, warnings };
  } finally {
    if (!options.workDir && !options.keepWorkDir)
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * A multi-platform image (an index) is scanned once per platform, each its own target `name:tag [os/arch]` with
 * that platform's digest, so findings, SBOMs and SARIF categories stay apart. `--platform` picks one instead.
 * Without a registry to ask (offline, a local image) the image is scanned once, as the scanners' default platform.
 */
async function expandPlatforms(
  targets: ScanTarget[],
  ctx: {
    built: BuiltImage | undefined;
    options: RunOptions;
    info: (line: string) => void;
    signal?: AbortSignal;
  },
): Promise<void> {
  if (ctx.options.platform || ctx.options.export === 'never') return;
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i]!;
    if (target.kind !== 'reference' || ctx.built?.reference === target.display) continue;
    const platforms = await listPlatforms(target, {
      insecureRegistry: ctx.options.insecureRegistry,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }).catch((error: Error) => {
      ctx.info(
        `platforms of ${target.display} not listed (${oneLine(error.message)}); scanning the default platform`,
      );
      return [];
    });
    if (platforms.length < 2) continue;
    ctx.info(
      `${target.display} is a multi-platform image: scanning ${platforms.map((p) => p.platform).join(', ')}`,
    );
    targets.splice(
      i,
      1,
      ...platforms.map((p) => ({
        ...target,
        display: `${target.display} [${p.platform}]`,
        platform: p.platform,
        digest: p.digest,
      })),
    );
  }
}

/** The exported image's config (and setuid/setgid files) for container-gate's own image checks. */
async function readImageConfigs(
  targets: readonly ScanTarget[],
  note: (line: string) => void,
): Promise<ImageConfigInput[]> {
  const configs: ImageConfigInput[] = [];
  for (const target of targets) {
    if (target.kind !== 'docker-archive' || !target.path) continue;
    try {
      const image = await readDockerArchive(target.path);
      for (const line of image.notes) note(`image checks on ${target.display}: ${line}`);
      configs.push({ target: target.display, config: image.config, files: image.specialFiles });
    } catch (error) {
      note(`image checks on ${target.display} skipped: ${oneLine((error as Error).message)}`);
    }
  }
  return configs;
}

async function runEmbeddedChecks(paths: string[], imageConfigs: ImageConfigInput[], hooks: RunHooks) {
  const started = performance.now();
  const subjects = [...paths, ...imageConfigs.map((c) => c.target)];
  hooks.progress?.start(CHECKS_NAME, `${CHECKS_NAME} checks ${subjects.join(', ')}`);
  const inputs = paths.length > 0 ? await loadCheckInputs(paths) : {};
  const outcome = runChecks({ ...inputs, imageConfigs });
  const errors = outcome.errors.map((e) => `${e.path}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  const run: ScannerRun = {
    name: CHECKS_NAME,
    target: subjects.join(', '),
    version: VERSION,
    status: errors.length > 0 ? 'failed' : 'ok',
    durationMs: Math.round(performance.now() - started),
    findings: outcome.findings.length,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
  hooks.progress?.finish(CHECKS_NAME, run);
  return { run, findings: outcome.findings, errors, warnings: outcome.warnings };
}

function uniqueTargets(targets: ScanTarget[]): ScanTarget[] {
  const byDisplay = new Map<string, ScanTarget>();
  for (const target of targets) if (!byDisplay.has(target.display)) byDisplay.set(target.display, target);
  return [...byDisplay.values()];
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw new InterruptedError(signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export { RunError };
