import { describe, expect, it } from 'vitest';
import { sbomArtifactName, uploadSbomArtifacts } from '../../../src/action/sbom-artifact.js';
import { reportFromFixture } from './support.js';

describe('SBOM artifacts', () => {
  it('names one artifact per image with only the characters GitHub accepts', () => {
    expect(sbomArtifactName({ name: 'localhost:5000/acme/api' }, 1)).toBe('sbom-localhost-5000-acme-api');
    expect(sbomArtifactName({ name: 'ghcr.io/acme/api', platform: 'linux/arm64/v8' }, 1)).toBe(
      'sbom-ghcr.io-acme-api-linux-arm64-v8',
    );
  });

  it('adds the run attempt after the first, so a re-run does not collide with the first attempt', () => {
    expect(sbomArtifactName({ name: 'api' }, 1)).toBe('sbom-api');
    expect(sbomArtifactName({ name: 'api' }, 3)).toBe('sbom-api-attempt-3');
  });

  it('groups every SBOM of an image into its artifact, rooted at their common directory', async () => {
    const report = reportFromFixture('trivy/alpine-310.json');
    const target = report.targets[0]!.display;
    report.sboms = [
      { target, format: 'cyclonedx-json', path: '/tmp/out/sbom/alpine.cdx.json', producer: 'syft' },
      { target, format: 'spdx-json', path: '/tmp/out/sbom/alpine.spdx.json', producer: 'syft' },
    ];
    const calls: { name: string; files: string[]; root: string }[] = [];
    const result = await uploadSbomArtifacts(
      report,
      {
        uploadArtifact: async (name, files, root) => {
          calls.push({ name, files, root });
          return { id: 7 };
        },
      },
      1,
    );
    expect(calls).toEqual([
      { name: 'sbom-alpine', files: report.sboms.map((s) => s.path), root: '/tmp/out/sbom' },
    ]);
    expect(result).toEqual({
      uploaded: [{ name: 'sbom-alpine', files: report.sboms.map((s) => s.path), id: 7 }],
      failures: [],
    });
  });

  it('reports a failed upload instead of throwing', async () => {
    const report = reportFromFixture('trivy/alpine-310.json');
    report.sboms = [
      { target: report.targets[0]!.display, format: 'spdx-json', path: '/tmp/x.spdx.json', producer: 'syft' },
    ];
    const result = await uploadSbomArtifacts(
      report,
      {
        uploadArtifact: async () => {
          throw new Error('an artifact with this name already exists');
        },
      },
      1,
    );
    expect(result.failures).toEqual(['SBOM artifact sbom-alpine: an artifact with this name already exists']);
  });
});
