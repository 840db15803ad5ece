import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, errorMessage, exitCodeFor, oneLine, UsageError } from '../util/errors.js';
import { VERSION } from '../version.js';
import {
  runDirOptions,
  withDatabaseOptions,
  withGateOptions,
  withScanOptions,
  withSignerOptions,
  withSigstoreOptions,
  withVerifyPolicyOptions,
} from './flags.js';
import { installStopSignals } from './signals.js';

/** A command's implementation, loaded when that command runs: `--version`, `--help` and one command load no other. */
const commands = () => import('./commands.js');
const supplyChain = () => import('./supply-chain.js');
const policyCommands = () => import('./policy-commands.js');

/**
 * The CLI shell: yargs turns argv into one options object per command and calls the same pipeline the Action
 * calls. Exit codes (README): 0 gate passed, 1 gate failed, 2 a scanner or the run failed, 3 usage/config error,
 * 130/143/129 interrupted (SIGINT, SIGTERM, SIGHUP).
 */
export async function main(argv: string[]): Promise<number> {
  installStopSignals();
  let exitCode: number = EXIT.passed;
  const cli = yargs(argv)
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
    .command(
      'scan [images..]',
      'scan one or more images and gate on the policy',
      (y: Argv) => withDatabaseOptions(withScanOptions(withGateOptions(y))),
      async (args) => {
        exitCode = await (await commands()).runScanCommand(withOperands(args, 'images') as never);
      },
    )
    .command(
      'rescan <images..>',
      "re-scan deployed images from their verified SBOM attestations, without pulling them: scan's gate, reports and exit codes",
      (y: Argv) =>
        withVerifyPolicyOptions(withSignerOptions(withGateOptions(y)))
          .positional('images', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'deployed images by digest: name@sha256:… (an index: each platform)',
          })
          .option('platform', {
            type: 'string',
            describe: 'of a multi-platform image, re-scan only this platform (linux/arm64)',
          })
          .option('sbom-dir', {
            type: 'string',
            describe: 'write each verified SBOM that was re-scanned into this directory',
          })
          .options(runDirOptions('the verified SBOMs and raw scanner outputs')),
      async (args) => {
        exitCode = await (await commands()).runRescanCommand(withOperands(args, 'images') as never);
      },
    )
    .command(
      'check [paths..]',
      'check Dockerfiles and Kubernetes manifests against the seed practice (no image needed)',
      (y: Argv) =>
        withDatabaseOptions(withGateOptions(y)).positional('paths', {
          type: 'string',
          array: true,
          default: ['.'] as string[],
          describe: 'files or directories',
        }),
      async (args) => {
        exitCode = await (await commands()).runCheckCommand(withOperands(args, 'paths') as never);
      },
    )
    .command(
      'merge <reports..>',
      'combine JSON reports of matrix jobs and gate across all of them',
      (y: Argv) =>
        withGateOptions(y).positional('reports', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'JSON reports written by scan --json',
        }),
      async (args) => {
        exitCode = await (await commands()).runMergeCommand(withOperands(args, 'reports') as never);
      },
    )
    .command(
      'report',
      'render SARIF, summary, table or JSON from a saved JSON report without scanning again',
      (y: Argv) =>
        withGateOptions(y).option('from', { type: 'string', demandOption: true, describe: 'a JSON report' }),
      async (args) => {
        exitCode = await (await commands()).runReportCommand(args as never);
      },
    )
    .command(
      'init',
      'write a commented starter container-gate.yaml (the policy file)',
      (y: Argv) =>
        y
          .option('path', { type: 'string', default: 'container-gate.yaml', describe: 'where to write it' })
          .option('force', { type: 'boolean', default: false, describe: 'replace an existing file' }),
      async (args) => {
        exitCode = await (await policyCommands()).runInitCommand(args as never);
      },
    )
    .command(
      'vex',
      "write an OpenVEX document of a report's accepted risks (exceptions and vendor statements), ready to attest",
      (y: Argv) =>
        y
          .option('from', { type: 'string', demandOption: true, describe: 'a JSON report' })
          .option('output', { type: 'string', describe: 'write here instead of stdout' })
          .option('author', { type: 'string', default: 'container-gate', describe: 'the document author' }),
      async (args) => {
        exitCode = await (await policyCommands()).runVexCommand(args as never);
      },
    )
    .command(
      'build <tag>',
      'build an image (docker buildx, podman or buildah) with provenance labels; prints name@sha256:…',
      (y: Argv) =>
        y
          .positional('tag', { type: 'string', demandOption: true })
          .option('dockerfile', { type: 'string', default: 'Dockerfile' })
          .option('context', { type: 'string', default: '.' })
          .option('builder', { type: 'string', default: 'auto', describe: 'auto, buildx, podman or buildah' })
          .option('build-arg', { type: 'string', array: true, default: [] as string[] })
          .option('label', { type: 'string', array: true, default: [] as string[] }),
      async (args) => {
        exitCode = await (await supplyChain()).runBuildCommand(args as never);
      },
    )
    .command(
      'sign <image>',
      'sign an image by digest: a Sigstore bundle attached as an OCI referrer (keyless on CI with an OIDC token, or --key)',
      (y: Argv) =>
        withSigstoreOptions(withSignerOptions(y))
          .positional('image', {
            type: 'string',
            demandOption: true,
            describe: 'name@sha256:… (or name:tag with --resolve-digest)',
          })
          .option('key', {
            type: 'string',
            describe:
              'PEM private key file or env://VAR (password in COSIGN_PASSWORD); KMS URIs with --signer cosign',
          })
          .option('annotation', { type: 'string', array: true, default: [] as string[] }),
      async (args) => {
        exitCode = await (await supplyChain()).runSignCommand(args as never);
      },
    )
    .command(
      'attest <image>',
      'attach a signed SBOM, scan result or VEX document to an image by digest',
      (y: Argv) =>
        withSigstoreOptions(withSignerOptions(y))
          .positional('image', { type: 'string', demandOption: true })
          .option('type', {
            type: 'string',
            demandOption: true,
            describe: 'cyclonedx, spdxjson, vuln, openvex, slsaprovenance, custom, or a predicate type URI',
          })
          .option('predicate', {
            type: 'string',
            describe: 'the predicate file (an SBOM, an OpenVEX document)',
          })
          .option('from-report', {
            type: 'string',
            describe: 'with --type vuln: build the predicate from a JSON report',
          })
          .option('key', { type: 'string', describe: 'PEM private key file or env://VAR' }),
      async (args) => {
        exitCode = await (await supplyChain()).runAttestCommand(args as never);
      },
    )
    .command(
      'verify <image>',
      'verify an image signature (or --attestation) before deploy: exit 0 verified, 1 not signed as the policy says',
      (y: Argv) =>
        withVerifyPolicyOptions(withSignerOptions(y))
          .positional('image', { type: 'string', demandOption: true })
          .option('attestation', {
            type: 'string',
            describe:
              'verify an attestation of this type (cyclonedx, spdxjson, vuln, openvex, … or a URI) instead of a signature',
          })
          .option('predicate-out', {
            type: 'string',
            describe:
              'with --attestation: write the verified predicate (the newest, e.g. the SBOM) to this file',
          }),
      async (args) => {
        exitCode = await (await supplyChain()).runVerifyCommand(args as never);
      },
    )
    .fail((message, error) => {
      throw error ?? new UsageError(`${message} — see container-gate --help`);
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    process.stderr.write(`container-gate: ${oneLine(errorMessage(error))}\n`);
    if (process.env.CONTAINER_GATE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error);
  }
  return exitCode;
}

/** Appends the operands given after `--` to the command's list positional. */
function withOperands<T extends Record<string, unknown>>(args: T, positional: string): T {
  const operands = (args['--'] as unknown[] | undefined)?.map(String) ?? [];
  if (operands.length === 0) return args;
  const given = (args[positional] as string[] | undefined) ?? [];
  // `check` defaults to `.`: operands replace the default rather than adding to it.
  const base = positional === 'paths' && given.length === 1 && given[0] === '.' ? [] : given;
  return { ...args, [positional]: [...base, ...operands] };
}

const code = await main(hideBin(process.argv));
// An interrupted run may leave a read blocked in the thread pool (a FIFO nobody writes to): exit without waiting for it.
if (code >= 128) process.exit(code);
process.exitCode = code;
