import { join } from 'node:path';
import { writeFileAtomic } from '../fs-atomic.js';
import type { GitHubClient } from './github-client.js';
import { readZipEntry } from './zip.js';

/** The JSON report's artifact: what a default-branch run uploads and a pull request's `baseline: auto` reads. */
export const REPORT_ARTIFACT = 'container-gate-report';
/** The file name of the report inside the artifact. */
export const REPORT_ARTIFACT_FILE = 'report.json';

/** `container-gate-report`, with the SARIF category prefix for jobs that scan side by side (a matrix). */
export function reportArtifactName(categoryPrefix: string): string {
  const suffix = categoryPrefix
    .replace(/\/+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return suffix ? `${REPORT_ARTIFACT}-${suffix}` : REPORT_ARTIFACT;
}

export interface BaselineLookup {
  owner: string;
  repo: string;
  /** The pull request's base branch. */
  branch: string;
  artifactName: string;
  /** Where to write the downloaded report. */
  dir: string;
  log: (line: string) => void;
}

const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/**
 * The latest unexpired report artifact uploaded by a run on the base branch, written to `dir`; undefined (with the
 * reason logged) when there is none. The caller then gates every finding, the stricter outcome.
 */
export async function fetchBaselineReport(
  client: GitHubClient,
  lookup: BaselineLookup,
): Promise<string | undefined> {
  const { owner, repo, branch, artifactName, log } = lookup;
  const listed = await client.rest.actions.listArtifactsForRepo({
    owner,
    repo,
    name: artifactName,
    per_page: 100,
  });
  const candidates = listed.data.artifacts
    .filter((a) => !a.expired && a.workflow_run?.head_branch === branch)
    .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
  const latest = candidates[0];
  if (!latest) {
    log(`baseline auto: no ${artifactName} artifact from a run on ${branch} (is upload-report on there?)`);
    return undefined;
  }
  const download = await client.rest.actions.downloadArtifact({
    owner,
    repo,
    artifact_id: latest.id,
    archive_format: 'zip',
  });
  const zip = Buffer.from(download.data as ArrayBuffer);
  const report = readZipEntry(zip, REPORT_ARTIFACT_FILE, MAX_REPORT_BYTES);
  if (!report) throw new Error(`artifact ${artifactName} (id ${latest.id}) holds no ${REPORT_ARTIFACT_FILE}`);
  const path = join(lookup.dir, 'baseline-report.json');
  await writeFileAtomic(path, report.toString('utf8'), 'baseline report');
  log(
    `baseline auto: ${artifactName} of run ${latest.workflow_run?.id ?? '?'} on ${branch} (${latest.created_at ?? 'date unknown'})`,
  );
  return path;
}
