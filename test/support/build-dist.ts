import { execFileSync } from 'node:child_process';

/** Integration tests run the bundled CLI as users do; build it from the current source first (esbuild: ~1 s). */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
