import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { defaultOptions, type RunOptions } from '../options.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';

/**
 * Inputs → the one options object the CLI builds too. Outputs the Action needs (the JSON report it reads its
 * outputs from, the SARIF it uploads, the SBOMs it attaches) always get a path, under the runner's temp directory
 * unless the workflow named one.
 */
export function toRunOptions(inputs: ActionInputs, context: ActionContext): RunOptions {
  const options = defaultOptions();
  const outDir = join(context.runnerTemp, 'container-gate');
  options.images = [...inputs.images];
  if (inputs.platform) options.platform = inputs.platform;
  options.scanners = [...inputs.scanners];
  options.checks = inputs.checks;
  if (inputs.dockerfile) options.dockerfile = inputs.dockerfile;
  options.manifests = [...inputs.manifests];
  options.policy = {
    threshold: inputs.threshold,
    ignoreUnfixed: inputs.ignoreUnfixed,
    unknownSeverity: inputs.unknownSeverity,
    ...(inputs.exceptionsFile ? { exceptionsFile: inputs.exceptionsFile } : {}),
    vexFiles: [...inputs.vexFiles],
  };
  options.outputs = {
    json: inputs.jsonPath ?? join(outDir, 'report.json'),
    sarif: inputs.sarifPath ?? join(outDir, 'results.sarif'),
    sbomDir: join(outDir, 'sbom'),
    sbomFormats: [...inputs.sbomFormats],
    // The Action prints the table itself, in a log group; the pipeline never writes to stdout.
    table: false,
  };
  options.timeoutMs = inputs.timeoutMs;
  options.installMissing = inputs.installMissing;
  if (inputs.rescan) {
    options.rescan = { ...inputs.rescan };
    // As the CLI's rescan: an SBOM has no image files or config for container-gate's own checks.
    options.checks = false;
  }

  if (inputs.build) {
    if (inputs.images.length > 1) {
      throw new UsageError(
        'input image: with build: true give at most one image, the name to tag the build with — scan other images in another step',
      );
    }
    const dockerfile = inputs.dockerfile ?? 'Dockerfile';
    const tag = inputs.images[0] ?? defaultBuildTag(context);
    options.build = {
      context: inputs.context,
      dockerfile,
      tag,
      builder: 'auto',
      labels: provenanceLabels(context),
      buildArgs: {},
    };
    options.dockerfile = dockerfile;
    // The image input names what to build; the pipeline scans the build result, it does not pull the name.
    options.images = [];
  }
  return options;
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
