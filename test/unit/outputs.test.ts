import { describe, expect, it } from 'vitest';
import { repoRelative, sbomFileName } from '../../src/outputs.js';

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
