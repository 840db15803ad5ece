import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SbomDocument } from './core/finding.js';
import type { Report } from './core/report.js';
import { RunError } from './errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import type { RunOptions, RunOutcome } from './options.js';
import { renderJsonReport } from './report/json.js';
import { renderMarkdownSummary } from './report/markdown.js';
import { renderSarif } from './report/sarif.js';

export interface ProducedSbom {
  target: string;
  producer: string;
  doc: SbomDocument;
}

const SBOM_EXTENSION: Record<SbomDocument['format'], string> = {
  'cyclonedx-json': 'cdx.json',
  'spdx-json': 'spdx.json',
  'syft-json': 'syft.json',
};

/** File names carry the image so that matrix jobs writing into one directory never collide. */
export function sbomFileName(target: string, format: SbomDocument['format']): string {
  const base = target.replace(/^(oci|docker)-archive:/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `${base || 'image'}.${SBOM_EXTENSION[format]}`;
}

/**
 * Writes every requested output, each atomically. A failure of one does not remove the ones already written;
 * all are attempted and the first failure is thrown afterwards (exit 2).
 */
export async function writeOutputs(
  report: Report,
  sboms: readonly ProducedSbom[],
  options: Pick<RunOptions, 'outputs' | 'dockerfile'>,
): Promise<RunOutcome['files']> {
  const { outputs } = options;
  const files: RunOutcome['files'] = { sarif: [], sboms: [] };
  const failures: RunError[] = [];
  const attempt = async (write: () => Promise<void>) => {
    try {
      await write();
    } catch (error) {
      if (error instanceof RunError) failures.push(error);
      else throw error;
    }
  };

  if (outputs.sbomDir) {
    for (const sbom of sboms) {
      if (!outputs.sbomFormats.includes(sbom.doc.format)) continue;
      const path = join(outputs.sbomDir, sbomFileName(sbom.target, sbom.doc.format));
      await attempt(async () => {
        await writeFileAtomic(path, sbom.doc.content, 'SBOM');
        files.sboms.push(path);
        report.sboms.push({ target: sbom.target, format: sbom.doc.format, path, producer: sbom.producer });
      });
    }
  }
  if (outputs.json) {
    const path = outputs.json;
    await attempt(async () => {
      await writeFileAtomic(path, renderJsonReport(report), 'JSON report');
      files.json = path;
    });
  }
  if (outputs.sarif) {
    const path = outputs.sarif;
    await attempt(async () => {
      const dockerfileText = options.dockerfile ? await readFile(options.dockerfile, 'utf8').catch(() => undefined) : undefined;
      const rendered = renderSarif(report, {
        ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
        ...(dockerfileText !== undefined ? { dockerfileText } : {}),
      });
      const logs = rendered.files;
      for (const [index, log] of logs.entries()) {
        const file = index === 0 ? path : path.replace(/(\.sarif)?$/, `.${index + 1}.sarif`);
        await writeFileAtomic(file, `${JSON.stringify(log, null, 2)}\n`, 'SARIF');
        files.sarif.push(file);
      }
    });
  }
  if (outputs.summary) {
    const path = outputs.summary;
    await attempt(async () => {
      const markdown = renderMarkdownSummary(report, outputs.summaryMaxChars ? { maxChars: outputs.summaryMaxChars } : {});
      await writeFileAtomic(path, markdown, 'summary');
      files.summary = path;
    });
  }
  if (failures.length > 0) throw failures[0];
  return files;
}
