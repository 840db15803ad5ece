import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ImageConfigInput } from '../checks/index.js';
import type { RunOptions } from '../options.js';
import type { ScanTarget } from '../scanners/scanner.js';
import { errorMessage, oneLine, UsageError } from '../util/errors.js';
import { formatBytes, formatElapsed, plural } from '../util/format.js';
import { readDockerArchive } from './archive.js';
import type { BuiltImage } from './build.js';
import { resolveDigest } from './digest.js';
import { exportImage } from './export.js';
import { exportFile } from './export-plan.js';
import { unpackOciArchive } from './oci-layout.js';
import { type ImagePlatform, listIndexPlatforms, parsePlatform } from './platforms.js';
import { parseImageReference } from './reference.js';
import { type AttestedPrepare, prepareAttestedTarget } from './rescan.js';
import { readSbomTarget } from './sbom-target.js';

/**
 * What happens to each image between the options and the scanners: one target per platform, the digest the
 * registry serves, the one export every scanner reads, and the config the image checks read from that export.
 */
export interface PrepareContext {
  options: RunOptions;
  workDir: string;
  /** False when no image scanner runs: nothing would read an export. */
  exporting: boolean;
  /** A Trivy image scan runs: an oci-archive is unpacked to the OCI layout directory Trivy's `--input` opens. */
  trivyReadsImage: boolean;
  built?: BuiltImage;
  info: (line: string) => void;
  warn: (line: string) => void;
  signal: AbortSignal;
  /** `rescan`: how each image's SBOM attestation is verified. */
  rescan?: AttestedPrepare;
}

/** Records the digest the registry serves and exports the image once; returns what the scanners read. */
export async function prepareTarget(target: ScanTarget, ctx: PrepareContext): Promise<ScanTarget> {
  const { options, built } = ctx;
  // A deployed image is re-scanned from the SBOM attested to it, verified first; nothing is pulled.
  if (target.attested && ctx.rescan) return prepareAttestedTarget(target, ctx.rescan);
  // An SBOM has nothing to export: its format, name and digest are read from it (in place: the report's target).
  if (target.kind === 'sbom') return Object.assign(target, await readSbomTarget(target, ctx.warn));
  // The digest is what gets signed and what a deploy should pin: record the one the registry serves now.
  if (
    target.kind === 'reference' &&
    !target.digest &&
    built?.reference !== target.display &&
    options.export !== 'never'
  ) {
    const digest = await resolveDigest(target, {
      insecureRegistry: options.insecureRegistry,
      signal: ctx.signal,
    }).catch((error: Error) =>
      ctx.info(`digest of ${target.display} not resolved (${oneLine(error.message)})`),
    );
    if (digest) target.digest = digest;
  }
  // Archives go through export too: an oci-archive is converted once to the docker-archive every tool reads.
  if (!ctx.exporting) return target;
  if (options.export === 'never') return withOciLayout(target, ctx);
  const exported = await exportImage(target, {
    workDir: ctx.workDir,
    mode: options.export,
    insecureRegistry: options.insecureRegistry,
    toolPaths: options.toolPaths,
    onWarning: ctx.warn,
    ...(built && built.reference === target.display ? { builtWith: built.builder } : {}),
    signal: ctx.signal,
  });
  if (!exported) return target;
  if (exported.tool !== 'none') {
    ctx.info(
      `exported ${target.display} once (${formatBytes(exported.bytes)} in ${formatElapsed(exported.durationMs)} with ${exported.tool}); every scanner reads it`,
    );
  }
  return withOciLayout(exported.target, ctx);
}

/**
 * An oci-archive that stays one (`--export never`, no skopeo to convert it) is unpacked once for Trivy, whose
 * `--input` reads an OCI layout directory but not an OCI tarball; Grype and Syft read the tarball itself.
 */
async function withOciLayout(target: ScanTarget, ctx: PrepareContext): Promise<ScanTarget> {
  if (target.kind !== 'oci-archive' || !ctx.trivyReadsImage || !target.path) return target;
  const dir = exportFile(target, ctx.workDir, 'oci-archive').replace(/\.oci\.tar$/, '.oci-layout');
  const started = performance.now();
  await mkdir(dirname(dir), { recursive: true });
  await unpackOciArchive(target.path, dir);
  ctx.info(
    `unpacked ${target.display} to an OCI layout for trivy in ${formatElapsed(performance.now() - started)} (trivy cannot read an OCI tarball)`,
  );
  return { ...target, ociLayout: dir };
}

/**
 * A multi-platform image (an index) is scanned once per platform, each its own target `name:tag [os/arch]` with
 * that platform's digest, so findings, SBOMs and SARIF categories stay apart. `--platform` picks one instead.
 * Without a registry to ask (offline, a local image) the image is scanned once, as the scanners' default platform.
 */
export async function expandPlatforms(targets: ScanTarget[], ctx: ExpandContext): Promise<void> {
  if (ctx.options.export === 'never') return;
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i]!;
    if (target.kind !== 'reference' || ctx.built?.reference === target.display) continue;
    const { platforms, indexDigest, unscanned } = await platformsOf(target, ctx);
    if (ctx.options.platform) {
      // One platform of an index: the digest recorded, signed and attested is that image's. The index digest would
      // vouch for every platform in it, and only this one is scanned.
      if (platforms.length > 0)
        pinDigest(target, choosePlatform(platforms, ctx.options.platform, target.display));
      continue;
    }
    if (platforms.length === 0) {
      if (unscanned.length > 0)
        throw new UsageError(
          `${target.display}: an image index whose ${unscanned.length} images name no platform — scan one of them by digest (${target.name}@${unscanned[0]})`,
        );
      continue;
    }
    if (unscanned.length > 0)
      ctx.info(
        `${target.display}: ${unscanned.length} image${plural(unscanned.length)} in the index ${unscanned.length === 1 ? 'is' : 'are'} not scanned (no platform, or a second image for a platform): the index digest is not recorded, so only the scanned platforms' digests can be signed`,
      );
    if (platforms.length === 1) {
      // One platform and nothing else a runtime would run (buildx's image plus its attestation manifest): scanned,
      // signed and attested as the index, as before. With an unscanned image beside it, pinned to the one scanned.
      if (!indexDigest) pinDigest(target, platforms[0]!.digest);
      continue;
    }
    ctx.info(
      `${target.display} is a multi-platform image: scanning ${platforms.map((p) => p.platform).join(', ')}`,
    );
    targets.splice(i, 1, ...platforms.map((p) => platformTarget(target, p, indexDigest)));
  }
}

interface ExpandContext {
  built: BuiltImage | undefined;
  options: RunOptions;
  info: (line: string) => void;
  signal?: AbortSignal;
}

/** The index's platforms as the registry lists them; none when it cannot be asked (the default platform is scanned). */
function platformsOf(target: ScanTarget, ctx: ExpandContext) {
  return listIndexPlatforms(target, {
    insecureRegistry: ctx.options.insecureRegistry,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  }).catch((error: Error) => {
    ctx.info(
      `platforms of ${target.display} not listed (${oneLine(error.message)}); scanning ${ctx.options.platform ?? 'the default platform'}`,
    );
    return { platforms: [], indexDigest: undefined, unscanned: [] };
  });
}

/** One platform of a multi-platform image as its own target, pinned to that platform's digest. */
function platformTarget(
  target: ScanTarget,
  platform: ImagePlatform,
  indexDigest: string | undefined,
): ScanTarget {
  const one: ScanTarget = {
    ...target,
    display: `${target.display} [${platform.platform}]`,
    platform: platform.platform,
    ...(indexDigest ? { indexDigest } : {}),
  };
  pinDigest(one, platform.digest);
  return one;
}

/** The one image of `platforms` that `--platform os/arch[/variant]` selects (no variant given: any variant). */
function choosePlatform(platforms: readonly ImagePlatform[], wanted: string, display: string): string {
  const want = parsePlatform(wanted);
  const matches = platforms.filter((p) => {
    const [os, architecture, variant] = p.platform.split('/');
    return (
      os === want.os &&
      architecture === want.architecture &&
      (want.variant === undefined || variant === want.variant)
    );
  });
  if (matches.length !== 1)
    throw new UsageError(
      `--platform ${wanted}: ${display} has ${matches.length === 0 ? 'no image for it' : 'several images for it'} — it has ${platforms.map((p) => p.platform).join(', ')}; pass one of those`,
    );
  return matches[0]!.digest;
}

/** The target now means the image at `digest`; a reference that named another digest (the index's) names this one. */
function pinDigest(target: ScanTarget, digest: string): void {
  target.digest = digest;
  const parsed = target.reference ? parseImageReference(target.reference) : undefined;
  if (parsed?.digest && parsed.digest !== digest) target.reference = `${parsed.name}@${digest}`;
}

/** The exported image's config (and setuid/setgid files) for container-gate's own image checks. */
export async function readImageConfigs(
  targets: readonly ScanTarget[],
  warn: (line: string) => void,
): Promise<ImageConfigInput[]> {
  const configs: ImageConfigInput[] = [];
  for (const target of targets) {
    if (target.kind !== 'docker-archive' || !target.path) continue;
    try {
      const image = await readDockerArchive(target.path);
      for (const line of image.notes) warn(`image checks on ${target.display}: ${line}`);
      configs.push({ target: target.display, config: image.config, files: image.specialFiles });
    } catch (error) {
      warn(`image checks on ${target.display} skipped: ${oneLine(errorMessage(error))}`);
    }
  }
  return configs;
}
