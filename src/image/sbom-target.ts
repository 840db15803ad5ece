import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SbomDocument, SbomFormat } from '../core/finding.js';
import type { ScanTarget } from '../scanners/scanner.js';
import { countSbomPackages } from '../scanners/syft/parse.js';
import { errorMessage, oneLine, UsageError } from '../util/errors.js';
import { parseImageReference } from './reference.js';

/**
 * `scan sbom:<file>`: an SBOM already made (CycloneDX JSON, SPDX JSON or syft-json, told apart by content) scanned for
 * vulnerabilities with no image at hand — how a team re-scans what it shipped against today's advisories. The
 * target's name and digest come from the SBOM's own metadata when it has them; a file that is not one of the three
 * is bad input (exit 3), never an empty scan.
 */
/** Larger than any SBOM of an image; a bigger file is not read into memory. */
export const MAX_SBOM_BYTES = 256 * 1024 * 1024;

export interface SbomSubject {
  format: SbomFormat;
  /** What the SBOM describes (`alpine:3.10`, `ghcr.io/acme/api`), when it says. */
  subject?: string;
  /** The image's digest (`sha256:…`), when the SBOM records one. */
  digest?: string;
}

const FORMAT_NAMES: Record<SbomFormat, string> = {
  'cyclonedx-json': 'CycloneDX JSON',
  'spdx-json': 'SPDX JSON',
  'syft-json': 'syft-json',
};

export function sbomFormatName(format: SbomFormat): string {
  return FORMAT_NAMES[format];
}

/** Reads the SBOM file of an `sbom:` target: its format, and the name and digest its metadata records. */
export async function readSbomTarget(
  target: ScanTarget,
  warn: (line: string) => void = () => {},
): Promise<ScanTarget> {
  const path = target.path ?? '';
  const text = await readSbomFile(target.display, path);
  const described = describeSbom(text, target.display);
  if (listsNoPackages({ format: described.format, content: text })) warn(noPackagesWarning(target.display));
  const fromSubject = described.subject ? parseImageReference(described.subject) : undefined;
  const name = fromSubject?.name ?? described.subject ?? fileStem(path);
  return {
    ...target,
    name,
    sbomFormat: described.format,
    ...(described.digest ? { digest: described.digest } : {}),
  };
}

/**
 * True when the SBOM lists no package (counted as the report counts them: the operating system and the document's
 * subject are not packages). A scan of it finds nothing whatever the advisories say. That is right for an image with
 * no packages (the bundled example is `FROM scratch` with a few files), so it is said, not refused: a gate cannot
 * tell that image from an SBOM made of the wrong thing. A document the count cannot read is left to the scanners.
 */
export function listsNoPackages(doc: SbomDocument): boolean {
  try {
    return countSbomPackages(doc) === 0;
  } catch {
    return false;
  }
}

/** The warning for an SBOM that lists no packages: what the pass means, and what to check. */
export function noPackagesWarning(what: string): string {
  return `${what}: lists no packages, so its scan finds nothing whatever today's advisories say — if the image has packages, this SBOM was not made from it`;
}

async function readSbomFile(display: string, path: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) throw new UsageError(`${display}: not a file — give the path of an SBOM file`);
    if (info.size > MAX_SBOM_BYTES) {
      throw new UsageError(
        `${display}: ${Math.round(info.size / 1024 / 1024)} MiB, over the ${MAX_SBOM_BYTES / 1024 / 1024} MiB an SBOM may have`,
      );
    }
    return await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${display}: file not found — check the path of the SBOM`
        : `${display}: cannot read the SBOM (${oneLine(errorMessage(error))})`,
      { cause: error },
    );
  } finally {
    await handle?.close();
  }
}

const SHA256 = /^sha256:[0-9a-f]{64}$/;

/**
 * Pure: which of the three formats the text is, and what it describes. The format is told by content, as the tools
 * themselves tell it (Trivy: `bomFormat: "CycloneDX"`, `SPDXID: "SPDXRef-DOCUMENT"`, aquasecurity/trivy v0.74.0
 * pkg/sbom/sbom.go; syft-json: `artifacts` with a `descriptor` and a `source`). Throws a one-line UsageError naming
 * the input otherwise.
 */
export function describeSbom(text: string, display: string): SbomSubject {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${display}: not JSON — container-gate reads CycloneDX JSON, SPDX JSON and syft-json SBOMs (not XML or tag-value)`,
      { cause: error },
    );
  }
  if (isRecord(doc)) {
    if (doc.bomFormat === 'CycloneDX') return cycloneDxSubject(doc);
    if (typeof doc.spdxVersion === 'string' && doc.SPDXID === 'SPDXRef-DOCUMENT') return spdxSubject(doc);
    if (Array.isArray(doc.artifacts) && isRecord(doc.descriptor) && isRecord(doc.source))
      return syftSubject(doc);
  }
  throw new UsageError(
    `${display}: not a CycloneDX JSON, SPDX JSON or syft-json SBOM — give an SBOM written by Syft, Trivy or another SBOM tool`,
  );
}

type Json = Record<string, unknown>;

function cycloneDxSubject(doc: Json): SbomSubject {
  const component = record(record(doc.metadata)?.component);
  const properties = Array.isArray(component?.properties) ? component.properties.filter(isRecord) : [];
  // Trivy: `aquasecurity:trivy:RepoDigest` = `repo@sha256:…` (the registry's digest); Syft: the manifest digest as
  // the component's version; either may name it in a `pkg:oci/…@sha256:…` purl.
  const repoDigest = properties.find((p) => p.name === 'aquasecurity:trivy:RepoDigest')?.value;
  return {
    format: 'cyclonedx-json',
    ...subjectAndDigest(text(component?.name), [
      digestAfterAt(text(repoDigest)),
      ociPurlDigest(text(component?.purl)),
      text(component?.version),
    ]),
  };
}

function spdxSubject(doc: Json): SbomSubject {
  const packages = Array.isArray(doc.packages) ? doc.packages.filter(isRecord) : [];
  const described = new Set<unknown>(Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []);
  for (const relation of Array.isArray(doc.relationships) ? doc.relationships.filter(isRecord) : []) {
    if (relation.spdxElementId === 'SPDXRef-DOCUMENT' && relation.relationshipType === 'DESCRIBES')
      described.add(relation.relatedSpdxElement);
  }
  const subject = packages.find((p) => described.has(p.SPDXID));
  const purls = (Array.isArray(subject?.externalRefs) ? subject.externalRefs.filter(isRecord) : [])
    .filter((ref) => ref.referenceType === 'purl')
    .map((ref) => ociPurlDigest(text(ref.referenceLocator)));
  return {
    format: 'spdx-json',
    ...subjectAndDigest(text(subject?.name) ?? text(doc.name), [...purls, text(subject?.versionInfo)]),
  };
}

function syftSubject(doc: Json): SbomSubject {
  const source = record(doc.source);
  // syft-json before schema 2 keeps the image's metadata under `target`, later under `metadata`.
  const meta = record(source?.metadata) ?? record(source?.target);
  const repoDigests = Array.isArray(meta?.repoDigests) ? meta.repoDigests : [];
  return {
    format: 'syft-json',
    ...subjectAndDigest(text(meta?.userInput) ?? text(source?.name), [
      ...repoDigests.map((d) => digestAfterAt(text(d))),
      text(meta?.manifestDigest),
      text(source?.version),
    ]),
  };
}

function subjectAndDigest(subject: string | undefined, digests: (string | undefined)[]) {
  const digest = digests.find((d) => d !== undefined && SHA256.test(d));
  return { ...(subject ? { subject } : {}), ...(digest ? { digest } : {}) };
}

function digestAfterAt(value: string | undefined): string | undefined {
  return value?.includes('@') ? value.slice(value.lastIndexOf('@') + 1) : undefined;
}

/** `pkg:oci/alpine@sha256%3Aabc…?repository_url=…` → `sha256:abc…`. */
function ociPurlDigest(purl: string | undefined): string | undefined {
  const match = purl ? /^pkg:oci\/[^@]+@([^?#]+)/i.exec(purl) : undefined;
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}

function fileStem(path: string): string {
  return basename(path).replace(/(\.(cdx|spdx|syft))?\.json$/i, '') || 'sbom';
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
