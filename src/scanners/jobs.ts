import { join } from 'node:path';
import type { LimitFunction } from 'p-limit';
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
}

/**
 * Turns the selected scanners into processes, one image analysis per distinct tool and image: every Trivy slot of an
 * image shares one `trivy image` pass (src/scanners/trivy/pass.ts) after one database step for the whole run, Syft
 * catalogues the image once, and each run is still reported under the scanner name the user selected.
 */
export function createScannerJobs(ctx: ScannerJobsContext) {
  let sequence = 0;
  const nextDir = (label: string) => join(ctx.workDir, `${String(sequence++).padStart(3, '0')}-${label}`);
  const { versionOf } = ctx;
  const options = (executable: string, workDir: string, configPaths?: string[]): ScanOptions => ({
    executable,
    workDir,
    insecureRegistry: ctx.insecureRegistry,
    ...(configPaths ? { configPaths } : {}),
  });
  /** One process under the limit, with the common runner's fail-closed handling. */
  const runProcess = (process: Scanner, target: ScanTarget, opts: ScanOptions) =>
    ctx.limit(() =>
      runScannerJob({
        scanner: process,
        target,
        options: opts,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
      }),
    );
  /** Shows the runs on the progress display and stamps the tool's version on each. */
  const tracked = async (
    entries: { scanner: ResolvedScanner; target: ScanTarget }[],
    work: () => Promise<ScannerJobResult[]>,
  ): Promise<ScannerJobResult[]> => {
    const ids = entries.map(({ scanner, target }) => {
      const id = `${scanner.scanner.name}#${sequence++}`;
      ctx.progress?.start(id, `${scanner.scanner.name} ${target.display}`);
      return id;
    });
    const [outcomes, version] = await Promise.all([
      work(),
      entries[0] ? versionOf(entries[0].scanner.executable, entries[0].scanner.scanner) : undefined,
    ]);
    outcomes.forEach((outcome, i) => {
      if (!outcome.run.version && version) outcome.run.version = version;
      ctx.progress?.finish(ids[i]!, outcome.run);
    });
    return outcomes;
  };

  const trivyDatabases: TrivyPassDatabases = {
    vuln: () => ctx.databases.get('trivy-db'),
    javaAhead: () => (ctx.javaAhead ? ctx.databases.get('trivy-java-db') : Promise.resolve(undefined)),
    java: () => ctx.databases.get('trivy-java-db'),
    cacheDir: (dir, ready) => ctx.databases.trivyCacheDir(dir, ready),
  };

  const single = (
    s: ResolvedScanner & { scanner: Scanner },
    target: ScanTarget,
    configPaths?: string[],
    env?: Record<string, string>,
  ) =>
    tracked([{ scanner: s, target }], async () => {
      const workDir = nextDir(s.scanner.name);
      const opts: ScanOptions = { ...options(s.executable, workDir, configPaths), ...(env ? { env } : {}) };
      const database = await databaseFor(s, workDir, opts);
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
      const result = await runProcess(s.scanner, target, opts);
      if (result.result && database?.database) result.run.database = database.database;
      return [result];
    });

  /**
   * The database a single-process scanner reads, set up in its options: Grype's through its environment (it has no
   * flag for it), `trivy config`'s checks bundle through its own `--cache-dir`. A failed Grype database fails the run
   * before Grype starts; `trivy config` without a bundle uses the checks compiled into Trivy (the outcome says so).
   */
  const databaseFor = async (
    s: ResolvedScanner & { scanner: Scanner },
    workDir: string,
    opts: ScanOptions,
  ) => {
    if (s.scanner.name === 'grype') {
      const outcome = await ctx.databases.get('grype-db');
      if (outcome.ready) opts.env = { ...opts.env, ...ctx.databases.grypeEnv(outcome.dir) };
      return outcome;
    }
    if (s.scanner.name === 'trivy-config') {
      const outcome = await ctx.databases.get('trivy-checks');
      // Beside the run's directory: the runner empties that before the process starts.
      opts.cacheDir = await ctx.databases.trivyCacheDir(`${workDir}.cache`, [outcome]);
      opts.toolVersion = await versionOf(s.executable, s.scanner);
      return outcome;
    }
    return undefined;
  };

  return {
    /**
     * Every image scanner on one prepared target; results in the order the scanners were selected. An `sbom` target
     * is scanned by the scanners that read its format, the others are reported skipped; when none reads it, that is
     * a usage error, never an empty pass.
     */
    async forTarget(target: ScanTarget, selected: readonly ResolvedScanner[]): Promise<ScannerJobResult[]> {
      const skippedRuns = new Map<string, ScannerJobResult>();
      let scanners = selected;
      if (target.kind === 'sbom') {
        const format = target.sbomFormat;
        scanners = selected.filter((s) => format !== undefined && s.scanner.sbomInputs?.includes(format));
        if (scanners.length === 0) throw new UsageError(noSbomReader(target));
        for (const s of selected.filter((s) => !scanners.includes(s))) {
          skippedRuns.set(s.scanner.name, { run: skippedOnSbom(s.scanner, target) });
        }
      }
      const slots = scanners.filter((s): s is ResolvedScanner & { scanner: TrivyPassSlot } =>
        isTrivyPassSlot(s.scanner),
      );
      const processes = scanners.filter(
        (s): s is ResolvedScanner & { scanner: Scanner } => !isTrivyPassSlot(s.scanner),
      );
      const trivy = slots[0]
        ? tracked(
            slots.map((s) => ({ scanner: s, target })),
            () =>
              runTrivyPass(
                target,
                slots.map((s) => s.scanner),
                {
                  options: options(slots[0]!.executable, ''),
                  workDir: nextDir('trivy'),
                  run: runProcess,
                  databases: trivyDatabases,
                },
              ),
          )
        : Promise.resolve([]);
      const syft = processes.find((s) => s.scanner.name === 'syft');
      const grype = processes.find((s) => s.scanner.name === 'grype');
      const syftRun = syft
        ? single(syft, target, undefined, grype ? SYFT_FOR_GRYPE_ENV : undefined)
        : undefined;
      const others = processes.map((s) => {
        if (s === syft) return syftRun!;
        if (s === grype && syftRun && target.kind !== 'sbom') {
          return syftRun.then(([syftResult]) => single(s, grypeTarget(target, syftResult!, ctx.info)));
        }
        return single(s, target);
      });
      const [trivyResults, otherResults] = await Promise.all([trivy, Promise.all(others)]);
      const byName = new Map<string, ScannerJobResult>(skippedRuns);
      for (const result of [...trivyResults, ...otherResults.flat()]) byName.set(result.run.name, result);
      return selected.map((s) => byName.get(s.scanner.name)!);
    },

    /** A config scanner on one path the user gave. */
    async forConfig(
      path: string,
      scanner: ResolvedScanner & { scanner: Scanner },
    ): Promise<ScannerJobResult> {
      const [result] = await single(scanner, { display: path, name: path, kind: 'files', path }, [path]);
      return result!;
    },
  };
}
