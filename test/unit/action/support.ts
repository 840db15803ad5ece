import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateGate } from '../../../src/core/gate.js';
import { dedupeFindings } from '../../../src/core/identity.js';
import { DEFAULT_POLICY, type GateException } from '../../../src/core/policy.js';
import { REPORT_VERSION, type Report } from '../../../src/core/report.js';
import type { Severity } from '../../../src/core/severity.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';

export { fixturesDir as SHARED_FIXTURES, repoRoot as REPO_ROOT } from '../../support/paths.js';

import { fixturesDir as SHARED_FIXTURES } from '../../support/paths.js';

// biome-ignore lint/suspicious/noExplicitAny: raw fixture JSON is explored freely in tests.
export function rawShared(relative: string): any {
  return JSON.parse(readFileSync(path.resolve(SHARED_FIXTURES, relative), 'utf8'));
}

/**
 * A report as the pipeline makes one from a real recorded output: `trivy config` of a Helm chart (18 Kubernetes
 * misconfigurations) or `trivy image` of alpine 3.10, parsed by the real parser and gated by the real gate.
 */
export function reportFromFixture(
  fixture: 'trivy/helm.json' | 'trivy/alpine-310.json',
  policy: { threshold?: Severity; exceptions?: GateException[] } = {},
): Report {
  const scanner = fixture === 'trivy/helm.json' ? 'trivy-config' : 'trivy';
  const target = fixture === 'trivy/helm.json' ? 'charts/testchart' : 'alpine:3.10.2';
  const parsed = parseTrivyJson(
    readFileSync(path.resolve(SHARED_FIXTURES, fixture), 'utf8'),
    { target },
    scanner,
  );
  const findings = dedupeFindings(parsed.findings);
  const gate = evaluateGate({
    findings,
    policy: { ...DEFAULT_POLICY, threshold: policy.threshold ?? 'high', exceptions: policy.exceptions ?? [] },
    today: '2026-11-23',
  });
  return {
    version: REPORT_VERSION,
    tool: { name: 'container-gate', version: '0.0.0-test' },
    targets: [
      { display: target, name: target.split(':')[0]!, kind: scanner === 'trivy' ? 'reference' : 'files' },
    ],
    findings: findings.map((f, i) => ({ ...f, gate: gate.decisions[i]! })),
    gate: gate.verdict,
    scanners: [{ name: scanner, target, status: 'ok', durationMs: 0, findings: findings.length }],
    sboms: [],
  };
}
