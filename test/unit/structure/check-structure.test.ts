import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations, run by `npm run lint`
import { checkStructure, longFunctions } from '../../../scripts/check-structure.mjs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'structure-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return join(dir, 'src');
}

const body = (lines: number) => Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('scripts/check-structure.mjs (npm run lint)', () => {
  it('reports a function over 80 lines with its name and length, and passes one of exactly 80', () => {
    const text = `export function long() {\n${body(79)}\n}\nexport const short = () => {\n${body(78)}\n};\n`;
    expect(longFunctions('src/x.ts', text)).toEqual([{ path: 'src/x.ts', line: 1, name: 'long', lines: 81 }]);
  });

  it('reports an import circle, but not one made of type imports alone', () => {
    const src = tree({
      'src/a/one.ts': "import { two } from './two.js';\nexport const one = () => two;\n",
      'src/a/two.ts': "import { one } from './one.js';\nexport const two = () => one;\n",
      'src/b/three.ts': "import type { Four } from './four.js';\nexport interface Three { f?: Four }\n",
      'src/b/four.ts': "import type { Three } from './three.js';\nexport interface Four { t?: Three }\n",
    });
    const breaches = checkStructure(src);
    expect(breaches.filter((b: string) => b.startsWith('import circle'))).toHaveLength(1);
    expect(breaches.join('\n')).toMatch(/one\.ts → .*two\.ts/);
  });

  it('reports a folder importing the pipeline or a shell, and core importing I/O', () => {
    const src = tree({
      'src/pipeline.ts': 'export const runScan = 1;\n',
      'src/cli/main.ts': "import { runScan } from '../pipeline.js';\nexport const m = runScan;\n",
      'src/image/targets.ts': "import { runScan } from '../pipeline.js';\nexport const t = runScan;\n",
      'src/core/gate.ts': "import { readFileSync } from 'node:fs';\nexport const g = readFileSync;\n",
    });
    const text = checkStructure(src).join('\n');
    expect(text).toMatch(/src\/image\/targets\.ts: imports src\/pipeline\.ts, a floor above it/);
    expect(text).toMatch(/src\/core\/gate\.ts: core imports 'node:fs'/);
    expect(text).not.toMatch(/src\/cli\/main\.ts/);
  });
});

describe('docs/architecture.md', () => {
  it('names every folder and entry-level module of src/, so a new folder cannot go unexplained', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/architecture.md'), 'utf8');
    const entries = readdirSync(join(import.meta.dirname, '../../../src'), { withFileTypes: true });
    const names = entries.map((e) => (e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});
