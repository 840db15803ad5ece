import { z } from 'zod';

/**
 * The parts of Grype's JSON report (`-o json`) that container-gate reads. Unknown fields are dropped, not refused
 * (z.object strips): Grype adds fields (risk, EPSS, KEV arrived in 2024–25) and only a change to a field read here
 * should break parsing.
 */
const text = z.string().nullish();
/** An id a finding is known by: surrounding space trimmed, and never empty (issue 14 item 13). */
const id = z.string().trim().min(1);

const cvssSchema = z.object({
  source: text,
  type: text,
  version: text,
  vector: text,
  metrics: z.object({ baseScore: z.number().nullish() }).nullish(),
});

// A related vulnerability's id is an alias only: a blank one is dropped in parsing, not a reason to refuse the report.
const relatedVulnerabilitySchema = z.object({
  id: z.string(),
  dataSource: text,
  namespace: text,
  description: text,
  cvss: z.array(cvssSchema).nullish(),
});

export const grypeVulnerabilitySchema = relatedVulnerabilitySchema.extend({
  id,
  severity: text,
  urls: z.array(z.string()).nullish(),
  fix: z.object({ versions: z.array(z.string()).nullish(), state: text }).nullish(),
  epss: z.array(z.object({ cve: text, epss: z.number(), percentile: z.number() })).nullish(),
  knownExploited: z.array(z.object({ cve: text })).nullish(),
});

export const grypeArtifactSchema = z.object({
  name: id,
  version: text,
  type: text,
  purl: text,
  locations: z.array(z.object({ path: text })).nullish(),
});

export const grypeMatchSchema = z.object({
  vulnerability: grypeVulnerabilitySchema,
  relatedVulnerabilities: z.array(relatedVulnerabilitySchema).nullish(),
  artifact: grypeArtifactSchema,
});

/** `matches` (empty for a clean image) and `descriptor` are what make a report complete. */
export const grypeReportSchema = z.object({
  matches: z.array(grypeMatchSchema),
  ignoredMatches: z.array(z.unknown()).nullish(),
  descriptor: z.object({ name: z.string(), version: text }),
});

export type GrypeMatch = z.output<typeof grypeMatchSchema>;
export type GrypeVulnerability = z.output<typeof grypeVulnerabilitySchema>;
export type GrypeArtifact = z.output<typeof grypeArtifactSchema>;
export type GrypeCvss = z.output<typeof cvssSchema>;
