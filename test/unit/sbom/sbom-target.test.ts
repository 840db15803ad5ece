import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../src/image/reference.js';
import { describeSbom, listsNoPackages, readSbomTarget } from '../../../src/image/sbom-target.js';
import { UsageError } from '../../../src/util/errors.js';
import { fixturesDir } from '../../support/paths.js';
import { readSharedFixture } from '../scanners/shared-fixtures.js';

describe('describeSbom: the format by content, and what the SBOM describes', () => {
  it.each([
    // Syft's CycloneDX of an image (Grype's presenter snapshot): the image as the component, its digest as version.
    [
      'grype/presenter-image.cdx.json',
      {
        format: 'cyclonedx-json',
        subject: 'user-input',
        digest: 'sha256:ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5',
      },
    ],
    // Trivy's CycloneDX of a directory: a name, no digest.
    ['trivy/npm-cyclonedx.json', { format: 'cyclonedx-json', subject: 'testdata/fixtures/repo/npm' }],
    ['trivy/conda-spdx.json', { format: 'spdx-json', subject: 'testdata/fixtures/repo/conda' }],
    // A syft-json of ubuntu:20.04 (schema 1: the image metadata under source.target).
    [
      'syft/ubuntu-20.04-pruned.syft.json',
      {
        format: 'syft-json',
        subject: 'ubuntu:20.04',
        digest: 'sha256:5146935f9248826d44dfc2489abfd5f4bdfbc319a738c04dfe1ef071f228a1ac',
      },
    ],
  ])('%s', (fixture, expected) => {
    expect(describeSbom(readSharedFixture(fixture), `sbom:${fixture}`)).toEqual(expected);
  });

  it('takes the registry digest Trivy records (RepoDigest) and an OCI purl before a version', () => {
    const trivyImage = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: {
        component: {
          type: 'container',
          name: 'ghcr.io/acme/api:1.2',
          purl: `pkg:oci/api@sha256%3A${'b'.repeat(64)}?repository_url=ghcr.io%2Facme%2Fapi`,
          properties: [
            { name: 'aquasecurity:trivy:RepoDigest', value: `ghcr.io/acme/api@sha256:${'a'.repeat(64)}` },
          ],
        },
      },
    };
    expect(describeSbom(JSON.stringify(trivyImage), 'sbom:x')).toEqual({
      format: 'cyclonedx-json',
      subject: 'ghcr.io/acme/api:1.2',
      digest: `sha256:${'a'.repeat(64)}`,
    });
    delete (trivyImage.metadata.component as { properties?: unknown }).properties;
    expect(describeSbom(JSON.stringify(trivyImage), 'sbom:x').digest).toBe(`sha256:${'b'.repeat(64)}`);
  });

  it.each([
    ['not JSON', '<bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>', /not JSON .*not XML or tag-value/],
    [
      'JSON of another kind',
      '{"SchemaVersion":2,"Results":[]}',
      /not a CycloneDX JSON, SPDX JSON or syft-json SBOM/,
    ],
    ['an array', '[]', /not a CycloneDX JSON/],
  ])('refuses %s with a one-line usage error naming the input', (_what, text, message) => {
    const error = (() => {
      try {
        describeSbom(text, 'sbom:app.json');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error!.message).toMatch(/^sbom:app\.json: /);
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toContain('\n');
  });
});

describe('readSbomTarget', () => {
  it('names the target after the image the SBOM describes and records its digest', async () => {
    const target = await readSbomTarget(
      parseTarget(`sbom:${join(fixturesDir, 'syft/ubuntu-20.04-pruned.syft.json')}`),
    );
    expect(target).toMatchObject({
      kind: 'sbom',
      name: 'ubuntu',
      sbomFormat: 'syft-json',
      digest: 'sha256:5146935f9248826d44dfc2489abfd5f4bdfbc319a738c04dfe1ef071f228a1ac',
    });
  });

  it('falls back to the file name when the SBOM names nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-sbom-'));
    writeFileSync(
      join(dir, 'app.cdx.json'),
      '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"left-pad","version":"1.3.0","purl":"pkg:npm/left-pad@1.3.0"}]}',
    );
    const target = await readSbomTarget(parseTarget(`sbom:${join(dir, 'app.cdx.json')}`));
    expect(target).toMatchObject({ name: 'app', sbomFormat: 'cyclonedx-json' });
    expect(target.digest).toBeUndefined();
  });

  it.each([
    ['a missing file', 'sbom:/nonexistent/app.cdx.json', /file not found/],
    ['a directory', `sbom:${tmpdir()}`, /not a file/],
  ])('refuses %s as bad input', async (_what, input, message) => {
    await expect(readSbomTarget(parseTarget(input))).rejects.toThrow(message);
    await expect(readSbomTarget(parseTarget(input))).rejects.toBeInstanceOf(UsageError);
  });

  it.each([
    ['a CycloneDX with no components', '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}'],
    [
      'a CycloneDX of the operating system alone',
      '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"operating-system","name":"alpine","version":"3.20"}]}',
    ],
    [
      'an SPDX of its subject alone',
      JSON.stringify({
        spdxVersion: 'SPDX-2.3',
        SPDXID: 'SPDXRef-DOCUMENT',
        name: 'app',
        documentDescribes: ['SPDXRef-app'],
        packages: [{ SPDXID: 'SPDXRef-app', name: 'app' }],
      }),
    ],
    [
      'a syft-json with no artifacts',
      '{"artifacts":[],"source":{"type":"image"},"descriptor":{"name":"syft","version":"1.18.1"}}',
    ],
  ])(
    'warns of %s: its scan can only pass (an image with no packages, or an SBOM of something else)',
    async (_what, content) => {
      const dir = mkdtempSync(join(tmpdir(), 'cg-sbom-'));
      writeFileSync(join(dir, 'empty.json'), content);
      const warnings: string[] = [];
      const target = await readSbomTarget(parseTarget(`sbom:${join(dir, 'empty.json')}`), (w) =>
        warnings.push(w),
      );
      expect(target.kind).toBe('sbom');
      expect(warnings).toEqual([
        expect.stringMatching(
          /^sbom:\S+empty\.json: lists no packages, so its scan finds nothing whatever today's advisories say — if the image has packages, this SBOM was not made from it$/,
        ),
      ]);
    },
  );

  it('does not warn of an SBOM that lists packages', async () => {
    const warnings: string[] = [];
    await readSbomTarget(parseTarget(`sbom:${join(fixturesDir, 'trivy/npm-cyclonedx.json')}`), (w) =>
      warnings.push(w),
    );
    expect(warnings).toEqual([]);
  });

  it('counts packages as the report does, and leaves a document it cannot read to the scanners', () => {
    for (const fixture of [
      'grype/presenter-image.cdx.json',
      'trivy/npm-cyclonedx.json',
      'trivy/conda-spdx.json',
      'syft/ubuntu-20.04-pruned.syft.json',
    ]) {
      const content = readSharedFixture(fixture);
      expect(listsNoPackages({ format: describeSbom(content, fixture).format, content }), fixture).toBe(
        false,
      );
    }
    expect(listsNoPackages({ format: 'cyclonedx-json', content: '{"components": 7}' })).toBe(false);
  });

  it('reads `sbom:` as an SBOM file, and refuses one without a path', () => {
    expect(parseTarget('sbom:out/app.spdx.json')).toMatchObject({ kind: 'sbom', path: 'out/app.spdx.json' });
    expect(() => parseTarget('sbom:')).toThrow(/needs an SBOM file path/);
  });
});
