import type * as Sarif from 'sarif';
import type { Finding } from '../core/finding.js';
import { canonicalVulnerabilityId, normaliseEcosystem } from '../core/identity.js';
import type { ReportFinding } from '../core/report.js';
import type { Severity } from '../core/severity.js';
import {
  cleanLine,
  escapeMarkdownCell,
  escapeMarkdownLine,
  safeUrl,
  stripControl,
  truncateText,
} from './escape.js';
import type { ResultLocation } from './sarif-location.js';

/**
 * One SARIF rule per issue id in a run, and the words of each result. GitHub's limits (github/docs,
 * sarif-support-for-code-scanning): rule name ≤ 255, descriptions ≤ 1,024, ≤ 10 tags kept.
 */
export const MAX_RULE_NAME = 255;
export const MAX_DESCRIPTION = 1024;
export const MAX_TAGS = 10;
const MAX_HELP_LINKS = 10;
const MAX_HELP_PACKAGES = 10;
const MAX_MESSAGE = 1000;

/** Trivy's fallbacks, so that the same issue gets the same GitHub badge whichever tool users compare with. */
const SEVERITY_SCORE: Record<Severity, number> = {
  critical: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0,
  negligible: 0,
  unknown: 0,
};

/** Code scanning rates by this number: the highest CVSS any source gave, else a score for our severity. */
export function securitySeverity(finding: Finding): number {
  const scores = finding.cvss.map((c) => c.score).filter((s) => Number.isFinite(s) && s >= 0 && s <= 10);
  return scores.length > 0 ? Math.max(...scores) : SEVERITY_SCORE[finding.severity];
}

export function levelOf(severity: Severity): Sarif.Result.level {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

export function ruleIdOf(finding: Finding): string {
  const id =
    finding.kind === 'vulnerability' ? canonicalVulnerabilityId(finding.id, finding.aliases) : finding.id;
  return cleanLine(id, MAX_RULE_NAME) || 'unknown';
}

const PRECISION: Record<Finding['kind'], string> = {
  // Version-range matching has false positives (backports, vendored copies); secrets more so (test keys).
  vulnerability: 'high',
  secret: 'medium',
  misconfiguration: 'very-high',
  hardening: 'very-high',
  // A declared license is what the package says; detection from file text can misread.
  license: 'high',
};

/**
 * The rule for `findings`, which share one rule id and are sorted most severe first. `security-severity` is the
 * highest of them, so GitHub's badge never rates an issue lower than any of its occurrences.
 */
export function buildRule(ruleId: string, findings: readonly ReportFinding[]): Sarif.ReportingDescriptor {
  const first = findings[0]!;
  const score = findings.reduce((highest, finding) => Math.max(highest, securitySeverity(finding)), 0);
  const clean = onceCleaned();
  const title = clean(first.title, MAX_DESCRIPTION) || ruleId;
  const description = clean(first.description, MAX_DESCRIPTION) || title;
  const helpUri = firstSafeUrl(first.links);
  const tags = [
    'security',
    first.severity,
    first.kind,
    normaliseEcosystem(first.package?.type),
    findings.some((f) => f.fix.state === 'fixed') ? 'fix-available' : undefined,
    findings.some((f) => f.knownExploited) ? 'known-exploited' : undefined,
    'container',
  ].filter((t): t is string => t !== undefined);
  return {
    id: ruleId,
    // SARIF wants `name` to differ from the opaque `id` (multitool SARIF1001): the kind makes it read as what it is.
    name: truncateText(`${first.kind}/${ruleId}`, MAX_RULE_NAME),
    shortDescription: { text: title },
    fullDescription: { text: description },
    ...(helpUri ? { helpUri } : {}),
    help: helpOf(ruleId, findings, clean),
    defaultConfiguration: { level: levelOf(first.severity) },
    properties: {
      'security-severity': score.toFixed(1),
      tags: [...new Set(tags.map((t) => cleanLine(t, 64).toLowerCase()))].slice(0, MAX_TAGS),
      precision: PRECISION[first.kind],
    },
  };
}

interface HelpFacts {
  title: string;
  description?: string;
  severity: string;
  opinions: string;
  packages: string[];
  remediation?: string;
}

function helpFacts(
  findings: readonly ReportFinding[],
  clean: (text: string | undefined, max: number) => string,
): HelpFacts {
  const first = findings[0]!;
  const packages = new Map<string, string>();
  for (const f of findings) {
    if (!f.package) continue;
    const key = `${f.package.name}@${f.package.version ?? ''}`;
    if (!packages.has(key))
      packages.set(
        key,
        `${clean(f.package.name, 200)} ${clean(f.package.version, 100)}: ${fixWords(f, clean)}`,
      );
  }
  const facts: HelpFacts = {
    title: clean(first.title, MAX_DESCRIPTION),
    severity: first.severity,
    opinions: first.severities
      .map((o) => `${clean(o.scanner, 64)} ${clean(o.vendorSeverity ?? o.severity, 64)}`)
      .join(', '),
    packages: [...packages.values()].slice(0, MAX_HELP_PACKAGES),
  };
  if (first.description) facts.description = clean(first.description, MAX_DESCRIPTION);
  if (first.remediation) facts.remediation = clean(first.remediation, MAX_DESCRIPTION);
  return facts;
}

function fixWords(finding: Finding, clean: (text: string | undefined, max: number) => string): string {
  if (finding.fix.versions.length > 0)
    return `fixed in ${finding.fix.versions.map((v) => clean(v, 100)).join(', ')}`;
  if (finding.fix.state === 'wont-fix') return 'the distribution will not fix it';
  if (finding.kind === 'vulnerability') return 'no fix available yet';
  return 'see remediation';
}

/** `cleanLine`, each (text, max) cleaned once: a rule's help says the same texts in plain text and in markdown. */
function onceCleaned(): (text: string | undefined, max: number) => string {
  const done = new Map<string, string>();
  return (text, max) => {
    if (!text) return '';
    const key = `${max}:${text}`;
    let line = done.get(key);
    if (line === undefined) {
      line = cleanLine(text, max);
      done.set(key, line);
    }
    return line;
  };
}

function firstSafeUrl(links: readonly string[]): string | undefined {
  for (const link of links) {
    const url = safeUrl(link);
    if (url !== undefined) return url;
  }
  return undefined;
}

/** The help in both forms, each text cleaned once and each link made safe once. */
function helpOf(
  ruleId: string,
  findings: readonly ReportFinding[],
  clean: (text: string | undefined, max: number) => string,
): Sarif.MultiformatMessageString {
  const links = findings[0]!.links.slice(0, MAX_HELP_LINKS).flatMap((label) => {
    const href = safeUrl(label);
    return href === undefined ? [] : [{ label, href }];
  });
  const markdown = (text: string | undefined, max: number) => escapeMarkdownLine(clean(text, max));
  return {
    text: helpText(ruleId, helpFacts(findings, clean), links),
    markdown: helpMarkdown(ruleId, helpFacts(findings, markdown), links),
  };
}

interface HelpLink {
  label: string;
  /** `safeUrl(label)`. */
  href: string;
}

function helpText(ruleId: string, facts: HelpFacts, links: readonly HelpLink[]): string {
  const lines = [`${ruleId}: ${facts.title}`, ''];
  if (facts.description) lines.push(facts.description, '');
  lines.push(`Severity: ${facts.severity} (${facts.opinions})`);
  for (const p of facts.packages) lines.push(`Package ${p}`);
  if (facts.remediation) lines.push(`Remediation: ${facts.remediation}`);
  if (links.length > 0) lines.push('', 'References:', ...links.map((l) => `- ${l.href}`));
  return lines.join('\n');
}

function helpMarkdown(ruleId: string, facts: HelpFacts, links: readonly HelpLink[]): string {
  const lines = [`**${escapeMarkdownCell(ruleId)}**: ${facts.title}`, ''];
  if (facts.description) lines.push(facts.description, '');
  lines.push(`**Severity**: ${facts.severity} (${facts.opinions})`, '');
  if (facts.packages.length > 0) {
    for (const p of facts.packages) lines.push(`- Package ${p}`);
    lines.push('');
  }
  if (facts.remediation) lines.push(`**Remediation**: ${facts.remediation}`, '');
  // markdownLink(label, label), its URL made safe once.
  if (links.length > 0)
    lines.push('**References**', '', ...links.map((l) => `- [${escapeMarkdownCell(l.label)}](${l.href})`));
  return lines.join('\n').trimEnd();
}

/** The result message: which image, which package, installed → fixed, or which file and line. */
export function resultMessage(finding: ReportFinding, location: ResultLocation): string {
  const image = cleanLine(finding.target, 300);
  const where = location.imagePath ? ` at /${cleanLine(location.imagePath, 300)}` : '';
  const title = cleanLine(finding.title, 300);
  const id = cleanLine(finding.id, 200);
  let text: string;
  if (finding.kind === 'vulnerability' && finding.package) {
    const pkg = `${cleanLine(finding.package.name, 200)} ${cleanLine(finding.package.version, 100)}`.trim();
    const fixed =
      finding.fix.versions.length > 0
        ? finding.fix.versions.map((v) => cleanLine(v, 100)).join(', ')
        : undefined;
    text =
      `${id} (${finding.severity}) in package ${pkg} of image ${image}${where}: ` +
      (fixed
        ? `${cleanLine(finding.package.version, 100) || 'installed'} → ${fixed}.`
        : `${fixWords(finding, cleanLine)}.`);
  } else {
    const at = finding.location
      ? ` at ${cleanLine(finding.location.path, 300)}${finding.location.startLine ? `:${finding.location.startLine}` : ''}`
      : where;
    const label =
      finding.kind === 'secret' ? 'Secret' : finding.kind === 'hardening' ? 'Hardening' : 'Misconfiguration';
    text = `${label} ${id} (${finding.severity}) in ${image}${at}: ${title || id}.`;
    if (finding.remediation) text += ` ${cleanLine(finding.remediation, 400)}`;
  }
  text += ` Found by ${finding.foundBy.map((s) => cleanLine(s, 64)).join(', ')}; gate: ${finding.gate.decision}.`;
  return truncateText(stripControl(text), MAX_MESSAGE);
}
