import { open } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';

/**
 * The starter `container-gate.yaml` that `container-gate init` writes: the default policy spelled out, each rule
 * named and explained, the optional ones commented out. It parses to the defaults (a test checks), so writing it
 * changes no verdict until it is edited.
 */
export const STARTER_CONFIG = `# Editors complete and check this file from the JSON Schema the package ships (docs/container-gate.schema.json):
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

/** Writes the starter file; never over an existing one unless `force`. */
export async function writeStarterConfig(path: string, force: boolean): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, force ? 'w' : 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new UsageError(`init: ${path} already exists — edit it, or pass --force to replace it`, {
        cause: error,
      });
    throw new UsageError(`init: cannot write ${path} (${code ?? String(error)})`, { cause: error });
  }
  try {
    await handle.writeFile(STARTER_CONFIG);
  } finally {
    await handle.close();
  }
}
