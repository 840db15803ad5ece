import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { schemasDir } from './paths.js';

/**
 * The official CycloneDX 1.6 and SPDX 2.3 JSON schemas (test/upstream/schemas, copies of ../shared/schemas), compiled once.
 * container-gate writes the SBOMs the tools produce verbatim, so these check what users receive.
 */
const schemas = schemasDir;
const load = (file: string) => JSON.parse(readFileSync(join(schemas, file), 'utf8'));

let cyclonedx: ReturnType<Ajv['compile']> | undefined;
let spdx: ReturnType<Ajv['compile']> | undefined;

function errorsOf(validate: ReturnType<Ajv['compile']>, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

export function cyclonedxErrors(doc: unknown): string[] {
  if (!cyclonedx) {
    // strict off: the official schemas use keywords ajv's strict mode refuses (e.g. `meta:enum`).
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    ajv.addSchema(load('cyclonedx-spdx-licenses.schema.json'), 'spdx.schema.json');
    ajv.addSchema(load('cyclonedx-jsf-0.82.schema.json'), 'jsf-0.82.schema.json');
    cyclonedx = ajv.compile(load('cyclonedx-bom-1.6.schema.json'));
  }
  return errorsOf(cyclonedx, doc);
}

export function spdxErrors(doc: unknown): string[] {
  if (!spdx) {
    const ajv = new Ajv2019.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    spdx = ajv.compile(load('spdx-2.3.schema.json'));
  }
  return errorsOf(spdx, doc);
}
