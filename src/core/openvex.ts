import { createHash } from 'node:crypto';
import { canonicalVulnerabilityId } from './identity.js';
import type { Report, ReportFinding, ReportTarget } from './report.js';

/**
 * OpenVEX 0.2.0 (openvex/spec openvex_json_schema.json) of a report's accepted risks, ready to attest
 * (`container-gate attest IMAGE --type openvex --predicate vex.json`):
 * - an exception (decision `excepted`) is `affected`, its reason and expiry the action statement: the risk is
 *   accepted, not disproved, so no `not_affected` is claimed on the team's behalf;
 * - the vendor's `not_affected` (decision `vendor-suppressed`) is `not_affected`, with the vendor as the impact
 *   statement;
 * - a VEX statement that suppressed a finding is carried over with its status and justification.
 * Only vulnerabilities: VEX is about vulnerabilities, so excepted secrets, checks and licenses are left out.
 */
export interface OpenVexDocument {
  '@context': 'https://openvex.dev/ns/v0.2.0';
  '@id': string;
  author: string;
  timestamp: string;
  version: 1;
  tooling: string;
  statements: OpenVexStatement[];
}

export interface OpenVexStatement {
  vulnerability: { name: string; aliases?: string[] };
  products: { '@id': string; subcomponents?: { '@id': string }[] }[];
  status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
  justification?: string;
  impact_statement?: string;
  action_statement?: string;
  status_notes?: string;
}

const JUSTIFICATIONS = new Set([
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
]);

export function buildOpenVex(
  report: Report,
  opts: { author: string; timestamp: string; tooling: string },
): OpenVexDocument {
  const targets = new Map(report.targets.map((t) => [t.display, t]));
  const seen = new Set<string>();
  const statements: OpenVexStatement[] = [];
  for (const finding of report.findings) {
    const statement = statementFor(finding, targets.get(finding.target));
    if (!statement) continue;
    const key = JSON.stringify(statement);
    if (seen.has(key)) continue;
    seen.add(key);
    statements.push(statement);
  }
  const digest = createHash('sha256').update(JSON.stringify(statements)).digest('hex');
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    // vexctl's convention: a content-derived id under openvex.dev's public namespace.
    '@id': `https://openvex.dev/docs/public/vex-${digest}`,
    author: opts.author,
    timestamp: opts.timestamp,
    version: 1,
    tooling: opts.tooling,
    statements,
  };
}

function statementFor(
  finding: ReportFinding,
  target: ReportTarget | undefined,
): OpenVexStatement | undefined {
  if (finding.kind !== 'vulnerability') return undefined;
  const name = canonicalVulnerabilityId(finding.id, finding.aliases);
  const aliases = [finding.id, ...finding.aliases].filter((id) => id !== name);
  const purl = finding.package?.purl;
  const base = {
    vulnerability: { name, ...(aliases.length > 0 ? { aliases: [...new Set(aliases)] } : {}) },
    products: [{ '@id': productId(finding, target), ...(purl ? { subcomponents: [{ '@id': purl }] } : {}) }],
  };
  const gate = finding.gate;
  if (gate.decision === 'excepted' && gate.exception && !gate.exception.rule) {
    const { reason, expires, origin } = gate.exception;
    return {
      ...base,
      status: 'affected',
      action_statement: `Risk accepted until ${expires}: ${reason}`,
      status_notes: `container-gate exception (${origin})`,
    };
  }
  if (gate.decision === 'vendor-suppressed' && gate.vendorStatus) {
    return {
      ...base,
      status: 'not_affected',
      impact_statement: `The vendor's security data marks this package not affected (${gate.vendorStatus.source})`,
      status_notes: 'container-gate: vendor status not_affected',
    };
  }
  if (gate.decision === 'vex-suppressed' && gate.vex) return fromVex(base, gate.vex);
  return undefined;
}

function fromVex(
  base: Pick<OpenVexStatement, 'vulnerability' | 'products'>,
  vex: NonNullable<ReportFinding['gate']['vex']>,
): OpenVexStatement {
  const status = vex.status as OpenVexStatement['status'];
  const notes = `from ${vex.origin}`;
  if (status !== 'not_affected') return { ...base, status, status_notes: notes };
  // not_affected carries exactly one of a justification (from the spec's list) or an impact statement.
  return vex.justification && JUSTIFICATIONS.has(vex.justification)
    ? { ...base, status, justification: vex.justification, status_notes: notes }
    : {
        ...base,
        status,
        impact_statement: vex.justification ?? `as stated in ${vex.origin}`,
        status_notes: notes,
      };
}

/** The image as a purl (`pkg:oci/api@sha256%3A…?repository_url=ghcr.io/acme/api`), or its name when not an image. */
export function productId(finding: ReportFinding, target: ReportTarget | undefined): string {
  if (!target || target.kind === 'files') return finding.target;
  const name = target.name.split('/').at(-1) ?? target.name;
  const version = target.digest ? `@${encodeURIComponent(target.digest)}` : '';
  const query = new URLSearchParams({ repository_url: target.name });
  if (!target.digest) {
    const tag = /:([^/:@]+)$/.exec(target.display.replace(/ \[.*\]$/, ''))?.[1];
    if (tag) query.set('tag', tag);
  }
  if (target.platform) query.set('platform', target.platform);
  return `pkg:oci/${name.toLowerCase()}${version}?${query.toString().replace(/%2F/gi, '/')}`;
}
