import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSbomOutputs } from '../../../src/scanners/syft/parse.js';
import { fixtures } from '../../support/cli.js';
import { cyclonedxErrors, spdxErrors } from '../../support/sbom-schemas.js';

const read = (file: string) => readFileSync(join(fixtures, file), 'utf8');

describe('SBOMs as container-gate writes them validate against the official schemas', () => {
  it.each(['trivy/npm-cyclonedx.json', 'grype/presenter-image.cdx.json'])('CycloneDX: %s', (file) => {
    const [doc] = parseSbomOutputs({ cyclonedx: read(file) }, 'syft', ['cyclonedx']);
    expect(doc!.format).toBe('cyclonedx-json');
    expect(cyclonedxErrors(JSON.parse(doc!.content))).toEqual([]);
  });

  it('SPDX: trivy/conda-spdx.json', () => {
    const [doc] = parseSbomOutputs({ spdx: read('trivy/conda-spdx.json') }, 'syft', ['spdx']);
    expect(doc!.format).toBe('spdx-json');
    expect(spdxErrors(JSON.parse(doc!.content))).toEqual([]);
  });

  it('the validators reject documents that break the schema (so a pass means something)', () => {
    const cdx = JSON.parse(read('trivy/npm-cyclonedx.json'));
    cdx.components[0].type = 'not-a-component-type';
    expect(cyclonedxErrors(cdx).length).toBeGreaterThan(0);
    const spdx = JSON.parse(read('trivy/conda-spdx.json'));
    delete spdx.SPDXID;
    expect(spdxErrors(spdx).length).toBeGreaterThan(0);
  });
});
