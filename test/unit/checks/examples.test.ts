import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/index.js';
import { loadCheckInputs } from '../../../src/checks/load.js';
import { lineOf, readRepoFile, sites } from './support.js';

describe('the bundled examples', () => {
  it('examples/secure (the seed checklist’s secure Dockerfile and manifests) has no finding', async () => {
    const input = await loadCheckInputs(['examples/secure']);
    expect(input.dockerfiles?.map((d) => d.path)).toEqual(['examples/secure/Dockerfile']);
    expect(input.manifests).toHaveLength(3);
    expect(runChecks(input)).toEqual({ findings: [], errors: [], warnings: [], notChecked: [] });
  });

  it('examples/app breaks the seed rules it says it breaks, at their lines', async () => {
    const text = readRepoFile('examples/app/Dockerfile');
    const outcome = runChecks(await loadCheckInputs(['examples/app']));
    const at = (needle: string) => `examples/app/Dockerfile:${lineOf(text, needle)}`;
    expect(sites(outcome.findings).sort()).toEqual(
      [
        `CG-D001@${at('FROM scratch')}`,
        `CG-D004@${at('ENV API_TOKEN')}`,
        `CG-D007@${at('COPY . /app')}`,
        `CG-D013@${at('FROM scratch')}`,
      ].sort(),
    );
    expect(text.split('\n')[0]).toMatch(/deliberately insecure/i);
  });

  it('examples/app plants a fake GitHub token that Trivy’s secret scanner reports', () => {
    const token = readRepoFile('examples/app/config/token.txt').trim();
    // Trivy's github-pat rule is `ghp_[0-9a-zA-Z]{36}`; its built-in allow rules skip values matching /example/i.
    expect(token).toMatch(/^ghp_[0-9a-zA-Z]{36}$/);
    expect(token).not.toMatch(/example/i);
    expect(token).toMatch(/FAKE/);
    const env = /ENV API_TOKEN=(\S+)/.exec(readRepoFile('examples/app/Dockerfile'))![1]!;
    expect(env).toMatch(/fake/);
  });

  it('examples/k8s breaks Kubernetes rules, says so at the top, and is checked without errors', async () => {
    const text = readRepoFile('examples/k8s/deployment.yaml');
    expect(text.split('\n')[0]).toMatch(/deliberately insecure/i);
    const outcome = runChecks(await loadCheckInputs(['examples/k8s']));
    expect(outcome.errors).toEqual([]);
    const found = sites(outcome.findings);
    const at = (needle: string) => `examples/k8s/deployment.yaml:${lineOf(text, needle)}`;
    for (const site of [
      `CG-K008@${at('privileged: true')}`,
      `CG-K009@${at('path: /var/run/docker.sock')}`,
      `CG-K016@${at('image: examples-app:latest')}`,
      `CG-K017@${at('value: fake-api-token')}`,
      `CG-K007@${at('- name: app')}`,
      `CG-K018@${at('kind: Deployment')}`,
    ]) {
      expect(found).toContain(site);
    }
  });
});

describe('the seed checklist’s anti-patterns', () => {
  const dockerfile = readRepoFile('test/fixtures/checks/seed-anti-patterns.made.Dockerfile');
  const manifest = readRepoFile('test/fixtures/checks/seed-anti-patterns.made.yaml');
  const outcome = runChecks({
    dockerfiles: [{ path: 'seed/Dockerfile', text: dockerfile, dockerignore: true }],
    manifests: [{ path: 'seed/pod.yaml', text: manifest }],
  });
  const found = sites(outcome.findings);
  const cases: [string, string, string, string][] = [
    ['running as root', 'CG-D001', 'seed/Dockerfile', 'FROM node:latest'],
    ['FROM node:latest', 'CG-D003', 'seed/Dockerfile', 'FROM node:latest'],
    ['ENV API_KEY=secret123', 'CG-D004', 'seed/Dockerfile', 'ENV API_KEY=secret123'],
    ['privileged: true', 'CG-K008', 'seed/pod.yaml', 'privileged: true'],
    ['no resource limits', 'CG-K007', 'seed/pod.yaml', '- name: builder'],
    ['a docker.sock hostPath', 'CG-K009', 'seed/pod.yaml', 'path: /var/run/docker.sock'],
  ];
  for (const [name, rule, file, needle] of cases) {
    it(`reports ${name} as ${rule}`, () => {
      const text = file.endsWith('.yaml') ? manifest : dockerfile;
      expect(found).toContain(`${rule}@${file}:${lineOf(text, needle)}`);
    });
  }

  it('rates them as a demanding platform team would', () => {
    const severity = (rule: string) => outcome.findings.find((f) => f.id === rule)?.severity;
    expect([severity('CG-K008'), severity('CG-K009'), severity('CG-D004')]).toEqual([
      'critical',
      'critical',
      'critical',
    ]);
    expect([severity('CG-D001'), severity('CG-D003')]).toEqual(['high', 'high']);
  });
});
