import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderJsonReport } from '../../src/report/json.js';
import { fixtures, replay, runCli, tempDir } from '../support/cli.js';
import { generateFindings, generateReport } from '../support/generate-findings.js';
import { multitoolProblems, schemaErrors } from '../unit/report/sarif-support.js';

interface ReportJson {
  targets: { display: string }[];
  findings: {
    id: string;
    target: string;
    severity: string;
    foundBy: string[];
    gate: { decision: string };
    location?: { path: string; startLine?: number };
  }[];
  gate: { status: string; violations: number; threshold: string };
  scanners: { name: string; status: string }[];
}
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('container-gate check (Dockerfiles and manifests, no image)', () => {
  it('passes the seeds’ secure examples with no finding', async () => {
    const json = join(tempDir(), 'r.json');
    const res = await runCli(['check', 'examples/secure', '--json', json]);
    expect(res.code, res.stderr).toBe(0);
    expect(readJson<ReportJson>(json).findings).toEqual([]);
  });

  it('fails the deliberately insecure examples with the rules they break, on their lines', async () => {
    const json = join(tempDir(), 'r.json');
    const res = await runCli(['check', 'examples/app/Dockerfile', 'examples/k8s', '--json', json]);
    expect(res.code).toBe(1);
    const report = readJson<ReportJson>(json);
    const dockerfile = readFileSync('examples/app/Dockerfile', 'utf8').split('\n');
    const root = report.findings.find((f) => f.id === 'CG-D001');
    expect(root?.location?.path).toBe('examples/app/Dockerfile');
    // The root-user finding points at the final stage's FROM (there is no USER to point at).
    expect(dockerfile[root!.location!.startLine! - 1]).toMatch(/^FROM /);
    // Findings belong to the path given (examples/k8s); the file they are in is their location.
    const k8s = report.findings.filter((f) => f.id.startsWith('CG-K'));
    expect(k8s.length).toBeGreaterThan(0);
    for (const f of k8s) {
      expect(f).toMatchObject({ target: 'examples/k8s', location: { path: 'examples/k8s/deployment.yaml' } });
    }
    expect(report.gate.violations).toBe(
      report.findings.filter((f) => f.gate.decision === 'violation').length,
    );
  });

  it('names the file and line of bad YAML (exit 3) and still checks the other files', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'broken.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [unclosed\n',
    );
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:latest\n');
    const json = join(dir, 'r.json');
    const res = await runCli(['check', dir, '--json', json]);
    expect(res.code).toBe(3);
    expect(res.stdout + res.stderr).toMatch(/broken\.yaml:\d+/);
    expect(readJson<ReportJson>(json).findings.some((f) => f.location?.path.endsWith('Dockerfile'))).toBe(
      true,
    );
  });

  describe('manifests holding {{ (issue 14 item 2): decided by parsing', () => {
    const privileged = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: debug',
      'spec:',
      '  hostPID: true',
      '  containers:',
      '    - name: shell',
      '      image: busybox:1.36',
      '      securityContext:',
      '        privileged: true',
    ].join('\n');
    const configMap = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: logging',
      'data:',
      "  format: '{{ .Time }}'",
    ].join('\n');
    const helm = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: {{ .Release.Name }}'].join('\n');

    it('checks a privileged, hostPID Pod in a file whose ConfigMap holds a template string', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'all.yaml'), `${privileged}\n---\n${configMap}\n`);
      const json = join(dir, 'r.json');
      const res = await runCli(['check', dir, '--json', json]);
      expect(res.code, res.stderr).toBe(1);
      const ids = readJson<ReportJson>(json).findings.map((f) => f.id);
      expect(ids).toEqual(expect.arrayContaining(['CG-K008', 'CG-K012']));
    });

    it('reports a template beside plain manifests as not checked, in the report and on the terminal', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'pod.yaml'), `${privileged}\n`);
      writeFileSync(join(dir, 'chart.yaml'), `${helm}\n`);
      const json = join(dir, 'r.json');
      const res = await runCli(['check', dir, '--json', json]);
      expect(res.code, res.stderr).toBe(1);
      const run = readJson<{ scanners: { name: string; warnings?: string[] }[] }>(json).scanners.find(
        (s) => s.name === 'container-gate',
      );
      expect(run?.warnings).toEqual([expect.stringMatching(/chart\.yaml: a template, .*not checked/)]);
      expect(res.stderr).toMatch(/chart\.yaml: a template, .*not checked/);
    });

    it('refuses a path in which nothing could be checked (only templates) with exit 3, never a pass', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'deployment.yaml'), `${helm}\n`);
      const res = await runCli(['check', dir]);
      expect(res.code, res.stderr).toBe(3);
      expect(res.stdout + res.stderr).toMatch(/nothing in it could be checked \(a template/);
      expect(res.stdout + res.stderr).not.toMatch(/gate passed/i);
    });
  });
});

describe('container-gate check output for code scanning', () => {
  it('gives one SARIF run per path given, however many files are under it', async () => {
    const dir = tempDir();
    for (let i = 0; i < 25; i++) {
      writeFileSync(
        join(dir, `pod-${i}.yaml`),
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n`,
      );
    }
    const sarif = join(tempDir(), 'r.sarif');
    const res = await runCli(['check', dir, '--sarif', sarif]);
    expect(res.code).toBe(1);
    const log = readJson<Sarif.Log>(sarif);
    const withResults = log.runs.filter((r) => (r.results ?? []).length > 0);
    expect(withResults.map((r) => r.tool.driver.name)).toEqual(['container-gate']);
    const files = withResults[0]!.results!.map(
      (r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri,
    );
    expect(new Set(files).size).toBe(25);
    expect(log.runs.length).toBeLessThanOrEqual(20);
  });
});

describe('container-gate merge and report --from (matrix fan-in, re-rendering)', () => {
  async function scanTo(dir: string, image: string, trivyFixture: string): Promise<string> {
    const json = join(dir, `${image.replace(/[^a-z0-9]+/g, '_')}.json`);
    const res = await runCli(['scan', image, '--scanners', 'trivy,trivy-secret', '--json', json, '--quiet'], {
      env: replay({ STANDIN_TRIVY_VULN: join(fixtures, trivyFixture) }),
    });
    expect(res.code === 0 || res.code === 1, res.stderr).toBe(true);
    return json;
  }

  it('merges two images’ reports into one upload-safe SARIF and applies the gate across both', async () => {
    const dir = tempDir();
    const a = await scanTo(dir, 'ghcr.io/acme/api:1', 'trivy/alpine-310.json');
    const b = await scanTo(dir, 'ghcr.io/acme/web:1', 'trivy/alpine-39.json');
    const reports = [readJson<ReportJson>(a), readJson<ReportJson>(b)];
    const sarif = join(dir, 'all.sarif');
    const json = join(dir, 'all.json');
    const res = await runCli(['merge', a, b, '--json', json, '--sarif', sarif, '--severity', 'critical']);

    const merged = readJson<ReportJson>(json);
    expect(merged.targets.map((t) => t.display).sort()).toEqual(['ghcr.io/acme/api:1', 'ghcr.io/acme/web:1']);
    expect(merged.findings).toHaveLength(reports[0]!.findings.length + reports[1]!.findings.length);
    // Re-gated at the merge's own threshold, not the jobs' verdicts.
    const critical = merged.findings.filter((f) => f.severity === 'critical').length;
    expect(merged.gate).toMatchObject({ threshold: 'critical', violations: critical });
    expect(res.code).toBe(critical > 0 ? 1 : 0);

    const log = readJson<Sarif.Log>(sarif);
    expect(schemaErrors(log)).toEqual([]);
    expect((await multitoolProblems(log)).filter((p) => p.level === 'error')).toEqual([]);
    const ids = log.runs.map((r) => r.automationDetails!.id!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'container-gate/ghcr.io/acme/api/trivy/',
        'container-gate/ghcr.io/acme/web/trivy/',
      ]),
    );
  });

  it('re-renders a saved report without scanning, keeping its verdict and exit code', async () => {
    const dir = tempDir();
    const saved = await scanTo(dir, 'ghcr.io/acme/web:1', 'trivy/alpine-39.json');
    const before = readJson<ReportJson>(saved);
    const summary = join(dir, 'summary.md');
    const res = await runCli(['report', '--from', saved, '--summary', summary], { path: '/nonexistent' });
    expect(res.code).toBe(before.gate.status === 'failed' ? 1 : 0);
    const text = readFileSync(summary, 'utf8');
    for (const finding of before.findings) expect(text).toContain(finding.id);
  });

  it('refuses a report of another version with a usage error naming the file', async () => {
    const file = join(tempDir(), 'v9.json');
    writeFileSync(file, JSON.stringify({ version: 9 }));
    const res = await runCli(['report', '--from', file, '--summary', join(tempDir(), 's.md')]);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('v9.json');
  });
});

describe('--quiet drops progress, never warnings (issue 14)', () => {
  it('scan --quiet still prints the scanner warning (end-of-life base OS) and no progress line', async () => {
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', '--no-checks', '--quiet'],
      { env: replay() },
    );
    expect(res.code, res.stderr).not.toBe(2);
    expect(res.stderr).toMatch(/^note: trivy \(alpine:3\.10\): alpine 3\.10\.2 has reached end of support/m);
    expect(res.stderr).not.toMatch(/started|done in/);
  });

  it('report --quiet still says how many results were left out of the SARIF', async () => {
    const dir = tempDir();
    const from = join(dir, 'big.json');
    writeFileSync(
      from,
      renderJsonReport(
        generateReport(generateFindings(6000, { seed: 14, targets: ['generated/app:1'], overlap: 0 })),
      ),
    );
    const res = await runCli([
      'report',
      '--from',
      from,
      '--sarif',
      join(dir, 'r.sarif'),
      '--quiet',
      '--no-table',
    ]);
    expect(res.stderr).toMatch(/^note: SARIF run .*results left out/m);
    expect(res.stderr).not.toMatch(/^wrote /m);
  });
});
