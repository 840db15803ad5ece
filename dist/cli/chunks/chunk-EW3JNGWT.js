#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  parseImageReference
} from "./chunk-DHWVASIS.js";
import {
  countBySeverity,
  external_exports
} from "./chunk-WQ7ANMPA.js";
import {
  UsageError
} from "./chunk-NXLQHW5S.js";

// src/sign/cosign-args.ts
var ATTESTATION_TYPES = [
  "cyclonedx",
  "spdxjson",
  "vuln",
  "openvex",
  "slsaprovenance",
  "custom"
];
var KMS_SCHEMES = ["awskms://", "gcpkms://", "azurekms://", "hashivault://", "k8s://"];
var ENV_KEY = /^env:\/\/[A-Za-z_][A-Za-z0-9_]*$/;
function validateKeyRef(key) {
  if (key === "" || /[\u0000-\u001f\u007f]/.test(key))
    throw new UsageError(
      `--key ${JSON.stringify(key)}: empty or contains control characters \u2014 pass a key file, env://VAR or a KMS URI`
    );
  if (key.startsWith("env://")) {
    if (!ENV_KEY.test(key))
      throw new UsageError(
        `--key ${key}: env:// must name an environment variable, e.g. env://COSIGN_PRIVATE_KEY`
      );
    return key;
  }
  const kms = KMS_SCHEMES.find((scheme) => key.startsWith(scheme));
  if (kms) {
    if (key.length === kms.length)
      throw new UsageError(`--key ${key}: ${kms} needs a key path after it, e.g. ${kms}\u2026/keys/cosign`);
    return key;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) {
    throw new UsageError(
      `--key ${key}: unknown key scheme \u2014 use a key file, env://VAR, ${KMS_SCHEMES.join(", ")}`
    );
  }
  if (key.startsWith("-"))
    throw new UsageError(`--key ${key}: a key file name cannot start with '-' \u2014 use ./${key}`);
  return key;
}
function requireDigestReference(reference) {
  const parsed = parseImageReference(reference);
  if (!parsed)
    throw new UsageError(
      `image ${JSON.stringify(reference)}: not an image reference \u2014 pass name@sha256:<digest>`
    );
  if (!parsed.digest) {
    throw new UsageError(
      `${reference}: sign by digest: resolve it first with \`skopeo inspect docker://${reference}\` (its "Digest") or pass name@sha256:\u2026 \u2014 a tag can move between scan and signature`
    );
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(parsed.digest))
    throw new UsageError(
      `${reference}: only sha256 digests are supported \u2014 pass name@sha256:<64 hex digits>`
    );
  return `${parsed.name}@${parsed.digest}`;
}
function signArgs(reference, opts = {}) {
  const args = ["sign", "--yes", ...keyArgs(opts.key), ...registryArgs(opts.insecureRegistry)];
  for (const [key, value] of Object.entries(opts.annotations ?? {}).sort(
    ([a], [b]) => a < b ? -1 : a > b ? 1 : 0
  )) {
    if (key === "" || key.includes("=") || /[\u0000-\u001f\u007f]/.test(key + value)) {
      throw new UsageError(
        `annotation ${JSON.stringify(key)}: keys cannot contain '=' and values must be one line \u2014 fix the annotation`
      );
    }
    args.push("-a", csvField(`${key}=${value}`));
  }
  args.push("--", requireDigestReference(reference));
  return args;
}
function csvField(value) {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
function attestArgs(reference, opts) {
  if (!ATTESTATION_TYPES.includes(opts.type)) {
    throw new UsageError(
      `attestation type ${JSON.stringify(opts.type)}: use one of ${ATTESTATION_TYPES.join(", ")}`
    );
  }
  if (opts.predicate === "" || opts.predicate.startsWith("-"))
    throw new UsageError(`--predicate ${JSON.stringify(opts.predicate)}: pass the predicate file path`);
  return [
    "attest",
    "--yes",
    ...keyArgs(opts.key),
    ...registryArgs(opts.insecureRegistry),
    "--type",
    opts.type,
    "--predicate",
    opts.predicate,
    "--",
    requireDigestReference(reference)
  ];
}
var KEYLESS_POLICY_REQUIRED = "keyless verify needs --certificate-identity (or --certificate-identity-regexp) AND --certificate-oidc-issuer, e.g. https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main and https://token.actions.githubusercontent.com \u2014 or pass --key";
function verifyArgs(reference, opts) {
  return [
    "verify",
    ...verifierArgs(opts),
    ...registryArgs(opts.insecureRegistry),
    "--",
    requireDigestReference(reference)
  ];
}
function verifyAttestationArgs(reference, opts) {
  return [
    "verify-attestation",
    ...verifierArgs(opts),
    ...registryArgs(opts.insecureRegistry),
    "--type",
    opts.type,
    "--",
    requireDigestReference(reference)
  ];
}
function anchoredRegexp(regexp, flag) {
  const anchored = `^(?:${regexp})$`;
  if (!compiles(regexp) && compiles(anchored))
    throw new UsageError(
      `${flag} ${JSON.stringify(regexp)}: unbalanced parentheses \u2014 it would escape the ^(?:\u2026)$ that makes it match the whole value`
    );
  return anchored;
}
function compiles(source) {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
function verifierArgs(opts) {
  if (opts.key !== void 0) return ["--key", validateKeyRef(opts.key)];
  const identity = opts.certificateIdentity ?? opts.certificateIdentityRegexp;
  const issuer = opts.certificateOidcIssuer ?? opts.certificateOidcIssuerRegexp;
  if (!identity || !issuer) {
    throw new UsageError(KEYLESS_POLICY_REQUIRED);
  }
  const args = [];
  if (opts.certificateIdentity) args.push("--certificate-identity", opts.certificateIdentity);
  else
    args.push(
      "--certificate-identity-regexp",
      anchoredRegexp(opts.certificateIdentityRegexp, "--certificate-identity-regexp")
    );
  if (opts.certificateOidcIssuer) args.push("--certificate-oidc-issuer", opts.certificateOidcIssuer);
  else
    args.push(
      "--certificate-oidc-issuer-regexp",
      anchoredRegexp(opts.certificateOidcIssuerRegexp, "--certificate-oidc-issuer-regexp")
    );
  return args;
}
function keyArgs(key) {
  return key === void 0 ? [] : ["--key", validateKeyRef(key)];
}
function registryArgs(insecure) {
  return insecure ? ["--allow-insecure-registry", "--allow-http-registry"] : [];
}

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
  ATTESTATION_TYPES,
  validateKeyRef,
  requireDigestReference,
  signArgs,
  attestArgs,
  KEYLESS_POLICY_REQUIRED,
  verifyArgs,
  verifyAttestationArgs,
  anchoredRegexp,
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
