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
import { explainRegistryFailure, parseVersionOutput } from '../tool-output.js';
import {
  type TrivyImagePlan,
  type TrivySbomRole,
  trivyConfigCommand,
  trivyConvertCommand,
  trivyDbCommand,
  trivyImageCommand,
  trivySbomFileCommand,
} from './command.js';
import { parseTrivyJson } from './parse.js';

const INSTALL_HINT =
  'trivy not found on PATH — install it (https://trivy.dev/latest/getting-started/installation/) or pass --trivy-path';

const VULN_DB_FAILURE = /failed to download vulnerability DB|\bDB error\b|\[vulndb\]|trivy-db/i;
const JAVA_DB_FAILURE = /java DB|trivy-java-db|\[javadb\]/i;

/** Trivy's known failure causes, in the words a user can act on. */
/** A run whose log stops while the DB is being fetched died there (some builds print no error line at all). */
const DIED_DOWNLOADING_DB = /Downloading (vulnerability )?DB/i;

export function explainTrivyFailure(outputs: ScannerOutputs): string | undefined {
  const lines = outputs.stderr
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  // INFO lines name the DB repository on every run; only error lines (or unlabelled ones) say what went wrong.
  const stderr = lines.filter((line) => !/\s(INFO|DEBUG|WARN)\s/.test(line)).join('\n');
  const diedDownloadingDb = DIED_DOWNLOADING_DB.test(lines.at(-1) ?? '');
  if (JAVA_DB_FAILURE.test(stderr)) {
    return (
      'the Java index database could not be downloaded (offline or rate-limited); Java packages cannot be ' +
      'identified — set TRIVY_JAVA_DB_REPOSITORY to a mirror or pre-fill the cache (--cache-dir)'
    );
  }
  if (VULN_DB_FAILURE.test(stderr) || diedDownloadingDb) {
    const cause = /TOOMANYREQUESTS|429/.test(stderr)
      ? 'rate-limited by the registry'
      : 'offline or rate-limited';
    return (
      `the vulnerability database could not be downloaded (${cause}); vulnerability scanning is unavailable — ` +
      'set TRIVY_DB_REPOSITORY to a mirror or pre-fill the cache (--cache-dir)'
    );
  }
  return explainRegistryFailure(stderr);
}

export function parseTrivyVersion(stdout: string): string | undefined {
  return parseVersionOutput(stdout, 'trivy');
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

/** `trivy image --download-db-only`: no report; any non-zero exit is the database being unavailable or broken. */
export const trivyDbProcess: Scanner = {
  ...processBase,
  name: 'trivy',
  produces: ['vulnerability'],
  command: (_target, opts) => trivyDbCommand(opts),
  parse: () => ({ findings: [] }),
};

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
