import { withGateOptions } from '../flags.js';
import { gateCommands, type RegisterCommand } from './command.js';

/** `report --from`: outputs rendered from a saved JSON report. */
export const registerReport: RegisterCommand = (cli, exit) =>
  cli.command(
    'report',
    'render SARIF, summary, table or JSON from a saved JSON report without scanning again',
    (y) =>
      withGateOptions(y).option('from', { type: 'string', demandOption: true, describe: 'a JSON report' }),
    async (args) => {
      exit(await (await gateCommands()).runReportCommand(args));
    },
  );
