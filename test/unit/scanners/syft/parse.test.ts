import { describe, expect, it } from 'vitest';
import type { SbomDocument } from '../../../../src/core/finding.js';
import { countSbomPackages, parseSbomOutputs } from '../../../../src/scanners/syft/parse.js';
import { ScannerOutputError } from '../../../../src/util/errors.js';
import { rawJson, readSharedFixture } from '../shared-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: raw SBOM JSON
type Raw = any;

const cycloneDxFromTrivy = readSharedFixture('trivy/npm-cyclonedx.json');
const cycloneDxFromGrype = readSharedFixture('grype/presenter-image.cdx.json');
const spdxFromTrivy = readSharedFixture('trivy/conda-spdx.json');
const syftJson = readSharedFixture('syft/ubuntu-20.04-pruned.syft.json');

function only(documents: SbomDocument[]): SbomDocument {
  expect(documents).toHaveLength(1);
  return documents[0]!;
}

describe('parseSbomOutputs', () => {
  it.each([
    ['cyclonedx', cycloneDxFromTrivy, 'cyclonedx-json'],
    ['cyclonedx', cycloneDxFromGrype, 'cyclonedx-json'],
    ['spdx', spdxFromTrivy, 'spdx-json'],
    ['syft-json', syftJson, 'syft-json'],
  ])('accepts a real %s document and keeps it verbatim (%#)', (role, content, format) => {
    expect(only(parseSbomOutputs({ [role]: content }, 'syft'))).toEqual({ format, content });
  });

  it('returns every format of one run, in format order', () => {
    const documents = parseSbomOutputs(
      { spdx: spdxFromTrivy, 'syft-json': syftJson, cyclonedx: cycloneDxFromGrype },
      'syft',
    );
    expect(documents.map((d) => d.format)).toEqual(['cyclonedx-json', 'spdx-json', 'syft-json']);
  });

  it('requires every role the tool was told to write, even when the runner left the missing file out', () => {
    expect(() => parseSbomOutputs({ cyclonedx: cycloneDxFromGrype }, 'syft', ['cyclonedx', 'spdx'])).toThrow(
      /^syft: wrote no SPDX JSON SBOM/,
    );
    expect(only(parseSbomOutputs({ cyclonedx: cycloneDxFromGrype }, 'syft', ['cyclonedx'])).format).toBe(
      'cyclonedx-json',
    );
  });

  it('ignores output roles that are not SBOMs', () => {
    expect(only(parseSbomOutputs({ json: '{}', cyclonedx: cycloneDxFromTrivy }, 'trivy-sbom')).format).toBe(
      'cyclonedx-json',
    );
  });

  it.each([
    ['a file the tool did not write', { cyclonedx: cycloneDxFromTrivy, spdx: undefined }],
    ['an empty file', { cyclonedx: '' }],
    ['truncated JSON', { spdx: spdxFromTrivy.slice(0, 200) }],
    ['an SPDX document where CycloneDX was asked for', { cyclonedx: spdxFromTrivy }],
    ['a CycloneDX document where SPDX was asked for', { spdx: cycloneDxFromTrivy }],
    ['a CycloneDX document without specVersion', { cyclonedx: '{"bomFormat":"CycloneDX"}' }],
    ['an SPDX document without SPDXID', { spdx: '{"spdxVersion":"SPDX-2.3"}' }],
    ['a Syft JSON document without artifacts', { 'syft-json': '{"descriptor":{"name":"syft"}}' }],
    ['no SBOM at all', {}],
  ])('throws a one-line ScannerOutputError naming the producer for %s', (_label, files) => {
    let error: unknown;
    try {
      parseSbomOutputs(files, 'syft');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScannerOutputError);
    expect((error as Error).message).toMatch(/^syft: /);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('countSbomPackages', () => {
  it('counts the packages of Trivy’s CycloneDX SBOM: the packages Trivy lists for the same lockfile', () => {
    const packages = rawJson(readSharedFixture('trivy/npm.json')).Results[0].Packages;
    const doc = only(parseSbomOutputs({ cyclonedx: cycloneDxFromTrivy }, 'trivy-sbom'));
    expect(countSbomPackages(doc)).toBe(packages.length);
  });

  it('counts the packages of Grype’s CycloneDX SBOM: the artifacts of the same presenter test', () => {
    const matches = rawJson(readSharedFixture('grype/presenter-image.json')).matches;
    const artifacts = new Set(matches.map((m: Raw) => m.artifact.id));
    const doc = only(parseSbomOutputs({ cyclonedx: cycloneDxFromGrype }, 'grype'));
    expect(countSbomPackages(doc)).toBe(artifacts.size);
  });

  it('counts SPDX packages with a purl, not the described root', () => {
    const raw = rawJson(spdxFromTrivy);
    const withPurl = raw.packages.filter((p: Raw) =>
      (p.externalRefs ?? []).some((r: Raw) => r.referenceType === 'purl'),
    );
    expect(withPurl.length).toBeLessThan(raw.packages.length);
    expect(countSbomPackages(only(parseSbomOutputs({ spdx: spdxFromTrivy }, 'trivy-sbom')))).toBe(
      withPurl.length,
    );
  });

  it('counts the artifacts of a Syft JSON SBOM', () => {
    const doc = only(parseSbomOutputs({ 'syft-json': syftJson }, 'syft'));
    expect(countSbomPackages(doc)).toBe(rawJson(syftJson).artifacts.length);
  });

  it('counts nested CycloneDX components and leaves the operating system out', () => {
    const raw = rawJson(cycloneDxFromTrivy);
    const before = countSbomPackages({ format: 'cyclonedx-json', content: cycloneDxFromTrivy });
    raw.components[1].components = [{ type: 'library', name: 'inner', purl: 'pkg:npm/inner@1.0.0' }];
    raw.components.push({ type: 'operating-system', name: 'alpine', version: '3.20' });
    expect(countSbomPackages({ format: 'cyclonedx-json', content: JSON.stringify(raw) })).toBe(before + 1);
  });
});
