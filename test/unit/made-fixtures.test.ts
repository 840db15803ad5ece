import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import { generatePolicyFixtures, MADE_DIR } from '../../scripts/generate-policy-fixtures.mjs';

describe('generated policy fixtures (test/fixtures/made/*.generated.json)', () => {
  const generated = generatePolicyFixtures() as Record<string, string>;

  it.each(Object.keys(generated))('%s is what the script makes from the real fixture today', (name) => {
    expect(readFileSync(join(MADE_DIR, name), 'utf8')).toBe(generated[name]);
  });

  it('every generated file in the folder comes from the script and has a README row', () => {
    const readme = readFileSync(join(MADE_DIR, 'README.md'), 'utf8');
    const files = readdirSync(MADE_DIR).filter((f: string) => f.endsWith('.generated.json'));
    expect(files.sort()).toEqual(Object.keys(generated).sort());
    for (const file of files) expect(readme).toContain(`| ${file}`);
  });
});
