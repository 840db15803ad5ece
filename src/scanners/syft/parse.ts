import type { SbomDocument, SbomFormat } from '../../core/finding.js';
import { ScannerOutputError } from '../../util/errors.js';
import { nonEmpty, parseToolJson } from '../tool-output.js';
import { type CycloneDxComponent, cycloneDxSchema, spdxSchema, syftJsonSchema } from './schema.js';

/** The output role each SBOM format is written under (`ScannerInvocation.outputs`). */
export const SBOM_ROLES = {
  cyclonedx: 'cyclonedx-json',
  spdx: 'spdx-json',
  'syft-json': 'syft-json',
} as const;
export type SbomRole = keyof typeof SBOM_ROLES;

const SCHEMAS = { 'cyclonedx-json': cycloneDxSchema, 'spdx-json': spdxSchema, 'syft-json': syftJsonSchema };
const LABELS: Record<SbomFormat, string> = {
  'cyclonedx-json': 'CycloneDX JSON SBOM',
  'spdx-json': 'SPDX JSON SBOM',
  'syft-json': 'Syft JSON SBOM',
};

function isSbomRole(role: string): role is SbomRole {
  return Object.hasOwn(SBOM_ROLES, role);
}

/**
 * Checks that every SBOM a tool was told to write is there and is the format it claims, and returns them
 * verbatim in format order. `expected` names the roles the tool was told to write: the runner leaves out a
 * file the tool never wrote, and a missing SBOM must be an error, never a silently absent artifact. Without
 * `expected`, the SBOM roles present are checked. Roles that are not SBOMs are ignored.
 */
export function parseSbomOutputs(
  files: Readonly<Record<string, string | undefined>>,
  producer: string,
  expected: readonly SbomRole[] = Object.keys(files).filter(isSbomRole),
): SbomDocument[] {
  const documents: SbomDocument[] = [];
  for (const role of new Set(expected)) {
    const format = SBOM_ROLES[role];
    const content = files[role];
    parseToolJson(content, producer, LABELS[format], SCHEMAS[format]);
    documents.push({ format, content: content! });
  }
  if (documents.length === 0) {
    throw new ScannerOutputError(`${producer}: wrote no SBOM; re-run it and check its stderr and disk space`);
  }
  return documents.sort((a, b) => (a.format < b.format ? -1 : a.format > b.format ? 1 : 0));
}

/**
 * How many packages an SBOM lists, counted the same way for every format so that the report can compare
 * producers. A package is a component with a purl, or a library or framework without one (Grype and Syft
 * write purl-less components for packages they cannot name in purl). Not counted: the operating system,
 * the document's subject (the image or directory), and Trivy's per-lockfile "application" entries.
 */
export function countSbomPackages(doc: SbomDocument): number {
  switch (doc.format) {
    case 'cyclonedx-json':
      return countCycloneDx(
        parseToolJson(doc.content, 'sbom', LABELS[doc.format], cycloneDxSchema).components,
      );
    case 'spdx-json':
      return countSpdx(parseToolJson(doc.content, 'sbom', LABELS[doc.format], spdxSchema));
    case 'syft-json':
      return parseToolJson(doc.content, 'sbom', LABELS[doc.format], syftJsonSchema).artifacts.length;
  }
}

const CYCLONEDX_PACKAGE_TYPES = new Set(['library', 'framework']);

function countCycloneDx(components: readonly CycloneDxComponent[] | null | undefined): number {
  let count = 0;
  for (const component of components ?? []) {
    const type = component.type ?? '';
    if (type !== 'operating-system' && (nonEmpty(component.purl) || CYCLONEDX_PACKAGE_TYPES.has(type)))
      count++;
    count += countCycloneDx(component.components);
  }
  return count;
}

const SPDX_PACKAGE_PURPOSES = new Set(['LIBRARY', 'FRAMEWORK']);

function countSpdx(doc: ReturnType<typeof spdxSchema.parse>): number {
  const described = new Set(doc.documentDescribes ?? []);
  for (const relation of doc.relationships ?? []) {
    if (
      relation.spdxElementId === doc.SPDXID &&
      relation.relationshipType === 'DESCRIBES' &&
      relation.relatedSpdxElement
    ) {
      described.add(relation.relatedSpdxElement);
    }
  }
  let count = 0;
  for (const pkg of doc.packages ?? []) {
    if (described.has(pkg.SPDXID)) continue;
    const purpose = nonEmpty(pkg.primaryPackagePurpose)?.toUpperCase();
    if (purpose === 'OPERATING-SYSTEM') continue;
    const hasPurl = (pkg.externalRefs ?? []).some(
      (ref) => ref.referenceType === 'purl' && nonEmpty(ref.referenceLocator),
    );
    if (hasPurl || purpose === undefined || SPDX_PACKAGE_PURPOSES.has(purpose)) count++;
  }
  return count;
}
