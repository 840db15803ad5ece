import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ScanTarget } from '../scanners/scanner.js';
import { UsageError } from '../util/errors.js';
import { parsePlatform } from './platforms.js';
import { parseImageReference } from './reference.js';
import { skopeoSource } from './skopeo.js';

/**
 * Pure: which tool exports an image to an archive, with what argv. The default archive is a docker-archive,
 * the one format all three scanners read: Trivy's `--input` takes a docker-archive tar or an OCI layout
 * *directory* but not an OCI tar (it exits 1 without a message), while Grype and Syft read both.
 */
export type ExportFormat = 'docker-archive' | 'oci-archive';
export type ExportTool = 'buildah' | 'podman' | 'docker' | 'skopeo' | 'none';

export interface ExportPlan {
  tool: Exclude<ExportTool, 'none'>;
  args: string[];
  /** The archive kind the tool writes. */
  kind: ExportFormat;
  file: string;
}

/** What the machine offers; each entry is an executable path, `docker` only when its daemon answers. */
export interface ExportTools {
  buildah?: string;
  podman?: string;
  docker?: string;
  skopeo?: string;
}

export interface PlanContext {
  workDir: string;
  format: ExportFormat;
  insecureRegistry: boolean;
  /** The builder that just built this reference (`buildah`, `podman`, `buildx`): its local store has the image. */
  builtWith?: string;
  /** The docker daemon has this reference in its image store (checked by the caller with `docker image inspect`). */
  inDockerDaemon?: boolean;
  tools: ExportTools;
}

/** The archive path for a target: its name plus a hash of what the user typed, so two tags of one image never collide. */
export function exportFile(target: ScanTarget, workDir: string, format: ExportFormat): string {
  const slug =
    target.name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'image';
  const hash = createHash('sha256')
    .update(`${target.display}\u0000${target.platform ?? ''}\u0000${format}`)
    .digest('hex')
    .slice(0, 12);
  return join(workDir, 'export', `${slug}-${hash}.${format === 'oci-archive' ? 'oci' : 'docker'}.tar`);
}

/**
 * Picks the source, in order: the builder that just built the image (its store is local and exact), a docker
 * daemon holding the image, then the registry through skopeo. An oci-archive target is converted to a
 * docker-archive (locally, with skopeo) when that is the format asked for. Undefined: no tool can do it.
 */
export function planExport(target: ScanTarget, ctx: PlanContext): ExportPlan | undefined {
  const file = exportFile(target, ctx.workDir, ctx.format);
  if (target.kind === 'docker-archive') return undefined;
  if (target.kind === 'oci-archive') {
    if (ctx.format === 'oci-archive' || !ctx.tools.skopeo) return undefined;
    requireNoColon(file);
    return {
      tool: 'skopeo',
      file,
      kind: 'docker-archive',
      args: ['copy', '--quiet', skopeoSource(target), `docker-archive:${file}`],
    };
  }

  const reference = target.reference ?? target.display;
  const built = ctx.builtWith;
  if ((built === 'buildah' && ctx.tools.buildah) || (built === 'podman' && ctx.tools.podman)) {
    requireNoColon(file);
    if (built === 'buildah') {
      return {
        tool: 'buildah',
        file,
        kind: ctx.format,
        args: ['push', '--quiet', '--', reference, destination(ctx.format, file, reference)],
      };
    }
    return {
      tool: 'podman',
      file,
      kind: ctx.format,
      args: ['save', '--quiet', '--format', ctx.format, '--output', file, '--', reference],
    };
  }
  if (ctx.tools.docker && (built === 'buildx' || ctx.inDockerDaemon)) {
    // docker save writes a docker-archive (Docker 25+ adds an OCI layout to the same tar); the format is not selectable.
    const dockerFile = exportFile(target, ctx.workDir, 'docker-archive');
    return {
      tool: 'docker',
      file: dockerFile,
      kind: 'docker-archive',
      args: ['save', '--output', dockerFile, '--', reference],
    };
  }
  if (ctx.tools.skopeo) {
    requireNoColon(file);
    const args: string[] = [];
    if (target.platform) {
      const p = parsePlatform(target.platform);
      args.push(
        '--override-os',
        p.os,
        '--override-arch',
        p.architecture,
        ...(p.variant ? ['--override-variant', p.variant] : []),
      );
    }
    args.push('copy', '--quiet');
    if (ctx.insecureRegistry) args.push('--src-tls-verify=false');
    args.push(skopeoSource(target), destination(ctx.format, file, target.digest ? undefined : reference));
    return { tool: 'skopeo', file, kind: ctx.format, args };
  }
  return undefined;
}

/**
 * `docker-archive:file:name:tag` records the name in the archive (scanners then report it); only a tagged
 * reference can be recorded, so a digest-only one writes an unnamed archive.
 */
function destination(format: ExportFormat, file: string, reference: string | undefined): string {
  const parsed = reference ? parseImageReference(reference) : undefined;
  if (format === 'docker-archive' && parsed?.tag && !parsed.digest)
    return `docker-archive:${file}:${parsed.name}:${parsed.tag}`;
  return `${format}:${file}`;
}

/** containers-transports split `oci-archive:path:ref` at the colon, so the work dir must not contain one. */
function requireNoColon(file: string): void {
  if (file.includes(':')) {
    throw new UsageError(
      `work dir ${JSON.stringify(file)}: contains ':' which skopeo and buildah read as a separator — choose a work dir without ':'`,
    );
  }
}
