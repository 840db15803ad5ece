import { join } from 'node:path';
import type { ScannerInvocation, ScanOptions, ScanTarget } from '../scanner.js';
import { anchoreEnv, grypeSourceArgs } from '../syft/command.js';

/**
 * `grype -o json --file <report>`: the report goes to a file so that nothing Grype prints can corrupt it. Never
 * `--fail-on`: the gate decides from the report.
 */
export function grypeCommand(target: ScanTarget, opts: ScanOptions): ScannerInvocation {
  const output = join(opts.workDir, 'grype.json');
  const args = ['--output', 'json', `--file=${output}`];
  if (target.platform && target.kind !== 'sbom') args.push(`--platform=${target.platform}`);
  args.push(...grypeSourceArgs(target));
  return { args, outputs: { json: output }, env: anchoreEnv('GRYPE', opts) };
}
