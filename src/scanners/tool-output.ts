import type { z } from 'zod';
import { MAX_LINKS } from '../core/identity.js';
import { errorMessage, oneLine, ScannerOutputError } from '../util/errors.js';

/**
 * The shared edge of every scanner parser: text → schema-checked value, or a one-line `ScannerOutputError`
 * naming the tool. A security gate fails closed, so empty, truncated or wrongly shaped output is never read
 * as "no findings".
 */
export function parseToolJson<Schema extends z.ZodType>(
  text: string | undefined,
  tool: string,
  what: string,
  schema: Schema,
): z.output<Schema> {
  if (text === undefined || text.trim() === '') {
    throw new ScannerOutputError(
      `${tool}: wrote no ${what}; re-run it and check its stderr, disk space and version`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = errorMessage(error);
    throw new ScannerOutputError(
      oneLine(
        `${tool}: its ${what} is not valid JSON (${reason}), likely truncated; re-run it and check disk space`,
      ),
      { cause: error },
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ScannerOutputError(
      oneLine(
        `${tool}: its ${what} does not have the expected shape (${describeIssue(result.error)}); ` +
          'check that the tool version is one container-gate supports',
      ),
    );
  }
  return result.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
  return `${where}: ${issue.message}`;
}

/** Reports link to the advisory first; the list is capped (`MAX_LINKS`) so one finding cannot bloat SARIF or the summary. */
export function collectLinks(candidates: readonly (string | null | undefined)[]): string[] {
  const links: string[] = [];
  for (const candidate of candidates) {
    const link = candidate?.trim();
    if (!link || links.includes(link)) continue;
    links.push(link);
    if (links.length === MAX_LINKS) break;
  }
  return links;
}

/**
 * A tool's version from what its `--version` printed: `Version: 0.58.1` (Trivy), `grype 0.86.1` / `syft 1.18.1`
 * (the Anchore tools), whichever comes first.
 */
export function parseToolVersion(stdout: string): string | undefined {
  const match = /(?:^|\s)v?(\d+\.\d+\.\d+[\w.+-]*)|Version:\s*(\S+)/m.exec(stdout);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Tools write absent values as `""`; a blank string carries nothing, so it reads as absent. */
export function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

const REGISTRY_TLS =
  /x509: certificate|server gave HTTP response to HTTPS client|tls: failed to verify|tls: handshake failure/i;
const REGISTRY_DENIED =
  /\bUNAUTHORIZED\b|authentication required|no basic auth credentials|incorrect username or password|requested access to the resource is denied|\bDENIED:/i;

/**
 * The registry failures every image tool reports in the same words (they share go-containerregistry /
 * stereoscope). Docker Hub answers UNAUTHORIZED for a repository that does not exist, so "denied" also covers a
 * mistyped name.
 */
export function explainRegistryFailure(stderr: string): string | undefined {
  if (REGISTRY_TLS.test(stderr)) {
    return 'the registry connection failed TLS verification; for a local registry without TLS pass --insecure-registry';
  }
  if (REGISTRY_DENIED.test(stderr)) {
    return 'the registry refused access to the image (authentication required or denied): check the image name, then log in (docker login) or provide registry credentials';
  }
  return undefined;
}

/** The purl type (`pkg:apk/…` → `apk`): the ecosystem name identity compares, whichever tool wrote it. */
export function purlType(purl: string | undefined): string | undefined {
  return purl ? /^pkg:([^/]+)\//i.exec(purl)?.[1]?.toLowerCase() : undefined;
}

/**
 * A CVSS base score as the standard defines it, 0.0 to 10.0. A scanner's negative or absurd score is not copied into
 * the report (issue 14 item 13): the finding keeps its other scores and its severity, and the run says how many were
 * left out.
 */
export function isCvssScore(score: number | null | undefined): score is number {
  return typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 10;
}

/** An EPSS probability or percentile: 0 to 1. */
export function isProbability(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

export function ignoredScoresWarning(count: number, what: string, range: string): string[] {
  return count === 0
    ? []
    : [
        `${count} ${what} outside ${range} in its report ${count === 1 ? 'was' : 'were'} left out of the findings`,
      ];
}
