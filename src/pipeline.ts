import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import pLimit from 'p-limit';
import { type CheckError, type ImageConfigInput, runChecks } from './checks/index.js';
import { loadCheckInputs } from './checks/load.js';
import { foldTrivyConfigFindings } from './checks/trivy-equivalents.js';
import { loadPolicy } from './config/policy-load.js';
import { attestationErrors, gateOnAttestations } from './core/attestation.js';
import type { Finding } from './core/finding.js';
import { evaluateGate } from './core/gate.js';
import { dedupeFindings } from './core/identity.js';
import { markKnownExploited } from './core/kev.js';
import { REPORT_VERSION, type Report, type ReportTarget, type ScannerRun } from './core/report.js';
import { systemClock } from './databases/attempts.js';
import { createDatabaseSteps, type DatabaseSteps } from './databases/steps.js';
import { type BuiltImage, buildImage } from './image/build.js';
import { parseTarget } from './image/reference.js';
import {
  attestedSboms,
  expandAttestedTargets,
  rescanTargets,
  rescanTrust,
  scannable,
} from './image/rescan.js';
import { expandPlatforms, prepareTarget, readImageConfigs } from './image/targets.js';
import { MAX_TIMEOUT_SECONDS, type RunHooks, type RunOptions, type RunOutcome } from './options.js';
import { removeOnExit } from './process/exit-cleanup.js';
import { checkOutputPaths, writeOutputs } from './report/outputs.js';
import { createScannerJobs } from './scanners/jobs.js';
import { readToolVersion, type ScannerJobResult } from './scanners/run.js';
import type { RegisteredScanner, Scanner, ScanTarget } from './scanners/scanner.js';
import { type ResolvedScanner, resolveScanners } from './scanners/selection.js';
import { InterruptedError, stopSignalOf, UsageError } from './util/errors.js';
import { VERSION } from './version.js';

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
  if (!(options.timeoutMs > 0) || options.timeoutMs > MAX_TIMEOUT_SECONDS * 1000)
    throw new UsageError(
      `--timeout: must be more than 0 seconds and at most ${MAX_TIMEOUT_SECONDS} (a week)`,
    );

  await checkOutputPaths(options.outputs);
  const policy = await loadPolicy(options.policy, hooks.signal);
  const targets = options.rescan
    ? rescanTargets(options.images, options.rescan)
    : uniqueTargets(options.images.map((image) => parseTarget(image, options.platform)));
  const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'container-gate-')));
  // A second Ctrl-C exits at once, past the `finally` below: the temporary work dir goes with the process then.
  const keepOnExit = options.workDir || options.keepWorkDir ? () => undefined : removeOnExit(workDir);
  const signal = hooks.signal;
  // One failure that stops the run (an export that must succeed) stops every scanner and database step still running.
  const internal = new AbortController();
  const forward = () => internal.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  const runSignal = internal.signal;
  let databases: DatabaseSteps | undefined;
  try {
    // Every tool is found (or installed) before anything starts: a missing one must not cost a build first.
    const scanners = await resolveScanners(options, {
      targets: targets.filter((t) => t.kind !== 'sbom').length + (options.build ? 1 : 0),
      sbomTargets: targets.filter((t) => t.kind === 'sbom').length,
      configPaths: configPaths.length,
      note,
      ...(hooks.toolCache ? { toolCache: hooks.toolCache } : {}),
      ...(signal ? { signal } : {}),
    });
    const versions = new Map<string, Promise<string | undefined>>();
    const versionOf = (executable: string, scanner: RegisteredScanner) => {
      if (!versions.has(executable))
        versions.set(executable, readToolVersion(executable, scanner.versionArgs));
      return versions.get(executable)!;
    };
    const limit = pLimit(options.concurrency);
    const executableOf = (tool: 'trivy' | 'grype') => scanners.find((s) => s.scanner.executable === tool);
    databases = createDatabaseSteps({
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
      signal: runSignal,
      clock: hooks.clock ?? systemClock,
      limit,
      info,
      warn: note,
      ...(hooks.databaseCache ? { cache: hooks.databaseCache } : {}),
    });
    // Every database a selected scanner reads is fetched now, before any scan and while images build and export.
    const selected = new Set(scanners.map((s) => s.scanner.name));
    const imageTargets = targets.some((t) => t.kind !== 'sbom') || Boolean(options.build);
    // (Ahead only for what will surely read it; an SBOM Trivy cannot read, or no file for trivy config, asks nothing.
    // A scan asks for its database itself in any case, so nothing is missed.)
    if (selected.has('trivy') && imageTargets) void databases.get('trivy-db');
    if (selected.has('grype')) void databases.get('grype-db');
    if (selected.has('trivy-config') && configPaths.length > 0) void databases.get('trivy-checks');
    // The Java index only when an earlier run with this cache needed one; otherwise a pass that meets Java archives
    // asks for it (src/scanners/trivy/pass.ts).
    const javaAhead = selected.has('trivy') && imageTargets && (await databases.isCached('trivy-java-db'));
    if (javaAhead) void databases.get('trivy-java-db');

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
    const rescan = options.rescan
      ? await rescanTrust({
          policy: options.rescan,
          ...(options.platform ? { platform: options.platform } : {}),
          insecureRegistry: options.insecureRegistry,
          workDir,
          info,
          note,
          ...(signal ? { signal } : {}),
        })
      : undefined;
    if (rescan) await expandAttestedTargets(targets, rescan);
    throwIfAborted(signal);

    const imageScanners = scanners.filter((s) => s.scanner.reads === 'image');
    const configScanners = scanners.filter((s) => s.scanner.reads === 'config');

    // Each image is prepared (digest, export) on its own and its scanners start as soon as its archive is ready:
    // a second image's export overlaps the first image's scans.
    const prepared = targets.map((target) =>
      limit(() =>
        prepareTarget(target, {
          options,
          workDir,
          exporting: imageScanners.length > 0,
          trivyReadsImage: imageScanners.some((s) => s.scanner.executable === 'trivy'),
          ...(built ? { built } : {}),
          info,
          note,
          signal: runSignal,
          ...(rescan ? { rescan: { ...rescan, signal: runSignal } } : {}),
        }),
      ),
    );
    const jobs = createScannerJobs({
      workDir,
      insecureRegistry: options.insecureRegistry,
      timeoutMs: options.timeoutMs,
      limit,
      signal: runSignal,
      ...(hooks.progress ? { progress: hooks.progress } : {}),
      info,
      databases,
      javaAhead,
      versionOf,
    });
    const imageRuns = prepared.map((ready) =>
      ready.then((target) => (scannable(target) ? jobs.forTarget(target, imageScanners) : [])),
    );
    const configRuns = configPaths.flatMap((path) =>
      configScanners.map((s) => jobs.forConfig(path, s as ResolvedScanner & { scanner: Scanner })),
    );
    const checks = Promise.all(prepared).then(async (scanTargets) => {
      const imageConfigs = options.checks ? await readImageConfigs(scanTargets, note) : [];
      return options.checks && (configPaths.length > 0 || imageConfigs.length > 0)
        ? runEmbeddedChecks(configPaths, imageConfigs, hooks)
        : undefined;
    });
    let results: ScannerJobResult[];
    let checkOutcome: Awaited<typeof checks>;
    try {
      let imageResults: ScannerJobResult[][];
      [imageResults, results, checkOutcome] = await Promise.all([
        Promise.all(imageRuns),
        Promise.all(configRuns),
        checks,
      ]);
      results = [...imageResults.flat(), ...results];
    } catch (error) {
      internal.abort('SIGTERM');
      await Promise.allSettled([...prepared, ...imageRuns, ...configRuns, checks]);
      throw error;
    }
    throwIfAborted(signal);

    const runs = results.map((r) => r.run);
    const inputErrors: string[] = [];
    const internalErrors: string[] = [];
    let ours: Finding[] = [];
    if (checkOutcome) {
      runs.push(checkOutcome.run);
      ours = checkOutcome.findings;
      for (const error of checkOutcome.errors) inputErrors.push(error);
      for (const error of checkOutcome.internalErrors) internalErrors.push(`${CHECKS_NAME}: ${error}`);
    }
    const external = results.flatMap((r) => r.result?.findings ?? []);
    const trivyConfig = external.filter((f) => f.kind === 'misconfiguration' && f.foundBy.includes('trivy'));
    const others = external.filter((f) => !trivyConfig.includes(f));
    const findings = markKnownExploited(
      dedupeFindings([...foldTrivyConfigFindings(ours, trivyConfig), ...others]),
      policy.kevCatalog,
    );
    for (const r of runs) for (const w of r.warnings ?? []) note(`${r.name} (${r.target}): ${w}`);

    const reportTargets: ReportTarget[] = [
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
    // The checks' own errors are input errors (a file that cannot be read as a Dockerfile or manifest) or failures of
    // ours: counted once, there.
    const errors = [
      ...runs
        .filter((r) => r !== checkOutcome?.run && (r.status === 'failed' || r.status === 'timeout'))
        .map((r) => `${r.name} on ${r.target}: ${r.error}`),
      ...attestationErrors(reportTargets),
      ...internalErrors,
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
    const verdict = gateOnAttestations(gate.verdict, reportTargets);
    const report: Report = {
      version: REPORT_VERSION,
      tool: { name: 'container-gate', version: VERSION },
      targets: reportTargets,
      findings: findings.map((finding, i) => ({ ...finding, gate: gate.decisions[i]! })),
      gate: verdict,
      scanners: runs,
      sboms: [],
    };
    const sbomResults = [
      ...results.flatMap((r) =>
        (r.result?.sboms ?? []).map((doc) => ({ target: r.run.target, producer: r.run.name, doc })),
      ),
      ...(options.rescan ? await attestedSboms(targets) : []),
    ];
    const files = await writeOutputs(report, sbomResults, options, note);
    const exitCode =
      inputErrors.length > 0 && errors.length === inputErrors.length
        ? 3
        : verdict.status === 'error'
          ? 2
          : verdict.status === 'failed'
            ? 1
            : 0;
    return { report, exitCode, files, warnings };
  } catch (error) {
    internal.abort('SIGTERM');
    throw error;
  } finally {
    signal?.removeEventListener('abort', forward);
    await databases?.close().catch(() => undefined);
    if (!options.workDir && !options.keepWorkDir) {
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
      keepOnExit();
    }
  }
}

async function runEmbeddedChecks(paths: string[], imageConfigs: ImageConfigInput[], hooks: RunHooks) {
  const started = performance.now();
  const subjects = [...paths, ...imageConfigs.map((c) => c.target)];
  hooks.progress?.start(CHECKS_NAME, `${CHECKS_NAME} checks ${subjects.join(', ')}`);
  const inputs = paths.length > 0 ? await loadCheckInputs(paths, hooks.signal) : {};
  const outcome = runChecks({ ...inputs, imageConfigs });
  // Findings belong to the path the user named (`k8s/`), not to each file under it (the file is in the location):
  // a SARIF category per given path, not one per manifest, keeps a repository of many manifests within GitHub's
  // 20 runs per upload. Trivy's config findings are grouped the same way.
  const files = new Set(
    [...(inputs.dockerfiles ?? []), ...(inputs.manifests ?? [])].map((input) => input.path),
  );
  const findings = outcome.findings.map((finding) => {
    if (!files.has(finding.target)) return finding; // an image's findings keep the image
    const given = givenPathOf(finding.target, paths);
    return given === finding.target ? finding : { ...finding, target: given };
  });
  const format = (e: CheckError) => `${e.path}${e.line ? `:${e.line}` : ''}: ${e.message}`;
  const errors = outcome.errors.filter((e) => !e.internal).map(format);
  // A failure of our own checks is not the input's fault: it fails the run (exit 2), never a usage error (exit 3).
  const internalErrors = outcome.errors.filter((e) => e.internal).map(format);
  // A path the user named in which nothing could be checked (only templates) is not a pass of it: an input error.
  const notChecked = new Set(outcome.notChecked);
  for (const path of paths) {
    const under = [...files].filter((file) => givenPathOf(file, paths) === path);
    if (under.length > 0 && under.every((file) => notChecked.has(file))) {
      errors.push(
        `${path}: nothing in it could be checked (${under.length === 1 ? 'a template' : `${under.length} templates`}, not plain YAML) — render it first (helm template …) and check the output`,
      );
    }
  }
  const run: ScannerRun = {
    name: CHECKS_NAME,
    target: subjects.join(', '),
    version: VERSION,
    status: errors.length + internalErrors.length > 0 ? 'failed' : 'ok',
    durationMs: Math.round(performance.now() - started),
    findings: findings.length,
    ...(errors.length + internalErrors.length > 0
      ? { error: [...internalErrors, ...errors].join('; ') }
      : {}),
    ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
  };
  hooks.progress?.finish(CHECKS_NAME, run);
  return { run, findings, errors, internalErrors };
}

/** The given path (as the user wrote it) that is `file` or holds it; `file` itself when none does (an image). */
export function givenPathOf(file: string, given: readonly string[]): string {
  const absolute = resolve(file);
  for (const path of given) {
    const root = resolve(path);
    if (absolute === root || absolute.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return path;
  }
  return file;
}

function uniqueTargets(targets: ScanTarget[]): ScanTarget[] {
  const byDisplay = new Map<string, ScanTarget>();
  for (const target of targets) if (!byDisplay.has(target.display)) byDisplay.set(target.display, target);
  return [...byDisplay.values()];
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw new InterruptedError(stopSignalOf(signal.reason));
}
