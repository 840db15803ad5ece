import * as core from '@actions/core';
import { runScan } from '../pipeline.js';
import { EXIT } from '../util/errors.js';
import { runAction } from './run.js';

/**
 * Entry of `uses: org/container-gate@v1` (bundled to dist/action/index.js). The runner stops a cancelled step
 * with SIGINT, then SIGTERM: both abort the pipeline, which stops its scanners instead of leaving them running.
 */
const controller = new AbortController();
const stop = (signal: 'SIGINT' | 'SIGTERM') => () => controller.abort(signal);
process.once('SIGINT', stop('SIGINT'));
process.once('SIGTERM', stop('SIGTERM'));

try {
  await runAction({
    runScan,
    signal: controller.signal,
    artifactUploader: async () => {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      return new DefaultArtifactClient();
    },
  });
} catch (error) {
  // runAction concludes every failure it knows; this is a bug, reported as a run failure (exit 2).
  core.setFailed(
    `container-gate: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = EXIT.runFailed;
}
