import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInput } from '../config/policy-load.js';
import { buildImage, provenanceLabels } from '../image/build.js';
import type { AttestationPolicy } from '../options.js';
import { parseJsonReport } from '../report/json.js';
import {
  ATTESTATION_TYPES,
  type AttestationType,
  attestImage,
  signImage,
  verifyAttestationImage,
  verifyImage,
} from '../sign/cosign.js';
import type { NativeSignOptions, VerifiedStatement } from '../sign/native.js';
import { githubInvocation, vulnPredicate } from '../sign/predicate.js';
import { predicateTypeFor, SIGSTORE_INSTANCES, type SigstoreInstance } from '../sign/statement.js';
import { type VerifyPolicyInput, verifyPolicyFrom } from '../sign/verify-policy.js';
import { EXIT, UsageError } from '../util/errors.js';
import { plural } from '../util/format.js';
import { VERSION } from '../version.js';
import { parseKeyValues } from './options.js';
import { checkPredicateFile } from './predicate-check.js';

/**
 * `build`, `sign`, `attest`, `verify`: the release half of the pipeline. Every image is handled by digest. Signing
 * is native by default (the Sigstore JS libraries, no binary); `--signer cosign` runs cosign instead. Keys'
 * passwords (COSIGN_PASSWORD), OIDC tokens (SIGSTORE_ID_TOKEN, the runner's) and registry credentials (docker
 * config) come from the environment, never argv.
 */
export type SignerName = 'sigstore' | 'cosign';

/** The Sigstore stack doubles the CLI's start-up time: loaded only by the commands that sign or verify. */
const native = () => import('../sign/native.js');

interface SignerArgs {
  image: string;
  signer: string;
  cosignPath?: string;
  insecureRegistry: boolean;
  resolveDigest: boolean;
  key?: string;
}

interface SigstoreArgs {
  sigstore: string;
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
  tlogUpload: boolean;
}

function signerOf(
  args: SignerArgs &
    Partial<SigstoreArgs> & { trustedRoot?: string; tufMirror?: string; insecureIgnoreTlog?: boolean },
): SignerName {
  if (args.signer !== 'sigstore' && args.signer !== 'cosign')
    throw new UsageError(`--signer ${args.signer}: use sigstore (native) or cosign`);
  if (args.signer === 'cosign') {
    const native = [
      ['--fulcio-url', args.fulcioUrl],
      ['--rekor-url', args.rekorUrl],
      ['--tsa-url', args.tsaUrl],
      ['--trusted-root', args.trustedRoot],
      ['--tuf-mirror', args.tufMirror],
      ['--insecure-ignore-tlog', args.insecureIgnoreTlog || undefined],
      ['--no-tlog-upload', args.tlogUpload === false ? true : undefined],
      ['--sigstore', args.sigstore && args.sigstore !== 'public-good' ? args.sigstore : undefined],
    ].find(([, value]) => value !== undefined);
    if (native)
      throw new UsageError(
        `${native[0]} is an option of the native signer — drop it or drop --signer cosign`,
      );
  } else if (args.cosignPath) {
    throw new UsageError('--cosign-path goes with --signer cosign');
  }
  return args.signer;
}

const cosignRun = (args: SignerArgs) => ({
  ...(args.cosignPath ? { cosign: args.cosignPath } : {}),
  insecureRegistry: args.insecureRegistry,
  resolveDigest: args.resolveDigest,
  ...(args.key ? { key: args.key } : {}),
});

function nativeSignOptions(args: SignerArgs & SigstoreArgs): NativeSignOptions {
  if (!(SIGSTORE_INSTANCES as readonly string[]).includes(args.sigstore))
    throw new UsageError(`--sigstore ${args.sigstore}: use ${SIGSTORE_INSTANCES.join(' or ')}`);
  for (const [flag, url] of [
    ['--fulcio-url', args.fulcioUrl],
    ['--rekor-url', args.rekorUrl],
    ['--tsa-url', args.tsaUrl],
  ] as const) {
    if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url))
      throw new UsageError(`${flag} ${JSON.stringify(url)}: pass an http(s) URL`);
  }
  return {
    instance: args.sigstore as SigstoreInstance,
    endpoints: {
      ...(args.fulcioUrl ? { fulcioURL: args.fulcioUrl } : {}),
      ...(args.rekorUrl ? { rekorURL: args.rekorUrl } : {}),
      ...(args.tsaUrl ? { tsaURL: args.tsaUrl } : {}),
    },
    tlogUpload: args.tlogUpload,
    ...(args.key ? { key: args.key } : {}),
    ...(args.insecureRegistry ? { insecureRegistry: true } : {}),
  };
}

/** The `name@sha256:…` to act on natively: as given, or the tag resolved against the registry when allowed. */
async function nativeReference(args: SignerArgs): Promise<string> {
  const { resolveDigestNative } = await native();
  return resolveDigestNative(args.image, {
    resolve: args.resolveDigest,
    ...(args.insecureRegistry ? { insecureRegistry: true } : {}),
  });
}

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
    return EXIT.passed;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export async function runSignCommand(
  args: SignerArgs & SigstoreArgs & { annotation: string[] },
): Promise<number> {
  const annotations = parseKeyValues(args.annotation, '--annotation');
  if (signerOf(args) === 'cosign') {
    const result = await signImage(args.image, { ...cosignRun(args), annotations });
    process.stdout.write(`signed ${result.reference}\n`);
    return EXIT.passed;
  }
  const { signImageNative } = await native();
  const signed = await signImageNative(await nativeReference(args), {
    ...nativeSignOptions(args),
    annotations,
  });
  process.stderr.write(`pushed the signature bundle as referrer ${signed.referrer.digest}\n`);
  process.stdout.write(`signed ${signed.reference}\n`);
  return EXIT.passed;
}

export async function runAttestCommand(
  args: SignerArgs & SigstoreArgs & { type: string; predicate?: string; fromReport?: string },
): Promise<number> {
  const signer = signerOf(args);
  if (signer === 'cosign' && !(ATTESTATION_TYPES as readonly string[]).includes(args.type)) {
    throw new UsageError(`--type ${args.type}: use one of ${ATTESTATION_TYPES.join(', ')}`);
  }
  const predicateType = predicateTypeFor(args.type);
  if (Boolean(args.predicate) === Boolean(args.fromReport)) {
    throw new UsageError(
      'attest needs exactly one of --predicate <file> or --from-report <report.json> (for --type vuln)',
    );
  }
  if (args.fromReport && args.type !== 'vuln')
    throw new UsageError('--from-report builds a vuln predicate: use it with --type vuln');
  if (args.predicate) await checkPredicateFile(args.predicate, args.type);
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
    if (signer === 'cosign') {
      const type = args.type as AttestationType;
      const result = await attestImage(args.image, { ...cosignRun(args), type, predicate: predicate! });
      process.stdout.write(`attested ${type} to ${result.reference}\n`);
      return EXIT.passed;
    }
    const { attestImageNative, readPredicateFile } = await native();
    const attested = await attestImageNative(await nativeReference(args), {
      ...nativeSignOptions(args),
      predicateType,
      predicate: await readPredicateFile(predicate!, predicateType),
    });
    process.stderr.write(`pushed the attestation bundle as referrer ${attested.referrer.digest}\n`);
    process.stdout.write(`attested ${args.type} to ${attested.reference}\n`);
    return EXIT.passed;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}

interface VerifyArgs extends SignerArgs, VerifyPolicyInput {
  attestation?: string;
  insecureIgnoreTlog: boolean;
  predicateOut?: string;
}

export async function runVerifyCommand(args: VerifyArgs): Promise<number> {
  const policy = verifyPolicyFrom(args);
  if (args.predicateOut !== undefined && !args.attestation)
    throw new UsageError('--predicate-out saves a verified attestation: use it with --attestation TYPE');
  if (signerOf(args) === 'cosign') return verifyWithCosign(args);
  return verifyNatively(args, policy);
}

/** `verify --signer cosign`: cosign verify (or verify-attestation) with the identity flags given. */
async function verifyWithCosign(args: VerifyArgs): Promise<number> {
  if (args.predicateOut !== undefined)
    throw new UsageError('--predicate-out is an option of the native signer — drop --signer cosign');
  const policy = {
    ...cosignRun(args),
    ...(args.certificateIdentity ? { certificateIdentity: args.certificateIdentity } : {}),
    ...(args.certificateIdentityRegexp ? { certificateIdentityRegexp: args.certificateIdentityRegexp } : {}),
    ...(args.certificateOidcIssuer ? { certificateOidcIssuer: args.certificateOidcIssuer } : {}),
    ...(args.certificateOidcIssuerRegexp
      ? { certificateOidcIssuerRegexp: args.certificateOidcIssuerRegexp }
      : {}),
  };
  if (args.attestation) {
    if (!(ATTESTATION_TYPES as readonly string[]).includes(args.attestation))
      throw new UsageError(
        `--attestation ${args.attestation}: with cosign use one of ${ATTESTATION_TYPES.join(', ')}`,
      );
    const result = await verifyAttestationImage(args.image, {
      ...policy,
      type: args.attestation as AttestationType,
    });
    process.stdout.write(`verified attestation ${args.attestation} for ${result.reference}\n`);
    return EXIT.passed;
  }
  const result = await verifyImage(args.image, policy);
  process.stdout.write(
    `verified ${result.signatures} signature${plural(result.signatures)} for ${result.reference}\n`,
  );
  return EXIT.passed;
}

/** `verify` with the native signer: every bundle that verifies is listed; `--predicate-out` saves the newest's predicate. */
async function verifyNatively(args: VerifyArgs, policy: AttestationPolicy): Promise<number> {
  const predicateType = args.attestation ? predicateTypeFor(args.attestation, '--attestation') : undefined;
  const { verifyImageNative } = await native();
  const result = await verifyImageNative(await nativeReference(args), {
    ...policy,
    ...(predicateType ? { predicateType } : {}),
    ...(args.insecureRegistry ? { insecureRegistry: true } : {}),
  });
  const what = predicateType ? `attestation ${predicateType}` : 'signature';
  if (args.predicateOut) await writeVerifiedPredicate(result.verified, args.predicateOut);
  for (const v of result.verified) {
    process.stderr.write(
      `  ${what} ${v.referrer.slice(0, 19)}…: ${v.identity ? `${v.identity} (issuer ${v.issuer ?? '?'})` : 'the given key'}\n`,
    );
  }
  const n = result.verified.length;
  process.stdout.write(
    `verified ${n} ${predicateType ? `attestation${plural(n)} ${predicateType}` : `signature${plural(n)}`} for ${result.reference}\n`,
  );
  return EXIT.passed;
}

/** `--predicate-out`: the predicate of the newest verified attestation, written atomically. */
async function writeVerifiedPredicate(verified: readonly VerifiedStatement[], path: string): Promise<void> {
  const { newest } = await import('../sign/attested-sbom.js');
  const { writeFileAtomic } = await import('../util/fs-atomic.js');
  const chosen = newest(verified);
  await writeFileAtomic(path, `${JSON.stringify(chosen.statement.predicate, null, 2)}\n`, 'predicate');
  process.stderr.write(`wrote the verified predicate of ${chosen.referrer.slice(0, 19)}… to ${path}\n`);
}
