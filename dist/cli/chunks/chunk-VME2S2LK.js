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

export {
  VERSION,
  SEVERITIES,
  severityRank,
  isSeverity,
  parseSeverity,
  meetsThreshold
};
