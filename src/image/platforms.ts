import { z } from 'zod';
import type { ScanTarget } from '../scanners/scanner.js';
import { RunError, UsageError } from '../util/errors.js';
import { manifestDigest } from './reference-digest.js';
import { runSkopeoInspect, type SkopeoOptions } from './skopeo.js';

/**
 * The platforms of a multi-platform image (an OCI index or a Docker manifest list), read with
 * `skopeo inspect --raw`. Scanning "every platform" means one scan per entry, each exported with
 * `--platform` (export.ts passes it to skopeo as --override-os/--override-arch/--override-variant).
 */
export interface ImagePlatform {
  /** `os/arch[/variant]`, as --platform takes it. */
  platform: string;
  /** The platform's own manifest digest inside the index. */
  digest: string;
}

const Descriptor = z.looseObject({
  digest: z.string(),
  platform: z
    .looseObject({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
    .optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const Index = z.looseObject({ manifests: z.array(Descriptor) });
const SingleManifest = z.union([
  z.looseObject({ config: z.looseObject({ digest: z.string() }) }),
  z.looseObject({ schemaVersion: z.literal(1) }),
]);

/** An empty list means a single-platform image: scan it once, with no platform selection. */
export async function listPlatforms(target: ScanTarget, opts: SkopeoOptions = {}): Promise<ImagePlatform[]> {
  return (await listIndexPlatforms(target, opts)).platforms;
}

export interface IndexPlatforms {
  /**
   * The digest of the index itself (sha256 of the exact bytes served): the digest a signature covering every platform
   * goes on, while each platform's SBOM is attested to the platform's own digest. Only when scanning `platforms`
   * scans every image in the index (`unscanned` is empty).
   */
  indexDigest?: string;
  platforms: ImagePlatform[];
  /** Digests of the index's images that `platforms` leaves out (see unscannedImages). */
  unscanned: string[];
}

export async function listIndexPlatforms(
  target: ScanTarget,
  opts: SkopeoOptions = {},
): Promise<IndexPlatforms> {
  if (target.kind !== 'reference') return { platforms: [], unscanned: [] };
  const raw = await runSkopeoInspect(target, { ...opts, raw: true });
  const platforms = platformsFromManifest(raw, target.display);
  const unscanned = unscannedImages(raw, platforms);
  return platforms.length > 0 && unscanned.length === 0
    ? { indexDigest: manifestDigest(raw), platforms, unscanned }
    : { platforms, unscanned };
}

/**
 * Pure: the images of an index that scanning `platforms` would not read: entries without a platform, and a second
 * image for a platform already listed. Runtimes do pick them: containerd takes an entry without a platform for any
 * platform (core/images/image.go Manifest), containers/image too as a last resort, and chooses among entries of one
 * platform by compression (internal/manifest/oci_index.go chooseInstance). A signature on the index would cover them.
 */
export function unscannedImages(raw: string, platforms: readonly ImagePlatform[]): string[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  const index = Index.safeParse(json);
  if (!index.success) return [];
  const scanned = new Set(platforms.map((p) => p.digest));
  return index.data.manifests
    .filter((entry) => !notAnImage(entry) && !scanned.has(entry.digest))
    .map((entry) => entry.digest);
}

/** BuildKit's attestation manifests and `unknown/unknown` entries: no runtime runs them. */
function notAnImage(entry: z.infer<typeof Descriptor>): boolean {
  const p = entry.platform;
  return (
    entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (p !== undefined && (p.os === 'unknown' || p.architecture === 'unknown'))
  );
}

/**
 * Pure: the platforms listed in an index. Entries that are not images are left out: BuildKit's attestation
 * manifests (`unknown/unknown`, `vnd.docker.reference.type: attestation-manifest`) and entries without a platform.
 */
export function platformsFromManifest(raw: string, display: string): ImagePlatform[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new RunError(
      `list platforms of ${display}: the registry's manifest is not JSON — check the reference`,
      { cause: error },
    );
  }
  const index = Index.safeParse(json);
  if (!index.success) {
    if (SingleManifest.safeParse(json).success) return [];
    throw new RunError(
      `list platforms of ${display}: neither an image index nor an image manifest — check the reference`,
    );
  }
  const seen = new Map<string, ImagePlatform>();
  for (const entry of index.data.manifests) {
    const p = entry.platform;
    if (!p || notAnImage(entry)) continue;
    const platform = [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
    if (!seen.has(platform)) seen.set(platform, { platform, digest: entry.digest });
  }
  return [...seen.values()].sort((a, b) => (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0));
}

const PLATFORM = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/;

export interface PlatformParts {
  os: string;
  architecture: string;
  variant?: string;
}

/** `linux/arm64/v8` → its parts; anything else is a usage error naming the accepted form. */
export function parsePlatform(platform: string): PlatformParts {
  const match = PLATFORM.exec(platform);
  if (!match)
    throw new UsageError(
      `--platform ${JSON.stringify(platform)}: expected os/arch or os/arch/variant, e.g. linux/arm64`,
    );
  const [, os, architecture, variant] = match;
  return { os: os!, architecture: architecture!, ...(variant ? { variant } : {}) };
}
