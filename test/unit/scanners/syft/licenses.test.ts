import { describe, expect, it } from 'vitest';
import type { SbomDocument } from '../../../../src/core/finding.js';
import { syftScanner } from '../../../../src/scanners/syft/index.js';
import { sbomLicenseFindings } from '../../../../src/scanners/syft/licenses.js';
import { readSharedFixture } from '../shared-fixtures.js';

const ctx = { target: 'ubuntu:20.04' };
const doc = (format: SbomDocument['format'], file: string): SbomDocument => ({
  format,
  content: readSharedFixture(file),
});

describe('license findings from SBOMs (real SBOMs in the shared fixtures)', () => {
  it('Syft JSON (ubuntu 20.04): one finding per package and license, Debian spellings made SPDX', () => {
    const findings = sbomLicenseFindings(
      [doc('syft-json', 'syft/ubuntu-20.04-pruned.syft.json')],
      ctx,
      'syft',
    );
    expect(findings.map((f) => `${f.package?.name} ${f.id}`).sort()).toEqual([
      'libacl1 GPL-2.0-or-later',
      'libacl1 LGPL-2.0-or-later',
      'libattr1 GPL-2.0-or-later',
      'libattr1 LGPL-2.0-or-later',
    ]);
    const first = findings.find((f) => f.package?.name === 'libacl1' && f.id === 'GPL-2.0-or-later')!;
    expect(first).toMatchObject({
      kind: 'license',
      aliases: ['GPL-2+'],
      severity: 'unknown',
      foundBy: ['syft'],
      package: {
        name: 'libacl1',
        version: '2.2.53-6',
        type: 'deb',
        purl: 'pkg:deb/ubuntu/libacl1@2.2.53-6?arch=amd64',
      },
    });
  });

  it("CycloneDX (Trivy's npm SBOM): `license.id` entries, the application component skipped", () => {
    const findings = sbomLicenseFindings([doc('cyclonedx-json', 'trivy/npm-cyclonedx.json')], ctx, 'trivy');
    expect(findings.map((f) => `${f.package?.name}@${f.package?.version} ${f.id}`)).toEqual([
      'jquery@3.3.9 MIT',
      'promise@8.0.3 MIT',
      'react-is@16.8.6 MIT',
      'react@16.8.6 MIT',
      'redux@4.0.1 MIT',
    ]);
  });

  it("SPDX (Trivy's conda SBOM): the concluded license; NOASSERTION is not a license", () => {
    const findings = sbomLicenseFindings([doc('spdx-json', 'trivy/conda-spdx.json')], ctx, 'trivy');
    expect(findings.map((f) => `${f.package?.name} ${f.id}`).sort()).toEqual(['openssl OpenSSL', 'pip MIT']);
  });

  it('prefers Syft JSON over CycloneDX and SPDX from the same run (no double counting)', () => {
    const findings = sbomLicenseFindings(
      [doc('spdx-json', 'trivy/conda-spdx.json'), doc('syft-json', 'syft/ubuntu-20.04-pruned.syft.json')],
      ctx,
      'syft',
    );
    expect(findings).toHaveLength(4);
  });

  it('the syft scanner returns them as its findings', () => {
    const result = syftScanner.parse(
      {
        stdout: '',
        stderr: '',
        files: {
          'syft-json': readSharedFixture('syft/ubuntu-20.04-pruned.syft.json'),
          cyclonedx: readSharedFixture('grype/presenter-image.cdx.json'),
          spdx: readSharedFixture('trivy/conda-spdx.json'),
        },
      },
      ctx,
    );
    expect(result.findings.filter((f) => f.kind === 'license')).toHaveLength(4);
    expect(result.sboms).toHaveLength(3);
  });
});
