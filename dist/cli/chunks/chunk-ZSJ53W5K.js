#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/errors.ts
var EXIT = {
  passed: 0,
  gateFailed: 1,
  runFailed: 2,
  usage: 3,
  interrupted: 130,
  terminated: 143
};
var UsageError = class extends Error {
  name = "UsageError";
};
var ScannerOutputError = class extends Error {
  name = "ScannerOutputError";
};
var RunError = class extends Error {
  name = "RunError";
};
var InterruptedError = class extends Error {
  constructor(signal) {
    super(`interrupted by ${signal}; scanners stopped, no report written`);
    this.signal = signal;
  }
  signal;
  name = "InterruptedError";
};
function exitCodeFor(error) {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof InterruptedError)
    return error.signal === "SIGINT" ? EXIT.interrupted : EXIT.terminated;
  return EXIT.runFailed;
}
function oneLine(message) {
  return message.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?/g, "").replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, "").replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
}

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
function withCosignOptions(y) {
  return y.option("cosign-path", { type: "string", describe: "cosign executable (default: cosign on PATH)" }).option("insecure-registry", {
    type: "boolean",
    default: false,
    describe: "registry over HTTP / without TLS verification"
  }).option("resolve-digest", {
    type: "boolean",
    default: false,
    describe: "resolve name:tag to the digest the registry serves now (otherwise a digest is required)"
  });
}

export {
  __require,
  __esm,
  __commonJS,
  __export,
  __toESM,
  __toCommonJS,
  EXIT,
  UsageError,
  ScannerOutputError,
  RunError,
  InterruptedError,
  exitCodeFor,
  oneLine,
  VERSION,
  SEVERITIES,
  severityRank,
  parseSeverity,
  meetsThreshold,
  SCANNER_NAMES,
  withGateOptions,
  withCosignOptions
};
