import { runDirOptions, withGateOptions, withSignerOptions, withVerifyPolicyOptions } from '../flags.js';
import { gateCommands, type RegisterCommand, withOperands } from './command.js';

/** `rescan <images..>`: deployed images re-scanned from their verified SBOM attestations. */
export const registerRescan: RegisterCommand = (cli, exit) =>
  cli.command(
    'rescan <images..>',
    "re-scan deployed images from their verified SBOM attestations, without pulling them: scan's gate, reports and exit codes",
    (y) =>
      withVerifyPolicyOptions(withSignerOptions(withGateOptions(y)))
        .positional('images', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'deployed images by digest: name@sha256:… (an index: each platform)',
        })
        .option('platform', {
          type: 'string',
          describe: 'of a multi-platform image, re-scan only this platform (linux/arm64)',
        })
        .option('sbom-dir', {
          type: 'string',
          describe: 'write each verified SBOM that was re-scanned into this directory',
        })
        .options(runDirOptions('the verified SBOMs and raw scanner outputs')),
    async (args) => {
      exit(await (await gateCommands()).runRescanCommand(withOperands(args, 'images')));
    },
  );
