/**
 * One size of the scale benchmark, run in a child process of its own (bench/run.mjs bundles this file with esbuild
 * and runs it once per size) so that the peak RSS it reports belongs to that size alone. It does what the pipeline
 * does after the scanners exit, on GENERATED reports: parse Trivy and Grype JSON, deduplicate, gate, build the
 * report, render SARIF and the markdown summary (and the JSON report, shown apart). Prints one JSON line.
 *
 *   node bench/.build/scale-worker.mjs <trivy.json> <grype.json>
 *   node bench/.build/scale-worker.mjs --floor <trivy.json> <grype.json>
 *
 * `--floor` times only `JSON.parse` of the two reports: the least any JavaScript gate that reads them must spend,
 * the physical limit the pipeline's figure is read against.
 */
import { readFileSync } from 'node:fs';
import { evaluateGate } from '../src/core/gate.js';
import { dedupeFindings } from '../src/core/identity.js';
import { DEFAULT_POLICY } from '../src/core/policy.js';
import { REPORT_VERSION, type Report } from '../src/core/report.js';
import { renderJsonReport } from '../src/report/json.js';
import { renderMarkdownSummary } from '../src/report/markdown.js';
import { renderSarif, serializeSarif } from '../src/report/sarif.js';
import { parseGrypeJson } from '../src/scanners/grype/parse.js';
import { parseTrivyJson } from '../src/scanners/trivy/parse.js';

const floorOnly = process.argv[2] === '--floor';
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}
const [trivyFile, grypeFile] = process.argv.slice(floorOnly ? 3 : 2);
if (!trivyFile || !grypeFile) {
  process.stderr.write('usage: scale-worker [--floor] <trivy.json> <grype.json>\n');
  process.exit(3);
}
if (floorOnly) {
  const texts = [readFileSync(trivyFile, 'utf8'), readFileSync(grypeFile, 'utf8')];
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const parsed = texts.map((text) => JSON.parse(text) as unknown);
  const floorMs = performance.now() - started;
  const floorCpuMs = cpuMs(process.cpuUsage(cpuStarted));
  process.stdout.write(
    `${JSON.stringify({ floorMs: Math.round(floorMs), floorCpuMs: Math.round(floorCpuMs), values: parsed.length })}\n`,
  );
  process.exit(0);
}

const TARGET = 'generated/app:1';
const phases: Record<string, number> = {};
/** CPU time (user + system, every thread: garbage collection included), which a loaded machine inflates far less. */
const phasesCpu: Record<string, number> = {};
function timed<T>(phase: string, work: () => T): T {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = work();
  phases[phase] = (phases[phase] ?? 0) + performance.now() - started;
  phasesCpu[phase] = (phasesCpu[phase] ?? 0) + cpuMs(process.cpuUsage(cpuStarted));
  return result;
}

const trivyText = timed('read', () => readFileSync(trivyFile, 'utf8'));
const grypeText = timed('read', () => readFileSync(grypeFile, 'utf8'));
const trivy = timed('parse', () => parseTrivyJson(trivyText, { target: TARGET }, 'trivy'));
const grype = timed('parse', () => parseGrypeJson(grypeText, { target: TARGET }));
const findings = timed('dedupe', () => dedupeFindings([...trivy.findings, ...grype.findings]));
const gate = timed('gate', () =>
  evaluateGate({ findings, policy: DEFAULT_POLICY, today: '2099-01-01', errors: [] }),
);
const report: Report = {
  version: REPORT_VERSION,
  tool: { name: 'container-gate', version: 'bench' },
  targets: [{ display: TARGET, name: 'generated/app', kind: 'reference' }],
  findings: findings.map((finding, i) => ({ ...finding, gate: gate.decisions[i]! })),
  gate: gate.verdict,
  scanners: [
    { name: 'trivy', target: TARGET, status: 'ok', durationMs: 0, findings: trivy.findings.length },
    { name: 'grype', target: TARGET, status: 'ok', durationMs: 0, findings: grype.findings.length },
  ],
  sboms: [],
};
const sarif = timed('sarif', () => renderSarif(report).files.map(serializeSarif));
const summary = timed('summary', () => renderMarkdownSummary(report));
const json = timed('json', () => renderJsonReport(report));

const GATED = ['parse', 'dedupe', 'gate', 'sarif', 'summary'];
const gated = GATED.reduce((sum, p) => sum + (phases[p] ?? 0), 0);
const gatedCpu = GATED.reduce((sum, p) => sum + (phasesCpu[p] ?? 0), 0);
process.stdout.write(
  `${JSON.stringify({
    perScanner: { trivy: trivy.findings.length, grype: grype.findings.length },
    distinct: findings.length,
    violations: gate.verdict.violations,
    sarifResults: sarif.reduce((n, text) => n + (text.match(/"ruleId":/g)?.length ?? 0), 0),
    bytes: {
      input: trivyText.length + grypeText.length,
      sarif: sarif.reduce((n, t) => n + t.length, 0),
      summary: summary.length,
      json: json.length,
    },
    phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
    pipelineMs: Math.round(gated),
    phasesCpuMs: Object.fromEntries(Object.entries(phasesCpu).map(([k, v]) => [k, Math.round(v)])),
    pipelineCpuMs: Math.round(gatedCpu),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
