import { z } from 'zod';
import type { TargetAttestation } from '../core/attestation.js';
import type { FindingKind, FixState, SbomFormat, VendorStatus } from '../core/finding.js';
import type { GateDecision, GateStatus } from '../core/gate.js';
import type { GateRuleName, Suppressor } from '../core/policy.js';
import { REPORT_TOOL_NAME, type ReportTarget, type ScannerStatus } from '../core/report.js';
import { SEVERITIES } from '../core/severity.js';

/**
 * The JSON report (src/core/report.ts), versions 1 and 2, as a schema for reading reports back (`merge`,
 * `report --from`). Required fields are required and enums are closed; unknown fields are kept, so a report written
 * by a later release of the same version that added fields still reads. What version 2 added is optional here and
 * filled in by `upgradeReport` for a version 1 report. Records keyed by the union types make the compiler flag a
 * value added to a union but not here.
 */
const oneOf = <T extends string>(values: Record<T, true>) => z.enum(Object.keys(values) as [T, ...T[]]);

const severity = z.enum(SEVERITIES);
const kind = oneOf<FindingKind>({
  vulnerability: true,
  secret: true,
  misconfiguration: true,
  hardening: true,
  license: true,
});
const fixState = oneOf<FixState>({ fixed: true, 'not-fixed': true, 'wont-fix': true, unknown: true });
const decision = oneOf<GateDecision>({
  violation: true,
  'below-threshold': true,
  'unfixed-ignored': true,
  excepted: true,
  'vex-suppressed': true,
  'kind-not-gated': true,
  'unknown-severity': true,
  'vendor-suppressed': true,
  'baseline-unchanged': true,
  'license-allowed': true,
  'license-unrated': true,
});
const ruleName = oneOf<GateRuleName>({
  threshold: true,
  'unknown-severity': true,
  kev: true,
  epss: true,
  license: true,
});
const suppressor = oneOf<Suppressor>({ vex: true, 'vendor-status': true, exception: true, baseline: true });
const vendorStatus = oneOf<VendorStatus>({
  not_affected: true,
  affected: true,
  fixed: true,
  under_investigation: true,
  will_not_fix: true,
  fix_deferred: true,
  end_of_life: true,
});
const kindThreshold = z.union([severity, z.literal('off')]);
const gateStatus = oneOf<GateStatus>({ passed: true, failed: true, error: true });
const scannerStatus = oneOf<ScannerStatus>({ ok: true, failed: true, timeout: true, skipped: true });
const sbomFormat = oneOf<SbomFormat>({ 'cyclonedx-json': true, 'spdx-json': true, 'syft-json': true });
const targetKind = oneOf<ReportTarget['kind']>({
  reference: true,
  'oci-archive': true,
  'docker-archive': true,
  files: true,
  sbom: true,
});

const count = z.number().int().nonnegative();
const line = z.number().int().positive();

const findingGate = z.looseObject({
  decision,
  rules: z.array(ruleName).optional(),
  suppressedBy: suppressor.optional(),
  exception: z
    .looseObject({ reason: z.string(), expires: z.string(), origin: z.string(), rule: ruleName.optional() })
    .optional(),
  vex: z
    .looseObject({ status: z.string(), justification: z.string().optional(), origin: z.string() })
    .optional(),
  vendorStatus: z.looseObject({ status: vendorStatus, source: z.string() }).optional(),
  baseline: z.enum(['new', 'unchanged']).optional(),
});

const reportFinding = z.looseObject({
  kind,
  id: z.string(),
  aliases: z.array(z.string()),
  target: z.string(),
  package: z
    .looseObject({
      name: z.string(),
      version: z.string().optional(),
      type: z.string().optional(),
      purl: z.string().optional(),
      path: z.string().optional(),
    })
    .optional(),
  location: z
    .looseObject({ path: z.string(), startLine: line.optional(), endLine: line.optional() })
    .optional(),
  severity,
  severitySource: z.string(),
  severities: z.array(
    z.looseObject({ scanner: z.string(), severity, vendorSeverity: z.string().optional() }),
  ),
  cvss: z.array(
    z.looseObject({
      source: z.string(),
      version: z.string().optional(),
      vector: z.string().optional(),
      score: z.number().min(0).max(10),
    }),
  ),
  fix: z.looseObject({ state: fixState, versions: z.array(z.string()) }),
  vendorStatuses: z
    .array(z.looseObject({ scanner: z.string(), status: vendorStatus, source: z.string().optional() }))
    .optional(),
  title: z.string(),
  description: z.string().optional(),
  links: z.array(z.string()),
  epss: z.looseObject({ score: z.number().min(0).max(1), percentile: z.number().min(0).max(1) }).optional(),
  knownExploited: z.boolean().optional(),
  remediation: z.string().optional(),
  foundBy: z.array(z.string()),
  gate: findingGate,
});

const exceptionUse = z.looseObject({
  id: z.string(),
  rule: ruleName.optional(),
  package: z.string().optional(),
  image: z.string().optional(),
  reason: z.string(),
  expires: z.string(),
  origin: z.string(),
  matched: count,
});

const gateVerdict = z.looseObject({
  status: gateStatus,
  passed: z.boolean(),
  threshold: severity,
  ignoreUnfixed: z.boolean(),
  violations: count,
  unknownSeverity: count,
  failedRules: z.array(z.looseObject({ rule: ruleName, violations: count, summary: z.string() })).optional(),
  suppressed: z
    .looseObject({ vex: count, 'vendor-status': count, exception: count, baseline: count })
    .optional(),
  policy: z
    .looseObject({
      thresholds: z.looseObject({
        vulnerability: kindThreshold,
        secret: kindThreshold,
        misconfiguration: kindThreshold,
        hardening: kindThreshold,
        license: kindThreshold,
      }),
      ignoreUnfixed: z.boolean(),
      unknownSeverity: z.enum(['fail', 'warn', 'ignore']),
      kev: z.enum(['fail', 'ignore']),
      epss: z.number().min(0).max(1).optional(),
      licenses: z.looseObject({ allow: z.array(z.string()), deny: z.array(z.string()) }),
      baseline: z.string().optional(),
    })
    .optional(),
  baseline: z
    .looseObject({
      origin: z.string(),
      new: count,
      unchanged: count,
      fixed: z.array(
        z.looseObject({
          kind,
          id: z.string(),
          target: z.string(),
          package: z.looseObject({ name: z.string(), version: z.string().optional() }).optional(),
          location: z.looseObject({ path: z.string(), startLine: line.optional() }).optional(),
          severity,
          title: z.string(),
        }),
      ),
    })
    .optional(),
  exceptionsApplied: z.array(exceptionUse),
  exceptionsExpired: z.array(exceptionUse),
  exceptionsUnused: z.array(exceptionUse),
  errors: z.array(z.string()),
  reasons: z.array(z.string()),
});

/** `scanners[].database` (src/core/report.ts ScannerDatabase). */
const scannerDatabase = z.looseObject({
  name: z.enum(['trivy-db', 'trivy-java-db', 'trivy-checks', 'grype-db']),
  tool: z.enum(['trivy', 'grype']),
  schemaVersion: z.string().optional(),
  builtAt: z.string().optional(),
  downloadedAt: z.string().optional(),
  source: z.string().optional(),
  fromCache: z.boolean(),
  warning: z.string().optional(),
});

export const reportSchema = z.looseObject({
  version: z.union([z.literal(1), z.literal(2)]),
  tool: z.looseObject({ name: z.literal(REPORT_TOOL_NAME), version: z.string() }),
  targets: z.array(
    z.looseObject({
      display: z.string(),
      name: z.string(),
      kind: targetKind,
      digest: z.string().optional(),
      platform: z.string().optional(),
      indexDigest: z.string().optional(),
      attestation: z
        .looseObject({
          status: oneOf<TargetAttestation['status']>({ verified: true, unverified: true, error: true }),
          predicateType: z.string().optional(),
          referrer: z.string().optional(),
          identity: z.string().optional(),
          issuer: z.string().optional(),
          reason: z.string().optional(),
        })
        .optional(),
    }),
  ),
  findings: z.array(reportFinding),
  gate: gateVerdict,
  scanners: z.array(
    z.looseObject({
      name: z.string(),
      target: z.string(),
      version: z.string().optional(),
      status: scannerStatus,
      durationMs: z.number().nonnegative(),
      findings: count,
      packages: count.optional(),
      error: z.string().optional(),
      warnings: z.array(z.string()).optional(),
      database: scannerDatabase.optional(),
      javaDatabase: scannerDatabase.optional(),
    }),
  ),
  sboms: z.array(
    z.looseObject({ target: z.string(), format: sbomFormat, path: z.string(), producer: z.string() }),
  ),
});

export type ReportInput = z.output<typeof reportSchema>;
