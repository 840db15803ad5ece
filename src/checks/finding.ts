import type { Finding } from '../core/finding.js';
import { identityGroupKey, sortFindings } from '../core/identity.js';
import { remediationText, ruleById } from './rules.js';
import type { FindingSite } from './types.js';

export const CHECKS_SCANNER = 'container-gate';

/** A finding of rule `ruleId` at `site`; `detail` says what exactly is wrong there (never a secret value). */
export function hardeningFinding(ruleId: string, site: FindingSite, detail: string): Finding {
  const rule = ruleById(ruleId);
  const location: Finding['location'] = { path: site.path };
  if (site.startLine !== undefined) {
    location.startLine = site.startLine;
    location.endLine = site.endLine ?? site.startLine;
  }
  return {
    kind: 'hardening',
    id: rule.id,
    aliases: [],
    target: site.target,
    location,
    severity: rule.severity,
    severitySource: CHECKS_SCANNER,
    severities: [{ scanner: CHECKS_SCANNER, severity: rule.severity }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: rule.title,
    description: detail,
    links: [...rule.links],
    remediation: remediationText(rule),
    foundBy: [CHECKS_SCANNER],
  };
}

/**
 * Findings the report would count as one (same rule, file and line, see identityGroupKey) become one here,
 * their details joined, so that nothing is lost when the pipeline deduplicates. Sorted for deterministic output.
 */
export function combineFindings(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = identityGroupKey(finding);
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, finding);
      continue;
    }
    const details = new Set([...(existing.description ?? '').split('; '), finding.description ?? '']);
    details.delete('');
    byKey.set(key, { ...existing, description: [...details].join('; ') });
  }
  return sortFindings([...byKey.values()]);
}
