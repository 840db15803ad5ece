import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SbomDocument } from './core/finding.js';
import type { Report } from './core/report.js';
import { RunError } from './errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import { readInputFile } from './input-file.js';
import type { RunOptions, RunOutcome } from './options.js';
import { renderJsonReport } from './report/json.js';
import { renderMarkdownSummary } from './report/markdown.js';
import { renderSarif, serializeSarif } from './report/sarif.js';

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
  const base = target
    .replace(/^(oci|docker)-archive:/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  return `${base || 'image'}.${SBOM_EXTENSION[format]}`;
}

/**
 * SARIF locations are repository-relative; the repository is the working directory (GITHUB_WORKSPACE on a runner).
 * A Dockerfile outside it cannot be pointed at, so findings then fall back to in-image paths.
 */
export function repoRelative(path: string, root = process.cwd()): string | undefined {
  const rel = relative(root, resolve(root, path));
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * Writes every requested output, each atomically. A failure of one does not remove the ones already written;
 * all are attempted and the first failure is thrown afterwards (exit 2).
 */
export async function writeOutputs(
  report: Report,
  sboms: readonly ProducedSbom[],
  options: Pick<RunOptions, 'outputs' | 'dockerfile'>,
  note: (line: string) => void = () => undefined,
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
      const dockerfile = options.dockerfile ? repoRelative(options.dockerfile) : undefined;
      const dockerfileText = dockerfile
        ? await readInputFile(options.dockerfile!, 'Dockerfile').catch(() => undefined)
        : undefined;
      const rendered = renderSarif(report, {
        ...(dockerfile ? { dockerfile } : {}),
        ...(dockerfileText !== undefined ? { dockerfileText } : {}),
      });
      for (const warning of rendered.warnings) note(warning);
      for (const [index, log] of rendered.files.entries()) {
        // Past GitHub's 20 runs or 10 MB per file, the SARIF is split: upload every file (upload-sarif takes a directory).
        const file = index === 0 ? path : path.replace(/(\.sarif)?$/, `.${index + 1}.sarif`);
        await writeFileAtomic(file, serializeSarif(log), 'SARIF');
        files.sarif.push(file);
      }
    });
  }
  if (outputs.summary) {
    const path = outputs.summary;
    await attempt(async () => {
      const markdown = renderMarkdownSummary(
        report,
        outputs.summaryMaxChars ? { maxChars: outputs.summaryMaxChars } : {},
      );
      await writeFileAtomic(path, markdown, 'summary');
      files.summary = path;
    });
  }
  if (failures.length > 0) throw failures[0];
  return files;
}
