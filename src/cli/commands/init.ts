import { policyCommands, type RegisterCommand } from './command.js';

/** `init`: a commented starter policy file. */
export const registerInit: RegisterCommand = (cli, exit) =>
  cli.command(
    'init',
    'write a commented starter container-gate.yaml (the policy file)',
    (y) =>
      y
        .option('path', { type: 'string', default: 'container-gate.yaml', describe: 'where to write it' })
        .option('force', { type: 'boolean', default: false, describe: 'replace an existing file' }),
    async (args) => {
      exit(await (await policyCommands()).runInitCommand(args));
    },
  );
