import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../src/process/exec.js';
import { replay, repoRoot, standinBin, tempDir } from '../support/cli.js';

/**
 * What `npx container-gate` installs: the packed package, put into an empty project the way npm puts it, must be
 * one package (dist/ is a complete bundle that imports only Node's built-ins, so the bundled libraries are
 * devDependencies) and its CLI must run `scan` from there.
 */
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function run(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const res = await runProcess(file, {
    args,
    cwd,
    env: { ...env, npm_config_update_notifier: 'false' },
    timeoutMs: 180_000,
    maxOutputBytes: 16 * 1024 * 1024,
  });
  return res;
}

describe('the published package', () => {
  it('installs into an empty project as one package, whose CLI scans from there', async () => {
    const dir = tempDir('cg-pack-');
    const packed = await run(npm, ['pack', '--json', '--pack-destination', dir], repoRoot);
    expect(packed.exitCode, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as [
      { filename: string; files: { path: string }[] },
    ];
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/cli/index.js', 'package.json']));

    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      '{"name":"empty-project","version":"1.0.0","private":true}\n',
    );
    // --offline: a package with no dependencies needs nothing from a registry.
    const installed = await run(
      npm,
      ['install', '--offline', '--no-audit', '--no-fund', join(dir, filename.split('/').at(-1)!)],
      project,
    );
    expect(installed.exitCode, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/added 1 package\b/);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages)).toEqual(['', 'node_modules/container-gate']);
    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      'container-gate',
    ]);

    const cli = join(project, 'node_modules/.bin/container-gate');
    const version = await run(cli, ['--version'], project);
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version,
    );
    const report = join(project, 'report.json');
    const scan = await run(
      cli,
      [
        'scan',
        'alpine:3.10',
        '--export',
        'never',
        '--scanners',
        'trivy,grype',
        '--json',
        report,
        '--no-table',
      ],
      project,
      { ...replay(), PATH: `${standinBin}${delimiter}${process.env.PATH}`, CI: 'true' },
    );
    expect([0, 1], scan.stderr).toContain(scan.exitCode);
    expect(existsSync(report)).toBe(true);
    const written = JSON.parse(readFileSync(report, 'utf8')) as {
      scanners: { name: string; status: string }[];
    };
    expect(written.scanners.map((s) => `${s.name}:${s.status}`)).toEqual(['trivy:ok', 'grype:ok']);
  });
});
