import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { fixtures, replay, runCli, tempDir } from '../support/cli.js';

/**
 * JSON nested 100,000 levels deep: a recursive parser, validator or serialiser would overflow the stack. The run
 * must end with a clear one-line error and a documented exit code: 2 when a scanner wrote it (the run failed),
 * 3 when the user handed it in (`report --from`, `merge`, exceptions, VEX).
 */
const LEVELS = 100_000;
const nestedArrays = (levels = LEVELS) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const nestedObjects = (levels = LEVELS) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const CRASH = /RangeError|Maximum call stack|stack overflow|FATAL ERROR|heap out of memory|\n\s+at /i;

function oneErrorLine(stderr: string, crash = CRASH): string {
  expect(stderr).not.toMatch(crash);
  const lines = stderr.split('\n').filter((l) => l.startsWith('container-gate: '));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('deeply nested JSON from a scanner (exit 2, the scanner named)', () => {
  const trivyAlpine = () => JSON.parse(readFileSync(join(fixtures, 'trivy/alpine-310.json'), 'utf8'));

  it.each([
    ['the whole report', () => nestedArrays()],
    [
      'Results',
      () => JSON.stringify({ ...trivyAlpine(), Results: 'NESTED' }).replace('"NESTED"', nestedArrays()),
    ],
    [
      'a vulnerability',
      () =>
        JSON.stringify(trivyAlpine()).replace(
          '"VulnerabilityID"',
          `"VulnerabilityID":${nestedObjects()},"x"`,
        ),
    ],
  ])('fails Trivy closed when %s is nested 100,000 levels deep', async (_where, make) => {
    const dir = tempDir();
    const made = join(dir, 'trivy-nested.made.json');
    writeFileSync(made, make());
    const json = join(dir, 'r.json');
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy,grype', '--json', json],
      {
        env: replay({ STANDIN_TRIVY_VULN: made }),
      },
    );
    expect(res.code).toBe(2);
    expect(res.stderr + res.stdout).not.toMatch(CRASH);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.gate.status).toBe('error');
    expect(report.scanners.find((s) => s.name === 'trivy')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/cannot be trusted/),
    });
    expect(report.scanners.find((s) => s.name === 'grype')?.status).toBe('ok');
  });

  it('reads a complete report that carries a 100,000-level value in a field it does not use, without overflowing', async () => {
    const dir = tempDir();
    const made = join(dir, 'trivy-nested-extra.made.json');
    writeFileSync(
      made,
      JSON.stringify({ ...trivyAlpine(), Extra: 'NESTED' }).replace('"NESTED"', nestedArrays()),
    );
    const json = join(dir, 'r.json');
    const res = await runCli(
      [
        'scan',
        'alpine:3.10',
        '--export',
        'never',
        '--scanners',
        'trivy',
        '--json',
        json,
        '--sarif',
        join(dir, 'r.sarif'),
      ],
      {
        env: replay({ STANDIN_TRIVY_VULN: made }),
      },
    );
    expect(res.stderr + res.stdout).not.toMatch(CRASH);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const vulnerabilities = trivyAlpine().Results.flatMap(
      (r: { Vulnerabilities?: unknown[] }) => r.Vulnerabilities ?? [],
    );
    expect(report.scanners[0]).toMatchObject({
      name: 'trivy',
      status: 'ok',
      findings: vulnerabilities.length,
    });
    expect(res.code).toBe(report.gate.status === 'failed' ? 1 : 0);
  });
});

describe('deeply nested input from the user (exit 3, the file named)', () => {
  it.each([
    ['arrays', nestedArrays],
    ['objects', nestedObjects],
  ])('report --from refuses 100,000 levels of %s', async (_kind, make) => {
    const dir = tempDir();
    const file = join(dir, 'nested.report.made.json');
    writeFileSync(file, make());
    const res = await runCli(['report', '--from', file, '--json', join(dir, 'out.json')]);
    expect(res.code).toBe(3);
    expect(oneErrorLine(res.stderr)).toContain(file);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });

  it('merge refuses a 100,000-level report among good ones', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.json');
    await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', '--json', good, '--no-table'],
      { env: replay() },
    );
    const nested = join(dir, 'nested.report.made.json');
    writeFileSync(nested, nestedArrays());
    const res = await runCli(['merge', good, nested]);
    expect(res.code).toBe(3);
    expect(oneErrorLine(res.stderr)).toContain(nested);
  });

  it('refuses a 100,000-level exceptions file with a clear error', async () => {
    const dir = tempDir();
    const file = join(dir, 'exceptions.made.yaml');
    writeFileSync(file, `exceptions: ${nestedArrays()}\n`);
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', '--exceptions', file],
      { env: replay() },
    );
    expect(res.code).toBe(3);
    // The YAML parser's own words ("Maximum call stack size exceeded at line 1") may appear, caught: no trace, no crash.
    const line = oneErrorLine(res.stderr, /FATAL ERROR|heap out of memory|\n\s+at /);
    expect(line).toMatch(new RegExp(`exceptions file ${file}: not valid YAML`));
  });

  it('refuses a 100,000-level VEX document with a clear error', async () => {
    const dir = tempDir();
    const file = join(dir, 'nested.vex.made.json');
    writeFileSync(file, `{"statements":${nestedArrays()}}`);
    const res = await runCli(
      ['scan', 'alpine:3.10', '--export', 'never', '--scanners', 'trivy', '--vex', file],
      { env: replay() },
    );
    expect(res.code).toBe(3);
    expect(oneErrorLine(res.stderr)).toContain(`VEX file ${file}`);
  });
});
