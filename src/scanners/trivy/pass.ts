import { join } from 'node:path';
import type { FindingKind, SbomDocument } from '../../core/finding.js';
import type { ScannerRun } from '../../core/report.js';
import type { ScannerJobResult } from '../run.js';
import type { Scanner, ScanOptions, ScanTarget, TrivyPassSlot } from '../scanner.js';
import { sbomLicenseFindings } from '../syft/licenses.js';
import { TRIVY_REPORT_FILE, type TrivyScanKind } from './command.js';
import { trivyConvertProcess, trivyImagePassProcess, trivySbomFileProcess } from './index.js';

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
  /**
   * The vulnerability database step (`trivy image --download-db-only`), run once for the whole scan and shared by
   * every pass; called only when the `vuln` slot is selected.
   */
  database: () => Promise<ScannerRun>;
}

const KIND_OF: Record<Exclude<TrivyPassSlot['pass'], 'sbom'>, FindingKind> = {
  vuln: 'vulnerability',
  secret: 'secret',
  license: 'license',
};

/**
 * Every selected Trivy slot of one image from one `trivy image` process: `--scanners` joined, one JSON report
 * split into findings by kind, the SBOM converted from that report (`trivy convert`, CycloneDX and SPDX JSON),
 * never a second read of the image. The database is fetched first, as its own step: when it cannot be had, `vuln`
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
  const database = wants('vuln') ? await ctx.database() : undefined;
  const databaseFailed = database !== undefined && database.status !== 'ok';
  const options = (dir: string): ScanOptions => ({ ...ctx.options, workDir: join(ctx.workDir, dir) });

  if (target.kind === 'sbom') {
    return Promise.all(
      slots.map(async (slot): Promise<ScannerJobResult> => {
        if (slot.pass !== 'vuln')
          return { run: skipped(slot, target, 'an SBOM file has no image to look into') };
        if (databaseFailed) return { run: failedAs(slot, target, database!) };
        return ctx.run(trivySbomFileProcess, target, options('sbom'));
      }),
    );
  }

  const kinds: TrivyScanKind[] = [];
  if (wants('vuln') && !databaseFailed) kinds.push('vuln');
  if (wants('secret')) kinds.push('secret');
  if (wants('license')) kinds.push('license');
  if (kinds.length === 0 && !wants('sbom')) {
    return slots.map((slot) => ({ run: failedAs(slot, target, database!) }));
  }

  const passDir = options('pass');
  const pass = await ctx.run(trivyImagePassProcess({ scanners: kinds }), target, passDir);
  const report = join(passDir.workDir, TRIVY_REPORT_FILE);
  const sbom = wants('sbom') && pass.result ? await convert(report, target, ctx, options) : undefined;

  return slots.map((slot): ScannerJobResult => {
    if (slot.pass === 'vuln' && databaseFailed) return { run: failedAs(slot, target, database!) };
    if (!pass.result) return { run: failedAs(slot, target, pass.run) };
    if (slot.pass === 'sbom') {
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
    const kind = KIND_OF[slot.pass];
    const findings = pass.result.findings.filter((finding) => finding.kind === kind);
    // Trivy's own notes (an end-of-life OS) concern vulnerability results only.
    const warnings = slot.pass === 'vuln' ? pass.run.warnings : passWarnings(pass);
    return {
      run: slotRun(slot, pass.run, findings.length, warnings),
      result: {
        findings,
        ...(slot.pass === 'vuln' && pass.result.warnings ? { warnings: pass.result.warnings } : {}),
      },
    };
  });
}

/** The SBOMs `trivy convert` writes from the pass's report, both formats at once. */
async function convert(
  report: string,
  target: ScanTarget,
  ctx: TrivyPassContext,
  options: (dir: string) => ScanOptions,
): Promise<{ sboms?: SbomDocument[]; packages?: number; durationMs: number; failed?: ScannerRun }> {
  const runs = await Promise.all(
    (['cyclonedx', 'spdx'] as const).map((role) =>
      ctx.run(trivyConvertProcess(report, role), target, options(`convert-${role}`)),
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

function skipped(slot: TrivyPassSlot, target: ScanTarget, why: string): ScannerRun {
  return {
    name: slot.name,
    target: target.display,
    status: 'skipped',
    durationMs: 0,
    findings: 0,
    error: why,
  };
}
