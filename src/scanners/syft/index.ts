import type { Scanner } from '../scanner.js';
import { explainRegistryFailure } from '../tool-output.js';
import { syftCommand } from './command.js';
import { sbomLicenseFindings } from './licenses.js';
import { parseSbomOutputs, SBOM_ROLES, type SbomRole } from './parse.js';

/** Syft is told to write every format it has (see `syftCommand`); each must come back. */
const SYFT_ROLES = Object.keys(SBOM_ROLES) as SbomRole[];

/** Syft: CycloneDX JSON, SPDX JSON and Syft JSON SBOMs of the image from one run, and the licenses they declare. */
export const syftScanner: Scanner = {
  name: 'syft',
  produces: 'sbom',
  executable: 'syft',
  installHint:
    'syft not found on PATH — install it (https://github.com/anchore/syft#installation) or pass --syft-path',
  reads: 'image',
  command: syftCommand,
  parse: (outputs, ctx) => {
    const sboms = parseSbomOutputs(outputs.files, 'syft', SYFT_ROLES);
    return { findings: sbomLicenseFindings(sboms, ctx, 'syft'), sboms };
  },
  versionArgs: ['--version'],
  explainFailure: (outputs) => explainRegistryFailure(outputs.stderr),
};
