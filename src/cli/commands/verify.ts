import { withSignerOptions, withVerifyPolicyOptions } from '../flags.js';
import { type RegisterCommand, supplyChain } from './command.js';

/** `verify <image>`: the image's signature or attestation checked against the signer policy before deploy. */
export const registerVerify: RegisterCommand = (cli, exit) =>
  cli.command(
    'verify <image>',
    'verify an image signature (or --attestation) before deploy: exit 0 verified, 1 not signed as the policy says',
    (y) =>
      withVerifyPolicyOptions(withSignerOptions(y))
        .positional('image', { type: 'string', demandOption: true })
        .option('attestation', {
          type: 'string',
          describe:
            'verify an attestation of this type (cyclonedx, spdxjson, vuln, openvex, … or a URI) instead of a signature',
        })
        .option('predicate-out', {
          type: 'string',
          describe:
            'with --attestation: write the verified predicate (the newest, e.g. the SBOM) to this file',
        }),
    async (args) => {
      exit(await (await supplyChain()).runVerifyCommand(args));
    },
  );
