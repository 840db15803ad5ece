import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { buildImage, provenanceLabels } from '../image/build.js';
import { readInput } from '../policy-load.js';
import { parseJsonReport } from '../report/json.js';
import {
  ATTESTATION_TYPES,
  type AttestationType,
  attestImage,
  signImage,
  verifyImage,
} from '../sign/cosign.js';
import { githubInvocation, vulnPredicate } from '../sign/predicate.js';
import { VERSION } from '../version.js';
import { parseKeyValues } from './options.js';
import { checkPredicateFile } from './predicate-check.js';

/**
 * `build`, `sign`, `attest`, `verify`: the release half of the pipeline. Every image is handled by digest; keys'
 * passwords and registry credentials come from the environment (COSIGN_PASSWORD, docker config), never argv.
 */
export function withCosignOptions<T>(y: Argv<T>) {
  return y
    .option('cosign-path', { type: 'string', describe: 'cosign executable (default: cosign on PATH)' })
    .option('insecure-registry', {
      type: 'boolean',
      default: false,
      describe: 'registry over HTTP / without TLS verification',
    })
    .option('resolve-digest', {
      type: 'boolean',
      default: false,
      describe: 'resolve name:tag to the digest the registry serves now (otherwise a digest is required)',
    });
}

interface CosignArgs {
  image: string;
  cosignPath?: string;
  insecureRegistry: boolean;
  resolveDigest: boolean;
  key?: string;
}

const cosignRun = (args: CosignArgs) => ({
  ...(args.cosignPath ? { cosign: args.cosignPath } : {}),
  insecureRegistry: args.insecureRegistry,
  resolveDigest: args.resolveDigest,
  ...(args.key ? { key: args.key } : {}),
});

export async function runBuildCommand(args: {
  tag: string;
  dockerfile: string;
  context: string;
  builder: string;
  buildArg: string[];
  label: string[];
}): Promise<number> {
  if (!['auto', 'buildx', 'podman', 'buildah'].includes(args.builder)) {
    throw new UsageError(`--builder ${args.builder}: use auto, buildx, podman or buildah`);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'container-gate-build-'));
  try {
    const built = await buildImage(
      {
        context: args.context,
        dockerfile: args.dockerfile,
        tag: args.tag,
        builder: args.builder as 'auto',
        labels: { ...provenanceLabels(process.env, new Date()), ...parseKeyValues(args.label, '--label') },
        buildArgs: parseKeyValues(args.buildArg, '--build-arg'),
      },
      { workDir },
    );
    for (const warning of built.warnings) process.stderr.write(`note: ${warning}\n`);
    process.stderr.write(`built ${built.reference} with ${built.builder}\n`);
    // stdout carries only the result, so `ref=$(container-gate build …)` works in scripts.
    process.stdout.write(
      `${built.digest ? `${built.reference.replace(/:[^/:@]+$/, '')}@${built.digest}` : built.reference}\n`,
    );
    return 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export async function runSignCommand(args: CosignArgs & { annotation: string[] }): Promise<number> {
  const result = await signImage(args.image, {
    ...cosignRun(args),
    annotations: parseKeyValues(args.annotation, '--annotation'),
  });
  process.stdout.write(`signed ${result.reference}\n`);
  return 0;
}

export async function runAttestCommand(
  args: CosignArgs & { type: string; predicate?: string; fromReport?: string },
): Promise<number> {
  if (!(ATTESTATION_TYPES as readonly string[]).includes(args.type)) {
    throw new UsageError(`--type ${args.type}: use one of ${ATTESTATION_TYPES.join(', ')}`);
  }
  const type = args.type as AttestationType;
  if (Boolean(args.predicate) === Boolean(args.fromReport)) {
    throw new UsageError(
      'attest needs exactly one of --predicate <file> or --from-report <report.json> (for --type vuln)',
    );
  }
  if (args.fromReport && type !== 'vuln')
    throw new UsageError('--from-report builds a vuln predicate: use it with --type vuln');
  if (args.predicate) await checkPredicateFile(args.predicate, type);
  let predicate = args.predicate;
  let workDir: string | undefined;
  try {
    if (args.fromReport) {
      const report = parseJsonReport(await readInput(args.fromReport, 'report'), args.fromReport);
      const now = new Date();
      const body = vulnPredicate(report, {
        version: VERSION,
        startedOn: now,
        finishedOn: now,
        invocation: githubInvocation(process.env),
      });
      workDir = await mkdtemp(join(tmpdir(), 'container-gate-attest-'));
      predicate = join(workDir, 'vuln-predicate.json');
      await writeFile(predicate, `${JSON.stringify(body, null, 2)}\n`);
    }
    const result = await attestImage(args.image, { ...cosignRun(args), type, predicate: predicate! });
    process.stdout.write(`attested ${type} to ${result.reference}\n`);
    return 0;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}

export async function runVerifyCommand(
  args: CosignArgs & {
    certificateIdentity?: string;
    certificateIdentityRegexp?: string;
    certificateOidcIssuer?: string;
    certificateOidcIssuerRegexp?: string;
  },
): Promise<number> {
  const result = await verifyImage(args.image, {
    ...cosignRun(args),
    ...(args.certificateIdentity ? { certificateIdentity: args.certificateIdentity } : {}),
    ...(args.certificateIdentityRegexp ? { certificateIdentityRegexp: args.certificateIdentityRegexp } : {}),
    ...(args.certificateOidcIssuer ? { certificateOidcIssuer: args.certificateOidcIssuer } : {}),
    ...(args.certificateOidcIssuerRegexp
      ? { certificateOidcIssuerRegexp: args.certificateOidcIssuerRegexp }
      : {}),
  });
  process.stdout.write(
    `verified ${result.signatures} signature${result.signatures === 1 ? '' : 's'} for ${result.reference}\n`,
  );
  return 0;
}
