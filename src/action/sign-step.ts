import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, ReportTarget } from '../core/report.js';
import type { NativeSignOptions } from '../sign/native.js';
import { githubInvocation, vulnPredicate } from '../sign/predicate.js';
import { PREDICATE_TYPES, type SigstoreInstance } from '../sign/statement.js';
import type { ToolCache } from '../tools/cache.js';
import { findOrInstallTool } from '../tools/install.js';
import { errorMessage, oneLine } from '../util/errors.js';
import { VERSION } from '../version.js';

export interface SignStepOptions {
  signer: 'sigstore' | 'cosign';
  /** Key file or env://VAR (a KMS URI with cosign); keyless (GitHub OIDC, `id-token: write`) when absent. */
  key?: string;
  instance: SigstoreInstance;
  endpoints: NativeSignOptions['endpoints'];
  githubAttestations: 'auto' | 'true' | 'false';
  /** Stores one bundle with GitHub's attestations API; absent without a repository to store it in. */
  storeAttestation?: (bundle: unknown) => Promise<void>;
  installMissing: boolean;
  cache: ToolCache;
  /** Where predicates are written (RUNNER_TEMP on a runner). */
  tempDir?: string;
  log: (line: string) => void;
  warn: (line: string) => void;
}

export interface SignStepResult {
  /** `name@sha256:…` of every signature made (an index digest for a multi-platform image). */
  signed: string[];
  /** `name@sha256:…` of every image that got its attestations. */
  attested: string[];
  /** One line when signing failed: the step then fails as a run error (exit 2). */
  failure?: string;
}

/**
 * GitHub's attestations API takes predicates up to 16 MiB: the limit actions/attest enforces before it signs
 * (actions/attest src/predicate.ts MAX_PREDICATE_SIZE_BYTES). Above it the attestation is still signed and pushed to
 * the registry, which has no such limit for a blob, but not sent to GitHub.
 */
export const GITHUB_PREDICATE_LIMIT = 16 * 1024 * 1024;

interface Plan {
  /** One signature per image: the index digest covers every platform of a multi-platform image. */
  signatures: string[];
  /** Attestations per platform digest: that platform's SBOM and scan result. */
  attestations: { reference: string; target: ReportTarget }[];
}

export function signingPlan(report: Report): Plan {
  const targets = report.targets.filter((t) => t.kind === 'reference' && t.digest);
  const signatures = [...new Set(targets.map((t) => `${t.name}@${t.indexDigest ?? t.digest}`))];
  return {
    signatures,
    attestations: targets.map((t) => ({ reference: `${t.name}@${t.digest}`, target: t })),
  };
}

export interface Attestation {
  type: 'cyclonedx' | 'vuln';
  /** The predicate file (written for vuln). */
  file: string;
}

/**
 * `sign: true`: after a passing gate, every scanned registry image is signed by the digest that was scanned, with
 * its CycloneDX SBOM and the scan result (cosign's vuln predicate, vulnerabilities only) attested to each
 * platform's digest. An image the gate did not pass is never signed; an image known only by tag or as a local
 * build has no digest to sign.
 */
export async function signStep(report: Report, opts: SignStepOptions): Promise<SignStepResult> {
  const plan = signingPlan(report);
  const signed: string[] = [];
  const attested: string[] = [];
  if (plan.signatures.length === 0) {
    return {
      signed,
      attested,
      failure:
        'sign: true, but no scanned image has a registry digest — push the image first and scan the pushed reference (name:tag or name@sha256:…)',
    };
  }
  const backend = await backendFor(opts);
  if ('failure' in backend) return { signed, attested, failure: backend.failure };
  const dir = await mkdtemp(join(opts.tempDir ?? tmpdir(), 'container-gate-sign-'));
  const github = githubAttestationStore(opts);
  try {
    for (const reference of plan.signatures) {
      await backend.sign(reference);
      opts.log(`signed ${reference}`);
      signed.push(reference);
    }
    for (const [i, { reference, target }] of plan.attestations.entries()) {
      const attestations: Attestation[] = [];
      const sbom = report.sboms.find((s) => s.target === target.display && s.format === 'cyclonedx-json');
      if (sbom) attestations.push({ type: 'cyclonedx', file: sbom.path });
      const now = new Date();
      const predicate = join(dir, `vuln-${i}.json`);
      const body = vulnPredicate(report, {
        version: VERSION,
        startedOn: now,
        finishedOn: now,
        target: target.display,
        invocation: githubInvocation(process.env),
      });
      await writeFile(predicate, `${JSON.stringify(body, null, 2)}\n`);
      attestations.push({ type: 'vuln', file: predicate });
      for (const attestation of attestations) {
        const bundle = await backend.attest(reference, attestation);
        opts.log(
          `attested the ${attestation.type === 'cyclonedx' ? 'CycloneDX SBOM' : 'scan result'} to ${reference}`,
        );
        if (bundle) await github.store(reference, attestation, bundle);
      }
      attested.push(reference);
    }
    return { signed, attested, ...(github.failure ? { failure: github.failure } : {}) };
  } catch (error) {
    return { signed, attested, failure: `sign: ${oneLine(errorMessage(error))}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Backend {
  sign(reference: string): Promise<void>;
  /** The bundle when the backend made one here (native); cosign keeps its own. */
  attest(reference: string, attestation: Attestation): Promise<unknown | undefined>;
}

async function backendFor(opts: SignStepOptions): Promise<Backend | { failure: string }> {
  if (opts.signer === 'cosign') {
    const cosign = await findOrInstallTool('cosign', {
      installMissing: opts.installMissing,
      cache: opts.cache,
    }).catch((error: Error) => ({ error }));
    if (!cosign || 'error' in cosign) {
      const why = cosign && 'error' in cosign ? `: ${oneLine(cosign.error.message)}` : '';
      return {
        failure: `sign: cosign not found${why} — add sigstore/cosign-installer before this step, set install-missing: true, or use signer: sigstore`,
      };
    }
    const { attestImage, signImage } = await import('../sign/cosign.js');
    const common = { cosign: cosign.path, ...(opts.key ? { key: opts.key } : {}) };
    return {
      sign: async (reference) => {
        await signImage(reference, common);
      },
      attest: async (reference, { type, file }) => {
        await attestImage(reference, { ...common, type, predicate: file });
        return undefined;
      },
    };
  }
  const { attestImageNative, readPredicateFile, signImageNative } = await import('../sign/native.js');
  const common: NativeSignOptions = {
    instance: opts.instance,
    endpoints: opts.endpoints,
    ...(opts.key ? { key: opts.key } : {}),
  };
  return {
    sign: async (reference) => {
      await signImageNative(reference, common);
    },
    attest: async (reference, { type, file }) => {
      const predicateType = PREDICATE_TYPES[type];
      const signed = await attestImageNative(reference, {
        ...common,
        predicateType,
        predicate: await readPredicateFile(file, predicateType),
      });
      return signed.bundle;
    },
  };
}

export type GitHubStoreOptions = Pick<
  SignStepOptions,
  'githubAttestations' | 'storeAttestation' | 'key' | 'log' | 'warn'
>;

/**
 * GitHub's attestations API, so that `gh attestation verify` finds the attestations too. `auto` stores keyless
 * bundles when the token may (a 403/404 says it may not: one warning, no more tries); `true` makes every failure
 * the step's failure.
 */
export function githubAttestationStore(opts: GitHubStoreOptions) {
  const state = { failure: undefined as string | undefined, disabled: false };
  const required = opts.githubAttestations === 'true';
  const problem = (line: string) => {
    if (required) state.failure ??= `sign: ${line}`;
    else opts.warn(line);
  };
  return {
    get failure() {
      return state.failure;
    },
    async store(reference: string, attestation: Attestation, bundle: unknown): Promise<void> {
      if (opts.githubAttestations === 'false' || state.disabled) return;
      if (!opts.storeAttestation) {
        state.disabled = true;
        return problem('GitHub attestations: no repository to store them in (GITHUB_REPOSITORY is not set)');
      }
      if (opts.key && !required) {
        state.disabled = true;
        return opts.log('GitHub attestations: skipped, they hold keyless (certificate) bundles');
      }
      const size = Buffer.byteLength(await readFile(attestation.file));
      if (size > GITHUB_PREDICATE_LIMIT) {
        return problem(
          `GitHub attestations: the ${attestation.type} predicate of ${reference} is ${size} bytes, over the ${GITHUB_PREDICATE_LIMIT} GitHub takes — it is attached in the registry only`,
        );
      }
      try {
        await opts.storeAttestation(bundle);
        opts.log(`stored the ${attestation.type} attestation of ${reference} with GitHub's attestations API`);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 403 || status === 404) {
          state.disabled = true;
          return problem(
            `GitHub attestations: the token may not write them (HTTP ${status}) — grant \`permissions: attestations: write\`, or set github-attestations: false`,
          );
        }
        problem(
          `GitHub attestations: storing the ${attestation.type} attestation of ${reference} failed: ${oneLine(errorMessage(error))}`,
        );
      }
    },
  };
}
