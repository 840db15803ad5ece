import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { parseGrypeJson } from '../../src/scanners/grype/parse.js';
import { parseTrivyJson } from '../../src/scanners/trivy/parse.js';
import { fixtures, runCli, tempDir } from '../support/cli.js';

/**
 * Issue 14 item 10: a manifest of 10,000 insecure pods (130,000 findings; the issue saw it with 14,000) and kinds named after Object.prototype's
 * members used to die inside container-gate and exit 3 as if the input were at fault. Both are checked now, and a
 * failure of container-gate's own is exit 2.
 */

/** Generated: `count` pods that each break thirteen seed rules (privileged, host namespaces, docker.sock…). */
function generatedInsecurePods(count: number): string {
  const pod = (i: number) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: p${i}`,
      'spec:',
      '  hostPID: true',
      '  hostNetwork: true',
      '  hostIPC: true',
      '  containers:',
      '    - name: c',
      '      image: busybox',
      '      securityContext:',
      '        privileged: true',
      '        runAsUser: 0',
      '      volumeMounts:',
      '        - name: s',
      '          mountPath: /var/run/docker.sock',
      '  volumes:',
      '    - name: s',
      '      hostPath:',
      '        path: /var/run/docker.sock',
      '',
    ].join('\n');
  return Array.from({ length: count }, (_, i) => pod(i)).join('---\n');
}

describe('a manifest file of 10,000 insecure pods', () => {
  it('is checked: every finding reported, table and JSON written, exit 1', async () => {
    const dir = tempDir('cg-large-');
    writeFileSync(join(dir, 'pods.generated.yaml'), generatedInsecurePods(10_000));
    const json = join(dir, 'r.json');
    const res = await runCli(['check', 'pods.generated.yaml', '--json', json], { cwd: dir });
    expect(res.code, res.stderr.slice(-2000)).toBe(1);
    expect(res.stderr).not.toMatch(/Maximum call stack|could not check/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { findings: { id: string }[] };
    expect(report.findings.length).toBeGreaterThan(10_000 * 10);
    expect(report.findings.filter((f) => f.id === 'CG-K008')).toHaveLength(10_000);
    expect(res.stdout).toMatch(/gate failed/);
  });
});

describe('kinds and states named after Object.prototype members', () => {
  const kinds = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

  it.each(kinds)('kind: %s is an unknown kind, ignored (not a crash)', (kind) => {
    const text = `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\nspec:\n  containers: []\n`;
    const outcome = runChecks({ manifests: [{ path: 'k8s/odd.yaml', text }] });
    expect(outcome.errors).toEqual([]);
    expect(outcome.findings).toEqual([]);
  });

  it('checks a privileged Pod in a file that also holds those kinds, with the CLI: exit 1, not 3', async () => {
    const dir = tempDir('cg-odd-');
    const odd = kinds.map((kind) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\n`).join('---\n');
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n';
    writeFileSync(join(dir, 'all.yaml'), `${odd}---\n${pod}`);
    const json = join(dir, 'r.json');
    const res = await runCli(['check', dir, '--json', json]);
    expect(res.code, res.stderr).toBe(1);
    const ids = (JSON.parse(readFileSync(json, 'utf8')) as { findings: { id: string }[] }).findings.map(
      (f) => f.id,
    );
    expect(ids).toContain('CG-K008');
  });

  it.each(['constructor', '__proto__', 'toString'])(
    'a Trivy Status or Grype fix state %j is an unknown fix state, not an Object.prototype member',
    (state) => {
      const trivy = JSON.parse(readFileSync(join(fixtures, 'trivy/alpine-310.json'), 'utf8'));
      // No fixed version: a named one makes a finding fixable whatever the status says (see trivy/parse.ts).
      trivy.Results[0].Vulnerabilities[0].Status = state;
      delete trivy.Results[0].Vulnerabilities[0].FixedVersion;
      const trivyFinding = parseTrivyJson(JSON.stringify(trivy), { target: 'x' }, 'trivy').findings.find(
        (f) => f.id === trivy.Results[0].Vulnerabilities[0].VulnerabilityID,
      );
      expect(trivyFinding?.fix.state).toBe('unknown');

      const grype = JSON.parse(readFileSync(join(fixtures, 'grype/presenter-image.json'), 'utf8'));
      grype.matches[0].vulnerability.fix = { state, versions: [] };
      const grypeFindings = parseGrypeJson(JSON.stringify(grype), { target: 'x' }).findings;
      expect(grypeFindings.every((f) => typeof f.fix.state === 'string')).toBe(true);
      expect(grypeFindings.find((f) => f.id === grype.matches[0].vulnerability.id)?.fix.state).toBe(
        'unknown',
      );
    },
  );
});

describe('a failure of container-gate’s own checks', () => {
  it('is marked internal, so the run fails with exit 2 rather than blaming the input with exit 3', async () => {
    vi.resetModules();
    vi.doMock('../../src/checks/kubernetes/check.js', () => ({
      checkManifests: () => {
        throw new TypeError('a bug of ours');
      },
    }));
    try {
      const { runChecks: runMockedChecks } = await import('../../src/checks/index.js');
      const outcome = runMockedChecks({ manifests: [{ path: 'k8s/a.yaml', text: 'kind: Pod\n' }] });
      expect(outcome.errors).toEqual([
        expect.objectContaining({
          path: 'k8s/a.yaml',
          internal: true,
          message: expect.stringMatching(/a bug of ours/),
        }),
      ]);
      const { runScan } = await import('../../src/pipeline.js');
      const { defaultOptions } = await import('../../src/options.js');
      const dir = tempDir('cg-internal-');
      writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
      const outcome2 = await runScan({ ...defaultOptions(), scanners: [], manifests: [join(dir, 'a.yaml')] });
      expect(outcome2.exitCode).toBe(2);
      expect(outcome2.report.gate.status).toBe('error');
    } finally {
      vi.doUnmock('../../src/checks/kubernetes/check.js');
      vi.resetModules();
    }
  });
});
