import { dirname, relative, resolve } from 'node:path';
import type { Report, ReportTarget } from '../core/report.js';
import { errorMessage } from '../util/errors.js';

/** The part of @actions/artifact's client used here; tests pass a recorder. */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
  ): Promise<{ id?: number; size?: number }>;
}

export interface SbomArtifactResult {
  uploaded: { name: string; files: string[]; id?: number }[];
  failures: string[];
}

/**
 * Artifact names are unique per workflow run, across jobs: `sbom-<image name>` (plus the platform) lets a matrix
 * of images upload side by side, and a re-run attempt gets its own name instead of colliding with the first's.
 * GitHub refuses `" : < > | * ? \ /` and line breaks in names; everything outside `[A-Za-z0-9._-]` becomes `-`.
 */
export function sbomArtifactName(
  target: Pick<ReportTarget, 'name' | 'platform'>,
  runAttempt: number,
): string {
  const parts = [target.name, target.platform].filter((part): part is string => Boolean(part));
  const base = parts
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `sbom-${base || 'image'}${runAttempt > 1 ? `-attempt-${runAttempt}` : ''}`;
}

/** One artifact per image holding every SBOM format written for it. A failed upload is reported, never thrown. */
export async function uploadSbomArtifacts(
  report: Report,
  uploader: ArtifactUploader,
  runAttempt: number,
): Promise<SbomArtifactResult> {
  const byTarget = new Map<string, string[]>();
  for (const sbom of report.sboms)
    byTarget.set(sbom.target, [...(byTarget.get(sbom.target) ?? []), resolve(sbom.path)]);
  const result: SbomArtifactResult = { uploaded: [], failures: [] };
  for (const [display, files] of [...byTarget].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const target = report.targets.find((t) => t.display === display) ?? { name: display };
    const name = sbomArtifactName(target, runAttempt);
    try {
      const response = await uploader.uploadArtifact(name, files, commonDirectory(files));
      result.uploaded.push({ name, files, ...(response.id !== undefined ? { id: response.id } : {}) });
    } catch (error) {
      result.failures.push(`SBOM artifact ${name}: ${errorMessage(error)}`);
    }
  }
  return result;
}

function commonDirectory(files: string[]): string {
  let common = dirname(files[0]!);
  for (const file of files.slice(1)) {
    while (relative(common, file).startsWith('..')) common = dirname(common);
  }
  return common;
}
