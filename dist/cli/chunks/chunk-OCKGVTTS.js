#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);

// src/scanners/scanner.ts
var SCANNER_NAMES = [
  "trivy",
  "trivy-secret",
  "trivy-license",
  "trivy-config",
  "trivy-sbom",
  "grype",
  "syft"
];
function isTrivyPassSlot(scanner) {
  return "pass" in scanner;
}

export {
  SCANNER_NAMES,
  isTrivyPassSlot
};
