import { withDatabaseOptions, withGateOptions, withScanOptions } from '../flags.js';
import { gateCommands, type RegisterCommand, withOperands } from './command.js';

/** `scan [images..]`: the pipeline on images, gated on the policy. */
export const registerScan: RegisterCommand = (cli, exit) =>
  cli.command(
    'scan [images..]',
    'scan one or more images and gate on the policy',
    (y) => withDatabaseOptions(withScanOptions(withGateOptions(y))),
    async (args) => {
      exit(await (await gateCommands()).runScanCommand(withOperands(args, 'images')));
    },
  );
