import { policyCommands, type RegisterCommand } from './command.js';

/** `vex --from`: a report's accepted risks as an OpenVEX document. */
export const registerVex: RegisterCommand = (cli, exit) =>
  cli.command(
    'vex',
    "write an OpenVEX document of a report's accepted risks (exceptions and vendor statements), ready to attest",
    (y) =>
      y
        .option('from', { type: 'string', demandOption: true, describe: 'a JSON report' })
        .option('output', { type: 'string', describe: 'write here instead of stdout' })
        .option('author', { type: 'string', default: 'container-gate', describe: 'the document author' }),
    async (args) => {
      exit(await (await policyCommands()).runVexCommand(args));
    },
  );
