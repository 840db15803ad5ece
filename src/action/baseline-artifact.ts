import { join } from 'node:path';
import { writeFileAtomic } from '../util/fs-atomic.js';
import type { GitHubClient } from './github-client.js';
import { readZipEntry } from './zip.js';

/** The JSON report's artifact: what a default-branch run uploads and a pull request's `baseline: auto` reads. */
export const REPORT_ARTIFACT = 'container-gate-report';
/** The file name of the report inside the artifact. */
export const REPORT_ARTIFACT_FILE = 'report.json';

/** A re-scan's report: never a baseline (see `reportArtifactName`). */
export const RESCAN_REPORT_ARTIFACT = 'container-gate-rescan-report';

/**
 * `container-gate-report`, with the SARIF category prefix for jobs that scan side by side (a matrix). A `rescan: true`
 * run (scheduled on the default branch) uploads under another name: its report is of what is deployed, not of the
 * branch, and as the branch's baseline it would count as "unchanged" a finding the branch had fixed and a pull
 * request brings back, because findings are matched by image name and the deployed image has the branch's name.
 */
export function reportArtifactName(categoryPrefix: string, rescan = false): string {
  const base = rescan ? RESCAN_REPORT_ARTIFACT : REPORT_ARTIFACT;
  const suffix = categoryPrefix
    .replace(/\/+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return suffix ? `${base}-${suffix}` : base;
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
 * A run of the repository's own branch. `head_branch` alone is not enough: a pull request from a fork whose branch is
 * also called `main` runs in this repository with `head_branch: main`, and its uploaded report would become the
 * baseline, so every finding it lists would count as unchanged and pass. A fork's run has the fork as its head
 * repository (`workflow_run.head_repository_id`, GitHub's REST API `artifact` schema).
 */
function isFromBaseBranch(
  run: { head_branch?: string; repository_id?: number; head_repository_id?: number } | null | undefined,
  branch: string,
): boolean {
  return (
    run?.head_branch === branch &&
    run.repository_id !== undefined &&
    run.head_repository_id === run.repository_id
  );
}

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
    .filter((a) => !a.expired && isFromBaseBranch(a.workflow_run, branch))
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
