import type { SbomFormat } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import { UsageError } from '../errors.js';
import { provenanceLabels } from '../image/build.js';
import { DEFAULT_SCANNERS, defaultOptions, type RunOptions } from '../options.js';
import type { ScannerName } from '../scanners/scanner.js';
import { checkRegexps, type VerifyPolicyInput, verifyPolicyFrom } from '../sign/verify-policy.js';
import { SCANNER_NAMES } from './flags.js';

const SBOM_FORMATS: SbomFormat[] = ['cyclonedx-json', 'spdx-json'];

export interface GateArgs {
  severity: string;
  ignoreUnfixed: boolean;
  unknownSeverity: string;
  exceptions?: string;
  vex: string[];
  json?: string;
  sarif?: string;
  summary?: string;
  summaryMaxChars?: number;
  table: boolean;
  scanners?: string;
  timeout: number;
  concurrency?: number;
  trivyPath?: string;
  grypePath?: string;
  syftPath?: string;
}

export interface ScanArgs extends GateArgs {
  images: string[];
  platform?: string;
  dockerfile?: string;
  manifests: string[];
  checks: boolean;
  build: boolean;
  context?: string;
  tag?: string;
  builder: string;
  buildArg: string[];
  export: string;
  sbomDir?: string;
  sbomFormat: string[];
  insecureRegistry: boolean;
  installMissing: boolean;
  workDir?: string;
  keepWorkDir: boolean;
}

export interface RescanArgs extends GateArgs, VerifyPolicyInput {
  images: string[];
  platform?: string;
  signer: string;
  cosignPath?: string;
  insecureRegistry: boolean;
  resolveDigest: boolean;
  sbomDir?: string;
  installMissing: boolean;
  workDir?: string;
  keepWorkDir: boolean;
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

/** `scan` arguments → the one options object. */
export function scanOptionsFromArgs(args: ScanArgs): RunOptions {
  const options = gateOptionsFromArgs(args, defaultOptions(), DEFAULT_SCANNERS);
  options.images = args.images;
  if (args.platform) options.platform = args.platform;
  if (args.dockerfile) options.dockerfile = args.dockerfile;
  options.manifests = args.manifests;
  options.checks = args.checks;
  if (!['auto', 'always', 'never'].includes(args.export))
    throw new UsageError(`--export ${args.export}: use auto, always or never`);
  options.export = args.export as RunOptions['export'];
  if (args.sbomDir) options.outputs.sbomDir = args.sbomDir;
  for (const format of args.sbomFormat) {
    if (!(SBOM_FORMATS as string[]).includes(format))
      throw new UsageError(`--sbom-format ${format}: use cyclonedx-json or spdx-json`);
  }
  options.outputs.sbomFormats = args.sbomFormat as SbomFormat[];
  options.insecureRegistry = args.insecureRegistry;
  options.installMissing = args.installMissing;
  if (args.workDir) options.workDir = args.workDir;
  options.keepWorkDir = args.keepWorkDir;
  if (args.build) {
    const dockerfile = args.dockerfile ?? 'Dockerfile';
    const tag = args.tag ?? args.images[0];
    if (!tag)
      throw new UsageError(
        '--build needs the image name to give the result: pass it as the image argument or --tag',
      );
    if (!['auto', 'buildx', 'podman', 'buildah'].includes(args.builder))
      throw new UsageError(`--builder ${args.builder}: use auto, buildx, podman or buildah`);
    options.build = {
      context: args.context ?? '.',
      dockerfile,
      tag,
      builder: args.builder as 'auto',
      labels: provenanceLabels(process.env, new Date()),
      buildArgs: parseKeyValues(args.buildArg, '--build-arg'),
    };
    options.dockerfile = dockerfile;
    // The image argument names what to build; it is scanned as the build result, not pulled.
    options.images = args.images.filter((image) => image !== tag);
  }
  return options;
}

/**
 * `rescan` arguments → the one options object: `scan`'s gate and outputs, `verify`'s policy. Verification is native
 * only: cosign 3 writes the bundles read here, and cosign's own output is not an SBOM to scan.
 */
export function rescanOptionsFromArgs(args: RescanArgs): RunOptions {
  if (args.signer === 'cosign' || args.cosignPath)
    throw new UsageError(
      'rescan verifies natively and has no cosign backend — drop --signer cosign/--cosign-path (it reads the bundles cosign 3 attaches; for cosign 2 .att attestations run cosign verify-attestation and scan the SBOM with scan sbom:<file>)',
    );
  if (args.signer !== 'sigstore')
    throw new UsageError(`--signer ${args.signer}: rescan verifies with sigstore`);
  const options = gateOptionsFromArgs(args, defaultOptions(), DEFAULT_SCANNERS);
  const policy = verifyPolicyFrom(args);
  checkRegexps(policy);
  options.rescan = { ...policy, ...(args.resolveDigest ? { resolveDigest: true } : {}) };
  options.images = args.images;
  // An SBOM has no image files or config for container-gate's own checks.
  options.checks = false;
  if (args.platform) options.platform = args.platform;
  if (args.sbomDir) options.outputs.sbomDir = args.sbomDir;
  options.insecureRegistry = args.insecureRegistry;
  options.installMissing = args.installMissing;
  if (args.workDir) options.workDir = args.workDir;
  options.keepWorkDir = args.keepWorkDir;
  return options;
}

export function gateOptionsFromArgs(
  args: GateArgs,
  options: RunOptions,
  fallbackScanners: ScannerName[],
): RunOptions {
  options.policy = {
    threshold: args.severity as Severity,
    ignoreUnfixed: args.ignoreUnfixed,
    unknownSeverity: args.unknownSeverity as RunOptions['policy']['unknownSeverity'],
    ...(args.exceptions ? { exceptionsFile: args.exceptions } : {}),
    vexFiles: args.vex,
  };
  options.scanners = parseScannerList(args.scanners, fallbackScanners);
  if (!(args.timeout > 0))
    throw new UsageError(`--timeout ${args.timeout}: must be a number of seconds above 0`);
  options.timeoutMs = Math.round(args.timeout * 1000);
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
  options.outputs.table = args.table;
  if (args.trivyPath) options.toolPaths.trivy = args.trivyPath;
  if (args.grypePath) options.toolPaths.grype = args.grypePath;
  if (args.syftPath) options.toolPaths.syft = args.syftPath;
  return options;
}

export function parseKeyValues(values: string[], flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} ${value}: use NAME=value`);
    result[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return result;
}
