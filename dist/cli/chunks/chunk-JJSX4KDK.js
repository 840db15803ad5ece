#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);

// src/version.ts
var VERSION = "0.1.0";

// src/core/severity.ts
var SEVERITIES = ["critical", "high", "medium", "low", "negligible", "unknown"];
var RANK = { critical: 5, high: 4, medium: 3, low: 2, negligible: 1, unknown: 0 };
function severityRank(severity) {
  return RANK[severity];
}
function isSeverity(value) {
  return SEVERITIES.includes(value);
}
function parseSeverity(value) {
  const lower = (value ?? "").trim().toLowerCase();
  if (isSeverity(lower)) return lower;
  if (lower === "moderate") return "medium";
  if (lower === "important") return "high";
  if (lower === "info" || lower === "informational" || lower === "none") return "negligible";
  return "unknown";
}
function meetsThreshold(severity, threshold) {
  if (severity === "unknown") return false;
  return RANK[severity] >= RANK[threshold];
}

// src/cli/flags.ts
var SCANNER_NAMES = [
  "trivy",
  "trivy-secret",
  "trivy-config",
  "trivy-sbom",
  "grype",
  "syft"
];
function withGateOptions(y) {
  return y.option("severity", {
    type: "string",
    choices: SEVERITIES.filter((s) => s !== "unknown"),
    default: "high",
    describe: "fail the gate on findings at or above this severity"
  }).option("ignore-unfixed", {
    type: "boolean",
    default: false,
    describe: "vulnerabilities without a fixed version do not fail the gate (still reported)"
  }).option("unknown-severity", {
    type: "string",
    choices: ["fail", "warn", "ignore"],
    default: "warn",
    describe: "what a finding of unknown severity does to the gate"
  }).option("exceptions", {
    type: "string",
    describe: "YAML file of accepted risks (id, reason, expires; optional package, image)"
  }).option("vex", {
    type: "string",
    array: true,
    default: [],
    describe: "OpenVEX document(s): not_affected / fixed statements suppress findings"
  }).option("json", { type: "string", describe: "write the JSON report here" }).option("sarif", { type: "string", describe: "write one merged SARIF 2.1.0 file here" }).option("summary", { type: "string", describe: "write a markdown summary here" }).option("summary-max-chars", { type: "number", describe: "cap the summary (65536 fits a PR comment)" }).option("table", {
    type: "boolean",
    default: true,
    describe: "print the findings table (--no-table to hide it)"
  }).option("quiet", { type: "boolean", default: false, describe: "no progress lines" }).option("color", { type: "boolean", describe: "colour output (default: when stdout is a terminal)" }).option("scanners", { type: "string", describe: `comma-separated: ${SCANNER_NAMES.join(", ")}` }).option("timeout", {
    type: "number",
    default: 600,
    describe: "seconds one scanner run may take before it is killed"
  }).option("concurrency", {
    type: "number",
    describe: "scanner runs at once (default: the CPU count, at least 4)"
  }).option("trivy-path", { type: "string" }).option("grype-path", { type: "string" }).option("syft-path", { type: "string" });
}
function withSignerOptions(y) {
  return y.option("signer", {
    type: "string",
    default: "sigstore",
    describe: "sigstore (native, no binary) or cosign"
  }).option("cosign-path", { type: "string", describe: "with --signer cosign: the cosign executable" }).option("insecure-registry", {
    type: "boolean",
    default: false,
    describe: "registry over plain HTTP (loopback registries are HTTP anyway)"
  }).option("resolve-digest", {
    type: "boolean",
    default: false,
    describe: "resolve name:tag to the digest the registry serves now (otherwise a digest is required)"
  });
}
function withSigstoreOptions(y) {
  return y.option("sigstore", {
    type: "string",
    default: "public-good",
    describe: "keyless: public-good (Fulcio + Rekor) or github (GitHub's Fulcio + timestamp authority)"
  }).option("fulcio-url", { type: "string", describe: "a private Fulcio (overrides --sigstore)" }).option("rekor-url", { type: "string", describe: "a private Rekor (overrides --sigstore)" }).option("tsa-url", { type: "string", describe: "an RFC 3161 timestamp authority to add" }).option("tlog-upload", {
    type: "boolean",
    default: true,
    describe: "record the signature in Rekor (--no-tlog-upload for a key-signed bundle without a log)"
  });
}
function withVerifyPolicyOptions(y) {
  return y.option("key", { type: "string", describe: "PEM public key file or env://VAR" }).option("certificate-identity", { type: "string", describe: "keyless: the exact signer identity" }).option("certificate-identity-regexp", {
    type: "string",
    describe: "keyless: a regular expression the whole identity must match"
  }).option("certificate-oidc-issuer", { type: "string", describe: "keyless: the exact OIDC issuer" }).option("certificate-oidc-issuer-regexp", { type: "string" }).option("trusted-root", {
    type: "string",
    describe: "trusted_root.json (or `gh attestation trusted-root` output); default: public-good via TUF"
  }).option("tuf-mirror", {
    type: "string",
    describe: "a private instance's TUF repository to take the trusted root from (with --tuf-root)"
  }).option("tuf-root", { type: "string", describe: "that repository's initial root.json" }).option("insecure-ignore-tlog", {
    type: "boolean",
    default: false,
    describe: "with --key: accept a signature without a transparency log entry"
  });
}
function runDirOptions(what) {
  return {
    "install-missing": {
      type: "boolean",
      default: false,
      describe: "download missing scanners (pinned versions, verified checksums)"
    },
    "work-dir": { type: "string", describe: `where ${what} go (default: a temporary directory)` },
    "keep-work-dir": { type: "boolean", default: false }
  };
}

export {
  VERSION,
  SEVERITIES,
  severityRank,
  parseSeverity,
  meetsThreshold,
  SCANNER_NAMES,
  withGateOptions,
  withSignerOptions,
  withSigstoreOptions,
  withVerifyPolicyOptions,
  runDirOptions
};
