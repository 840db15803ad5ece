import { withDatabaseOptions, withGateOptions } from '../flags.js';
import { gateCommands, type RegisterCommand, withOperands } from './command.js';

/** `check [paths..]`: the embedded checks on Dockerfiles and manifests, no image. */
export const registerCheck: RegisterCommand = (cli, exit) =>
  cli.command(
    'check [paths..]',
    'check Dockerfiles and Kubernetes manifests against the seed practice (no image needed)',
    (y) =>
      withDatabaseOptions(withGateOptions(y)).positional('paths', {
        type: 'string',
        array: true,
        default: ['.'] as string[],
        describe: 'files or directories',
      }),
    async (args) => {
      exit(await (await gateCommands()).runCheckCommand(withOperands(args, 'paths')));
    },
  );
