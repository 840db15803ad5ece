import { withSignerOptions, withSigstoreOptions } from '../flags.js';
import { type RegisterCommand, supplyChain } from './command.js';

/** `attest <image>`: a signed SBOM, scan result or VEX document attached to the image by digest. */
export const registerAttest: RegisterCommand = (cli, exit) =>
  cli.command(
    'attest <image>',
    'attach a signed SBOM, scan result or VEX document to an image by digest',
    (y) =>
      withSigstoreOptions(withSignerOptions(y))
        .positional('image', { type: 'string', demandOption: true })
        .option('type', {
          type: 'string',
          demandOption: true,
          describe: 'cyclonedx, spdxjson, vuln, openvex, slsaprovenance, custom, or a predicate type URI',
        })
        .option('predicate', {
          type: 'string',
          describe: 'the predicate file (an SBOM, an OpenVEX document)',
        })
        .option('from-report', {
          type: 'string',
          describe: 'with --type vuln: build the predicate from a JSON report',
        })
        .option('key', { type: 'string', describe: 'PEM private key file or env://VAR' }),
    async (args) => {
      exit(await (await supplyChain()).runAttestCommand(args));
    },
  );
