import type { Argv } from 'yargs';

/** Where a command's handler puts the exit code the process ends with (yargs drops what a handler returns). */
export type ExitCodeSink = (code: number) => void;

/**
 * One CLI command: registers its name, description and flags on the parser, and a handler that loads the command's
 * implementation only when it runs (`--version`, `--help` and one command load no other).
 */
export type RegisterCommand = (cli: Argv, exit: ExitCodeSink) => Argv;

/** The implementations, each a chunk of its own in dist/cli/chunks. */
export const gateCommands = () => import('../gate-commands.js');
export const policyCommands = () => import('../policy-commands.js');
export const supplyChain = () => import('../supply-chain.js');

/** Appends the operands given after `--` to the command's list positional. */
export function withOperands<K extends string, T extends Record<K, string[]>>(args: T, positional: K): T {
  const operands = (args as { '--'?: unknown[] })['--']?.map(String) ?? [];
  if (operands.length === 0) return args;
  const given: string[] = args[positional] ?? [];
  // `check` defaults to `.`: operands replace the default rather than adding to it.
  const base = positional === 'paths' && given.length === 1 && given[0] === '.' ? [] : given;
  return { ...args, [positional]: [...base, ...operands] };
}
