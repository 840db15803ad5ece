import { join } from 'node:path';
import type { LimitFunction } from 'p-limit';
import type { SbomFormat } from '../core/finding.js';
import type { ScannerRun } from '../core/report.js';
import type { DatabaseSteps } from '../databases/steps.js';
import { sbomFormatName } from '../image/sbom-target.js';
import type { ProgressSink } from '../options.js';
import { UsageError } from '../util/errors.js';
import { SCANNERS } from './registry.js';
import { runScannerJob, type ScannerJobResult } from './run.js';
import {
  isTrivyPassSlot,
  type RegisteredScanner,
  type Scanner,
  type ScanOptions,
  type ScanTarget,
  type TrivyPassSlot,
} from './scanner.js';
import type { ResolvedScanner } from './selection.js';
import { runTrivyPass, type TrivyPassDatabases } from './trivy/pass.js';

/**
 * Syft's settings when Grype reads its SBOM, so that Grype matches what it would have catalogued itself: Grype's own
 * catalogue captures Go binaries' function symbols (anchore/grype v0.116.0 cmd/grype/cli/commands/root.go:408-414,
 * `WithCaptureSymbols(SymbolScopeAll)`) to suppress module-wide Go advisories a binary does not use; Syft does not
 * by default (anchore/syft v1.51.0 cmd/syft/internal/options/golang.go:22,49; env name as in test/cli/license_test.go).
 */
export const SYFT_FOR_GRYPE_ENV = { SYFT_GOLANG_CAPTURE_SYMBOLS: 'all' } as const;

/**
 * What Grype reads when Syft ran on the same image: the syft-json Syft wrote (`sbom:<file>`), so the image is
 * catalogued once. Grype reads syft-json packages, relationships and distro exactly as its own catalogue
 * (anchore/grype v0.116.0 grype/pkg/syft_sbom_provider.go:26-51; docs/build-and-export.md says what can differ).
 * When Syft failed, Grype reads the image itself.
 */
function grypeTarget(target: ScanTarget, syft: ScannerJobResult, info: (line: string) => void): ScanTarget {
  const sbom = syft.result ? syft.outputs?.['syft-json'] : undefined;
  if (!sbom) {
    info(`grype reads ${target.display} itself: syft, whose SBOM it would have read, did not finish`);
    return target;
  }
  return {
    display: target.display,
    name: target.name,
    kind: 'sbom',
    path: sbom,
    sbomFormat: 'syft-json',
    ...(target.digest ? { digest: target.digest } : {}),
  };
}

function skippedOnSbom(scanner: RegisteredScanner, target: ScanTarget): ScannerRun {
  const format = target.sbomFormat ? sbomFormatName(target.sbomFormat) : 'this';
  const why = scanner.sbomInputs
    ? `${scanner.name} does not read ${format} SBOMs`
    : scanner.produces === 'sbom'
      ? 'the target is an SBOM already'
      : 'an SBOM has no image files to look into';
  return {
    name: scanner.name,
    target: target.display,
    status: 'skipped',
    durationMs: 0,
    findings: 0,
    error: why,
  };
}

function noSbomReader(target: ScanTarget): string {
  const format = target.sbomFormat ? sbomFormatName(target.sbomFormat) : 'an';
  const readers = Object.values(SCANNERS)
    .filter((s) => target.sbomFormat && s.sbomInputs?.includes(target.sbomFormat))
    .map((s) => s.name);
  return `${target.display}: none of the selected scanners scans ${format} SBOMs for vulnerabilities — add ${readers.join(' or ')} to --scanners`;
}

export interface ScannerJobsContext {
  workDir: string;
  insecureRegistry: boolean;
  timeoutMs: number;
  /** The run's bound on processes at once; a job waiting for another never holds a slot. */
  limit: LimitFunction;
  signal: AbortSignal;
  progress?: ProgressSink;
  info: (line: string) => void;
  /** The run's databases (src/databases/steps.ts), fetched once and shared by every scan. */
  databases: DatabaseSteps;
  /** The Java index is fetched ahead of the passes (the cache has one: an earlier run's images needed it). */
  javaAhead: boolean;
  /** Each tool's `--version`, read once for the run. */
  versionOf: (executable: string, scanner: RegisteredScanner) => Promise<string | undefined>;
  /** The SBOM formats the run writes (none without an SBOM directory): Trivy converts only to those it needs. */
  sbomFormatsWritten: readonly SbomFormat[];
}

/** A scanner run as its own process (not a slot of a Trivy pass). */
export type ProcessScanner = ResolvedScanner & { scanner: Scanner };
/** A scanner served by the image's one `trivy image` pass. */
type PassScanner = ResolvedScanner & { scanner: TrivyPassSlot };

/** The jobs of one run: their context, and one counter that numbers work directories and progress ids alike. */
interface JobsState {
  ctx: ScannerJobsContext;
  next: () => number;
  trivyDatabases: TrivyPassDatabases;
}

export interface ScannerJobs {
  /**
   * Every image scanner on one prepared target; results in the order the scanners were selected. An `sbom` target
   * is scanned by the scanners that read its format, the others are reported skipped; when none reads it, that is
   * a usage error, never an empty pass.
   */
  forTarget(target: ScanTarget, selected: readonly ResolvedScanner[]): Promise<ScannerJobResult[]>;
  /** A config scanner on one path the user gave. */
  forConfig(path: string, scanner: ProcessScanner): Promise<ScannerJobResult>;
}

/**
 * Turns the selected scanners into processes, one image analysis per distinct tool and image: every Trivy slot of an
 * image shares one `trivy image` pass (src/scanners/trivy/pass.ts) after one database step for the whole run, Syft
 * catalogues the image once, and each run is still reported under the scanner name the user selected.
 */
export function createScannerJobs(ctx: ScannerJobsContext): ScannerJobs {
  let sequence = 0;
  const jobs: JobsState = { ctx, next: () => sequence++, trivyDatabases: trivyPassDatabases(ctx) };
  return {
    forTarget: (target, selected) => scanTarget(jobs, target, selected),
    async forConfig(path, scanner) {
      const [result] = await runSingle(jobs, scanner, { display: path, name: path, kind: 'files', path }, [
        path,
      ]);
      return result!;
    },
  };
}

function nextDir(jobs: JobsState, label: string): string {
  return join(jobs.ctx.workDir, `${String(jobs.next()).padStart(3, '0')}-${label}`);
}

function scanOptions(
  ctx: ScannerJobsContext,
  executable: string,
  workDir: string,
  configPaths?: string[],
): ScanOptions {
  return {
    executable,
    workDir,
    insecureRegistry: ctx.insecureRegistry,
    ...(configPaths ? { configPaths } : {}),
  };
}

/** One process under the limit, with the common runner's fail-closed handling. */
function runLimited(
  ctx: ScannerJobsContext,
  process: Scanner,
  target: ScanTarget,
  options: ScanOptions,
): Promise<ScannerJobResult> {
  return ctx.limit(() =>
    runScannerJob({ scanner: process, target, options, timeoutMs: ctx.timeoutMs, signal: ctx.signal }),
  );
}

/** Shows the runs on the progress display and stamps the tool's version on each. */
async function tracked(
  jobs: JobsState,
  entries: { scanner: ResolvedScanner; target: ScanTarget }[],
  work: () => Promise<ScannerJobResult[]>,
): Promise<ScannerJobResult[]> {
  const { ctx } = jobs;
  const ids = entries.map(({ scanner, target }) => {
    const id = `${scanner.scanner.name}#${jobs.next()}`;
    ctx.progress?.start(id, `${scanner.scanner.name} ${target.display}`);
    return id;
  });
  const [outcomes, version] = await Promise.all([
    work(),
    entries[0] ? ctx.versionOf(entries[0].scanner.executable, entries[0].scanner.scanner) : undefined,
  ]);
  outcomes.forEach((outcome, i) => {
    if (!outcome.run.version && version) outcome.run.version = version;
    ctx.progress?.finish(ids[i]!, outcome.run);
  });
  return outcomes;
}

function trivyPassDatabases(ctx: ScannerJobsContext): TrivyPassDatabases {
  return {
    vuln: () => ctx.databases.get('trivy-db'),
    javaAhead: () => (ctx.javaAhead ? ctx.databases.get('trivy-java-db') : Promise.resolve(undefined)),
    java: () => ctx.databases.get('trivy-java-db'),
    cacheDir: (dir, ready) => ctx.databases.trivyCacheDir(dir, ready),
  };
}

/** One scanner as its own process, after the database it reads; a database that cannot be had fails it unrun. */
function runSingle(
  jobs: JobsState,
  s: ProcessScanner,
  target: ScanTarget,
  configPaths?: string[],
  env?: Record<string, string>,
): Promise<ScannerJobResult[]> {
  const { ctx } = jobs;
  return tracked(jobs, [{ scanner: s, target }], async () => {
    const workDir = nextDir(jobs, s.scanner.name);
    const opts: ScanOptions = {
      ...scanOptions(ctx, s.executable, workDir, configPaths),
      ...(env ? { env } : {}),
    };
    const database = await databaseFor(ctx, s, workDir, opts);
    if (database && !database.ready && !database.database) {
      return [
        {
          run: {
            name: s.scanner.name,
            target: target.display,
            status: 'failed',
            durationMs: 0,
            findings: 0,
            error: database.reason,
          },
        },
      ];
    }
    const result = await runLimited(ctx, s.scanner, target, opts);
    if (result.result && database?.database) result.run.database = database.database;
    return [result];
  });
}

/**
 * The database a single-process scanner reads, set up in its options: Grype's through its environment (it has no
 * flag for it), `trivy config`'s checks bundle through its own `--cache-dir`. A failed Grype database fails the run
 * before Grype starts; `trivy config` without a bundle uses the checks compiled into Trivy (the outcome says so).
 */
async function databaseFor(ctx: ScannerJobsContext, s: ProcessScanner, workDir: string, opts: ScanOptions) {
  if (s.scanner.name === 'grype') {
    const outcome = await ctx.databases.get('grype-db');
    if (outcome.ready) opts.env = { ...opts.env, ...ctx.databases.grypeEnv(outcome.dir) };
    return outcome;
  }
  if (s.scanner.name === 'trivy-config') {
    const outcome = await ctx.databases.get('trivy-checks');
    // Beside the run's directory: the runner empties that before the process starts.
    opts.cacheDir = await ctx.databases.trivyCacheDir(`${workDir}.cache`, [outcome]);
    opts.toolVersion = await ctx.versionOf(s.executable, s.scanner);
    return outcome;
  }
  return undefined;
}

async function scanTarget(
  jobs: JobsState,
  target: ScanTarget,
  selected: readonly ResolvedScanner[],
): Promise<ScannerJobResult[]> {
  const { readers, skipped } = sbomReaders(target, selected);
  const slots = readers.filter((s): s is PassScanner => isTrivyPassSlot(s.scanner));
  const processes = readers.filter((s): s is ProcessScanner => !isTrivyPassSlot(s.scanner));
  const [passResults, processResults] = await Promise.all([
    runTrivySlots(jobs, target, slots),
    Promise.all(runProcesses(jobs, target, processes)),
  ]);
  const byName = new Map<string, ScannerJobResult>(skipped.map((result) => [result.run.name, result]));
  for (const result of [...passResults, ...processResults.flat()]) byName.set(result.run.name, result);
  return selected.map((s) => byName.get(s.scanner.name)!);
}

/** The scanners that read the target: all of them for an image; for an SBOM, those that read its format. */
function sbomReaders(
  target: ScanTarget,
  selected: readonly ResolvedScanner[],
): { readers: readonly ResolvedScanner[]; skipped: ScannerJobResult[] } {
  if (target.kind !== 'sbom') return { readers: selected, skipped: [] };
  const format = target.sbomFormat;
  const readers = selected.filter((s) => format !== undefined && s.scanner.sbomInputs?.includes(format));
  if (readers.length === 0) throw new UsageError(noSbomReader(target));
  const skipped = selected
    .filter((s) => !readers.includes(s))
    .map((s) => ({ run: skippedOnSbom(s.scanner, target) }));
  return { readers, skipped };
}

/** Every Trivy slot of the image from one pass. */
function runTrivySlots(
  jobs: JobsState,
  target: ScanTarget,
  slots: readonly PassScanner[],
): Promise<ScannerJobResult[]> {
  const first = slots[0];
  if (!first) return Promise.resolve([]);
  return tracked(
    jobs,
    slots.map((s) => ({ scanner: s, target })),
    () =>
      runTrivyPass(
        target,
        slots.map((s) => s.scanner),
        {
          options: scanOptions(jobs.ctx, first.executable, ''),
          workDir: nextDir(jobs, 'trivy'),
          run: (process, passTarget, options) => runLimited(jobs.ctx, process, passTarget, options),
          databases: jobs.trivyDatabases,
          sbomFormatsWritten: jobs.ctx.sbomFormatsWritten,
        },
      ),
  );
}

/**
 * The scanners that run as their own process; Grype reads the SBOM Syft wrote when both run on an image (Syft
 * with Grype's settings then), so the image is catalogued once.
 */
function runProcesses(
  jobs: JobsState,
  target: ScanTarget,
  processes: readonly ProcessScanner[],
): Promise<ScannerJobResult[]>[] {
  const syft = processes.find((s) => s.scanner.name === 'syft');
  const grype = processes.find((s) => s.scanner.name === 'grype');
  const syftRun = syft
    ? runSingle(jobs, syft, target, undefined, grype ? SYFT_FOR_GRYPE_ENV : undefined)
    : undefined;
  return processes.map((s) => {
    if (s === syft) return syftRun!;
    if (s === grype && syftRun && target.kind !== 'sbom') {
      return syftRun.then(([syftResult]) =>
        runSingle(jobs, s, grypeTarget(target, syftResult!, jobs.ctx.info)),
      );
    }
    return runSingle(jobs, s, target);
  });
}
