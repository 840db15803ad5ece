import type { Finding } from '../../src/core/finding.js';
import { evaluateGate } from '../../src/core/gate.js';
import { dedupeFindings } from '../../src/core/identity.js';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy.js';
import { REPORT_VERSION, type Report, type ReportTarget, type ScannerRun } from '../../src/core/report.js';
import { SEVERITIES, type Severity } from '../../src/core/severity.js';

/**
 * GENERATED findings for size and limit tests and for bench/: deterministic for a seed, shaped like what the
 * parsers produce. Not real scanner output; real outputs live in ../shared/fixtures.
 */
export interface GenerateOptions {
  seed: number;
  /** Fraction (0..1) of issues that Grype reports too, as a separate finding that dedupe must merge. */
  overlap: number;
  /** Images the issues are spread over, round robin; `generated/app:1` by default. */
  targets?: string[];
  /** Length of each random title and description; random text does not compress, which size tests need. */
  textLength?: number;
}

/** A small, fast PRNG (mulberry32): same seed, same findings. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .';
const ECOSYSTEMS = ['apk', 'deb', 'npm', 'pypi', 'golang', 'maven'];

/**
 * `count` distinct issues as raw, per-scanner findings (before dedupe): each found by Trivy, and a share `overlap`
 * also found by Grype under its GHSA id with the CVE as alias. So the array holds about count × (1 + overlap)
 * findings, and `dedupeFindings` gives back exactly `count`.
 */
export function generateFindings(count: number, opts: GenerateOptions): Finding[] {
  const next = random(opts.seed);
  const targets = opts.targets ?? ['generated/app:1'];
  const textLength = opts.textLength ?? 40;
  const text = (prefix: string) => {
    const chars: string[] = [prefix];
    // Five characters from each 32-bit draw: random text for size tests without a draw per character.
    for (let length = prefix.length; length < textLength; ) {
      let bits = Math.floor(next() * 2 ** 30);
      for (let k = 0; k < 5 && length < textLength; k++, length++, bits >>>= 6)
        chars.push(ALPHABET[bits & 63]!);
    }
    return chars.join('');
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;

  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const severity: Severity = pick(SEVERITIES);
    const ecosystem = pick(ECOSYSTEMS);
    const cve = `CVE-2099-${String(100000 + i)}`;
    const fixed = next() < 0.6;
    const base: Finding = {
      kind: 'vulnerability',
      id: cve,
      aliases: [],
      target: targets[i % targets.length]!,
      package: {
        name: `generated-pkg-${i % 997}`,
        version: `1.${i % 13}.${i % 7}`,
        type: ecosystem,
        ...(ecosystem === 'npm' ? { path: `app/node_modules/generated-pkg-${i % 997}/package.json` } : {}),
      },
      severity,
      severitySource: 'trivy',
      severities: [{ scanner: 'trivy', severity, vendorSeverity: severity.toUpperCase() }],
      cvss: next() < 0.7 ? [{ source: 'nvd', version: '3.1', score: Math.round(next() * 100) / 10 }] : [],
      fix: fixed
        ? { state: 'fixed', versions: [`1.${i % 13}.${(i % 7) + 1}`] }
        : { state: 'not-fixed', versions: [] },
      title: text(`${cve} `),
      description: text('generated description '),
      links: [`https://avd.aquasec.com/nvd/${cve.toLowerCase()}`],
      foundBy: ['trivy'],
    };
    findings.push(base);
    if (next() < opts.overlap) {
      const grypeSeverity: Severity = pick(SEVERITIES);
      findings.push({
        ...base,
        id: `GHSA-gen${String(i).padStart(4, '0')}-xxxx`,
        aliases: [cve],
        severity: grypeSeverity,
        severitySource: 'grype',
        severities: [{ scanner: 'grype', severity: grypeSeverity }],
        links: [`https://github.com/advisories/GHSA-gen${i}`],
        foundBy: ['grype'],
      });
    }
  }
  return findings;
}

export interface ReportInput {
  /** Raw findings, as parsers return them (deduplicated here). */
  findings: readonly Finding[];
  targets: ReportTarget[];
  scanners: ScannerRun[];
  policy?: Policy;
  today?: string;
}

/** A full report around raw findings, deduplicated and gated the way the pipeline does it. */
export function buildReport(input: ReportInput): Report {
  const findings = dedupeFindings(input.findings);
  const names = new Map(input.targets.map((t) => [t.display, t.name]));
  const gate = evaluateGate({
    findings,
    policy: input.policy ?? DEFAULT_POLICY,
    today: input.today ?? '2026-01-01',
    errors: input.scanners
      .filter((s) => s.status === 'failed' || s.status === 'timeout')
      .map((s) => `${s.name} on ${s.target}: ${s.error ?? s.status}`),
    imageNameOf: (t) => names.get(t) ?? t,
  });
  return {
    version: REPORT_VERSION,
    tool: { name: 'container-gate', version: '0.1.0' },
    targets: input.targets,
    findings: findings.map((f, i) => ({ ...f, gate: gate.decisions[i]! })),
    gate: gate.verdict,
    scanners: input.scanners,
    sboms: [],
  };
}

/** `buildReport` for generated findings: a target per image named in them, an `ok` trivy and grype run for each. */
export function generateReport(
  raw: readonly Finding[],
  opts: Pick<ReportInput, 'policy' | 'today'> = {},
): Report {
  const displays = [...new Set(raw.map((f) => f.target))].sort();
  const scanners = displays.flatMap((target) =>
    ['grype', 'trivy'].map(
      (name): ScannerRun => ({
        name,
        target,
        version: name === 'trivy' ? '0.60.0' : '0.90.0',
        status: 'ok',
        durationMs: 1000,
        findings: raw.filter((f) => f.target === target && f.foundBy.includes(name)).length,
      }),
    ),
  );
  return buildReport({
    ...opts,
    findings: raw,
    targets: displays.map((display) => ({ display, name: imageName(display), kind: 'reference' })),
    scanners,
  });
}

/** `ghcr.io/acme/api:1.2@sha256:…` → `ghcr.io/acme/api` (enough for the names tests use). */
export function imageName(display: string): string {
  const withoutDigest = display.split('@', 1)[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}
