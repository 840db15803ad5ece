import { join } from 'node:path';
import type { FindingKind, SbomDocument, SbomFormat } from '../../core/finding.js';
import type { ScannerDatabase, ScannerRun } from '../../core/report.js';
import type { DatabaseOutcome } from '../../databases/steps.js';
import type { ScannerJobResult } from '../run.js';
import type { Scanner, ScanOptions, ScanTarget, TrivyPassSlot } from '../scanner.js';
import { sbomLicenseFindings } from '../syft/licenses.js';
import { TRIVY_REPORT_FILE, type TrivySbomRole, type TrivyScanKind } from './command.js';
import {
  JAVA_DB_MISSING,
  trivyConvertProcess,
  trivyImagePassProcess,
  trivySbomFileProcess,
} from './index.js';

/** Runs one Trivy process (the pipeline's runner: its concurrency limit, timeout and interrupt). */
export type RunTrivyProcess = (
  process: Scanner,
  target: ScanTarget,
  options: ScanOptions,
) => Promise<ScannerJobResult>;

export interface TrivyPassContext {
  /** The executable and registry options every process of the pass uses. */
  options: Omit<ScanOptions, 'workDir'>;
  /** A directory private to this target's pass. */
  workDir: string;
  run: RunTrivyProcess;
  databases: TrivyPassDatabases;
  /** The SBOM formats the run writes (none without an SBOM directory): SPDX JSON is converted only when written. */
  sbomFormatsWritten: readonly SbomFormat[];
}

/** The run's databases, each fetched once for the whole scan and shared by every pass (src/databases/steps.ts). */
export interface TrivyPassDatabases {
  /** The vulnerability database; asked for only when the `vuln` slot is selected. */
  vuln(): Promise<DatabaseOutcome>;
  /** The Java index when it is fetched ahead of the passes (an earlier run with this cache needed one); else undefined. */
  javaAhead(): Promise<DatabaseOutcome | undefined>;
  /** The Java index, fetched now: a pass found Java archives and had none. */
  java(): Promise<DatabaseOutcome>;
  /** A private `--cache-dir` for one process with these databases linked in. */
  cacheDir(dir: string, ready: readonly DatabaseOutcome[]): Promise<string>;
}

const KIND_OF: Record<Exclude<TrivyPassSlot['pass'], 'sbom'>, FindingKind> = {
  vuln: 'vulnerability',
  secret: 'secret',
  license: 'license',
};

/**
 * Every selected Trivy slot of one image from one `trivy image` process: `--scanners` joined, one JSON report
 * split into findings by kind, the SBOM converted from that report (`trivy convert`: CycloneDX, and SPDX JSON when the
 * run writes it), never a second read of the image. The database is fetched first, as its own step: when it cannot be had, `vuln`
 * is left out of the pass and the `trivy` slot alone is reported failed while secrets and the SBOM are still
 * found. A failure of the pass itself (crash, timeout, output that cannot be trusted) fails every slot it served.
 * An `sbom` target is read by `trivy sbom` for vulnerabilities only. Returns one result per slot, in slot order.
 */
export async function runTrivyPass(
  target: ScanTarget,
  slots: readonly TrivyPassSlot[],
  ctx: TrivyPassContext,
): Promise<ScannerJobResult[]> {
  const wants = (pass: TrivyPassSlot['pass']) => slots.some((slot) => slot.pass === pass);
  const vuln = wants('vuln') ? await ctx.databases.vuln() : undefined;
  const vulnUnavailable = vuln !== undefined && !vuln.ready ? vuln : undefined;
  const options = passOptions(ctx);
  if (target.kind === 'sbom') return scanSbomFile(target, slots, ctx, vuln, options);

  const kinds: TrivyScanKind[] = [];
  if (wants('vuln') && !vulnUnavailable) kinds.push('vuln');
  if (wants('secret')) kinds.push('secret');
  if (wants('license')) kinds.push('license');
  if (kinds.length === 0 && !wants('sbom')) {
    return slots.map((slot) => ({ run: notRun(slot, target, 'failed', vulnUnavailable!.reason) }));
  }
  const image = await imagePass(target, { kinds, wantsSbom: wants('sbom'), vuln }, ctx, options);
  const { pass } = image;
  const report = join(image.options.workDir, TRIVY_REPORT_FILE);
  const sbom = wants('sbom') && pass.result ? await convert(report, target, ctx, options) : undefined;
  const readJava =
    image.java?.ready && pass.result?.packageTypes?.includes('jar') ? image.java.database : undefined;
  const { javaUnavailable } = image;
  const outcome: PassOutcome = { pass, vuln, sbom, vulnUnavailable, javaUnavailable, readJava };
  return slots.map((slot) => slotResult(slot, target, outcome));
}

/** Each process's options: its own directory under the pass's, and a private `--cache-dir` with `ready` linked in. */
function passOptions(ctx: TrivyPassContext): PassOptions {
  return async (dir, ready = []) => {
    const workDir = join(ctx.workDir, dir);
    // Beside the run's directory, not in it: the runner empties that before the process starts (src/scanners/run.ts).
    return { ...ctx.options, workDir, cacheDir: await ctx.databases.cacheDir(`${workDir}.cache`, ready) };
  };
}

type PassOptions = (dir: string, ready?: readonly DatabaseOutcome[]) => Promise<ScanOptions>;

/** An `sbom` target: `trivy sbom` for vulnerabilities only; the other slots have no image to look into. */
function scanSbomFile(
  target: ScanTarget,
  slots: readonly TrivyPassSlot[],
  ctx: TrivyPassContext,
  vuln: DatabaseOutcome | undefined,
  options: PassOptions,
): Promise<ScannerJobResult[]> {
  return Promise.all(
    slots.map(async (slot): Promise<ScannerJobResult> => {
      if (slot.pass !== 'vuln')
        return { run: notRun(slot, target, 'skipped', 'an SBOM file has no image to look into') };
      if (!vuln!.ready) return { run: notRun(slot, target, 'failed', vuln!.reason) };
      const result = await ctx.run(trivySbomFileProcess, target, await options('sbom', [vuln!]));
      return withDatabases(result, vuln!);
    }),
  );
}

/** The `trivy image` pass that served the slots, with the options it ran with (its report is in their workDir). */
interface ImagePass {
  pass: ScannerJobResult;
  options: ScanOptions;
  java: DatabaseOutcome | undefined;
  /** Why the `vuln` slot failed: the image holds Java archives and the Java index could not be had. */
  javaUnavailable?: string;
}

async function imagePass(
  target: ScanTarget,
  want: { kinds: TrivyScanKind[]; wantsSbom: boolean; vuln: DatabaseOutcome | undefined },
  ctx: TrivyPassContext,
  options: PassOptions,
): Promise<ImagePass> {
  const { kinds, vuln } = want;
  const java = kinds.includes('vuln') ? await ctx.databases.javaAhead() : undefined;
  const ready = [vuln, java].filter((d): d is DatabaseOutcome => d?.ready === true);
  const first = await options('pass', ready);
  const pass = await ctx.run(trivyImagePassProcess({ scanners: kinds }), target, first);
  if (pass.result || pass.run.error !== JAVA_DB_MISSING || java?.ready) return { pass, options: first, java };
  return passAgainForJava(target, want, ctx, options, pass);
}

/**
 * The image holds Java archives and the cache had no Java index: fetch it (once for the run) and pass again; when it
 * cannot be had, pass again without `vuln`, so that secrets and the SBOM are still found.
 */
async function passAgainForJava(
  target: ScanTarget,
  want: { kinds: TrivyScanKind[]; wantsSbom: boolean; vuln: DatabaseOutcome | undefined },
  ctx: TrivyPassContext,
  options: PassOptions,
  failed: ScannerJobResult,
): Promise<ImagePass> {
  const java = await ctx.databases.java();
  if (java.ready) {
    const withJava = await options('pass-java', [want.vuln!, java]);
    const pass = await ctx.run(trivyImagePassProcess({ scanners: want.kinds }), target, withJava);
    return { pass, options: withJava, java };
  }
  const kinds = [...want.kinds];
  kinds.splice(kinds.indexOf('vuln'), 1);
  const withoutVuln = await options('pass-without-vuln', []);
  const pass =
    kinds.length > 0 || want.wantsSbom
      ? await ctx.run(trivyImagePassProcess({ scanners: kinds }), target, withoutVuln)
      : failed;
  return { pass, options: withoutVuln, java, javaUnavailable: java.reason };
}

/** What the pass gave, for the slots to share out. */
interface PassOutcome {
  pass: ScannerJobResult;
  vuln: DatabaseOutcome | undefined;
  sbom?: ConvertedSboms;
  /** The vulnerability database, when it could not be had. */
  vulnUnavailable?: Extract<DatabaseOutcome, { ready: false }>;
  javaUnavailable?: string;
  /** The Java index, when the pass read one (the image held Java archives). */
  readJava?: ScannerDatabase;
}

/** One slot's share of the pass: its kind of findings, or the failure that cost it. */
function slotResult(slot: TrivyPassSlot, target: ScanTarget, outcome: PassOutcome): ScannerJobResult {
  const { pass, vuln } = outcome;
  if (slot.pass === 'vuln' && outcome.vulnUnavailable)
    return { run: notRun(slot, target, 'failed', outcome.vulnUnavailable.reason) };
  if (slot.pass === 'vuln' && outcome.javaUnavailable)
    return { run: notRun(slot, target, 'failed', outcome.javaUnavailable) };
  if (!pass.result) return { run: failedAs(slot, target, pass.run) };
  if (slot.pass === 'sbom') return sbomSlotResult(slot, target, pass, outcome.sbom);
  const kind = KIND_OF[slot.pass];
  const findings = pass.result.findings.filter((finding) => finding.kind === kind);
  // Trivy's own notes (an end-of-life OS) concern vulnerability results only.
  const warnings = slot.pass === 'vuln' ? pass.run.warnings : passWarnings(pass);
  const run = slotRun(slot, pass.run, findings.length, warnings);
  if (slot.pass === 'vuln' && vuln?.ready) {
    run.database = vuln.database;
    if (outcome.readJava) run.javaDatabase = outcome.readJava;
  }
  return {
    run,
    result: {
      findings,
      ...(slot.pass === 'vuln' && pass.result.warnings ? { warnings: pass.result.warnings } : {}),
    },
  };
}

/** The `trivy-sbom` slot: the SBOMs converted from the pass's report, or the conversion's failure. */
function sbomSlotResult(
  slot: TrivyPassSlot,
  target: ScanTarget,
  pass: ScannerJobResult,
  sbom: ConvertedSboms | undefined,
): ScannerJobResult {
  if (!sbom?.sboms) return { run: failedAs(slot, target, sbom?.failed ?? pass.run) };
  return {
    run: {
      ...slotRun(slot, pass.run, 0, passWarnings(pass)),
      durationMs: pass.run.durationMs + sbom.durationMs,
      packages: sbom.packages,
    },
    // The licenses the SBOM declares (unrated), like Syft's: Trivy rates them only with --scanners license.
    result: {
      findings: sbomLicenseFindings(sbom.sboms, { target: target.display }, 'trivy'),
      sboms: sbom.sboms,
    },
  };
}

/** A `trivy sbom` run's result with the database it read. */
function withDatabases(result: ScannerJobResult, vuln: DatabaseOutcome): ScannerJobResult {
  if (!result.result || !vuln.ready) return result;
  return { ...result, run: { ...result.run, database: vuln.database } };
}

interface ConvertedSboms {
  sboms?: SbomDocument[];
  packages?: number;
  durationMs: number;
  failed?: ScannerRun;
}

/**
 * The formats the `trivy-sbom` slot needs converted: CycloneDX always (its license findings and package count are
 * read from it, `sbomSlotResult`), SPDX JSON only when the run writes it. Each `trivy convert` is a process start
 * (seconds of CPU for a packed Trivy), so none is made for a file that nothing reads; the files written are the same.
 */
function trivySbomRoles(written: readonly SbomFormat[]): TrivySbomRole[] {
  return written.includes('spdx-json') ? ['cyclonedx', 'spdx'] : ['cyclonedx'];
}

/** The SBOMs `trivy convert` writes from the pass's report, the formats needed (`trivySbomRoles`) at once. */
async function convert(
  report: string,
  target: ScanTarget,
  ctx: TrivyPassContext,
  options: PassOptions,
): Promise<ConvertedSboms> {
  const runs = await Promise.all(
    trivySbomRoles(ctx.sbomFormatsWritten).map((role) =>
      options(`convert-${role}`).then((opts) => ctx.run(trivyConvertProcess(report, role), target, opts)),
    ),
  );
  const durationMs = Math.max(...runs.map((r) => r.run.durationMs));
  const failed = runs.find((r) => !r.result);
  if (failed) return { durationMs, failed: failed.run };
  const cyclonedx = runs[0]!.run;
  return {
    sboms: runs.flatMap((r) => r.result?.sboms ?? []),
    ...(cyclonedx.packages !== undefined ? { packages: cyclonedx.packages } : {}),
    durationMs,
  };
}

function slotRun(
  slot: TrivyPassSlot,
  pass: ScannerRun,
  findings: number,
  warnings: string[] | undefined,
): ScannerRun {
  const { packages: _packages, warnings: _warnings, ...rest } = pass;
  return { ...rest, name: slot.name, findings, ...(warnings && warnings.length > 0 ? { warnings } : {}) };
}

/** The pass's run warnings without the parser's (which are about vulnerabilities). */
function passWarnings(pass: ScannerJobResult): string[] | undefined {
  const own = new Set(pass.result?.warnings ?? []);
  return pass.run.warnings?.filter((warning) => !own.has(warning));
}

/** A failed step's outcome, reported under a slot it cost. */
function failedAs(slot: TrivyPassSlot, target: ScanTarget, run: ScannerRun): ScannerRun {
  return {
    name: slot.name,
    target: target.display,
    status: run.status,
    durationMs: run.durationMs,
    findings: 0,
    ...(run.version ? { version: run.version } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
}

/**
 * A slot that did not run: `failed` when its database could not be had (the reason names the age and the flag),
 * `skipped` when it has nothing to read (an SBOM file has no image to look into).
 */
function notRun(
  slot: TrivyPassSlot,
  target: ScanTarget,
  status: 'failed' | 'skipped',
  reason: string,
): ScannerRun {
  return { name: slot.name, target: target.display, status, durationMs: 0, findings: 0, error: reason };
}
