import { z } from 'zod';
import {
  isId,
  isListOrNone,
  isNumberOrNone,
  isObject,
  isObjectOrNone,
  isString,
  isText,
  withFastCheck,
} from '../json-shape.js';

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
export const grypeReportShape = z.object({
  matches: z.array(grypeMatchSchema),
  ignoredMatches: z.array(z.unknown()).nullish(),
  descriptor: z.object({ name: z.string(), version: text }),
});

/** The report schema, with a check in place tried first (../json-shape.ts): the same verdicts, no copy. */
export const grypeReportSchema = withFastCheck(grypeReportShape, isGrypeReport);

function isCvss(c: unknown): boolean {
  return (
    isObject(c) &&
    isText(c.source) &&
    isText(c.type) &&
    isText(c.version) &&
    isText(c.vector) &&
    isObjectOrNone(c.metrics, (m) => isNumberOrNone(m.baseScore))
  );
}

function isRelatedFields(v: Record<string, unknown>): boolean {
  return isText(v.dataSource) && isText(v.namespace) && isText(v.description) && isListOrNone(v.cvss, isCvss);
}

function isRelated(v: unknown): boolean {
  return isObject(v) && typeof v.id === 'string' && isRelatedFields(v);
}

function isEpss(e: unknown): boolean {
  return isObject(e) && isText(e.cve) && typeof e.epss === 'number' && typeof e.percentile === 'number';
}

function isVulnerability(v: unknown): boolean {
  return (
    isObject(v) &&
    isId(v, 'id') &&
    isRelatedFields(v) &&
    isText(v.severity) &&
    isListOrNone(v.urls, isString) &&
    isObjectOrNone(v.fix, (f) => isListOrNone(f.versions, isString) && isText(f.state)) &&
    isListOrNone(v.epss, isEpss) &&
    isListOrNone(v.knownExploited, (k) => isObject(k) && isText(k.cve))
  );
}

function isArtifact(a: unknown): boolean {
  return (
    isObject(a) &&
    isId(a, 'name') &&
    isText(a.version) &&
    isText(a.type) &&
    isText(a.purl) &&
    isListOrNone(a.locations, (l) => isObject(l) && isText(l.path))
  );
}

function isMatch(m: unknown): boolean {
  return (
    isObject(m) &&
    isVulnerability(m.vulnerability) &&
    isListOrNone(m.relatedVulnerabilities, isRelated) &&
    isArtifact(m.artifact)
  );
}

function isGrypeReport(report: unknown): boolean {
  return (
    isObject(report) &&
    Array.isArray(report.matches) &&
    isListOrNone(report.matches, isMatch) &&
    isListOrNone(report.ignoredMatches, () => true) &&
    isObjectOrNone(report.descriptor, (d) => typeof d.name === 'string' && isText(d.version)) &&
    isObject(report.descriptor)
  );
}

export type GrypeMatch = z.output<typeof grypeMatchSchema>;
export type GrypeVulnerability = z.output<typeof grypeVulnerabilitySchema>;
export type GrypeArtifact = z.output<typeof grypeArtifactSchema>;
export type GrypeCvss = z.output<typeof cvssSchema>;
