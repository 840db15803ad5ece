import type { Scanner, ScannerOutputs } from '../scanner.js';
import { explainRegistryFailure } from '../tool-output.js';
import { grypeCommand } from './command.js';
import { parseGrypeJson } from './parse.js';

const DB_FAILURE =
  /failed to load vulnerability db|unable to update vulnerability database|vulnerability database update|database does not exist|bad db checksum|unable to (?:fetch|download) (?:latest\.json|listing)/i;

/**
 * Grype's known failure causes, in the words a user can act on. Missing: `database does not exist`
 * (grype/db/v6/description.go:14); corrupt: `bad db checksum` (curator.go:590); load: `failed to load vulnerability db`
 * (cmd/grype/cli/commands/root.go:492-501).
 */
export function explainGrypeFailure(outputs: ScannerOutputs): string | undefined {
  if (DB_FAILURE.test(outputs.stderr)) {
    return (
      'grype could not load the vulnerability database container-gate gave it; vulnerability scanning is ' +
      'unavailable — name a reachable mirror with --grype-db-url, or fill the cache (--cache-dir)'
    );
  }
  return explainRegistryFailure(outputs.stderr);
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
