#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);

// src/util/format.ts
function plural(count) {
  return count === 1 ? "" : "s";
}
function counted(count, noun, nouns = `${noun}s`) {
  return `${count} ${count === 1 ? noun : nouns}`;
}
function formatElapsed(ms, unitSeparator = "") {
  return `${(Math.max(0, ms) / 1e3).toFixed(1)}${unitSeparator}s`;
}
function formatBound(ms) {
  return ms % 1e3 === 0 ? `${ms / 1e3}s` : `${(ms / 1e3).toFixed(1)}s`;
}
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

// src/core/report.ts
var REPORT_TOOL_NAME = "container-gate";
var REPORT_VERSION = 2;
var READABLE_REPORT_VERSIONS = [1, 2];
function countBySeverity(findings) {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
function describeSbomSize(packages) {
  return `SBOM of ${packages} package${plural(packages)}`;
}

export {
  plural,
  counted,
  formatElapsed,
  formatBound,
  formatBytes,
  REPORT_TOOL_NAME,
  REPORT_VERSION,
  READABLE_REPORT_VERSIONS,
  countBySeverity,
  describeSbomSize
};
