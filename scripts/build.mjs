// The one script that builds dist/: the CLI and the Action entry, each bundled into a single ESM file
// so that `npx container-gate` and `uses: org/container-gate@v1` run without node_modules.
// Each file is written to a temporary name and renamed, so a process starting the CLI during a rebuild
// (tests run in parallel) never loads half a bundle.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build } from 'esbuild';

const requireShim =
  // Bundled CommonJS dependencies call require(); ESM output needs one made for it.
  "import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);";

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
};

const entries = [
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli/index.js',
    banner: { js: `#!/usr/bin/env node\n${requireShim}` },
  },
  { entryPoints: ['src/action/main.ts'], outfile: 'dist/action/index.js', banner: { js: requireShim } },
];

for (const entry of entries) {
  const result = await build({ ...common, ...entry });
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    await writeFile(temp, file.contents, { mode: entry.outfile.startsWith('dist/cli') ? 0o755 : 0o644 });
    await rename(temp, file.path);
  }
}
