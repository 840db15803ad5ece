import { z } from 'zod';
import {
  isId,
  isLineNumber,
  isListOrNone,
  isNumberOrNone,
  isObject,
  isObjectOrNone,
  isString,
  isText,
  type Shape,
  withFastCheck,
} from '../json-shape.js';

/**
 * The parts of Trivy's JSON report (SchemaVersion 2) that container-gate reads. Unknown fields are dropped, not
 * refused (z.object strips): Trivy adds fields between releases, and only a change to a field read here should break
 * parsing. Stripping, not passing through, also keeps a 100k-finding report from being copied whole.
 */
const text = z.string().nullish();
/** An id a finding is known by: surrounding space trimmed, and never empty (issue 14 item 13). */
const id = z.string().trim().min(1);
const lineNumber = z.number().int().nonnegative().nullish();

const cvssEntry = z.object({
  V2Vector: text,
  V3Vector: text,
  V40Vector: text,
  V2Score: z.number().nullish(),
  V3Score: z.number().nullish(),
  V40Score: z.number().nullish(),
});

export const trivyVulnerabilitySchema = z.object({
  VulnerabilityID: id,
  VendorIDs: z.array(z.string()).nullish(),
  PkgName: id,
  PkgPath: text,
  PkgIdentifier: z.object({ PURL: text }).nullish(),
  InstalledVersion: text,
  FixedVersion: text,
  Status: text,
  Severity: text,
  SeveritySource: text,
  DataSource: z.object({ ID: text, Name: text }).nullish(),
  PrimaryURL: text,
  Title: text,
  Description: text,
  CVSS: z.record(z.string(), cvssEntry).nullish(),
  References: z.array(z.string()).nullish(),
});

export const trivySecretSchema = z.object({
  RuleID: id,
  Category: text,
  Severity: text,
  Title: text,
  StartLine: lineNumber,
  EndLine: lineNumber,
});

export const trivyMisconfigurationSchema = z.object({
  ID: id,
  AVDID: text,
  Title: text,
  Description: text,
  Message: text,
  Resolution: text,
  Severity: text,
  PrimaryURL: text,
  References: z.array(z.string()).nullish(),
  Status: text,
  CauseMetadata: z.object({ StartLine: lineNumber, EndLine: lineNumber }).nullish(),
});

/** `DetectedLicense` (T pkg/types/license.go:7-34): PkgName for a package's license, FilePath for a file's. */
export const trivyLicenseSchema = z.object({
  Severity: text,
  Category: text,
  PkgName: text,
  FilePath: text,
  Name: z.string().min(1),
  Confidence: z.number().nullish(),
  Link: text,
});

export const trivyResultSchema = z.object({
  Target: z.string(),
  Class: text,
  Type: text,
  Vulnerabilities: z.array(trivyVulnerabilitySchema).nullish(),
  Secrets: z.array(trivySecretSchema).nullish(),
  Misconfigurations: z.array(trivyMisconfigurationSchema).nullish(),
  Licenses: z.array(trivyLicenseSchema).nullish(),
});

/**
 * `SchemaVersion` and `ArtifactName` are what make a report complete: a clean image has `Results` null or
 * absent, and that is only "zero findings" when the rest of the report is there.
 */
export const trivyReportShape = z.object({
  SchemaVersion: z.number().int(),
  ArtifactName: z.string(),
  /** `container_image`, `repository`, `filesystem`…: config and filesystem Targets are relative to ArtifactName. */
  ArtifactType: text,
  Trivy: z.object({ Version: text }).nullish(),
  Metadata: z
    .object({
      OS: z.object({ Family: text, Name: text, EOSL: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
  Results: z.array(trivyResultSchema).nullish(),
});

/** The report schema, with a check in place tried first (../json-shape.ts): the same verdicts, no copy. */
export const trivyReportSchema = withFastCheck(trivyReportShape, isTrivyReport);

function isCvssEntry(entry: unknown): boolean {
  return (
    isObject(entry) &&
    isText(entry.V2Vector) &&
    isText(entry.V3Vector) &&
    isText(entry.V40Vector) &&
    isNumberOrNone(entry.V2Score) &&
    isNumberOrNone(entry.V3Score) &&
    isNumberOrNone(entry.V40Score)
  );
}

function isCvssMap(map: unknown): boolean {
  if (map === undefined || map === null) return true;
  if (!isObject(map)) return false;
  for (const key in map) if (Object.hasOwn(map, key) && !isCvssEntry(map[key])) return false;
  return true;
}

function isVulnerability(v: unknown): boolean {
  return (
    isObject(v) &&
    isId(v, 'VulnerabilityID') &&
    isListOrNone(v.VendorIDs, isString) &&
    isId(v, 'PkgName') &&
    isText(v.PkgPath) &&
    isObjectOrNone(v.PkgIdentifier, (p) => isText(p.PURL)) &&
    isText(v.InstalledVersion) &&
    isText(v.FixedVersion) &&
    isText(v.Status) &&
    isText(v.Severity) &&
    isText(v.SeveritySource) &&
    isObjectOrNone(v.DataSource, (d) => isText(d.ID) && isText(d.Name)) &&
    isText(v.PrimaryURL) &&
    isText(v.Title) &&
    isText(v.Description) &&
    isCvssMap(v.CVSS) &&
    isListOrNone(v.References, isString)
  );
}

function isSecret(s: unknown): boolean {
  return (
    isObject(s) &&
    isId(s, 'RuleID') &&
    isText(s.Category) &&
    isText(s.Severity) &&
    isText(s.Title) &&
    isLineNumber(s.StartLine) &&
    isLineNumber(s.EndLine)
  );
}

function isMisconfiguration(m: unknown): boolean {
  return (
    isObject(m) &&
    isId(m, 'ID') &&
    [m.AVDID, m.Title, m.Description, m.Message, m.Resolution, m.Severity, m.PrimaryURL, m.Status].every(
      isText,
    ) &&
    isListOrNone(m.References, isString) &&
    isObjectOrNone(m.CauseMetadata, (c) => isLineNumber(c.StartLine) && isLineNumber(c.EndLine))
  );
}

function isLicense(l: unknown): boolean {
  return (
    isObject(l) &&
    [l.Severity, l.Category, l.PkgName, l.FilePath, l.Link].every(isText) &&
    typeof l.Name === 'string' &&
    l.Name.length > 0 &&
    isNumberOrNone(l.Confidence)
  );
}

function isResult(r: unknown): boolean {
  return (
    isObject(r) &&
    typeof r.Target === 'string' &&
    isText(r.Class) &&
    isText(r.Type) &&
    isListOrNone(r.Vulnerabilities, isVulnerability) &&
    isListOrNone(r.Secrets, isSecret) &&
    isListOrNone(r.Misconfigurations, isMisconfiguration) &&
    isListOrNone(r.Licenses, isLicense)
  );
}

function isOs(os: Shape): boolean {
  return (
    isText(os.Family) &&
    isText(os.Name) &&
    (os.EOSL === undefined || os.EOSL === null || typeof os.EOSL === 'boolean')
  );
}

function isTrivyReport(report: unknown): boolean {
  return (
    isObject(report) &&
    Number.isSafeInteger(report.SchemaVersion) &&
    typeof report.ArtifactName === 'string' &&
    isText(report.ArtifactType) &&
    isObjectOrNone(report.Trivy, (t) => isText(t.Version)) &&
    isObjectOrNone(report.Metadata, (m) => isObjectOrNone(m.OS, isOs)) &&
    isListOrNone(report.Results, isResult)
  );
}

export type TrivyReport = z.output<typeof trivyReportShape>;
export type TrivyResult = z.output<typeof trivyResultSchema>;
export type TrivyVulnerability = z.output<typeof trivyVulnerabilitySchema>;
export type TrivySecret = z.output<typeof trivySecretSchema>;
export type TrivyMisconfiguration = z.output<typeof trivyMisconfigurationSchema>;
export type TrivyLicense = z.output<typeof trivyLicenseSchema>;
