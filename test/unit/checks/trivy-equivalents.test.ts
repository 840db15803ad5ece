import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, runChecks } from '../../../src/checks/index.js';
import { foldTrivyConfigFindings, TRIVY_EQUIVALENTS } from '../../../src/checks/trivy-equivalents.js';
import type { Finding } from '../../../src/core/finding.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import { fixturesDir } from '../../support/paths.js';
import { lineOf, mutate, readRepoFile, repoRoot } from './support.js';

const fixtures = fixturesDir;
const dockerfileJson = readRepoFile(path.relative(repoRoot, path.join(fixtures, 'trivy/dockerfile.json')));
const helmJson = readRepoFile(path.relative(repoRoot, path.join(fixtures, 'trivy/helm.json')));
const trivyFindings = (json: string) => parseTrivyJson(json, { target: 'config' }, 'trivy-config').findings;
/** The recorded report as if `trivy config <root>` had been run from this repository (ArtifactName is the path given). */
const scannedFrom = (json: string, root: string) =>
  JSON.stringify({ ...JSON.parse(json), ArtifactName: root });

describe('Trivy equivalents', () => {
  it('maps both spellings of a Trivy id (DS002 and DS-0002, KSV001 and KSV-0001) to the same rule', () => {
    expect([TRIVY_EQUIVALENTS.DS002, TRIVY_EQUIVALENTS['DS-0002'], TRIVY_EQUIVALENTS['AVD-DS-0002']]).toEqual(
      ['CG-D001', 'CG-D001', 'CG-D001'],
    );
    expect([TRIVY_EQUIVALENTS.KSV001, TRIVY_EQUIVALENTS['KSV-0001']]).toEqual(['CG-K003', 'CG-K003']);
  });

  it('maps only to rules of the catalogue, Dockerfile checks to Dockerfile rules and KSV to Kubernetes rules', () => {
    const scopeOf = new Map(RULES.map((rule) => [rule.id, rule.scope]));
    for (const [trivyId, ruleId] of Object.entries(TRIVY_EQUIVALENTS)) {
      expect(scopeOf.get(ruleId), trivyId).toBe(trivyId.includes('DS') ? 'dockerfile' : 'kubernetes');
    }
  });

  it('knows the real Trivy ids in the recorded reports', () => {
    const recorded = [...trivyFindings(dockerfileJson), ...trivyFindings(helmJson)].map((f) => f.id);
    const unmapped = [...new Set(recorded.filter((id) => TRIVY_EQUIVALENTS[id] === undefined))].sort();
    // Requests, low UID/GID, the default namespace, privileged ports, "default security context": no rule of ours.
    expect(unmapped).toEqual([
      'KSV-0004',
      'KSV-0015',
      'KSV-0016',
      'KSV-0020',
      'KSV-0021',
      'KSV-0110',
      'KSV-0117',
      'KSV-0118',
    ]);
    expect(recorded).toContain('DS-0002');
  });
});

describe('foldTrivyConfigFindings', () => {
  const appDockerfile = readRepoFile('examples/app/Dockerfile');
  const ours = runChecks({
    dockerfiles: [{ path: 'examples/app/Dockerfile', text: appDockerfile, dockerignore: false }],
  }).findings;

  it('makes our root-user finding and Trivy’s DS-0002 on the same Dockerfile one finding, found by both', () => {
    const trivy = trivyFindings(scannedFrom(dockerfileJson, 'examples/app'));
    expect(trivy.map((f) => [f.kind, f.id, f.location?.path])).toEqual([
      ['misconfiguration', 'DS-0002', 'examples/app/Dockerfile'],
    ]);
    const folded = foldTrivyConfigFindings(ours, trivy);
    expect(folded).toHaveLength(ours.length);
    const root = folded.filter((f) => f.id === 'CG-D001');
    expect(root).toHaveLength(1);
    expect(root[0]).toMatchObject({
      kind: 'hardening',
      foundBy: ['container-gate', 'trivy'],
      target: 'examples/app/Dockerfile',
      location: { path: 'examples/app/Dockerfile', startLine: lineOf(appDockerfile, 'FROM scratch') },
    });
    expect(root[0]!.aliases).toContain('DS-0002');
    expect(root[0]!.severities.map((s) => s.scanner)).toEqual(['container-gate', 'trivy']);
  });

  it('passes unmapped Trivy findings through unchanged', () => {
    const trivy = trivyFindings(helmJson);
    const unmapped = trivy.filter((f) => f.id === 'KSV-0110');
    expect(unmapped).toHaveLength(1);
    expect(foldTrivyConfigFindings([], unmapped)).toEqual(unmapped);
  });

  it('passes a mapped Trivy finding through when none of ours is in the same file', () => {
    const trivy = trivyFindings(dockerfileJson).map((f) => ({
      ...f,
      location: { path: 'other/Containerfile' },
    }));
    const folded = foldTrivyConfigFindings(ours, trivy);
    expect(folded).toHaveLength(ours.length + 1);
    expect(folded.find((f) => f.id === 'DS-0002')).toEqual(trivy[0]);
  });

  it('does not guess between two Dockerfiles that both end like Trivy’s relative path', () => {
    const two = runChecks({
      dockerfiles: ['a/Dockerfile', 'b/Dockerfile'].map((p) => ({
        path: p,
        text: appDockerfile,
        dockerignore: true,
      })),
    }).findings;
    const folded = foldTrivyConfigFindings(two, trivyFindings(scannedFrom(dockerfileJson, '.')));
    expect(folded.filter((f) => f.foundBy.includes('trivy')).map((f) => f.id)).toEqual(['DS-0002']);
  });

  it('folds a Kubernetes finding into ours for the container whose lines Trivy reports', () => {
    const deployment = readRepoFile('examples/secure/k8s/deployment.yaml');
    const second = '        - name: worker\n          image: ghcr.io/acme/worker:1\n';
    const text = mutate(deployment, '      volumes:\n', `${second}      volumes:\n`).replace(
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
    );
    const ours = runChecks({ manifests: [{ path: 'k8s/deploy.yaml', text }] }).findings.filter(
      (f) => f.id === 'CG-K002',
    );
    expect(ours.map((f) => f.location?.startLine)).toEqual([
      lineOf(text, 'readOnlyRootFilesystem'),
      lineOf(text, '- name: worker'),
    ]);
    // Trivy's real KSV-0014 from the Helm report, pointed at this file's first container (made: the lines).
    const recorded = trivyFindings(helmJson).find((f) => f.id === 'KSV-0014')!;
    const start = lineOf(text, '- name: api');
    const trivy: Finding = {
      ...recorded,
      location: { path: 'deploy.yaml', startLine: start, endLine: start + 25 },
    };
    const folded = foldTrivyConfigFindings(ours, [trivy]);
    expect(folded.map((f) => [f.location?.startLine, f.foundBy])).toEqual([
      [lineOf(text, 'readOnlyRootFilesystem'), ['container-gate', 'trivy']],
      [lineOf(text, '- name: worker'), ['container-gate']],
    ]);
    // Trivy rates KSV-0014 HIGH, ours medium: the gate takes the more severe opinion, both are kept.
    expect(folded[0]).toMatchObject({ id: 'CG-K002', severity: 'high', severitySource: 'trivy' });
  });
});
