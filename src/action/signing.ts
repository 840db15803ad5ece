import * as core from '@actions/core';
import type { Report } from '../core/report.js';
import { cleanLine } from '../report/escape.js';
import { actionsToolCache } from '../tools/actions-cache.js';
import { EXIT } from '../util/errors.js';
import type { ActionContext } from './context.js';
import type { GitHubClient } from './github-client.js';
import type { ActionInputs } from './inputs.js';
import { signStep } from './sign-step.js';

/**
 * `sign: true`, the release branch of the Action: only after the gate passed (`code` is the run's exit code so far)
 * are the scanned images signed and attested. Returns the failure that makes the run fail, if signing failed.
 */
export async function signingStep(
  report: Report,
  code: number,
  inputs: ActionInputs,
  context: ActionContext,
  client: () => GitHubClient,
): Promise<{ failure?: string }> {
  if (code !== EXIT.passed) {
    core.warning('sign: the gate did not pass, so nothing was signed');
    return {};
  }
  const signing = await core.group('container-gate: sign', () =>
    signStep(report, {
      signer: inputs.signer,
      ...(inputs.signKey ? { key: inputs.signKey } : {}),
      instance: inputs.sigstore,
      endpoints: inputs.sigstoreEndpoints,
      githubAttestations: inputs.githubAttestations,
      ...(context.repository ? { storeAttestation: storeAttestation(client, context.repository) } : {}),
      installMissing: inputs.installMissing ?? true,
      cache: actionsToolCache(),
      ...(context.runnerTemp ? { tempDir: context.runnerTemp } : {}),
      log: (line) => core.info(line),
      warn: (line) => core.warning(cleanLine(line, 1000)),
    }),
  );
  return signing.failure ? { failure: signing.failure } : {};
}

/** POST /repos/{owner}/{repo}/attestations (docs.github.com/en/rest/repos/attestations): body `{ bundle }`. */
function storeAttestation(client: () => GitHubClient, repository: { owner: string; repo: string }) {
  return async (bundle: unknown): Promise<void> => {
    await client().request('POST /repos/{owner}/{repo}/attestations', {
      ...repository,
      bundle: bundle as Record<string, unknown>,
    });
  };
}
