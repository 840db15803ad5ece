// The one script that builds dist/: the CLI and the Action entry, each bundled into a single ESM file
// so that `npx container-gate` and `uses: org/container-gate@v1` run without node_modules.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const banner = {
  // Bundled CommonJS dependencies call require(); ESM output needs one made for it.
  js: "import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);",
};

await rm('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  banner,
};
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli/index.js', banner: { js: `#!/usr/bin/env node\n${banner.js}` } });
await build({ ...common, entryPoints: ['src/action/main.ts'], outfile: 'dist/action/index.js' });
