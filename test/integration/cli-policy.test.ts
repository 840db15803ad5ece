import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { STARTER_CONFIG } from '../../src/config/init.js';
import { fixtures, replay, repoRoot, runCli, tempDir } from '../support/cli.js';

const made = (name: string) => join(repoRoot, 'test/fixtures/made', name);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('container-gate.yaml with the built CLI', () => {
  it('bad config: exit 3, the key named, nothing scanned', async () => {
    const dir = tempDir();
    const config = join(dir, 'policy.yaml');
    writeFileSync(config, 'gate:\n  severty: high\n');
    const log = join(dir, 'argv.log');
    const res = await runCli(['scan', 'alpine:3.10', '--config', config], {
      env: replay({ STANDIN_ARGV_LOG: log }),
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('gate.severty: unknown key (did you mean gate.severity?)');
    expect(existsSync(log)).toBe(false);
  });

  it('is found at the repository root and applies; a flag still wins over it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.git'), 'gitdir: elsewhere\n');
    writeFileSync(
      join(dir, 'container-gate.yaml'),
      'gate:\n  severity: medium\nscan:\n  scanners: [trivy]\n',
    );
    const fromFile = await runCli(['scan', 'alpine:3.10', '--quiet', '--no-table'], {
      cwd: dir,
      env: replay(),
    });
    expect(fromFile.code).toBe(1);
    const flagWins = await runCli(['scan', 'alpine:3.10', '--quiet', '--no-table', '--severity', 'high'], {
      cwd: dir,
      env: replay(),
    });
    expect(flagWins.code).toBe(0);
  });

  it('vendor statuses gate as configured: will_not_fix fails by default, fixable-only passes, not_affected never fails', async () => {
    const dir = tempDir();
    const env = replay({ STANDIN_TRIVY_VULN: made('trivy-alpine-39-statuses.generated.json') });
    const json = join(dir, 'r.json');
    const strict = await runCli(['scan', 'alpine:3.9', '--scanners', 'trivy', '--json', json, '--quiet'], {
      env,
    });
    expect(strict.code).toBe(1);
    const report = readJson(json);
    const musl = report.findings.find((f: { package?: { name: string } }) => f.package?.name === 'musl');
    expect(musl.gate).toEqual({
      decision: 'vendor-suppressed',
      suppressedBy: 'vendor-status',
      vendorStatus: { status: 'not_affected', source: 'trivy: alpine' },
    });
    writeFileSync(join(dir, 'fixable.yaml'), 'gate:\n  ignore-unfixed: true\n');
    const fixable = await runCli(
      ['scan', 'alpine:3.9', '--scanners', 'trivy', '--config', join(dir, 'fixable.yaml'), '--quiet'],
      { env },
    );
    expect(fixable.code).toBe(0);
  });

  it('init writes the starter once', async () => {
    const dir = tempDir();
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'container-gate.yaml'), 'utf8')).toBe(STARTER_CONFIG);
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already exists/);
  });
});

describe('new only: a pull-request run against the default branch report', () => {
  it('fails only on the findings the change introduced, and says how many are new and fixed', async () => {
    const dir = tempDir();
    const main = join(dir, 'main.json');
    // The default branch: alpine 3.10 (four OpenSSL findings). The pull request moves to alpine 3.9: the same four
    // (older versions) plus musl's critical CVE-2019-14697 in two packages.
    await runCli(['scan', 'alpine:3.10', '--scanners', 'trivy', '--json', main, '--quiet', '--no-table'], {
      env: replay(),
    });
    const pr = join(dir, 'pr.json');
    const summary = join(dir, 'pr.md');
    const res = await runCli(
      [
        'scan',
        'alpine:3.9',
        '--scanners',
        'trivy',
        '--severity',
        'medium',
        '--baseline',
        main,
        '--json',
        pr,
        '--summary',
        summary,
      ],
      { env: replay({ STANDIN_TRIVY_VULN: join(fixtures, 'trivy/alpine-39.json') }) },
    );
    expect(res.code).toBe(1);
    const report = readJson(pr);
    const violations = report.findings.filter(
      (f: { gate: { decision: string } }) => f.gate.decision === 'violation',
    );
    expect(violations.map((f: { package: { name: string } }) => f.package.name).sort()).toEqual([
      'musl',
      'musl-utils',
    ]);
    expect(report.gate.baseline).toMatchObject({ origin: main, new: 2, unchanged: 4, fixed: [] });
    expect(readFileSync(summary, 'utf8')).toContain('2 new, 0 fixed');
    expect(res.stdout).toContain('2 new, 0 fixed');

    const same = await runCli(
      ['scan', 'alpine:3.10', '--scanners', 'trivy', '--severity', 'medium', '--baseline', main, '--quiet'],
      { env: replay() },
    );
    expect(same.code).toBe(0);
  });
});

describe('older reports and VEX out', () => {
  const v1 = made('report-v1.made.json');

  it('report --from and merge read a version 1 report written by an earlier release', async () => {
    expect(readJson(v1).version).toBe(1);
    const dir = tempDir();
    const out = join(dir, 'again.json');
    const rendered = await runCli(['report', '--from', v1, '--json', out, '--quiet']);
    expect(rendered.code).toBe(1);
    expect(readJson(out).version).toBe(2);
    expect(readJson(out).gate.failedRules[0].rule).toBe('threshold');
    const merged = await runCli([
      'merge',
      v1,
      '--severity',
      'medium',
      '--json',
      join(dir, 'm.json'),
      '--quiet',
    ]);
    expect(merged.code).toBe(1);
  });

  it('vex --from writes valid OpenVEX of the accepted risks (exceptions and vendor statements)', async () => {
    const dir = tempDir();
    const exceptions = join(dir, 'ex.yaml');
    writeFileSync(
      exceptions,
      'exceptions:\n  - id: CVE-2019-1549\n    package: libssl1.1\n    reason: no TLS here\n    expires: 2999-12-31\n',
    );
    const json = join(dir, 'r.json');
    await runCli(
      ['scan', 'alpine:3.9', '--scanners', 'trivy', '--exceptions', exceptions, '--json', json, '--quiet'],
      {
        env: replay({ STANDIN_TRIVY_VULN: made('trivy-alpine-39-statuses.generated.json') }),
      },
    );
    const out = join(dir, 'vex.json');
    const res = await runCli(['vex', '--from', json, '--output', out]);
    expect(res.code).toBe(0);
    const vex = readJson(out);
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as (a: Ajv2020) => void;
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(readJson(join(repoRoot, 'test/fixtures/schemas/openvex_json_schema.json')));
    expect(validate(vex), JSON.stringify(validate.errors)).toBe(true);
    expect(
      vex.statements
        .map(
          (s: { status: string; vulnerability: { name: string } }) => `${s.vulnerability.name} ${s.status}`,
        )
        .sort(),
    ).toEqual(['CVE-2019-14697 not_affected', 'CVE-2019-1549 affected']);
    const accepted = vex.statements.find((s: { status: string }) => s.status === 'affected');
    expect(accepted.action_statement).toBe('Risk accepted until 2999-12-31: no TLS here');
    expect(accepted.products[0].subcomponents[0]['@id']).toMatch(/^pkg:apk\/alpine\/libssl1\.1@/);

    const none = await runCli(['vex', '--from', v1]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no accepted risk/);
  });
});
