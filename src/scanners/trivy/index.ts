import type {
  Scanner,
  ScannerInfo,
  ScannerName,
  ScannerOutputs,
  ScanOptions,
  ScanTarget,
  TrivyPassSlot,
} from '../scanner.js';
import { parseSbomOutputs } from '../syft/parse.js';
import { explainRegistryFailure } from '../tool-output.js';
import {
  type TrivyImagePlan,
  type TrivySbomRole,
  trivyConfigCommand,
  trivyConvertCommand,
  trivyImageCommand,
  trivySbomFileCommand,
} from './command.js';
import { parseTrivyJson } from './parse.js';

const INSTALL_HINT =
  'trivy not found on PATH — install it (https://trivy.dev/latest/getting-started/installation/) or pass --trivy-path';

const VULN_DB_FAILURE = /failed to download vulnerability DB|\bDB error\b|\[vulndb\]|trivy-db/i;
const JAVA_DB_FAILURE = /java DB|trivy-java-db|\[javadb\]/i;
/**
 * A pass given `--skip-java-db-update` and no Java index, on an image with Java archives: the jar analyzer fails the
 * whole pass (aquasecurity/trivy v0.74.0 pkg/javadb/client.go:56-58, jar/jar.go:49-52, analyzer.go:592-593).
 */
const JAVA_DB_MISSING_TEXT =
  /'--skip-java-db-update' cannot be specified on the first run|first run cannot skip downloading Java DB/i;

/** The explanation of a pass that needed the Java index it was not given; the pass runner fetches it and retries. */
export const JAVA_DB_MISSING =
  'the image holds Java archives and the Java index database was not in the cache given to trivy';

/** A run whose log stops while the DB is being fetched died there (some builds print no error line at all). */
const DIED_DOWNLOADING_DB = /Downloading (vulnerability )?DB/i;

/** Trivy's known failure causes, in the words a user can act on. */
export function explainTrivyFailure(outputs: ScannerOutputs): string | undefined {
  const lines = outputs.stderr
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  // INFO lines name the DB repository on every run; only error lines (or unlabelled ones) say what went wrong.
  const stderr = lines.filter((line) => !/\s(INFO|DEBUG|WARN)\s/.test(line)).join('\n');
  const diedDownloadingDb = DIED_DOWNLOADING_DB.test(lines.at(-1) ?? '');
  if (JAVA_DB_MISSING_TEXT.test(stderr)) return JAVA_DB_MISSING;
  if (JAVA_DB_FAILURE.test(stderr)) {
    return (
      'the Java index database could not be read or downloaded; Java packages cannot be identified — ' +
      'name a reachable mirror with --trivy-java-db-repository, or fill the cache (--cache-dir)'
    );
  }
  if (VULN_DB_FAILURE.test(stderr) || diedDownloadingDb) {
    const cause = /TOOMANYREQUESTS|429/.test(stderr)
      ? 'rate-limited by the registry'
      : /schema|old DB/i.test(stderr)
        ? 'its schema is not the one this trivy reads'
        : 'offline, rate-limited or unreadable';
    return (
      `trivy could not use the vulnerability database (${cause}); vulnerability scanning is unavailable — ` +
      'name a reachable mirror with --trivy-db-repository, or fill the cache (--cache-dir)'
    );
  }
  return explainRegistryFailure(stderr);
}

const slot = (name: ScannerName, pass: TrivyPassSlot['pass'], produces: TrivyPassSlot['produces']) =>
  ({
    name,
    pass,
    produces,
    executable: 'trivy',
    installHint: INSTALL_HINT,
    reads: 'image',
    versionArgs: ['--version'],
    explainFailure: explainTrivyFailure,
  }) satisfies TrivyPassSlot;

/**
 * Vulnerabilities of OS and language packages: the `vuln` scanner of Trivy's one pass per image. An SBOM target is read
 * with `trivy sbom`, which takes CycloneDX and SPDX but not syft-json (aquasecurity/trivy v0.74.0 pkg/sbom/sbom.go
 * DetectFormat).
 */
export const trivyVulnScanner: TrivyPassSlot = {
  ...slot('trivy', 'vuln', ['vulnerability']),
  sbomInputs: ['cyclonedx-json', 'spdx-json'],
};

/** Secrets left in the image's files: the `secret` scanner of the same pass. Needs no database. */
export const trivySecretScanner: TrivyPassSlot = slot('trivy-secret', 'secret', ['secret']);

/**
 * `--scanners license` in the pass: the licenses of the image's packages, each with Trivy's category (forbidden,
 * restricted, reciprocal, notice…) as its severity. Needs no vulnerability database.
 */
export const trivyLicenseScanner: TrivyPassSlot = slot('trivy-license', 'license', ['license']);

/** Trivy's SBOM of the image (CycloneDX and SPDX JSON), converted from the same pass's report. */
export const trivySbomScanner: TrivyPassSlot = slot('trivy-sbom', 'sbom', 'sbom');

/** `trivy config`: Dockerfile and Kubernetes misconfigurations, one file or directory per run. */
export const trivyConfigScanner: Scanner = {
  name: 'trivy-config',
  produces: ['misconfiguration'],
  executable: 'trivy',
  installHint: INSTALL_HINT,
  reads: 'config',
  command: (_target: ScanTarget, opts: ScanOptions) => trivyConfigCommand(opts),
  parse: (outputs, ctx) => parseTrivyJson(outputs.files.json ?? '', ctx, 'trivy-config'),
  versionArgs: ['--version'],
  explainFailure: explainTrivyFailure,
};

/**
 * The processes behind the pass slots, each run by the common runner (src/scanners/run.ts) so that a crash, a
 * timeout or output that cannot be trusted is a failed run like any other scanner's. `name` is the slot a failure
 * is first reported under; the pass runner copies the outcome to every slot it concerns.
 */
const processBase: Omit<ScannerInfo, 'name' | 'produces'> = {
  executable: 'trivy',
  installHint: INSTALL_HINT,
  reads: 'image',
  versionArgs: ['--version'],
  explainFailure: explainTrivyFailure,
};

/** One `trivy image` over the image for every selected kind; its report holds all their findings. */
export function trivyImagePassProcess(plan: TrivyImagePlan): Scanner {
  return {
    ...processBase,
    name: plan.scanners.includes('vuln')
      ? 'trivy'
      : plan.scanners.includes('secret')
        ? 'trivy-secret'
        : plan.scanners.includes('license')
          ? 'trivy-license'
          : 'trivy-sbom',
    produces: ['vulnerability', 'secret', 'license'],
    command: (target, opts) => trivyImageCommand(target, opts, plan),
    parse: (outputs, ctx) => parseTrivyJson(outputs.files.json ?? '', ctx, 'trivy'),
  };
}

/** `trivy convert` of a pass's report to one SBOM format. */
export function trivyConvertProcess(report: string, role: TrivySbomRole): Scanner {
  return {
    ...processBase,
    name: 'trivy-sbom',
    produces: 'sbom',
    command: (_target, opts) => trivyConvertCommand(report, opts, role),
    parse: (outputs) => ({ findings: [], sboms: parseSbomOutputs(outputs.files, 'trivy-sbom', [role]) }),
  };
}

/** `trivy sbom <file>`: vulnerabilities of the packages an SBOM lists (an `sbom:` target). */
export const trivySbomFileProcess: Scanner = {
  ...processBase,
  name: 'trivy',
  produces: ['vulnerability'],
  command: trivySbomFileCommand,
  parse: (outputs, ctx) => parseTrivyJson(outputs.files.json ?? '', ctx, 'trivy'),
};
