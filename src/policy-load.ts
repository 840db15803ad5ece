import { parseExceptionsFile, parseVexDocument } from './core/exceptions.js';
import { DEFAULT_POLICY, type Policy } from './core/policy.js';
import { type InputKind, readInputFile } from './input-file.js';
import type { PolicyOptions } from './options.js';

/** Reads the exceptions and VEX files named in the options into a pure `Policy`. */
export async function loadPolicy(options: PolicyOptions, signal?: AbortSignal): Promise<Policy> {
  const exceptions = options.exceptionsFile
    ? parseExceptionsFile(
        await readInputFile(options.exceptionsFile, 'exceptions file', signal),
        options.exceptionsFile,
      )
    : [];
  const vex = [];
  for (const file of options.vexFiles)
    for (const statement of parseVexDocument(await readInputFile(file, 'VEX file', signal), file))
      vex.push(statement);
  return {
    ...DEFAULT_POLICY,
    threshold: options.threshold,
    ignoreUnfixed: options.ignoreUnfixed,
    unknownSeverity: options.unknownSeverity,
    exceptions,
    vex,
  };
}

/** An input file of the given kind, bounded (see `INPUT_LIMITS`). */
export function readInput(path: string, what: InputKind, signal?: AbortSignal): Promise<string> {
  return readInputFile(path, what, signal);
}
