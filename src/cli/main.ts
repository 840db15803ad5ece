import yargs, { type Argv } from 'yargs';
import { EXIT, errorMessage, exitCodeFor, oneLine, UsageError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { registerAttest } from './commands/attest.js';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import type { RegisterCommand } from './commands/command.js';
import { registerInit } from './commands/init.js';
import { registerMerge } from './commands/merge.js';
import { registerReport } from './commands/report.js';
import { registerRescan } from './commands/rescan.js';
import { registerScan } from './commands/scan.js';
import { registerSign } from './commands/sign.js';
import { registerVerify } from './commands/verify.js';
import { registerVex } from './commands/vex.js';
import { installStopSignals } from './signals.js';

/** Every command, in the order `--help` lists them. */
const COMMANDS: readonly RegisterCommand[] = [
  registerScan,
  registerRescan,
  registerCheck,
  registerMerge,
  registerReport,
  registerInit,
  registerVex,
  registerBuild,
  registerSign,
  registerAttest,
  registerVerify,
];

/**
 * The CLI shell: yargs turns argv into one options object per command and calls the same pipeline the Action
 * calls. Exit codes (README): 0 gate passed, 1 gate failed, 2 a scanner or the run failed, 3 usage/config error,
 * 130/143/129 interrupted (SIGINT, SIGTERM, SIGHUP). Importing this module runs nothing: src/cli/index.ts does.
 */
export async function main(argv: string[]): Promise<number> {
  installStopSignals();
  let exitCode: number = EXIT.passed;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const cli = COMMANDS.reduce((parser, register) => register(parser, setExitCode), parser(argv)).fail(
    (message, error) => {
      throw error ?? new UsageError(`${message} — see container-gate --help`);
    },
  );
  try {
    await cli.parseAsync();
  } catch (error) {
    return reportFailure(error);
  }
  return exitCode;
}

/** The parser before its commands: program name, version, help width, and what argv may hold. */
function parser(argv: string[]): Argv {
  return (
    yargs(argv)
      // Values after `--` are operands, never options: `scan -- "$IMAGE"` stays safe whatever $IMAGE holds.
      .parserConfiguration({ 'populate--': true })
      .scriptName('container-gate')
      .version(VERSION)
      .strict()
      .wrap(Math.min(120, process.stdout.columns ?? 100))
      .demandCommand(
        1,
        'name a command: scan, rescan, check, merge, report, init, vex, build, sign, attest or verify',
      )
  );
}

/** A failed run as one line on stderr (and the stack with CONTAINER_GATE_DEBUG), and the exit code its error maps to. */
function reportFailure(error: unknown): number {
  process.stderr.write(`container-gate: ${oneLine(errorMessage(error))}\n`);
  if (process.env.CONTAINER_GATE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return exitCodeFor(error);
}
