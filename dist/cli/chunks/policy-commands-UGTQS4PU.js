#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  canonicalVulnerabilityId
} from "./chunk-V565PD42.js";
import {
  parseJsonReport,
  readInput
} from "./chunk-XZ5QPAN2.js";
import {
  VERSION
} from "./chunk-VME2S2LK.js";
import {
  writeFileAtomic
} from "./chunk-4O2VGKSV.js";
import "./chunk-UYLAQBDD.js";
import "./chunk-H4CA45K4.js";
import {
  EXIT,
  UsageError
} from "./chunk-3XNDOCZ7.js";
import "./chunk-Q7IYEZLL.js";

// src/config/init.ts
import { open } from "node:fs/promises";
var STARTER_CONFIG = `# Editors complete and check this file from the JSON Schema the package ships (docs/container-gate.schema.json):
# yaml-language-server: $schema=node_modules/container-gate/docs/container-gate.schema.json
# container-gate policy, reviewed like code. Every key is a flag's name (docs/config.md); a flag given on the
# command line (or an Action input) wins over this file, and this file over the defaults shown here.
version: 1

gate:
  # threshold: findings at or above this severity fail (critical, high, medium, low, negligible).
  severity: high
  # A threshold per finding kind; "off" leaves a kind to the other rules.
  # thresholds:
  #   secret: low
  #   license: off

  # What a finding of unknown severity does: fail, warn (shown, not gated) or ignore.
  unknown-severity: warn

  # Fixable only: vulnerabilities without a fixed version do not fail (vendor statuses affected, will_not_fix,
  # fix_deferred, end_of_life and under_investigation are unfixed; not_affected is always suppressed).
  ignore-unfixed: false

  # kev: a vulnerability on CISA's Known Exploited Vulnerabilities catalog fails at any severity.
  kev: fail
  # CISA's JSON feed, for vulnerabilities no scanner marked (Grype marks them; Trivy does not).
  # kev-catalog: known_exploited_vulnerabilities.json

  # epss: fail at or above this probability of exploitation in the next 30 days (off unless set).
  # epss: 0.1

  # New only: a previous JSON report (the default branch's); only findings absent from it fail.
  # baseline: baseline-report.json

  # Licenses (SPDX ids): deny never passes; allow, when set, is the only list that does.
  # license-deny: [AGPL-3.0-only, SSPL-1.0]
  # license-allow: [MIT, Apache-2.0, BSD-3-Clause, ISC]

  # Accepted risks: every one has a reason and an expiry date. rule: waives one gate rule only.
  # exceptions:
  #   - id: CVE-2024-12345
  #     package: openssl
  #     reason: TLS is terminated at the proxy; not reachable here
  #     expires: 2026-12-31
  #   - id: GPL-2.0-only
  #     package: busybox
  #     rule: license
  #     reason: unmodified, dynamically linked
  #     expires: 2026-12-31
  # vex: [vex/openvex.json]

scan:
  scanners: [trivy, trivy-secret, grype, syft]
  checks: true
  # dockerfile: Dockerfile
  # manifests: [k8s/]
  timeout: 600

outputs:
  # json: container-gate-report.json
  # sarif: container-gate.sarif
  # summary: container-gate.md
  # sbom-dir: sbom
  sbom-format: [cyclonedx-json, spdx-json]
`;
async function writeStarterConfig(path, force) {
  let handle;
  try {
    handle = await open(path, force ? "w" : "wx");
  } catch (error) {
    const code = error.code;
    if (code === "EEXIST")
      throw new UsageError(`init: ${path} already exists \u2014 edit it, or pass --force to replace it`, {
        cause: error
      });
    throw new UsageError(`init: cannot write ${path} (${code ?? String(error)})`, { cause: error });
  }
  try {
    await handle.writeFile(STARTER_CONFIG);
  } finally {
    await handle.close();
  }
}

// src/core/openvex.ts
import { createHash } from "node:crypto";
var JUSTIFICATIONS = /* @__PURE__ */ new Set([
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist"
]);
function buildOpenVex(report, opts) {
  const targets = new Map(report.targets.map((t) => [t.display, t]));
  const seen = /* @__PURE__ */ new Set();
  const statements = [];
  for (const finding of report.findings) {
    const statement = statementFor(finding, targets.get(finding.target));
    if (!statement) continue;
    const key = JSON.stringify(statement);
    if (seen.has(key)) continue;
    seen.add(key);
    statements.push(statement);
  }
  const digest = createHash("sha256").update(JSON.stringify(statements)).digest("hex");
  return {
    "@context": "https://openvex.dev/ns/v0.2.0",
    // vexctl's convention: a content-derived id under openvex.dev's public namespace.
    "@id": `https://openvex.dev/docs/public/vex-${digest}`,
    author: opts.author,
    timestamp: opts.timestamp,
    version: 1,
    tooling: opts.tooling,
    statements
  };
}
function statementFor(finding, target) {
  if (finding.kind !== "vulnerability") return void 0;
  const name = canonicalVulnerabilityId(finding.id, finding.aliases);
  const aliases = [finding.id, ...finding.aliases].filter((id) => id !== name);
  const purl = finding.package?.purl;
  const base = {
    vulnerability: { name, ...aliases.length > 0 ? { aliases: [...new Set(aliases)] } : {} },
    products: [{ "@id": productId(finding, target), ...purl ? { subcomponents: [{ "@id": purl }] } : {} }]
  };
  const gate = finding.gate;
  if (gate.decision === "excepted" && gate.exception && !gate.exception.rule) {
    const { reason, expires, origin } = gate.exception;
    return {
      ...base,
      status: "affected",
      action_statement: `Risk accepted until ${expires}: ${reason}`,
      status_notes: `container-gate exception (${origin})`
    };
  }
  if (gate.decision === "vendor-suppressed" && gate.vendorStatus) {
    return {
      ...base,
      status: "not_affected",
      impact_statement: `The vendor's security data marks this package not affected (${gate.vendorStatus.source})`,
      status_notes: "container-gate: vendor status not_affected"
    };
  }
  if (gate.decision === "vex-suppressed" && gate.vex) return fromVex(base, gate.vex);
  return void 0;
}
function fromVex(base, vex) {
  const status = vex.status;
  const notes = `from ${vex.origin}`;
  if (status !== "not_affected") return { ...base, status, status_notes: notes };
  return vex.justification && JUSTIFICATIONS.has(vex.justification) ? { ...base, status, justification: vex.justification, status_notes: notes } : {
    ...base,
    status,
    impact_statement: vex.justification ?? `as stated in ${vex.origin}`,
    status_notes: notes
  };
}
function productId(finding, target) {
  if (!target || target.kind === "files") return finding.target;
  const name = target.name.split("/").at(-1) ?? target.name;
  const version = target.digest ? `@${encodeURIComponent(target.digest)}` : "";
  const query = new URLSearchParams({ repository_url: target.name });
  if (!target.digest) {
    const tag = /:([^/:@]+)$/.exec(target.display.replace(/ \[.*\]$/, ""))?.[1];
    if (tag) query.set("tag", tag);
  }
  if (target.platform) query.set("platform", target.platform);
  return `pkg:oci/${name.toLowerCase()}${version}?${query.toString().replace(/%2F/gi, "/")}`;
}

// src/cli/policy-commands.ts
async function runInitCommand(args) {
  await writeStarterConfig(args.path, args.force);
  process.stderr.write(
    `wrote ${args.path}: the default policy, each rule explained; edit it and commit it
`
  );
  return EXIT.passed;
}
async function runVexCommand(args) {
  const report = parseJsonReport(await readInput(args.from, "report"), args.from);
  const document = buildOpenVex(report, {
    author: args.author,
    timestamp: (/* @__PURE__ */ new Date()).toISOString(),
    tooling: `container-gate ${VERSION}`
  });
  if (document.statements.length === 0) {
    throw new UsageError(
      `vex: ${args.from} has no accepted risk to state (no vulnerability excepted, VEX-suppressed or marked not_affected by its vendor)`
    );
  }
  const text = `${JSON.stringify(document, null, 2)}
`;
  if (args.output) {
    await writeFileAtomic(args.output, text, "OpenVEX document");
    process.stderr.write(`wrote ${args.output}: ${document.statements.length} statement(s)
`);
  } else {
    process.stdout.write(text);
  }
  return EXIT.passed;
}
export {
  runInitCommand,
  runVexCommand
};
