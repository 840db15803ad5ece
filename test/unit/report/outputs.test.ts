import { describe, expect, it } from 'vitest';
import type { SbomDocument } from '../../../src/core/finding.js';
import { repoRelative, sbomFileName, sbomFileNames } from '../../../src/report/outputs.js';

describe('output file names', () => {
  it.each([
    ['ghcr.io/acme/api:1.4.2', 'cyclonedx-json', 'ghcr.io_acme_api_1.4.2.cdx.json'],
    ['ghcr.io/acme/api:1.4.2', 'spdx-json', 'ghcr.io_acme_api_1.4.2.spdx.json'],
    [`acme/api@sha256:${'a'.repeat(64)}`, 'cyclonedx-json', `acme_api_sha256_${'a'.repeat(64)}.cdx.json`],
    ['oci-archive:build/app.tar', 'spdx-json', 'build_app.tar.spdx.json'],
    ['../../etc/passwd', 'cyclonedx-json', 'etc_passwd.cdx.json'],
  ] as const)(
    'names the SBOM of %s (%s) after the image, inside the SBOM directory',
    (target, format, expected) => {
      expect(sbomFileName(target, format)).toBe(expected);
    },
  );

  it('gives two images in one matrix directory two files', () => {
    expect(sbomFileName('acme/api:1', 'cyclonedx-json')).not.toBe(
      sbomFileName('acme/web:1', 'cyclonedx-json'),
    );
  });
});

describe('SBOM file names of one run (issue 14 item 6)', () => {
  const sbom = (target: string, format: SbomDocument['format'] = 'cyclonedx-json', producer = 'syft') => ({
    target,
    producer,
    doc: { format, content: '{}' } as SbomDocument,
  });

  it('keeps the plain name when no other SBOM of the run takes it', () => {
    expect(sbomFileNames([sbom('acme/api:1'), sbom('acme/api:1', 'spdx-json')])).toEqual([
      'acme_api_1.cdx.json',
      'acme_api_1.spdx.json',
    ]);
  });

  it('gives a/b:1 and a_b:1 names of their own, each with a short digest', () => {
    const names = sbomFileNames([sbom('a/b:1'), sbom('a_b:1')]);
    expect(new Set(names).size).toBe(2);
    for (const name of names) expect(name).toMatch(/^a_b_1-[0-9a-f]{8}\.cdx\.json$/);
    // The same inputs give the same names, whatever else is in the run.
    expect(sbomFileNames([sbom('a_b:1'), sbom('a/b:1')])).toEqual([...names].reverse());
  });

  it('tells apart names that differ only in case (one file on macOS) and one image from two producers', () => {
    expect(new Set(sbomFileNames([sbom('app:V1'), sbom('app:v1')])).size).toBe(2);
    expect(new Set(sbomFileNames([sbom('app:1'), sbom('app:1', 'cyclonedx-json', 'trivy-sbom')])).size).toBe(
      2,
    );
  });
});

describe('repoRelative', () => {
  it.each([
    ['Dockerfile', 'Dockerfile'],
    ['./docker/Dockerfile', 'docker/Dockerfile'],
    ['/repo/docker/Dockerfile', 'docker/Dockerfile'],
    ['../elsewhere/Dockerfile', undefined],
    ['/etc/Dockerfile', undefined],
  ])('%s → %s (repository root /repo)', (path, expected) => {
    expect(repoRelative(path, '/repo')).toBe(expected);
  });
});
