#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  countBySeverity
} from "./chunk-A54AFE5P.js";
import {
  external_exports
} from "./chunk-H4CA45K4.js";
import {
  UsageError
} from "./chunk-BFUO6Y74.js";

// src/sign/predicate.ts
var COSIGN_VULN_PREDICATE_TYPE = "https://cosign.sigstore.dev/attestation/vuln/v1";
function vulnPredicate(report, info) {
  const forTarget = (items) => info.target === void 0 ? [...items] : items.filter((item) => item.target === info.target);
  const vulnerabilities = forTarget(report.findings).filter((f) => f.kind === "vulnerability");
  const { status, passed, threshold, ignoreUnfixed, violations, reasons } = report.gate;
  return {
    invocation: {
      parameters: info.invocation?.parameters ?? null,
      uri: info.invocation?.uri ?? "",
      event_id: info.invocation?.eventId ?? "",
      "builder.id": info.invocation?.builderId ?? ""
    },
    scanner: {
      uri: info.uri ?? `pkg:npm/container-gate@${info.version}`,
      version: info.version,
      db: { uri: info.db?.uri ?? "", version: info.db?.version ?? "" },
      result: {
        reportVersion: report.version,
        targets: info.target === void 0 ? [...report.targets] : report.targets.filter((t) => t.display === info.target),
        scanners: forTarget(report.scanners),
        gate: { status, passed, threshold, ignoreUnfixed, violations, reasons: [...reasons] },
        summary: countBySeverity(vulnerabilities),
        vulnerabilities
      }
    },
    metadata: { scanStartedOn: info.startedOn.toISOString(), scanFinishedOn: info.finishedOn.toISOString() }
  };
}
function githubInvocation(env) {
  const server = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (!repository || !runId) return {};
  const attempt = env.GITHUB_RUN_ATTEMPT;
  return {
    uri: `${server}/${repository}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ""}`,
    eventId: runId,
    builderId: env.GITHUB_WORKFLOW_REF ? `${server}/${env.GITHUB_WORKFLOW_REF}` : "GitHub Actions"
  };
}

// src/sign/statement.ts
var IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
var STATEMENT_V1 = "https://in-toto.io/Statement/v1";
var STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
var SIGSTORE_INSTANCES = ["public-good", "github"];
var SIGNATURE_PREDICATE_TYPE = "https://sigstore.dev/cosign/sign/v1";
var PREDICATE_TYPES = {
  cyclonedx: "https://cyclonedx.org/bom",
  spdxjson: "https://spdx.dev/Document",
  vuln: COSIGN_VULN_PREDICATE_TYPE,
  openvex: "https://openvex.dev/ns",
  slsaprovenance: "https://slsa.dev/provenance/v0.2",
  slsaprovenance1: "https://slsa.dev/provenance/v1",
  custom: "https://cosign.sigstore.dev/attestation/v1"
};
function predicateTypeFor(type, flag = "--type") {
  if (Object.hasOwn(PREDICATE_TYPES, type)) return PREDICATE_TYPES[type];
  if (/^https?:\/\/[^\s]+$/.test(type)) return type;
  throw new UsageError(
    `${flag} ${JSON.stringify(type)}: use one of ${Object.keys(PREDICATE_TYPES).join(", ")} or a predicate type URI`
  );
}
function hexOf(digest) {
  return digest.slice(digest.indexOf(":") + 1);
}
function signatureStatement(digest, annotations = {}) {
  const subject = { digest: { sha256: hexOf(digest) } };
  if (Object.keys(annotations).length > 0) subject.annotations = annotations;
  return { _type: STATEMENT_V1, subject: [subject], predicateType: SIGNATURE_PREDICATE_TYPE, predicate: {} };
}
function attestationStatement(name, digest, predicateType, predicate) {
  return {
    _type: STATEMENT_V1,
    subject: [{ name, digest: { sha256: hexOf(digest) } }],
    predicateType,
    predicate
  };
}
function predicateFromFile(text, predicateType, file, now) {
  if (predicateType === PREDICATE_TYPES.custom)
    return { Data: text, Timestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z") };
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--predicate ${file}: not JSON \u2014 a ${predicateType} predicate is a JSON document`);
  }
}
var StatementSchema = external_exports.looseObject({
  _type: external_exports.enum([STATEMENT_V1, STATEMENT_V01]),
  subject: external_exports.array(
    external_exports.looseObject({
      name: external_exports.string().optional(),
      digest: external_exports.record(external_exports.string(), external_exports.string())
    })
  ).min(1),
  predicateType: external_exports.string().min(1),
  predicate: external_exports.unknown().optional()
});
function parseStatement(payload) {
  let json;
  try {
    json = JSON.parse(payload.toString("utf8"));
  } catch {
    return void 0;
  }
  const parsed = StatementSchema.safeParse(json);
  if (!parsed.success) return void 0;
  return { ...parsed.data, predicate: parsed.data.predicate ?? null };
}
function statementCovers(statement, digest) {
  const hex = hexOf(digest).toLowerCase();
  return statement.subject.some((s) => s.digest.sha256?.toLowerCase() === hex);
}

export {
  vulnPredicate,
  githubInvocation,
  IN_TOTO_PAYLOAD_TYPE,
  SIGSTORE_INSTANCES,
  SIGNATURE_PREDICATE_TYPE,
  PREDICATE_TYPES,
  predicateTypeFor,
  signatureStatement,
  attestationStatement,
  predicateFromFile,
  parseStatement,
  statementCovers
};
