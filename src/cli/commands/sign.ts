import { withSignerOptions, withSigstoreOptions } from '../flags.js';
import { type RegisterCommand, supplyChain } from './command.js';

/** `sign <image>`: a Sigstore bundle attached to the image by digest. */
export const registerSign: RegisterCommand = (cli, exit) =>
  cli.command(
    'sign <image>',
    'sign an image by digest: a Sigstore bundle attached as an OCI referrer (keyless on CI with an OIDC token, or --key)',
    (y) =>
      withSigstoreOptions(withSignerOptions(y))
        .positional('image', {
          type: 'string',
          demandOption: true,
          describe: 'name@sha256:… (or name:tag with --resolve-digest)',
        })
        .option('key', {
          type: 'string',
          describe:
            'PEM private key file or env://VAR (password in COSIGN_PASSWORD); KMS URIs with --signer cosign',
        })
        .option('annotation', { type: 'string', array: true, default: [] as string[] }),
    async (args) => {
      exit(await (await supplyChain()).runSignCommand(args));
    },
  );
