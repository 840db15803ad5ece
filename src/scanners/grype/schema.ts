import { z } from 'zod';

/**
 * The parts of Grype's JSON report (`-o json`) that container-gate reads. Loose objects: Grype adds fields
 * (risk, EPSS, KEV arrived in 2024–25) and only a change to a field read here should break parsing.
 */
const text = z.string().nullish();

const cvssSchema = z.looseObject({
  source: text,
  type: text,
  version: text,
  vector: text,
  metrics: z.looseObject({ baseScore: z.number().nullish() }).nullish(),
});

const relatedVulnerabilitySchema = z.looseObject({
  id: z.string().min(1),
  dataSource: text,
  namespace: text,
  description: text,
  cvss: z.array(cvssSchema).nullish(),
});

export const grypeVulnerabilitySchema = relatedVulnerabilitySchema.extend({
  severity: text,
  urls: z.array(z.string()).nullish(),
  fix: z.looseObject({ versions: z.array(z.string()).nullish(), state: text }).nullish(),
  epss: z.array(z.looseObject({ cve: text, epss: z.number(), percentile: z.number() })).nullish(),
  knownExploited: z.array(z.looseObject({ cve: text })).nullish(),
});

export const grypeArtifactSchema = z.looseObject({
  name: z.string().min(1),
  version: text,
  type: text,
  purl: text,
  locations: z.array(z.looseObject({ path: text })).nullish(),
});

export const grypeMatchSchema = z.looseObject({
  vulnerability: grypeVulnerabilitySchema,
  relatedVulnerabilities: z.array(relatedVulnerabilitySchema).nullish(),
  artifact: grypeArtifactSchema,
});

/** `matches` (empty for a clean image) and `descriptor` are what make a report complete. */
export const grypeReportSchema = z.looseObject({
  matches: z.array(grypeMatchSchema),
  ignoredMatches: z.array(z.unknown()).nullish(),
  descriptor: z.looseObject({ name: z.string(), version: text }),
});

export type GrypeMatch = z.output<typeof grypeMatchSchema>;
export type GrypeVulnerability = z.output<typeof grypeVulnerabilitySchema>;
export type GrypeArtifact = z.output<typeof grypeArtifactSchema>;
export type GrypeCvss = z.output<typeof cvssSchema>;
