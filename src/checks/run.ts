import { resolve, sep } from 'node:path';
import type { Finding } from '../core/finding.js';
import type { ScannerRun } from '../core/report.js';
import type { ProgressSink } from '../options.js';
import { VERSION } from '../version.js';
import { CHECKS_SCANNER } from './finding.js';
import { formatCheckError, runChecks } from './index.js';
import { loadCheckInputs } from './load.js';
import type { CheckOutcome, ImageConfigInput } from './types.js';

/** What the embedded checks gave a scan: their run as the report shows it, their findings and their errors. */
export interface EmbeddedChecksOutcome {
  run: ScannerRun;
  findings: Finding[];
  /** The input's fault (a file that cannot be read as a Dockerfile or manifest): a usage error. */
  errors: string[];
  /** A failure of container-gate's own checks: it fails the run, never a usage error. */
  internalErrors: string[];
}

/**
 * container-gate's own checks in a scan: the Dockerfiles and manifests the user named (`paths`) and the images'
 * configs, shown on the progress display as one run of `CHECKS_SCANNER`.
 */
export async function runEmbeddedChecks(
  paths: string[],
  imageConfigs: ImageConfigInput[],
  hooks: { progress?: ProgressSink; signal?: AbortSignal },
): Promise<EmbeddedChecksOutcome> {
  const started = performance.now();
  const subjects = [...paths, ...imageConfigs.map((c) => c.target)];
  hooks.progress?.start(CHECKS_SCANNER, `${CHECKS_SCANNER} checks ${subjects.join(', ')}`);
  const inputs = paths.length > 0 ? await loadCheckInputs(paths, hooks.signal) : {};
  const outcome = runChecks({ ...inputs, imageConfigs });
  const files = new Set(
    [...(inputs.dockerfiles ?? []), ...(inputs.manifests ?? [])].map((input) => input.path),
  );
  const findings = underGivenPaths(outcome.findings, files, paths);
  const errors = outcome.errors.filter((e) => !e.internal).map(formatCheckError);
  // A failure of our own checks is not the input's fault: it fails the run (exit 2), never a usage error (exit 3).
  const internalErrors = outcome.errors.filter((e) => e.internal).map(formatCheckError);
  for (const error of uncheckedPathErrors(paths, files, outcome)) errors.push(error);
  const failures = [...internalErrors, ...errors];
  const run: ScannerRun = {
    name: CHECKS_SCANNER,
    target: subjects.join(', '),
    version: VERSION,
    status: failures.length > 0 ? 'failed' : 'ok',
    durationMs: Math.round(performance.now() - started),
    findings: findings.length,
    ...(failures.length > 0 ? { error: failures.join('; ') } : {}),
    ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
  };
  hooks.progress?.finish(CHECKS_SCANNER, run);
  return { run, findings, errors, internalErrors };
}

/**
 * Findings belong to the path the user named (`k8s/`), not to each file under it (the file is in the location):
 * a SARIF category per given path, not one per manifest, keeps a repository of many manifests within GitHub's
 * 20 runs per upload. Trivy's config findings are grouped the same way.
 */
function underGivenPaths(
  findings: Finding[],
  files: ReadonlySet<string>,
  paths: readonly string[],
): Finding[] {
  return findings.map((finding) => {
    if (!files.has(finding.target)) return finding; // an image's findings keep the image
    const given = givenPathOf(finding.target, paths);
    return given === finding.target ? finding : { ...finding, target: given };
  });
}

/** A path the user named in which nothing could be checked (only templates) is not a pass of it: an input error. */
function uncheckedPathErrors(
  paths: readonly string[],
  files: ReadonlySet<string>,
  outcome: CheckOutcome,
): string[] {
  const notChecked = new Set(outcome.notChecked);
  return paths.flatMap((path) => {
    const under = [...files].filter((file) => givenPathOf(file, paths) === path);
    if (under.length === 0 || !under.every((file) => notChecked.has(file))) return [];
    const templates = under.length === 1 ? 'a template' : `${under.length} templates`;
    return [
      `${path}: nothing in it could be checked (${templates}, not plain YAML) — render it first (helm template …) and check the output`,
    ];
  });
}

/** The given path (as the user wrote it) that is `file` or holds it; `file` itself when none does (an image). */
export function givenPathOf(file: string, given: readonly string[]): string {
  const absolute = resolve(file);
  for (const path of given) {
    const root = resolve(path);
    if (absolute === root || absolute.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return path;
  }
  return file;
}
