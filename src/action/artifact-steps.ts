import { join } from 'node:path';
import * as core from '@actions/core';
import type { Report } from '../core/report.js';
import { cleanLine } from '../report/escape.js';
import { renderJsonReport } from '../report/json.js';
import { errorMessage, oneLine } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs-atomic.js';
import { REPORT_ARTIFACT_FILE, reportArtifactName } from './baseline-artifact.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { type ArtifactUploader, uploadSbomArtifacts } from './sbom-artifact.js';

// The workflow artifacts (`upload-sbom`, `upload-report`). An artifact that cannot be uploaded is a warning: the
// gate's verdict does not depend on it.

/** @actions/artifact's client, created only when there is something to upload. */
export type ArtifactUploaderFactory = () => Promise<ArtifactUploader>;

/** `upload-sbom`: one artifact per image with every SBOM format written for it. */
export async function uploadSbomStep(
  report: Report,
  artifactUploader: ArtifactUploaderFactory,
  context: ActionContext,
): Promise<void> {
  try {
    const result = await uploadSbomArtifacts(report, await artifactUploader(), context.runAttempt);
    for (const artifact of result.uploaded)
      core.info(`SBOM artifact ${artifact.name}: ${artifact.files.length} file(s)`);
    for (const failure of result.failures) core.warning(cleanLine(failure, 1000));
  } catch (error) {
    core.warning(`SBOM artifacts not uploaded: ${oneLine(errorMessage(error))}`);
  }
}

/** `upload-report`: the JSON report as the artifact `baseline: auto` reads, under the name and file name it looks for. */
export async function uploadReportStep(
  report: Report,
  inputs: ActionInputs,
  artifactUploader: ArtifactUploaderFactory,
  context: ActionContext,
): Promise<void> {
  const name = reportArtifactName(inputs.sarifCategoryPrefix, inputs.rescan !== undefined);
  try {
    const dir = join(context.runnerTemp, 'container-gate', 'report-artifact');
    const file = join(dir, REPORT_ARTIFACT_FILE);
    await writeFileAtomic(file, renderJsonReport(report), 'JSON report');
    const attempt = context.runAttempt > 1 ? `-attempt-${context.runAttempt}` : '';
    await (await artifactUploader()).uploadArtifact(`${name}${attempt}`, [file], dir);
    core.info(`report artifact ${name}${attempt}`);
  } catch (error) {
    core.warning(`report artifact ${name} not uploaded: ${oneLine(errorMessage(error))}`);
  }
}
