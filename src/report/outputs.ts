import { createHash } from 'node:crypto';
import { lstat, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SbomDocument, SbomFormat } from '../core/finding.js';
import type { Report } from '../core/report.js';
import type { OutputOptions, RunOptions, RunOutcome } from '../options.js';
import { UsageError } from '../util/errors.js';
import { type FileToWrite, writeAllOrNothing } from '../util/fs-atomic.js';
import { readInputFile } from '../util/input-file.js';
import { renderJsonReport } from './json.js';
import { renderMarkdownSummary } from './markdown.js';
import { renderSarif, serializeSarif } from './sarif.js';

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
  return `${sbomStem(target)}.${SBOM_EXTENSION[format]}`;
}

function sbomStem(target: string): string {
  const base = target
    .replace(/^(oci|docker)-archive:/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  return base || 'image';
}

/**
 * One file name per SBOM of a run (issue 14 item 6): `a/b:1` and `a_b:1` (or one image's CycloneDX from two
 * producers) would share `a_b_1.cdx.json`, the second over the first, so every name of such a group gets a short
 * digest of its target and producer. Compared without case: two names differing only in case are one file on macOS.
 */
export function sbomFileNames(sboms: readonly Pick<ProducedSbom, 'target' | 'producer' | 'doc'>[]): string[] {
  const plain = sboms.map((sbom) => sbomFileName(sbom.target, sbom.doc.format));
  const uses = new Map<string, number>();
  for (const name of plain) uses.set(name.toLowerCase(), (uses.get(name.toLowerCase()) ?? 0) + 1);
  return sboms.map((sbom, i) => {
    if (uses.get(plain[i]!.toLowerCase())! < 2) return plain[i]!;
    const digest = createHash('sha256').update(`${sbom.target}\0${sbom.producer}`).digest('hex').slice(0, 8);
    return `${sbomStem(sbom.target)}-${digest}.${SBOM_EXTENSION[sbom.doc.format]}`;
  });
}

/**
 * The SBOM formats a run writes: those asked for, when there is a directory to write them to (none without one).
 * `writeOutputs` writes only these, so a tool need not make another format unless it reads that one itself (Trivy
 * converts its pass to SPDX JSON only when SPDX JSON is written: src/scanners/trivy/pass.ts).
 */
export function sbomFormatsWritten(outputs: Pick<OutputOptions, 'sbomDir' | 'sbomFormats'>): SbomFormat[] {
  return outputs.sbomDir ? [...outputs.sbomFormats] : [];
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
 * Writes every requested output, or none of them (issue 14 item 7, docs/fail-closed.md): all are rendered first,
 * then written together (`writeAllOrNothing`), so no summary says "Gate passed" next to an exit 2 because the JSON
 * report could not be written. Two outputs at one path are refused (exit 3) before anything is written.
 */
export async function writeOutputs(
  report: Report,
  sboms: readonly ProducedSbom[],
  options: Pick<RunOptions, 'outputs' | 'dockerfile'>,
  warn: (line: string) => void = () => undefined,
): Promise<RunOutcome['files']> {
  const { outputs } = options;
  const files: RunOutcome['files'] = { sarif: [], sboms: [] };
  const planned: (FileToWrite & { done: () => void })[] = [];

  if (outputs.sbomDir) {
    const written = sbomFormatsWritten(outputs);
    const kept = sboms.filter((sbom) => written.includes(sbom.doc.format));
    const names = sbomFileNames(kept);
    for (const [i, sbom] of kept.entries()) {
      const path = join(outputs.sbomDir, names[i]!);
      report.sboms.push({ target: sbom.target, format: sbom.doc.format, path, producer: sbom.producer });
      planned.push({ path, content: sbom.doc.content, what: 'SBOM', done: () => files.sboms.push(path) });
    }
  }
  if (outputs.json) {
    const path = outputs.json;
    planned.push({
      path,
      content: renderJsonReport(report),
      what: 'JSON report',
      done: () => (files.json = path),
    });
  }
  if (outputs.sarif) {
    const dockerfile = options.dockerfile ? repoRelative(options.dockerfile) : undefined;
    const dockerfileText = dockerfile
      ? await readInputFile(options.dockerfile!, 'Dockerfile').catch(() => undefined)
      : undefined;
    const rendered = renderSarif(report, {
      ...(dockerfile ? { dockerfile } : {}),
      ...(dockerfileText !== undefined ? { dockerfileText } : {}),
    });
    for (const warning of rendered.warnings) warn(warning);
    for (const [index, log] of rendered.files.entries()) {
      // Past GitHub's 20 runs or 10 MB per file, the SARIF is split: upload every file (upload-sarif takes a directory).
      const path = index === 0 ? outputs.sarif : sarifPart(outputs.sarif, index + 1);
      planned.push({ path, content: serializeSarif(log), what: 'SARIF', done: () => files.sarif.push(path) });
    }
  }
  if (outputs.summary) {
    const path = outputs.summary;
    const markdown = renderMarkdownSummary(
      report,
      outputs.summaryMaxChars ? { maxChars: outputs.summaryMaxChars } : {},
    );
    planned.push({ path, content: markdown, what: 'summary', done: () => (files.summary = path) });
  }
  refuseSharedPaths(planned);
  await writeAllOrNothing(planned);
  for (const file of planned) file.done();
  return files;
}

/** The name of the n-th file of a split SARIF (`gate.sarif` → `gate.2.sarif`). */
function sarifPart(path: string, n: number): string {
  return path.replace(/(\.sarif)?$/, `.${n}.sarif`);
}

function refuseSharedPaths(files: readonly FileToWrite[]): void {
  const seen = new Map<string, FileToWrite>();
  for (const file of files) {
    const key = resolve(file.path);
    const other = seen.get(key);
    if (other) {
      throw new UsageError(
        `the ${other.what} and the ${file.what} would both be written to ${file.path} — give each output its own path`,
      );
    }
    seen.set(key, file);
  }
}

/**
 * The output paths, checked before anything runs (issue 14 item 9): an existing directory where a file is to go, two
 * outputs at one path, a JSON report or summary at a name the split SARIF takes (`gate.2.sarif`), or inside
 * `--sbom-dir` under an SBOM's name, would cost the scan's results or overwrite one output with another. Exit 3.
 */
export async function checkOutputPaths(outputs: OutputOptions): Promise<void> {
  const candidates: [what: string, flag: string, path: string | undefined][] = [
    ['JSON report', '--json', outputs.json],
    ['SARIF', '--sarif', outputs.sarif],
    ['summary', '--summary', outputs.summary],
  ];
  const named = candidates.filter((entry): entry is [string, string, string] => entry[2] !== undefined);
  for (const [what, flag, path] of named) {
    if ((await lstat(path).catch(() => undefined))?.isDirectory())
      throw new UsageError(`${flag} ${path}: a directory — name the ${what} file to write`);
  }
  for (const [i, [what, flag, path]] of named.entries()) {
    for (const [otherWhat, otherFlag, other] of named.slice(i + 1)) {
      if (resolve(path) === resolve(other))
        throw new UsageError(
          `${flag} and ${otherFlag} are both ${path}: the ${otherWhat} would overwrite the ${what} — give each its own path`,
        );
    }
  }
  if (outputs.sarif) {
    const sarif = resolve(outputs.sarif);
    const parts = new RegExp(`^${escapeRegExp(sarif.replace(/\.sarif$/, ''))}\\.\\d+\\.sarif$`);
    for (const [, flag, path] of named) {
      if (flag !== '--sarif' && parts.test(resolve(path)))
        throw new UsageError(
          `${flag} ${path}: a name a split SARIF file takes (--sarif ${outputs.sarif}) — choose another name`,
        );
    }
  }
  if (outputs.sbomDir) {
    const info = await stat(outputs.sbomDir).catch(() => undefined);
    if (info && !info.isDirectory())
      throw new UsageError(`--sbom-dir ${outputs.sbomDir}: not a directory — name a directory for the SBOMs`);
    const dir = resolve(outputs.sbomDir);
    for (const [, flag, path] of named) {
      const full = resolve(path);
      if (dirname(full) === dir && /\.(cdx|spdx|syft)\.json$/.test(full))
        throw new UsageError(
          `${flag} ${path}: inside --sbom-dir under an SBOM's name, where an SBOM may be written — choose another name or directory`,
        );
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
