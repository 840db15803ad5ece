import { readFile } from 'node:fs/promises';
import { parseExceptionsFile, parseVexDocument } from './core/exceptions.js';
import { DEFAULT_POLICY, type Policy } from './core/policy.js';
import { UsageError } from './errors.js';
import type { PolicyOptions } from './options.js';

/** Reads the exceptions and VEX files named in the options into a pure `Policy`. */
export async function loadPolicy(options: PolicyOptions): Promise<Policy> {
  const exceptions = options.exceptionsFile
    ? parseExceptionsFile(await readInput(options.exceptionsFile, 'exceptions file'), options.exceptionsFile)
    : [];
  const vex = [];
  for (const file of options.vexFiles) vex.push(...parseVexDocument(await readInput(file, 'VEX file'), file));
  return {
    ...DEFAULT_POLICY,
    threshold: options.threshold,
    ignoreUnfixed: options.ignoreUnfixed,
    unknownSeverity: options.unknownSeverity,
    exceptions,
    vex,
  };
}

const MAX_POLICY_BYTES = 16 * 1024 * 1024;

export async function readInput(path: string, what: string): Promise<string> {
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_POLICY_BYTES)
      throw new UsageError(`${what} ${path}: larger than 16 MiB — is this the right file?`);
    return buffer.toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${what} ${path}: ${code === 'ENOENT' ? 'not found' : (code ?? String(error))} — check the path`,
    );
  }
}
