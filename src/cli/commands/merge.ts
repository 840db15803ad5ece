import { withGateOptions } from '../flags.js';
import { gateCommands, type RegisterCommand, withOperands } from './command.js';

/** `merge <reports..>`: matrix jobs' JSON reports gated as one. */
export const registerMerge: RegisterCommand = (cli, exit) =>
  cli.command(
    'merge <reports..>',
    'combine JSON reports of matrix jobs and gate across all of them',
    (y) =>
      withGateOptions(y).positional('reports', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'JSON reports written by scan --json',
      }),
    async (args) => {
      exit(await (await gateCommands()).runMergeCommand(withOperands(args, 'reports')));
    },
  );
