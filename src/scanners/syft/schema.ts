import { z } from 'zod';

/**
 * A light check that a file is the SBOM it claims to be: the top-level fields that identify the format, plus
 * the lists `countSbomPackages` reads. Everything else passes through untouched; the document is kept verbatim.
 */
const text = z.string().nullish();

const cycloneDxComponentSchema = z.looseObject({
  type: text,
  purl: text,
  name: z.unknown().optional(),
  version: z.unknown().optional(),
  licenses: z.unknown().optional(),
  get components() {
    return z.array(cycloneDxComponentSchema).nullish();
  },
});

export const cycloneDxSchema = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string().min(1),
  components: z.array(cycloneDxComponentSchema).nullish(),
});

export const spdxSchema = z.looseObject({
  spdxVersion: z.string().startsWith('SPDX-'),
  SPDXID: z.string().min(1),
  documentDescribes: z.array(z.string()).nullish(),
  packages: z
    .array(
      z.looseObject({
        SPDXID: z.string(),
        name: z.unknown().optional(),
        versionInfo: z.unknown().optional(),
        licenseConcluded: z.unknown().optional(),
        licenseDeclared: z.unknown().optional(),
        primaryPackagePurpose: text,
        externalRefs: z.array(z.looseObject({ referenceType: text, referenceLocator: text })).nullish(),
      }),
    )
    .nullish(),
  relationships: z
    .array(z.looseObject({ spdxElementId: text, relatedSpdxElement: text, relationshipType: text }))
    .nullish(),
});

export const syftJsonSchema = z.looseObject({
  artifacts: z.array(
    z.looseObject({ name: z.string(), version: z.unknown(), purl: z.unknown(), licenses: z.unknown() }),
  ),
  descriptor: z.looseObject({ name: z.string(), version: text }),
});

export type CycloneDxComponent = z.output<typeof cycloneDxComponentSchema>;
