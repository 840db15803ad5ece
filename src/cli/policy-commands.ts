import { writeStarterConfig } from '../config/init.js';
import { readInput } from '../config/policy-load.js';
import { buildOpenVex } from '../core/openvex.js';
import { parseJsonReport } from '../report/json.js';
import { EXIT, UsageError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs-atomic.js';
import { VERSION } from '../version.js';

/** `init`: a commented starter container-gate.yaml (never over an existing file unless --force). */
export async function runInitCommand(args: { path: string; force: boolean }): Promise<number> {
  await writeStarterConfig(args.path, args.force);
  process.stderr.write(
    `wrote ${args.path}: the default policy, each rule explained; edit it and commit it\n`,
  );
  return EXIT.passed;
}

/** `vex --from report.json`: the accepted risks of a report as OpenVEX, to stdout or `--output`. */
export async function runVexCommand(args: {
  from: string;
  output?: string;
  author: string;
}): Promise<number> {
  const report = parseJsonReport(await readInput(args.from, 'report'), args.from);
  const document = buildOpenVex(report, {
    author: args.author,
    timestamp: new Date().toISOString(),
    tooling: `container-gate ${VERSION}`,
  });
  if (document.statements.length === 0) {
    throw new UsageError(
      `vex: ${args.from} has no accepted risk to state (no vulnerability excepted, VEX-suppressed or marked not_affected by its vendor)`,
    );
  }
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (args.output) {
    await writeFileAtomic(args.output, text, 'OpenVEX document');
    process.stderr.write(`wrote ${args.output}: ${document.statements.length} statement(s)\n`);
  } else {
    process.stdout.write(text);
  }
  return EXIT.passed;
}
