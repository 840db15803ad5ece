import type { Scanner, ScannerOutputs } from '../scanner.js';
import { explainRegistryFailure, parseVersionOutput } from '../tool-output.js';
import { grypeCommand } from './command.js';
import { parseGrypeJson } from './parse.js';

const DB_FAILURE =
  /failed to load vulnerability db|unable to update vulnerability database|vulnerability database update|database does not exist|unable to (?:fetch|download) (?:latest\.json|listing)/i;

/** Grype's known failure causes, in the words a user can act on. */
export function explainGrypeFailure(outputs: ScannerOutputs): string | undefined {
  if (DB_FAILURE.test(outputs.stderr)) {
    return (
      'the vulnerability database could not be downloaded or loaded (offline or rate-limited); vulnerability ' +
      'scanning is unavailable — set GRYPE_DB_UPDATE_URL to a mirror or pre-fill the cache (grype db import, GRYPE_DB_CACHE_DIR)'
    );
  }
  return explainRegistryFailure(outputs.stderr);
}

export function parseGrypeVersion(stdout: string): string | undefined {
  return parseVersionOutput(stdout, 'grype');
}

/** Grype: OS and language package vulnerabilities, with EPSS and CISA KEV data. */
export const grypeScanner: Scanner = {
  name: 'grype',
  produces: ['vulnerability'],
  executable: 'grype',
  installHint:
    'grype not found on PATH — install it (https://github.com/anchore/grype#installation) or pass --grype-path',
  reads: 'image',
  // grype/pkg/syft_sbom_provider.go decodes every format Syft's decoders know (syft/format): these three among them.
  sbomInputs: ['cyclonedx-json', 'spdx-json', 'syft-json'],
  command: grypeCommand,
  parse: (outputs, ctx) => parseGrypeJson(outputs.files.json ?? '', ctx),
  versionArgs: ['--version'],
  explainFailure: explainGrypeFailure,
};
