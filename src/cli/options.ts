import { applyConfig, buildConfig } from '../config/apply.js';
import { parseKeyValues, parseThresholds, splitCommas } from '../config/flag-values.js';

export { parseKeyValues };

import type { LoadedConfig } from '../config/load.js';
import type { SbomFormat } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import { parseDuration, readSources } from '../databases/settings.js';
import { provenanceLabels } from '../image/build.js';
import { defaultOptions, MAX_TIMEOUT_SECONDS, type PolicyOptions, type RunOptions } from '../options.js';
import type { ScannerName } from '../scanners/scanner.js';
import { SCANNER_NAMES } from '../scanners/scanner.js';
import { checkRegexps, type VerifyPolicyInput, verifyPolicyFrom } from '../sign/verify-policy.js';
import { UsageError } from '../util/errors.js';

const SBOM_FORMATS: SbomFormat[] = ['cyclonedx-json', 'spdx-json'];

/** Every gate flag, absent when not given (the config file or the default applies then). */
export interface GateArgs {
  config?: string;
  severity?: string;
  threshold?: string[];
  ignoreUnfixed?: boolean;
  unknownSeverity?: string;
  kev?: string;
  kevCatalog?: string;
  epss?: number;
  baseline?: string;
  licenseAllow?: string[];
  licenseDeny?: string[];
  exceptions?: string;
  vex?: string[];
  json?: string;
  sarif?: string;
  summary?: string;
  summaryMaxChars?: number;
  table?: boolean;
  quiet?: boolean;
  color?: boolean;
  scanners?: string;
  timeout?: number;
  concurrency?: number;
  trivyPath?: string;
  grypePath?: string;
  syftPath?: string;
}

export interface DatabaseArgs {
  cacheDir?: string;
  dbMaxAge?: string;
  offline?: boolean;
  dbMaxWait?: string;
  trivyDbRepository?: string[];
  trivyJavaDbRepository?: string[];
  trivyChecksRepository?: string[];
  grypeDbUrl?: string[];
}

export interface ScanArgs extends GateArgs, DatabaseArgs {
  images: string[];
  platform?: string;
  dockerfile?: string;
  manifests?: string[];
  checks?: boolean;
  build?: boolean;
  context?: string;
  tag?: string;
  builder?: string;
  buildArg?: string[];
  export?: string;
  sbomDir?: string;
  sbomFormat?: string[];
  insecureRegistry?: boolean;
  installMissing?: boolean;
  workDir?: string;
  keepWorkDir?: boolean;
}

export interface RescanArgs extends GateArgs, VerifyPolicyInput {
  images: string[];
  platform?: string;
  signer: string;
  cosignPath?: string;
  insecureRegistry?: boolean;
  resolveDigest?: boolean;
  sbomDir?: string;
  installMissing?: boolean;
  workDir?: string;
  keepWorkDir?: boolean;
}

export function parseScannerList(value: string | undefined, fallback: ScannerName[]): ScannerName[] {
  if (value === undefined) return [...fallback];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const name of names) {
    if (!(SCANNER_NAMES as string[]).includes(name)) {
      throw new UsageError(`--scanners: unknown scanner "${name}" — choose from ${SCANNER_NAMES.join(', ')}`);
    }
  }
  return names as ScannerName[];
}

/** The database flags → `RunOptions.databases`. */
export function databaseOptionsFromArgs(args: Partial<DatabaseArgs>, options: RunOptions): RunOptions {
  const db = options.databases;
  // A flag given twice reaches us as an array (yargs); the last one wins, as on most command lines.
  const last = <T>(value: T | T[] | undefined): T | undefined =>
    Array.isArray(value) ? value.at(-1) : value;
  const cacheDir = last(args.cacheDir);
  if (cacheDir !== undefined) {
    if (String(cacheDir).trim() === '') throw new UsageError('--cache-dir: give a directory');
    db.cacheDir = String(cacheDir);
  }
  const maxAge = last(args.dbMaxAge);
  if (maxAge !== undefined) db.maxAgeMs = parseDuration(String(maxAge), '--db-max-age');
  const maxWait = last(args.dbMaxWait);
  if (maxWait !== undefined) db.maxWaitMs = parseDuration(String(maxWait), '--db-max-wait');
  db.offline = last(args.offline) ?? false;
  // A flag replaces the default sources (Trivy's, or its TRIVY_DB_REPOSITORY…); without one they stay.
  if (args.trivyDbRepository?.length)
    db.sources['trivy-db'] = readSources(args.trivyDbRepository, 'trivy-db', '--trivy-db-repository');
  if (args.trivyJavaDbRepository?.length)
    db.sources['trivy-java-db'] = readSources(
      args.trivyJavaDbRepository,
      'trivy-java-db',
      '--trivy-java-db-repository',
    );
  if (args.trivyChecksRepository?.length)
    db.sources['trivy-checks'] = readSources(
      args.trivyChecksRepository,
      'trivy-checks',
      '--trivy-checks-repository',
    );
  if (args.grypeDbUrl?.length)
    db.sources['grype-db'] = readSources(args.grypeDbUrl, 'grype-db', '--grype-db-url');
  return options;
}

/** `scan` arguments (over the config file, over the defaults) → the one options object. */
export function scanOptionsFromArgs(args: ScanArgs, loaded?: LoadedConfig): RunOptions {
  const options = baseOptions(loaded);
  gateOptionsFromArgs(args, options);
  databaseOptionsFromArgs(args, options);
  if (args.images.length > 0) options.images = args.images;
  if (args.platform) options.platform = args.platform;
  if (args.dockerfile) options.dockerfile = args.dockerfile;
  if (args.manifests !== undefined) options.manifests = args.manifests;
  if (args.checks !== undefined) options.checks = args.checks;
  if (args.export !== undefined) {
    if (!['auto', 'always', 'never'].includes(args.export))
      throw new UsageError(`--export ${args.export}: use auto, always or never`);
    options.export = args.export as RunOptions['export'];
  }
  if (args.sbomDir) options.outputs.sbomDir = args.sbomDir;
  if (args.sbomFormat !== undefined) {
    for (const format of args.sbomFormat) {
      if (!(SBOM_FORMATS as string[]).includes(format))
        throw new UsageError(`--sbom-format ${format}: use cyclonedx-json or spdx-json`);
    }
    options.outputs.sbomFormats = args.sbomFormat as SbomFormat[];
  }
  if (args.insecureRegistry !== undefined) options.insecureRegistry = args.insecureRegistry;
  if (args.installMissing !== undefined) options.installMissing = args.installMissing;
  if (args.workDir) options.workDir = args.workDir;
  if (args.keepWorkDir !== undefined) options.keepWorkDir = args.keepWorkDir;
  applyBuild(options, { ...buildConfig(loaded?.config), ...definedOnly(args) });
  return options;
}

/**
 * `rescan` arguments → the one options object: `scan`'s gate and outputs (over the config file), `verify`'s policy.
 * Verification is native only: cosign 3 writes the bundles read here, and cosign's own output is not an SBOM to scan.
 */
export function rescanOptionsFromArgs(args: RescanArgs, loaded?: LoadedConfig): RunOptions {
  if (args.signer === 'cosign' || args.cosignPath)
    throw new UsageError(
      'rescan verifies natively and has no cosign backend — drop --signer cosign/--cosign-path (it reads the bundles cosign 3 attaches; for cosign 2 .att attestations run cosign verify-attestation and scan the SBOM with scan sbom:<file>)',
    );
  if (args.signer !== 'sigstore')
    throw new UsageError(`--signer ${args.signer}: rescan verifies with sigstore`);
  const options = baseOptions(loaded);
  gateOptionsFromArgs(args, options);
  const policy = verifyPolicyFrom(args);
  checkRegexps(policy);
  options.rescan = { ...policy, ...(args.resolveDigest ? { resolveDigest: true } : {}) };
  options.images = args.images;
  // An SBOM has no image files or config for container-gate's own checks, and the repository's Dockerfile and
  // manifests (the config file may name them) are not what is deployed.
  options.checks = false;
  delete options.dockerfile;
  options.manifests = [];
  if (args.platform) options.platform = args.platform;
  if (args.sbomDir) options.outputs.sbomDir = args.sbomDir;
  if (args.insecureRegistry !== undefined) options.insecureRegistry = args.insecureRegistry;
  if (args.installMissing !== undefined) options.installMissing = args.installMissing;
  if (args.workDir) options.workDir = args.workDir;
  if (args.keepWorkDir !== undefined) options.keepWorkDir = args.keepWorkDir;
  return options;
}

/** The defaults, with the config file over them. */
export function baseOptions(loaded: LoadedConfig | undefined): RunOptions {
  const options = defaultOptions();
  if (loaded) applyConfig(options, loaded.config, loaded.path);
  return options;
}

function definedOnly(args: ScanArgs) {
  return {
    ...(args.build !== undefined ? { build: args.build } : {}),
    ...(args.context !== undefined ? { context: args.context } : {}),
    ...(args.tag !== undefined ? { tag: args.tag } : {}),
    ...(args.builder !== undefined ? { builder: args.builder } : {}),
    ...(args.buildArg !== undefined ? { buildArg: args.buildArg } : {}),
  };
}

function applyBuild(
  options: RunOptions,
  build: { build?: boolean; context?: string; tag?: string; builder?: string; buildArg?: string[] },
): void {
  if (!build.build) return;
  const dockerfile = options.dockerfile ?? 'Dockerfile';
  const tag = build.tag ?? options.images[0];
  if (!tag)
    throw new UsageError(
      '--build needs the image name to give the result: pass it as the image argument or --tag',
    );
  const builder = build.builder ?? 'auto';
  if (!['auto', 'buildx', 'podman', 'buildah'].includes(builder))
    throw new UsageError(`--builder ${builder}: use auto, buildx, podman or buildah`);
  options.build = {
    context: build.context ?? '.',
    dockerfile,
    tag,
    builder: builder as 'auto',
    labels: provenanceLabels(process.env, new Date()),
    buildArgs: parseKeyValues(build.buildArg ?? [], '--build-arg'),
  };
  options.dockerfile = dockerfile;
  // The image argument names what to build; it is scanned as the build result, not pulled.
  options.images = options.images.filter((image) => image !== tag);
}

/** The gate and output flags that were given, over `options` (the file's values and the defaults). */
export function gateOptionsFromArgs(args: GateArgs, options: RunOptions): RunOptions {
  applyPolicyArgs(args, options.policy);
  if (args.scanners !== undefined) options.scanners = parseScannerList(args.scanners, []);
  if (args.timeout !== undefined) {
    if (!(args.timeout > 0) || args.timeout > MAX_TIMEOUT_SECONDS)
      throw new UsageError(
        `--timeout ${args.timeout}: must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (a week)`,
      );
    options.timeoutMs = Math.round(args.timeout * 1000);
  }
  if (args.concurrency !== undefined) {
    if (!Number.isInteger(args.concurrency) || args.concurrency < 1)
      throw new UsageError(`--concurrency ${args.concurrency}: must be a whole number of 1 or more`);
    options.concurrency = args.concurrency;
  }
  if (args.json) options.outputs.json = args.json;
  if (args.sarif) options.outputs.sarif = args.sarif;
  if (args.summary) options.outputs.summary = args.summary;
  if (args.summaryMaxChars !== undefined) {
    if (!Number.isInteger(args.summaryMaxChars) || args.summaryMaxChars < 1000)
      throw new UsageError(
        `--summary-max-chars ${args.summaryMaxChars}: must be a whole number of 1000 or more`,
      );
    options.outputs.summaryMaxChars = args.summaryMaxChars;
  }
  if (args.table !== undefined) options.outputs.table = args.table;
  if (args.trivyPath) options.toolPaths.trivy = args.trivyPath;
  if (args.grypePath) options.toolPaths.grype = args.grypePath;
  if (args.syftPath) options.toolPaths.syft = args.syftPath;
  return options;
}

function applyPolicyArgs(args: GateArgs, policy: PolicyOptions): void {
  if (args.severity !== undefined) policy.threshold = args.severity as Severity;
  if (args.threshold !== undefined)
    policy.thresholds = { ...policy.thresholds, ...parseThresholds(args.threshold) };
  if (args.ignoreUnfixed !== undefined) policy.ignoreUnfixed = args.ignoreUnfixed;
  if (args.unknownSeverity !== undefined)
    policy.unknownSeverity = args.unknownSeverity as PolicyOptions['unknownSeverity'];
  if (args.kev !== undefined) policy.kev = args.kev as PolicyOptions['kev'];
  if (args.kevCatalog) policy.kevCatalog = args.kevCatalog;
  if (args.epss !== undefined) {
    if (!(args.epss > 0 && args.epss <= 1))
      throw new UsageError(`--epss ${args.epss}: must be a probability above 0 and at most 1 (0.1 is 10 %)`);
    policy.epss = args.epss;
  }
  if (args.baseline) policy.baseline = args.baseline;
  if (args.licenseAllow !== undefined) policy.licenseAllow = splitCommas(args.licenseAllow);
  if (args.licenseDeny !== undefined) policy.licenseDeny = splitCommas(args.licenseDeny);
  if (args.exceptions) {
    policy.exceptionsFile = args.exceptions;
    // The flag names the accepted risks: the file's inline list does not add to them.
    delete policy.inlineExceptions;
  }
  if (args.vex !== undefined) policy.vexFiles = args.vex;
}
