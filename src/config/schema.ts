import { z } from 'zod';
import { FINDING_KINDS } from '../core/finding.js';
import { SEVERITIES } from '../core/severity.js';
import { MAX_TIMEOUT_SECONDS } from '../options.js';
import { SCANNER_NAMES } from '../scanners/scanner.js';

/**
 * `container-gate.yaml`: everything a flag sets, in three sections (`gate`, `scan`, `outputs`), each key named as its
 * flag is (`--ignore-unfixed` is `gate.ignore-unfixed`). Unknown keys are refused: a misspelt `licence-deny:` must not
 * quietly gate nothing. docs/container-gate.schema.json is generated from this (scripts/build.mjs), so editors
 * complete and check the file; test/unit/config/schema.test.ts keeps the two equal.
 */
const GATE_SEVERITIES = SEVERITIES.filter((s) => s !== 'unknown') as [string, ...string[]];

const path = z.string().trim().min(1, 'must be a path');
const paths = z.array(path);
const severity = z.enum(GATE_SEVERITIES);
const kindThreshold = z.enum([...GATE_SEVERITIES, 'off']);
const spdxIds = z.array(z.string().trim().min(1)).describe('SPDX license ids (https://spdx.org/licenses/)');

const exceptionEntry = z
  .strictObject({
    id: z.string().describe('vulnerability, secret rule, check or license id'),
    rule: z.enum(['threshold', 'unknown-severity', 'kev', 'epss', 'license']).optional(),
    package: z.string().optional(),
    image: z.string().optional(),
    reason: z.string(),
    expires: z.string().describe('YYYY-MM-DD, inclusive'),
  })
  .describe('An accepted risk: every entry expires');

const gate = z
  .strictObject({
    severity: severity.describe('--severity: fail on findings at or above this severity (default high)'),
    thresholds: z
      .partialRecord(z.enum(FINDING_KINDS as [string, ...string[]]), kindThreshold)
      .describe(
        '--threshold KIND=SEVERITY: a threshold per finding kind; off leaves the kind to the other rules',
      ),
    'unknown-severity': z.enum(['fail', 'warn', 'ignore']).describe('--unknown-severity (default warn)'),
    'ignore-unfixed': z
      .boolean()
      .describe('--ignore-unfixed: fixable only; vendor statuses without a fix are unfixed'),
    kev: z
      .enum(['fail', 'ignore'])
      .describe("--kev: fail on CISA's Known Exploited Vulnerabilities (default fail)"),
    'kev-catalog': path.describe("--kev-catalog: CISA's KEV JSON feed, for findings no scanner marked"),
    epss: z.number().gt(0).max(1).describe('--epss: fail at or above this EPSS probability (off by default)'),
    baseline: path.describe(
      '--baseline: a previous JSON report; only findings absent from it fail (new only)',
    ),
    'license-allow': spdxIds.describe('--license-allow: only these licenses (SPDX ids)'),
    'license-deny': spdxIds.describe('--license-deny: never these licenses (SPDX ids)'),
    exceptions: z
      .union([path, z.array(exceptionEntry)])
      .describe('--exceptions: a YAML exceptions file, or the exceptions themselves'),
    vex: z.union([path, paths]).describe('--vex: OpenVEX documents'),
  })
  .partial()
  .describe('The gate rules');

const scan = z
  .strictObject({
    images: z
      .array(z.string().trim().min(1))
      .describe('the images to scan (name:tag, name@sha256:…, oci-archive:…)'),
    platform: z.string().describe('--platform'),
    scanners: z.array(z.enum(SCANNER_NAMES as [string, ...string[]])).describe('--scanners'),
    checks: z.boolean().describe("--checks: container-gate's own hardening checks (default true)"),
    dockerfile: path.describe('--dockerfile'),
    manifests: paths.describe('--manifests'),
    build: z.boolean().describe('--build'),
    context: path.describe('--context'),
    tag: z.string().trim().min(1).describe('--tag'),
    builder: z.enum(['auto', 'buildx', 'podman', 'buildah']).describe('--builder'),
    'build-arg': z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .describe('--build-arg NAME=value'),
    export: z.enum(['auto', 'always', 'never']).describe('--export'),
    timeout: z
      .number()
      .gt(0)
      .max(MAX_TIMEOUT_SECONDS)
      .describe('--timeout: seconds one scanner run may take (at most a week)'),
    concurrency: z.number().int().min(1).describe('--concurrency'),
    'insecure-registry': z.boolean().describe('--insecure-registry'),
    'install-missing': z.boolean().describe('--install-missing'),
    'work-dir': path.describe('--work-dir'),
    'keep-work-dir': z.boolean().describe('--keep-work-dir'),
    'trivy-path': path.describe('--trivy-path'),
    'grype-path': path.describe('--grype-path'),
    'syft-path': path.describe('--syft-path'),
  })
  .partial()
  .describe('What to scan and how');

const outputs = z
  .strictObject({
    json: path.describe('--json'),
    sarif: path.describe('--sarif'),
    summary: path.describe('--summary'),
    'summary-max-chars': z.number().int().min(1000).describe('--summary-max-chars'),
    'sbom-dir': path.describe('--sbom-dir'),
    'sbom-format': z.array(z.enum(['cyclonedx-json', 'spdx-json'])).describe('--sbom-format'),
    table: z.boolean().describe('--table'),
    quiet: z.boolean().describe('--quiet'),
    color: z.boolean().describe('--color'),
  })
  .partial()
  .describe('What to write');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('The config format version').optional(),
    gate: gate.optional(),
    scan: scan.optional(),
    outputs: outputs.optional(),
  })
  .describe('container-gate configuration (container-gate.yaml)');

export type ConfigFile = z.output<typeof configSchema>;

/** The JSON Schema published as docs/container-gate.schema.json. */
export function configJsonSchema(): string {
  // Draft 7: what editors' YAML language servers read best.
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'container-gate.yaml' }, null, 2)}\n`;
}
