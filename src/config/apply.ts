import type { FindingKind, SbomFormat } from '../core/finding.js';
import type { KindThreshold } from '../core/policy.js';
import type { Severity } from '../core/severity.js';
import type { RunOptions } from '../options.js';
import type { ScannerName } from '../scanners/scanner.js';
import type { ConfigFile } from './schema.js';

/** Terminal settings the CLI takes from the file (`outputs.quiet`, `outputs.color`). */
export interface TerminalConfig {
  quiet?: boolean;
  color?: boolean;
}

/**
 * The file's settings over `options` (the defaults): the shells then apply the flags or inputs that were given, so
 * flags win over the file and the file over the defaults. The schema has already checked every value.
 */
export function applyConfig(options: RunOptions, config: ConfigFile, origin: string): TerminalConfig {
  applyGate(options, config.gate ?? {}, origin);
  applyScan(options, config.scan ?? {});
  const out = config.outputs ?? {};
  const o = options.outputs;
  if (out.json !== undefined) o.json = out.json;
  if (out.sarif !== undefined) o.sarif = out.sarif;
  if (out.summary !== undefined) o.summary = out.summary;
  if (out['summary-max-chars'] !== undefined) o.summaryMaxChars = out['summary-max-chars'];
  if (out['sbom-dir'] !== undefined) o.sbomDir = out['sbom-dir'];
  if (out['sbom-format'] !== undefined) o.sbomFormats = [...out['sbom-format']] as SbomFormat[];
  if (out.table !== undefined) o.table = out.table;
  return {
    ...(out.quiet !== undefined ? { quiet: out.quiet } : {}),
    ...(out.color !== undefined ? { color: out.color } : {}),
  };
}

function applyGate(options: RunOptions, gate: NonNullable<ConfigFile['gate']>, origin: string): void {
  const p = options.policy;
  if (gate.severity !== undefined) p.threshold = gate.severity as Severity;
  if (gate.thresholds !== undefined)
    p.thresholds = { ...p.thresholds, ...(gate.thresholds as Partial<Record<FindingKind, KindThreshold>>) };
  if (gate['unknown-severity'] !== undefined) p.unknownSeverity = gate['unknown-severity'];
  if (gate['ignore-unfixed'] !== undefined) p.ignoreUnfixed = gate['ignore-unfixed'];
  if (gate.kev !== undefined) p.kev = gate.kev;
  if (gate['kev-catalog'] !== undefined) p.kevCatalog = gate['kev-catalog'];
  if (gate.epss !== undefined) p.epss = gate.epss;
  if (gate.baseline !== undefined) p.baseline = gate.baseline;
  if (gate['license-allow'] !== undefined) p.licenseAllow = [...gate['license-allow']];
  if (gate['license-deny'] !== undefined) p.licenseDeny = [...gate['license-deny']];
  if (typeof gate.exceptions === 'string') p.exceptionsFile = gate.exceptions;
  else if (gate.exceptions !== undefined)
    p.inlineExceptions = { entries: gate.exceptions, origin: `${origin} gate.exceptions` };
  if (gate.vex !== undefined) p.vexFiles = Array.isArray(gate.vex) ? [...gate.vex] : [gate.vex];
}

function applyScan(options: RunOptions, scan: NonNullable<ConfigFile['scan']>): void {
  if (scan.images !== undefined) options.images = [...scan.images];
  if (scan.platform !== undefined) options.platform = scan.platform;
  if (scan.scanners !== undefined) options.scanners = [...scan.scanners] as ScannerName[];
  if (scan.checks !== undefined) options.checks = scan.checks;
  if (scan.dockerfile !== undefined) options.dockerfile = scan.dockerfile;
  if (scan.manifests !== undefined) options.manifests = [...scan.manifests];
  if (scan.export !== undefined) options.export = scan.export;
  if (scan.timeout !== undefined) options.timeoutMs = Math.round(scan.timeout * 1000);
  if (scan.concurrency !== undefined) options.concurrency = scan.concurrency;
  if (scan['insecure-registry'] !== undefined) options.insecureRegistry = scan['insecure-registry'];
  if (scan['install-missing'] !== undefined) options.installMissing = scan['install-missing'];
  if (scan['work-dir'] !== undefined) options.workDir = scan['work-dir'];
  if (scan['keep-work-dir'] !== undefined) options.keepWorkDir = scan['keep-work-dir'];
  if (scan['trivy-path'] !== undefined) options.toolPaths.trivy = scan['trivy-path'];
  if (scan['grype-path'] !== undefined) options.toolPaths.grype = scan['grype-path'];
  if (scan['syft-path'] !== undefined) options.toolPaths.syft = scan['syft-path'];
}

/**
 * The build settings of the file, for the shell that turns them into a build request with the flags (`--build`
 * needs a tag from the images or `--tag`, labels from the environment).
 */
export function buildConfig(config: ConfigFile | undefined) {
  const scan = config?.scan ?? {};
  const args = scan['build-arg'];
  return {
    ...(scan.build !== undefined ? { build: scan.build } : {}),
    ...(scan.context !== undefined ? { context: scan.context } : {}),
    ...(scan.tag !== undefined ? { tag: scan.tag } : {}),
    ...(scan.builder !== undefined ? { builder: scan.builder } : {}),
    ...(args !== undefined ? { buildArg: Object.entries(args).map(([k, v]) => `${k}=${v}`) } : {}),
  };
}
