import { join } from 'node:path';
import { applyConfig, buildConfig } from '../config/apply.js';
import { parseKeyValues } from '../config/flag-values.js';
import type { LoadedConfig } from '../config/load.js';
import { ACTION_WORDING } from '../databases/settings.js';
import { defaultOptions, type PolicyOptions, type RunOptions } from '../options.js';
import { UsageError } from '../util/errors.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';

/**
 * Inputs → the one options object the CLI builds too: the defaults, then the config file, then every input the
 * workflow set. Outputs the Action needs (the JSON report it reads its outputs from, the SARIF it uploads, the SBOMs
 * it attaches) always get a path, under the runner's temp directory unless the workflow or the file named one.
 * `baseline` must already be a path (`auto` is resolved by the caller, which talks to GitHub).
 */
export function toRunOptions(
  inputs: ActionInputs,
  context: ActionContext,
  loaded?: LoadedConfig,
): RunOptions {
  const options = defaultOptions();
  // On a runner, fetching a missing scanner is the useful default (the CLI's is to say it is missing).
  options.installMissing = true;
  if (loaded) applyConfig(options, loaded.config, loaded.path);
  const outDir = join(context.runnerTemp, 'container-gate');
  applyScanInputs(options, inputs);
  applyPolicyInputs(options.policy, inputs);
  options.outputs.json = inputs.jsonPath ?? options.outputs.json ?? join(outDir, 'report.json');
  options.outputs.sarif = inputs.sarifPath ?? options.outputs.sarif ?? join(outDir, 'results.sarif');
  options.outputs.sbomDir = options.outputs.sbomDir ?? join(outDir, 'sbom');
  if (inputs.sbomFormats) options.outputs.sbomFormats = [...inputs.sbomFormats];
  // The Action prints the table itself, in a log group; the pipeline never writes to stdout.
  options.outputs.table = false;
  if (inputs.timeoutMs !== undefined) options.timeoutMs = inputs.timeoutMs;
  if (inputs.installMissing !== undefined) options.installMissing = inputs.installMissing;
  options.databases.maxAgeMs = inputs.dbMaxAgeMs;
  options.databases.offline = inputs.offline;
  // Remedies name the Action's inputs (db-max-age, offline, database-cache), not the CLI's flags.
  options.databases.wording = ACTION_WORDING;
  if (inputs.trivyDbRepositories) options.databases.sources['trivy-db'] = [...inputs.trivyDbRepositories];
  if (inputs.grypeDbUrls) options.databases.sources['grype-db'] = [...inputs.grypeDbUrls];
  if (inputs.rescan) {
    options.rescan = { ...inputs.rescan };
    // As the CLI's rescan: an SBOM has no image files or config for container-gate's own checks, and the
    // repository's Dockerfile and manifests (from the config file too) are not what is deployed.
    options.checks = false;
    delete options.dockerfile;
    options.manifests = [];
    return options;
  }
  const build = inputs.build ?? loaded?.config.scan?.build ?? false;
  if (build) applyBuild(options, inputs, context, loaded);
  return options;
}

function applyScanInputs(options: RunOptions, inputs: ActionInputs): void {
  if (inputs.images) options.images = [...inputs.images];
  if (inputs.platform) options.platform = inputs.platform;
  if (inputs.scanners) options.scanners = [...inputs.scanners];
  if (inputs.checks !== undefined) options.checks = inputs.checks;
  if (inputs.dockerfile) options.dockerfile = inputs.dockerfile;
  if (inputs.manifests) options.manifests = [...inputs.manifests];
}

function applyPolicyInputs(policy: PolicyOptions, inputs: ActionInputs): void {
  if (inputs.threshold) policy.threshold = inputs.threshold;
  if (inputs.thresholds) policy.thresholds = { ...policy.thresholds, ...inputs.thresholds };
  if (inputs.ignoreUnfixed !== undefined) policy.ignoreUnfixed = inputs.ignoreUnfixed;
  if (inputs.unknownSeverity) policy.unknownSeverity = inputs.unknownSeverity;
  if (inputs.kev) policy.kev = inputs.kev;
  if (inputs.kevCatalog) policy.kevCatalog = inputs.kevCatalog;
  if (inputs.epss !== undefined) policy.epss = inputs.epss;
  if (inputs.baseline) policy.baseline = inputs.baseline;
  if (inputs.licenseAllow) policy.licenseAllow = [...inputs.licenseAllow];
  if (inputs.licenseDeny) policy.licenseDeny = [...inputs.licenseDeny];
  if (inputs.exceptionsFile) {
    policy.exceptionsFile = inputs.exceptionsFile;
    delete policy.inlineExceptions;
  }
  if (inputs.vexFiles) policy.vexFiles = [...inputs.vexFiles];
}

function applyBuild(
  options: RunOptions,
  inputs: ActionInputs,
  context: ActionContext,
  loaded?: LoadedConfig,
) {
  const file = buildConfig(loaded?.config);
  if (options.images.length > 1) {
    throw new UsageError(
      'input image: with build: true give at most one image, the name to tag the build with — scan other images in another step',
    );
  }
  const dockerfile = options.dockerfile ?? 'Dockerfile';
  const tag = options.images[0] ?? file.tag ?? defaultBuildTag(context);
  options.build = {
    context: inputs.context ?? file.context ?? '.',
    dockerfile,
    tag,
    builder: (file.builder ?? 'auto') as 'auto',
    labels: provenanceLabels(context),
    buildArgs: parseKeyValues(file.buildArg ?? [], 'config scan.build-arg'),
  };
  options.dockerfile = dockerfile;
  // The image input names what to build; the pipeline scans the build result, it does not pull the name.
  options.images = [];
}

/** A stable name (the repository) and a tag per commit, so SARIF categories stay the same across builds. */
function defaultBuildTag(context: ActionContext): string {
  const name = (context.repository?.repo ?? 'image')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  const tag = context.sha ? context.sha.slice(0, 12) : 'local';
  return `${name || 'image'}:${tag}`;
}

/** OCI annotations that tie the image to its source; no timestamp, so rebuilding the same commit gives the same labels. */
function provenanceLabels(context: ActionContext): Record<string, string> {
  const labels: Record<string, string> = {};
  if (context.repository) {
    labels['org.opencontainers.image.source'] =
      `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}`;
  }
  if (context.sha) labels['org.opencontainers.image.revision'] = context.sha;
  return labels;
}
