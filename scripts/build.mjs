// The one script that builds dist/: the CLI and the Action entry, bundled so that `npx container-gate` and
// `uses: org/container-gate@v1` run without node_modules.
// - The Action is one ESM file (dist/action/index.js).
// - The CLI is an entry (dist/cli/index.js) plus chunks (dist/cli/chunks/) it imports when a command runs, so that
//   `--version`, `--help` and each command load only what they need (start-up: bench/RESULTS.md).
// Files are written to a temporary name and renamed, chunks before the entry that imports them, so a process
// starting the CLI during a rebuild (tests run in parallel) never loads half a bundle. Chunk names carry a content
// hash; chunks no build output names any more are removed at the end.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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
    entryPoints: { index: 'src/cli/index.ts' },
    outdir: 'dist/cli',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // The shebang is for the entry; in a chunk it is an ignored first-line comment (a hashbang, ES2023).
    banner: { js: `#!/usr/bin/env node\n${requireShim}` },
    executable: 'dist/cli/index.js',
  },
  { entryPoints: ['src/action/main.ts'], outfile: 'dist/action/index.js', banner: { js: requireShim } },
];

for (const { executable, ...entry } of entries) {
  const result = await build({ ...common, ...entry });
  // Chunks first, the entry point last.
  const files = [...result.outputFiles].sort(
    (a, b) => Number(basename(a.path) === 'index.js') - Number(basename(b.path) === 'index.js'),
  );
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    const mode = executable && file.path === resolve(executable) ? 0o755 : 0o644;
    await writeFile(temp, file.contents, { mode });
    await rename(temp, file.path);
  }
  if (entry.splitting) {
    const chunks = join(entry.outdir, 'chunks');
    const written = new Set(files.map((file) => file.path));
    for (const name of await readdir(chunks).catch(() => [])) {
      const path = resolve(chunks, name);
      if (!written.has(path) && name.endsWith('.js')) await rm(path, { force: true });
    }
  }
}

// docs/container-gate.schema.json is generated from the config's zod schema, so the two cannot drift
// (test/unit/config/config.test.ts checks the file against the schema too).
const schemaModule = await build({
  ...common,
  entryPoints: ['src/config/schema.ts'],
  outfile: 'dist/.config-schema.mjs',
  banner: { js: requireShim },
});
const { pathToFileURL } = await import('node:url');
const { tmpdir } = await import('node:os');
const temp = join(tmpdir(), `container-gate-config-schema-${process.pid}.mjs`);
await writeFile(temp, schemaModule.outputFiles[0].contents);
try {
  const { configJsonSchema } = await import(pathToFileURL(temp).href);
  const target = 'docs/container-gate.schema.json';
  await writeFile(`${target}.${process.pid}.tmp`, configJsonSchema());
  await rename(`${target}.${process.pid}.tmp`, target);
} finally {
  await rm(temp, { force: true });
}
