import type { Finding } from './finding.js';

/** CISA's Known Exploited Vulnerabilities catalog, as the gate needs it: the CVE ids on it, upper case. */
export interface KevCatalog {
  /** `catalogVersion` of the feed (`2025.02.25`), for messages. */
  version: string;
  origin: string;
  ids: ReadonlySet<string>;
}

/** Whether the catalog lists the vulnerability by its id or any alias (a GHSA finding with its CVE alias). */
export function onKevCatalog(finding: Finding, catalog: KevCatalog | undefined): boolean {
  if (!catalog || finding.kind !== 'vulnerability') return false;
  return [finding.id, ...finding.aliases].some((id) => catalog.ids.has(id.toUpperCase()));
}

/**
 * Findings with `knownExploited` set where the catalog lists them and no scanner said so (Grype supplies KEV, Trivy
 * does not). A finding already marked, or not listed, is returned as it is.
 */
export function markKnownExploited(findings: readonly Finding[], catalog: KevCatalog | undefined): Finding[] {
  if (!catalog) return [...findings];
  return findings.map((f) =>
    !f.knownExploited && onKevCatalog(f, catalog) ? { ...f, knownExploited: true } : f,
  );
}
