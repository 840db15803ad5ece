import type { Finding, SbomDocument } from '../../core/finding.js';
import { normaliseEcosystem } from '../../core/identity.js';
import { isNoAssertion, normaliseLicenseExpression } from '../../core/license.js';
import type { ParseContext } from '../scanner.js';
import { nonEmpty, parseToolJson, purlType } from '../tool-output.js';
import { cycloneDxSchema, spdxSchema, syftJsonSchema } from './schema.js';

/** One package's declared license, as an SBOM states it. */
interface DeclaredLicense {
  name: string;
  version?: string;
  purl?: string;
  license: string;
}

/**
 * `license` findings from an SBOM: one per package and license it declares. The SBOM rates nothing, so the
 * severity is `unknown` and only the license allow and deny lists gate them (Trivy's license scanner rates
 * licenses by category; the same license found by both is one finding with Trivy's rating). Syft's own JSON
 * is read when the tool wrote it (it keeps every license entry), else CycloneDX, else SPDX.
 */
export function sbomLicenseFindings(
  docs: readonly SbomDocument[],
  ctx: ParseContext,
  tool: string,
): Finding[] {
  const order: SbomDocument['format'][] = ['syft-json', 'cyclonedx-json', 'spdx-json'];
  const doc = order.map((format) => docs.find((d) => d.format === format)).find(Boolean);
  if (!doc) return [];
  const declared =
    doc.format === 'syft-json'
      ? syftLicenses(doc.content, tool)
      : doc.format === 'cyclonedx-json'
        ? cycloneDxLicenses(doc.content, tool)
        : spdxLicenses(doc.content, tool);
  return declared.filter((d) => !isNoAssertion(d.license)).map((d) => licenseFinding(d, ctx, tool));
}

function licenseFinding(d: DeclaredLicense, ctx: ParseContext, tool: string): Finding {
  const raw = d.license.trim();
  const id = normaliseLicenseExpression(raw);
  const type = normaliseEcosystem(purlType(d.purl));
  return {
    kind: 'license',
    id,
    aliases: raw !== id ? [raw] : [],
    target: ctx.target,
    package: {
      name: d.name,
      ...(d.version ? { version: d.version } : {}),
      ...(type ? { type } : {}),
      ...(d.purl ? { purl: d.purl } : {}),
    },
    severity: 'unknown',
    severitySource: tool,
    severities: [{ scanner: tool, severity: 'unknown', vendorSeverity: 'declared in the SBOM' }],
    cvss: [],
    fix: { state: 'unknown', versions: [] },
    title: `${id} license`,
    description: `${tool}'s SBOM says ${d.name}${d.version ? ` ${d.version}` : ''} is licensed ${raw}`,
    links: [],
    foundBy: [tool],
  };
}

/** Syft JSON: `licenses` is a list of strings (older Syft) or of `{ value, spdxExpression }`. */
function syftLicenses(content: string, tool: string): DeclaredLicense[] {
  const doc = parseToolJson(content, tool, 'Syft JSON SBOM', syftJsonSchema);
  return doc.artifacts.flatMap((artifact) => {
    const name = artifact.name;
    const version = textOf(artifact.version);
    const purl = textOf(artifact.purl);
    const licenses = Array.isArray(artifact.licenses) ? artifact.licenses : [];
    return licenses.flatMap((entry: unknown) => {
      const license =
        typeof entry === 'string'
          ? entry
          : (textOf(field(entry, 'spdxExpression')) ?? textOf(field(entry, 'value')));
      return license ? [{ name, ...optional({ version, purl }), license }] : [];
    });
  });
}

/** CycloneDX: `licenses[]` holds `{ license: { id | name } }` or `{ expression }`, on components at any depth. */
function cycloneDxLicenses(content: string, tool: string): DeclaredLicense[] {
  const doc = parseToolJson(content, tool, 'CycloneDX JSON SBOM', cycloneDxSchema);
  const out: DeclaredLicense[] = [];
  const visit = (components: readonly Record<string, unknown>[] | null | undefined) => {
    for (const component of components ?? []) {
      const name = textOf(component.name);
      const licenses = Array.isArray(component.licenses) ? component.licenses : [];
      if (name && component.type !== 'operating-system') {
        for (const entry of licenses) {
          const inner = field(entry, 'license');
          const license =
            textOf(field(entry, 'expression')) ?? textOf(field(inner, 'id')) ?? textOf(field(inner, 'name'));
          if (license)
            out.push({
              name,
              ...optional({ version: textOf(component.version), purl: textOf(component.purl) }),
              license,
            });
        }
      }
      visit(component.components as Record<string, unknown>[] | undefined);
    }
  };
  visit(doc.components);
  return out;
}

/** SPDX: the concluded license, else the declared one; the package the document describes (the image) is not one. */
function spdxLicenses(content: string, tool: string): DeclaredLicense[] {
  const doc = parseToolJson(content, tool, 'SPDX JSON SBOM', spdxSchema);
  const described = new Set(doc.documentDescribes ?? []);
  return (doc.packages ?? []).flatMap((pkg) => {
    const name = textOf(pkg.name);
    if (!name || described.has(pkg.SPDXID)) return [];
    const concluded = textOf(pkg.licenseConcluded);
    const license = concluded && !isNoAssertion(concluded) ? concluded : textOf(pkg.licenseDeclared);
    const purl =
      (pkg.externalRefs ?? []).find((r) => r.referenceType === 'purl')?.referenceLocator ?? undefined;
    return license
      ? [{ name, ...optional({ version: textOf(pkg.versionInfo), purl: textOf(purl) }), license }]
      : [];
  });
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? nonEmpty(value) : undefined;
}

function optional(values: { version?: string | undefined; purl?: string | undefined }) {
  return {
    ...(values.version ? { version: values.version } : {}),
    ...(values.purl ? { purl: values.purl } : {}),
  };
}
