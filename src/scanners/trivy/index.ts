import type { ScanResult } from '../../core/finding.js';
import type {
  ParseContext,
  Scanner,
  ScannerName,
  ScannerOutputs,
  ScanOptions,
  ScanTarget,
} from '../scanner.js';
import { parseSbomOutputs } from '../syft/parse.js';
import { explainRegistryFailure, parseVersionOutput } from '../tool-output.js';
import { type TrivyImageMode, trivyConfigCommand, trivyImageCommand } from './command.js';
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

function imageScanner(name: ScannerName, mode: Exclude<TrivyImageMode, 'sbom'>): Scanner {
  return {
    name,
    produces: mode === 'vuln' ? ['vulnerability'] : ['secret'],
    executable: 'trivy',
    installHint: INSTALL_HINT,
    reads: 'image',
    command: (target: ScanTarget, opts: ScanOptions) => trivyImageCommand(target, opts, mode),
    parse: (outputs: ScannerOutputs, ctx: ParseContext): ScanResult =>
      parseTrivyJson(outputs.files.json ?? '', ctx, name),
    versionArgs: ['--version'],
    explainFailure: explainTrivyFailure,
  };
}

/** `trivy image --scanners vuln`: OS and language package vulnerabilities. */
export const trivyVulnScanner: Scanner = imageScanner('trivy', 'vuln');

/** `trivy image --scanners secret`: secrets left in the image's files. Needs no database. */
export const trivySecretScanner: Scanner = imageScanner('trivy-secret', 'secret');

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

/** `trivy image --format cyclonedx`: Trivy's SBOM of the image. */
export const trivySbomScanner: Scanner = {
  name: 'trivy-sbom',
  produces: 'sbom',
  executable: 'trivy',
  installHint: INSTALL_HINT,
  reads: 'image',
  command: (target, opts) => trivyImageCommand(target, opts, 'sbom'),
  parse: (outputs) => ({ findings: [], sboms: parseSbomOutputs(outputs.files, 'trivy-sbom', ['cyclonedx']) }),
  versionArgs: ['--version'],
  explainFailure: explainTrivyFailure,
};
