#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);

// src/core/report.ts
var REPORT_VERSION = 2;
var READABLE_REPORT_VERSIONS = [1, 2];
function countBySeverity(findings) {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
function describeSbomSize(packages) {
  return `SBOM of ${packages} package${packages === 1 ? "" : "s"}`;
}

export {
  REPORT_VERSION,
  READABLE_REPORT_VERSIONS,
  countBySeverity,
  describeSbomSize
};
