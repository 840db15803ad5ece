#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  FINDING_FIELDS
} from "./chunk-XZ5QPAN2.js";
import {
  severityRank
} from "./chunk-VME2S2LK.js";

// src/core/identity.ts
var ECOSYSTEM_ALIASES = {
  alpine: "apk",
  wolfi: "apk",
  chainguard: "apk",
  apk: "apk",
  debian: "deb",
  ubuntu: "deb",
  deb: "deb",
  dpkg: "deb",
  redhat: "rpm",
  centos: "rpm",
  rocky: "rpm",
  alma: "rpm",
  amazon: "rpm",
  oracle: "rpm",
  fedora: "rpm",
  photon: "rpm",
  suse: "rpm",
  "opensuse.leap": "rpm",
  "opensuse.tumbleweed": "rpm",
  sles: "rpm",
  "cbl-mariner": "rpm",
  azurelinux: "rpm",
  rpm: "rpm",
  npm: "npm",
  "node-pkg": "npm",
  yarn: "npm",
  pnpm: "npm",
  bun: "npm",
  javascript: "npm",
  pip: "pypi",
  pipenv: "pypi",
  poetry: "pypi",
  uv: "pypi",
  "python-pkg": "pypi",
  python: "pypi",
  pypi: "pypi",
  jar: "maven",
  pom: "maven",
  gradle: "maven",
  sbt: "maven",
  "java-archive": "maven",
  "jenkins-plugin": "maven",
  maven: "maven",
  java: "maven",
  gomod: "golang",
  gobinary: "golang",
  "go-module": "golang",
  golang: "golang",
  go: "golang",
  bundler: "gem",
  gemspec: "gem",
  gem: "gem",
  ruby: "gem",
  cargo: "cargo",
  "rust-binary": "cargo",
  "rust-crate": "cargo",
  rust: "cargo",
  nuget: "nuget",
  "dotnet-core": "nuget",
  "packages-props": "nuget",
  dotnet: "nuget",
  composer: "composer",
  "php-composer": "composer",
  php: "composer",
  conda: "conda",
  "conda-pkg": "conda"
};
function normaliseEcosystem(type) {
  if (!type) return void 0;
  const lower = type.trim().toLowerCase();
  if (lower === "") return void 0;
  return ECOSYSTEM_ALIASES[lower] ?? lower;
}
function normalisePath(path) {
  if (!path) return void 0;
  const trimmed = path.trim().replace(/^\/+/, "");
  return trimmed === "" ? void 0 : trimmed;
}
var CVE = /^CVE-\d{4}-\d+$/i;
function canonicalVulnerabilityId(id, aliases) {
  let lowest = CVE.test(id) ? id.toUpperCase() : void 0;
  for (const alias of aliases) {
    if (!CVE.test(alias)) continue;
    const cve = alias.toUpperCase();
    if (lowest === void 0 || cve < lowest) lowest = cve;
  }
  return lowest ?? id;
}
function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function identityGroupKey(finding) {
  const pkg = finding.package;
  const parts = [finding.kind, finding.target];
  if (finding.kind === "vulnerability") {
    parts.push(
      canonicalVulnerabilityId(finding.id, finding.aliases),
      normaliseEcosystem(pkg?.type),
      pkg?.name,
      pkg?.version
    );
  } else {
    parts.push(finding.id, normalisePath(finding.location?.path), finding.location?.startLine, pkg?.name);
  }
  return JSON.stringify(parts);
}
function findingKey(finding) {
  return `${identityGroupKey(finding)}|${normalisePath(finding.package?.path) ?? ""}`;
}
function dedupeFindings(findings) {
  const groups = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const key = identityGroupKey(finding);
    const existing = groups.get(key);
    if (existing === void 0) {
      groups.set(key, finding);
      continue;
    }
    const clusters = Array.isArray(existing) ? existing : [existing];
    const path = vulnerabilityPath(finding);
    const index = clusters.findIndex((cluster) => {
      const other = vulnerabilityPath(cluster);
      return path === void 0 || other === void 0 || path === other;
    });
    if (index === -1) clusters.push(finding);
    else clusters[index] = mergeFindings(clusters[index], finding);
    groups.set(key, clusters.length === 1 ? clusters[0] : clusters);
  }
  const merged = [];
  for (const group of groups.values()) {
    if (Array.isArray(group)) for (const finding of group) merged.push(finding);
    else merged.push(group);
  }
  return sortFindings(merged);
}
function vulnerabilityPath(finding) {
  return finding.kind === "vulnerability" ? normalisePath(finding.package?.path) : void 0;
}
function mergeFindings(a, b) {
  const [first, second] = compareStrings(a.foundBy[0] ?? "", b.foundBy[0] ?? "") <= 0 ? [a, b] : [b, a];
  const canonicalId = first.kind === "vulnerability" ? canonicalVulnerabilityId(first.id, [...first.aliases, second.id, ...second.aliases]) : first.id;
  const ids = [first.id, second.id, ...first.aliases, ...second.aliases];
  const aliases = uniqueSorted(ids).filter((alias) => alias.toUpperCase() !== canonicalId.toUpperCase());
  const severities = mergeOpinions(first.severities, second.severities);
  const chosen = chooseSeverity(severities) ?? { scanner: first.severitySource, severity: first.severity };
  const idSet = new Set(ids.map((id) => id.toUpperCase()));
  const title = [first.title, second.title].find((t) => t && !idSet.has(t.toUpperCase())) ?? first.title ?? canonicalId;
  const pkg = first.package || second.package ? mergePackages(first.package, second.package) : void 0;
  const location = first.location ?? second.location;
  const description = longer(first.description, second.description);
  const epss = first.epss && second.epss ? second.epss.score > first.epss.score ? second.epss : first.epss : first.epss ?? second.epss;
  const remediation = first.remediation ?? second.remediation;
  const vendorStatuses = mergeVendorStatuses(first, second);
  const merged = {
    kind: first.kind,
    id: canonicalId,
    aliases,
    target: first.target,
    ...pkg ? { package: pkg } : {},
    ...location ? { location } : {},
    severity: chosen.severity,
    severitySource: chosen.scanner,
    severities,
    cvss: mergeCvss(first.cvss, second.cvss),
    fix: mergeFix(first.fix, second.fix),
    ...vendorStatuses ? { vendorStatuses } : {},
    title,
    ...description !== void 0 ? { description } : {},
    links: uniqueSorted([...first.links, ...second.links]).slice(0, MAX_LINKS),
    ...epss ? { epss } : {},
    ...first.knownExploited || second.knownExploited ? { knownExploited: true } : {},
    ...remediation !== void 0 ? { remediation } : {},
    foundBy: uniqueSorted([...first.foundBy, ...second.foundBy])
  };
  keepUnknownFields(merged, first, second);
  return merged;
}
var KNOWN_FIELDS = new Set(FINDING_FIELDS);
function keepUnknownFields(merged, first, second) {
  const target = merged;
  for (const source of [first, second]) {
    for (const key in source) {
      if (!Object.hasOwn(source, key) || KNOWN_FIELDS.has(key) || Object.hasOwn(target, key)) continue;
      target[key] = source[key];
    }
  }
}
function mergePackages(first, second) {
  const pick = (key) => first?.[key] ? first[key] : second?.[key];
  const name = pick("name") ?? "";
  const version = pick("version");
  const type = pick("type");
  const purl = pick("purl");
  const path = pick("path");
  return {
    name,
    ...version ? { version } : {},
    ...type ? { type } : {},
    ...purl ? { purl } : {},
    ...path ? { path } : {}
  };
}
var MAX_LINKS = 10;
function chooseSeverity(opinions) {
  let best = opinions[0];
  if (!best) return void 0;
  for (const opinion of opinions) {
    const diff = severityRank(opinion.severity) - severityRank(best.severity);
    if (diff > 0 || diff === 0 && compareStrings(opinion.scanner, best.scanner) < 0) best = opinion;
  }
  return best;
}
function mergeOpinions(a, b) {
  const byScanner = /* @__PURE__ */ new Map();
  for (const opinion of [...a, ...b]) {
    const existing = byScanner.get(opinion.scanner);
    if (!existing || severityRank(opinion.severity) > severityRank(existing.severity)) {
      byScanner.set(opinion.scanner, opinion);
    }
  }
  return [...byScanner.values()].sort((x, y) => compareStrings(x.scanner, y.scanner));
}
function mergeVendorStatuses(first, second) {
  const a = first.vendorStatuses ?? [];
  const b = second.vendorStatuses ?? [];
  if (a.length === 0 && b.length === 0) return void 0;
  const saysNotAffected = (f, scanner) => (f.vendorStatuses ?? []).some((o) => o.scanner === scanner && o.status === "not_affected");
  const byScanner = /* @__PURE__ */ new Map();
  for (const opinion of [...a, ...b]) {
    const seen = byScanner.get(opinion.scanner);
    if (!seen || seen.status === "not_affected" && opinion.status !== "not_affected")
      byScanner.set(opinion.scanner, opinion);
  }
  for (const [scanner, opinion] of byScanner) {
    const contradicted = [first, second].some(
      (f) => f.foundBy.includes(scanner) && !saysNotAffected(f, scanner)
    );
    if (opinion.status === "not_affected" && contradicted) byScanner.delete(scanner);
  }
  if (byScanner.size === 0) return void 0;
  return [...byScanner.values()].sort((x, y) => compareStrings(x.scanner, y.scanner));
}
function mergeCvss(a, b) {
  const seen = /* @__PURE__ */ new Map();
  for (const score of [...a, ...b]) {
    const key = `${score.source}|${score.version ?? ""}|${score.vector ?? ""}|${score.score}`;
    if (!seen.has(key)) seen.set(key, score);
  }
  return [...seen.values()];
}
function mergeFix(a, b) {
  const order = ["fixed", "wont-fix", "not-fixed", "unknown"];
  const state = order.find((s) => a.state === s || b.state === s) ?? "unknown";
  return { state, versions: uniqueSorted([...a.versions, ...b.versions]) };
}
function longer(a, b) {
  if (!a) return b;
  if (!b) return a;
  return b.length > a.length ? b : a;
}
function uniqueSorted(values) {
  if (values.length < 2) return values.length === 1 && values[0] !== "" ? [values[0]] : [];
  return [...new Set(values.filter((v) => v !== ""))].sort(compareStrings);
}
function compareFindings(a, b) {
  return severityRank(b.severity) - severityRank(a.severity) || compareStrings(a.id, b.id) || compareStrings(a.package?.name ?? "", b.package?.name ?? "") || compareStrings(a.package?.version ?? "", b.package?.version ?? "") || compareStrings(a.target, b.target) || compareStrings(a.location?.path ?? a.package?.path ?? "", b.location?.path ?? b.package?.path ?? "") || (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) || compareStrings(a.kind, b.kind);
}
function sortFindings(findings) {
  return findings.sort(compareFindings);
}

export {
  normaliseEcosystem,
  normalisePath,
  canonicalVulnerabilityId,
  compareStrings,
  identityGroupKey,
  findingKey,
  dedupeFindings,
  mergeFindings,
  MAX_LINKS,
  uniqueSorted,
  compareFindings,
  sortFindings
};
