import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { fixtures, replay, runCli, tempDir } from '../support/cli.js';

/**
 * Issue 14, items 0 and 1: a scanner reads nothing the gate did not give it. Not the repository's ignore or config
 * files (a pull request can add `.trivyignore`), not its own variables in the environment that filter findings, and
 * not a report a previous run left in a reused `--work-dir`.
 */

interface Call {
  tool: string;
  argv: string[];
  cwd: string;
  cwdEntries: string[];
  /** The tool's own variables (named <TOOL>_…) it was given. */
  env: Record<string, string>;
  handed: Record<string, string | null>;
}

function calls(log: string): Call[] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Call)
    .filter((call) => call.argv[0] !== '--version');
}

/** What a repository (or a pull request to it) could hold to switch findings off. */
function plantRepositoryConfig(dir: string): void {
  writeFileSync(join(dir, '.trivyignore'), 'github-pat\nCVE-2019-1549\nDS002\n');
  writeFileSync(join(dir, 'trivy.yaml'), 'severity: [CRITICAL]\nexit-code: 1\nignorefile: .trivyignore\n');
  writeFileSync(join(dir, 'trivy-secret.yaml'), 'disable-rules: [github-pat]\n');
  writeFileSync(
    join(dir, '.grype.yaml'),
    'ignore:\n  - vulnerability: CVE-1999-0001\nfail-on-severity: low\n',
  );
  writeFileSync(join(dir, '.syft.yaml'), 'exclude: ["**"]\n');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.10\nUSER 65534\n');
}

const ALL = ['--scanners', 'trivy,trivy-secret,trivy-config,grype,syft', '--no-checks'];

describe('every scanner runs apart from the repository and the environment', () => {
  it('starts each scanner in an empty directory of its own, pointed at config and ignore files of ours', async () => {
    const repo = tempDir('cg-repo-');
    plantRepositoryConfig(repo);
    const log = join(repo, 'argv.log');
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--dockerfile', 'Dockerfile', ...ALL, '--json', 'r.json'],
      { env: replay({ STANDIN_ARGV_LOG: log }), cwd: repo },
    );
    expect(res.code, res.stderr).toBe(1);
    const seen = calls(log);
    expect(seen.map((c) => c.tool).sort()).toEqual(['grype', 'syft', 'trivy', 'trivy', 'trivy']);
    for (const call of seen) {
      expect(call.cwd, call.tool).not.toBe(repo);
      expect(call.cwdEntries, `${call.tool} started where it could find config files`).toEqual([]);
      // Every file it is pointed at is ours, and none is the repository's.
      expect(Object.keys(call.handed).length).toBeGreaterThan(0);
      for (const [path, content] of Object.entries(call.handed)) {
        expect(path.startsWith(repo), path).toBe(false);
        expect(content, `${call.tool} ${path}`).not.toBeNull();
        // Nothing but comments, an empty mapping, or Grype's fail-on stated unset.
        const settings = (content ?? '')
          .split('\n')
          .filter((line) => line.trim() !== '' && !line.startsWith('#'));
        expect(['', '{}', 'fail-on-severity: ""']).toContain(settings.join('\n'));
      }
    }
    const trivy = seen.filter((c) => c.tool === 'trivy');
    for (const call of trivy) {
      // pkg/flag/global_flags.go ConfigFileFlag, pkg/flag/report_flags.go IgnoreFileFlag and ExitCodeFlag (v0.74.0).
      for (const flag of ['--config', '--ignorefile', '--exit-code'])
        expect(call.argv, call.argv.join(' ')).toContain(flag);
      expect(call.argv[call.argv.indexOf('--exit-code') + 1]).toBe('0');
      expect(call.handed[call.argv[call.argv.indexOf('--ignorefile') + 1]!]).toBe('');
    }
    // The config scan is handed the Dockerfile by its absolute path; findings still name it as the user did.
    const config = trivy.find((c) => c.argv[0] === 'config')!;
    expect(config.argv.at(-1)).toBe(join(repo, 'Dockerfile'));
    const report = JSON.parse(readFileSync(join(repo, 'r.json'), 'utf8')) as Report;
    const misconfigurations = report.findings.filter((f) => f.kind === 'misconfiguration');
    expect(misconfigurations.length).toBeGreaterThan(0);
    for (const f of misconfigurations) expect(f.location?.path).toBe('Dockerfile');
    for (const call of seen.filter((c) => c.tool !== 'trivy')) {
      expect(call.argv).toContain('--config');
      expect(call.argv.some((a) => a.startsWith('--fail-on'))).toBe(false);
    }
    expect(report.scanners.every((s) => s.status === 'ok')).toBe(true);
  });

  it("withholds the scanners' own variables that could filter findings, passes the ones that say where to fetch from, and says which", async () => {
    const dir = tempDir('cg-env-');
    const log = join(dir, 'argv.log');
    const scanners = ['--scanners', 'trivy,trivy-secret,grype,syft', '--no-checks'];
    const res = await runCli(['scan', 'alpine:3.10', '--export', 'never', ...scanners], {
      env: replay({
        STANDIN_ARGV_LOG: log,
        TRIVY_IGNOREFILE: join(dir, '.trivyignore'),
        TRIVY_SEVERITY: 'CRITICAL',
        TRIVY_DB_REPOSITORY: 'mirror.example/trivy-db:2',
        GRYPE_CONFIG: join(dir, '.grype.yaml'),
        GRYPE_ONLY_FIXED: 'true',
        GRYPE_DB_UPDATE_URL: 'https://mirror.example/grype/',
        SYFT_EXCLUDE: '**',
        SYFT_REGISTRY_AUTH_USERNAME: 'ci',
      }),
      cwd: dir,
    });
    expect(res.code, res.stderr).toBe(1);
    const seen = calls(log);
    const given = (tool: string) => seen.filter((c) => c.tool === tool).flatMap((c) => Object.keys(c.env));
    expect(new Set(given('trivy'))).toEqual(new Set(['TRIVY_DB_REPOSITORY']));
    expect(new Set(given('grype'))).toEqual(new Set(['GRYPE_DB_UPDATE_URL', 'GRYPE_CHECK_FOR_APP_UPDATE']));
    expect(new Set(given('syft'))).toEqual(
      // SYFT_GOLANG_CAPTURE_SYMBOLS is container-gate's own: Grype reads Syft's SBOM (see syft/command.ts).
      new Set(['SYFT_REGISTRY_AUTH_USERNAME', 'SYFT_CHECK_FOR_APP_UPDATE', 'SYFT_GOLANG_CAPTURE_SYMBOLS']),
    );
    expect(res.stderr).toMatch(
      /TRIVY_IGNOREFILE, TRIVY_SEVERITY set in the environment were not passed to trivy/,
    );
    expect(res.stderr).toMatch(
      /GRYPE_CONFIG, GRYPE_ONLY_FIXED set in the environment were not passed to grype/,
    );
    expect(res.stderr).toMatch(/SYFT_EXCLUDE set in the environment was not passed to syft/);
  });
});

describe('a reused --work-dir never hands a crashed scanner the previous run’s output', () => {
  /** A complete Trivy report of a clean image (Results null), as Trivy writes for an image with no findings. */
  function cleanTrivyReport(dir: string): string {
    const json = JSON.parse(readFileSync(join(fixtures, 'trivy/alpine-310.json'), 'utf8'));
    json.Results = null;
    const file = join(dir, 'clean.made.json');
    writeFileSync(file, JSON.stringify(json));
    return file;
  }

  it('Trivy exiting 1 without a report after a clean run in the same work dir: an error, not a pass', async () => {
    const dir = tempDir('cg-reuse-');
    const common = ['--export', 'never', '--scanners', 'trivy', '--no-checks', '--work-dir', join(dir, 'wd')];
    const first = await runCli(['scan', 'clean:1', ...common], {
      env: replay({ STANDIN_TRIVY_VULN: cleanTrivyReport(dir) }),
      cwd: dir,
    });
    expect(first.code, first.stderr).toBe(0);
    const json = join(dir, 'second.json');
    const second = await runCli(['scan', 'vulnerable:2', ...common, '--json', json], {
      env: replay({ STANDIN_TRIVY_BEHAVIOUR: 'exit1-silent' }),
      cwd: dir,
    });
    expect(second.code, second.stderr).toBe(2);
    expect(second.stdout + second.stderr).not.toMatch(/gate passed/i);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.gate.status).toBe('error');
    expect(report.scanners[0]).toMatchObject({ name: 'trivy', status: 'failed' });
    expect(report.scanners[0]!.error).toMatch(/exited with code 1/);
  });

  it.each([
    ['grype', 'STANDIN_GRYPE_BEHAVIOUR'],
    ['syft', 'STANDIN_SYFT_BEHAVIOUR'],
  ])(
    '%s writing nothing after a good run in the same work dir: an error, and no old SBOM copied out',
    async (scanner, behaviour) => {
      const dir = tempDir('cg-reuse-');
      const common = [
        '--export',
        'never',
        '--scanners',
        scanner,
        '--no-checks',
        '--work-dir',
        join(dir, 'wd'),
      ];
      const first = await runCli(['scan', 'app:1', ...common, '--sbom-dir', join(dir, 'sbom1')], {
        env: replay(),
        cwd: dir,
      });
      expect(first.code, first.stderr).not.toBe(2);
      const second = await runCli(
        ['scan', 'app:1', ...common, '--sbom-dir', join(dir, 'sbom2'), '--json', join(dir, 'r.json')],
        { env: replay({ [behaviour]: 'no-output' }), cwd: dir },
      );
      expect(second.code, second.stderr).toBe(2);
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
      expect(report.scanners[0]).toMatchObject({ name: scanner, status: 'failed' });
      expect(existsSync(join(dir, 'sbom2')) ? readdirSync(join(dir, 'sbom2')) : []).toEqual([]);
    },
  );
});
