import { join } from 'node:path';
import type { ScannerInvocation, ScanOptions, ScanTarget } from '../scanner.js';
import { anchoreEnv, anchoreIsolation, grypeSourceArgs } from '../syft/command.js';

/**
 * `grype -o json --file <report>`: the report goes to a file so that nothing Grype prints can corrupt it. Never
 * `--fail-on`: the gate decides from the report (see `anchoreIsolation`).
 */
export function grypeCommand(target: ScanTarget, opts: ScanOptions): ScannerInvocation {
  const output = join(opts.workDir, 'grype.json');
  const isolation = anchoreIsolation('GRYPE', opts.workDir);
  const args = ['--output', 'json', `--file=${output}`, ...isolation.args];
  if (target.platform && target.kind !== 'sbom') args.push(`--platform=${target.platform}`);
  args.push(...grypeSourceArgs(target));
  return { ...isolation, args, outputs: { json: output }, env: anchoreEnv('GRYPE', opts) };
}
