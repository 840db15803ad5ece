import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { TargetAttestation } from '../core/attestation.js';
import type { AttestationPolicy } from '../options.js';
import type { ProducedSbom } from '../report/outputs.js';
import type { ScanTarget } from '../scanners/scanner.js';
import { errorMessage, oneLine, UsageError, VerificationError } from '../util/errors.js';
import { platformsFromManifest, unscannedImages } from './platforms.js';
import { parseImageReference } from './reference.js';
import { listsNoPackages, noPackagesWarning, sbomFormatName } from './sbom-target.js';

/**
 * `rescan`: what is deployed, scanned again against today's advisories without pulling it. Each image's SBOM
 * attestation (CycloneDX, else SPDX) is verified with the policy of `verify` and its SBOM scanned in place of the
 * image; the findings, reports and SARIF name the image and its digest. An image without an SBOM attestation that
 * verifies is never scanned and never passes: the gate fails over it (core/attestation.ts). The Sigstore stack is
 * loaded only when a rescan runs.
 */
const SHA256 = /^sha256:[0-9a-f]{64}$/;

/** The deployed images as targets, by digest (a tag only when the policy allows resolving it). */
export function rescanTargets(images: readonly string[], policy: AttestationPolicy): ScanTarget[] {
  if (images.length === 0)
    throw new UsageError('rescan: name the deployed images to re-scan, e.g. ghcr.io/acme/api@sha256:…');
  const targets = new Map<string, ScanTarget>();
  for (const image of images) {
    if (/^(oci-archive|docker-archive|sbom):/.test(image))
      throw new UsageError(
        `image ${JSON.stringify(image)}: rescan reads the SBOM attested to a registry image — pass name@sha256:…; scan an SBOM file with scan sbom:<file>`,
      );
    const parsed = parseImageReference(image);
    if (!parsed)
      throw new UsageError(
        `image ${JSON.stringify(image)}: not an image reference — pass name@sha256:<digest>, the digest that is deployed`,
      );
    if (parsed.digest && !SHA256.test(parsed.digest))
      throw new UsageError(`${image}: the digest must be sha256:<64 lower-case hex digits>`);
    if (!parsed.digest && !policy.resolveDigest)
      throw new UsageError(
        `${image}: re-scan by digest — pass name@sha256:…, the digest that is deployed (the CLI's --resolve-digest re-scans what the tag points to now)`,
      );
    if (targets.has(image)) continue;
    targets.set(image, {
      display: image,
      name: parsed.name,
      kind: 'sbom',
      reference: image,
      attested: true,
      ...(parsed.digest ? { digest: parsed.digest } : {}),
    });
  }
  return [...targets.values()];
}

export interface RescanContext {
  policy: AttestationPolicy;
  /** `--platform`: the one platform of a multi-platform image to re-scan. */
  platform?: string;
  insecureRegistry: boolean;
  workDir: string;
  info: (line: string) => void;
  warn: (line: string) => void;
  signal?: AbortSignal;
}

const signing = async () => {
  const [attested, native, registry] = await Promise.all([
    import('../sign/attested-sbom.js'),
    import('../sign/native.js'),
    import('../sign/registry.js'),
  ]);
  return { ...attested, ...native, ...registry };
};

/**
 * Reads each image's manifest from the registry (no layers): a tag becomes the digest it serves, and a multi-platform
 * index becomes one target per platform (`name@sha256:… [linux/arm64]`), each looked up by its own digest — where
 * `sign: true` attests each platform's SBOM. `--platform` picks one. An image the registry does not have, or cannot
 * be asked about, is marked `error` and scanned by nothing.
 */
export async function expandAttestedTargets(targets: ScanTarget[], ctx: RescanContext): Promise<void> {
  const { RegistryClient, repositoryOf } = await signing();
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i]!;
    const parsed = parseImageReference(target.reference ?? '')!;
    const client = new RegistryClient(repositoryOf(parsed.name), {
      ...(ctx.insecureRegistry ? { insecure: true } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    let platforms: { platform: string; digest: string }[];
    let unscanned: string[];
    try {
      const manifest = await client.getManifest(parsed.digest ?? parsed.tag ?? 'latest');
      if (!manifest) {
        target.attestation = { status: 'error', reason: 'not in the registry — check the name and digest' };
        continue;
      }
      target.digest = manifest.digest;
      platforms = platformsFromManifest(manifest.bytes.toString('utf8'), target.display);
      unscanned = unscannedImages(manifest.bytes.toString('utf8'), platforms);
    } catch (error) {
      if (error instanceof UsageError || ctx.signal?.aborted) throw error;
      target.attestation = { status: 'error', reason: oneLine(errorMessage(error)) };
      continue;
    }
    const chosen = ctx.platform ? platforms.filter((p) => p.platform === ctx.platform) : platforms;
    if (ctx.platform && platforms.length > 0 && chosen.length === 0) {
      target.attestation = {
        status: 'error',
        reason: `no ${ctx.platform} among its platforms (${platforms.map((p) => p.platform).join(', ')})`,
      };
      continue;
    }
    // `--platform`: that platform's digest. Without it an index of one platform stays one target on the index digest,
    // as `scan` reports it and `sign: true` attests it (targets.ts expandPlatforms expands two or more) — unless an
    // unscanned image sits beside it (no platform, or a second one for it): then scan pinned the platform's digest, and
    // `sign: true` attested the SBOM there.
    // The index digest is recorded only when every image in it is re-scanned, as scan records it (targets.ts).
    if (chosen.length === 1 && (ctx.platform || unscanned.length > 0)) {
      const [only] = chosen;
      Object.assign(target, { platform: only!.platform, digest: only!.digest });
      continue;
    }
    if (chosen.length < 2) continue;
    ctx.info(
      `${target.display} is a multi-platform image: re-scanning the SBOM attested to each of ${chosen.map((p) => p.platform).join(', ')}`,
    );
    targets.splice(
      i,
      1,
      ...chosen.map((p) => ({
        ...target,
        display: `${target.display} [${p.platform}]`,
        platform: p.platform,
        ...(unscanned.length === 0 ? { indexDigest: target.digest! } : {}),
        digest: p.digest,
      })),
    );
  }
}

/** What `prepareAttestedTarget` needs beyond the run's context: the trusted roots, loaded once for every image. */
export type AttestedPrepare = RescanContext & { trust: () => Promise<TrustedRoot[]> };

export async function rescanTrust(ctx: RescanContext): Promise<AttestedPrepare> {
  const { trustOnce } = await signing();
  return { ...ctx, trust: trustOnce({ ...ctx.policy }) };
}

/**
 * Verifies the image's SBOM attestation and writes the verified SBOM into the run's work directory: the target then
 * is that SBOM, still named after the image. A verification that says no marks the target `unverified` (the gate
 * fails over it); one that could not be made (registry, trust root) marks it `error`. A bad policy (a key file that
 * cannot be read) stops the run (exit 3).
 */
export async function prepareAttestedTarget(target: ScanTarget, ctx: AttestedPrepare): Promise<ScanTarget> {
  if (target.attestation) return target;
  const { fetchAttestedSbom, NoVerifiedSbom } = await signing();
  const reference = `${target.name}@${target.digest}`;
  const key = createHash('sha256').update(target.display).digest('hex').slice(0, 16);
  try {
    const sbom = await fetchAttestedSbom(reference, {
      ...ctx.policy,
      trust: ctx.trust,
      outFile: join(ctx.workDir, `attested-sbom-${key}.json`),
      ...(ctx.insecureRegistry ? { insecureRegistry: true } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    // Signed and verified, yet nothing to look up: said, since a re-scan of it passes whatever the advisories say.
    if (listsNoPackages({ format: sbom.format, content: await readFile(sbom.file, 'utf8') }))
      ctx.warn(noPackagesWarning(`${target.display}: its verified ${sbomFormatName(sbom.format)} SBOM`));
    ctx.info(
      `${target.display}: re-scanning the ${sbomFormatName(sbom.format)} SBOM attested by ${sbom.identity ?? 'the given key'} (referrer ${sbom.referrer.slice(0, 19)}…)`,
    );
    const attestation: TargetAttestation = {
      status: 'verified',
      predicateType: sbom.predicateType,
      referrer: sbom.referrer,
      ...(sbom.identity ? { identity: sbom.identity } : {}),
      ...(sbom.issuer ? { issuer: sbom.issuer } : {}),
    };
    return Object.assign(target, { path: sbom.file, sbomFormat: sbom.format, attestation });
  } catch (error) {
    if (error instanceof UsageError || ctx.signal?.aborted) throw error;
    if (error instanceof VerificationError) {
      const reason = error instanceof NoVerifiedSbom ? error.detail : oneLine(error.message);
      ctx.warn(
        `${target.display}: no verified SBOM attestation (${reason}) — not re-scanned, the gate fails`,
      );
      return Object.assign(target, { attestation: { status: 'unverified', reason } });
    }
    return Object.assign(target, {
      attestation: { status: 'error', reason: oneLine(errorMessage(error)) },
    });
  }
}

/** Only an image whose SBOM verified is handed to the scanners. */
export function scannable(target: ScanTarget): boolean {
  return !target.attested || target.attestation?.status === 'verified';
}

/** The verified SBOMs, as outputs (`--sbom-dir`): a record of exactly what was re-scanned. */
export async function attestedSboms(targets: readonly ScanTarget[]): Promise<ProducedSbom[]> {
  const sboms: ProducedSbom[] = [];
  for (const target of targets) {
    if (!target.attested || target.attestation?.status !== 'verified' || !target.path || !target.sbomFormat)
      continue;
    sboms.push({
      target: target.display,
      producer: 'attestation',
      doc: { format: target.sbomFormat, content: await readFile(target.path, 'utf8') },
    });
  }
  return sboms;
}
