import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { fixturesDir, repoRoot } from './paths.js';

export { repoRoot };
export const fixtures = fixturesDir;
export const standinBin = join(repoRoot, 'test/bin');
export const cliEntry = join(repoRoot, 'dist/cli/index.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with the stand-in scanners first on PATH (unless `path` says otherwise). */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    path?: string;
    onSpawn?: (pid: number) => void;
    /** Everything printed on stderr so far, each time more arrives (to wait for a state the CLI reports). */
    onStderr?: (stderrSoFar: string) => void;
  } = {},
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: {
        ...process.env,
        PATH: options.path ?? `${standinBin}${delimiter}${process.env.PATH}`,
        CI: 'true',
        NO_COLOR: '1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

export function tempDir(prefix = 'cg-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Env that makes the stand-ins replay a consistent set of real recorded outputs. */
export function replay(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    STANDIN_TRIVY_VULN: join(fixtures, 'trivy/alpine-310.json'),
    STANDIN_TRIVY_SECRET: join(fixtures, 'trivy/secrets.json'),
    STANDIN_TRIVY_CONFIG: join(fixtures, 'trivy/dockerfile.json'),
    STANDIN_TRIVY_PACKAGES: join(fixtures, 'trivy/npm.json'),
    STANDIN_TRIVY_SBOM: join(fixtures, 'trivy/npm-cyclonedx.json'),
    STANDIN_TRIVY_SPDX: join(fixtures, 'trivy/conda-spdx.json'),
    STANDIN_GRYPE: join(fixtures, 'grype/presenter-image.json'),
    STANDIN_SYFT_CYCLONEDX: join(fixtures, 'grype/presenter-image.cdx.json'),
    STANDIN_SYFT_SPDX: join(fixtures, 'trivy/conda-spdx.json'),
    STANDIN_SYFT_JSON: join(fixtures, 'syft/ubuntu-20.04-pruned.syft.json'),
    ...overrides,
  };
}

/** Running, and not a zombie waiting to be reaped (a killed process whose parent died stays one for a while). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
