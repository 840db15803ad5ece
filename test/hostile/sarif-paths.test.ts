import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { replay, runCli, tempDir } from '../support/cli.js';
import { writeTrivyReportWithTargets } from '../support/generate-hostile-reports.js';

/**
 * SARIF locations come from scanner-provided paths. GitHub resolves relative URIs from the repository root; a URI
 * that is absolute, has a scheme, or climbs with `..` points outside it (or is rejected). Every URI container-gate
 * writes must stay inside the repository, whatever the scanner said.
 */
const HOSTILE_PATHS = [
  '../../../etc/passwd',
  '/etc/shadow',
  '/../../root/.ssh/id_rsa',
  'app/../../../../etc/hosts',
  '..\\..\\windows\\system32\\config\\SAM',
  'C:\\Windows\\win.ini',
  'c:/x',
  'file:///etc/passwd',
  'https://evil.example/x',
  '%2e%2e/%2e%2e/etc/passwd',
  './../.././x',
  '\u001b[31m/etc/hosts',
  '..',
  '/',
];

/** Every `uri` in a SARIF log (artifact locations, artifacts, related locations), with where it is. */
function urisOf(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => urisOf(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'uri' && typeof v === 'string'
      ? [[`${path}.${key}`, v] as [string, string]]
      : urisOf(v, `${path}.${key}`),
  );
}

function expectInsideRepository(uri: string, where: string, repo: string) {
  expect(uri, where).not.toMatch(/^[a-zA-Z][a-zA-Z0-9+.-]*:/);
  expect(uri, where).not.toMatch(/^\/|\\/);
  expect(uri, where).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  const decoded = decodeURIComponent(uri);
  expect(decoded.split('/'), where).not.toContain('..');
  expect(decoded.split('/'), where).not.toContain('.');
  const resolved = resolve(repo, decoded);
  const inside = relative(repo, resolved);
  expect(inside.startsWith('..') || isAbsolute(inside), `${where}: ${uri} resolves to ${resolved}`).toBe(
    false,
  );
}

describe('SARIF locations from hostile scanner paths', () => {
  it('keeps every URI of in-image secret findings relative and inside the repository', async () => {
    const dir = tempDir('cg-sarif-');
    const made = writeTrivyReportWithTargets(dir, 'trivy/secrets.json', 'trivy-secrets-paths', HOSTILE_PATHS);
    const sarif = join(dir, 'r.sarif');
    const json = join(dir, 'r.json');
    const res = await runCli(
      [
        'scan',
        'alpine:3.10',
        '--export',
        'never',
        '--scanners',
        'trivy-secret',
        '--sarif',
        sarif,
        '--json',
        json,
      ],
      {
        env: replay({ STANDIN_TRIVY_SECRET: made }),
        cwd: dir,
      },
    );
    expect(res.stderr).not.toMatch(/container-gate: /);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    const results = log.runs.flatMap((r: { results: unknown[] }) => r.results);
    expect(results).toHaveLength(report.findings.length);
    const uris = urisOf(log);
    expect(uris.length).toBeGreaterThanOrEqual(results.length);
    for (const [where, uri] of uris) expectInsideRepository(uri, where, dir);
  });

  it('keeps every URI of config findings (repository files) inside the repository', async () => {
    const dir = tempDir('cg-sarif-');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.10\nUSER 65534\n');
    const made = writeTrivyReportWithTargets(
      dir,
      'trivy/dockerfile.json',
      'trivy-config-paths',
      HOSTILE_PATHS,
    );
    const sarif = join(dir, 'r.sarif');
    const res = await runCli(
      [
        'scan',
        '--dockerfile',
        'Dockerfile',
        '--no-checks',
        '--scanners',
        'trivy-config',
        '--sarif',
        sarif,
        '--no-table',
      ],
      { env: replay({ STANDIN_TRIVY_CONFIG: made }), cwd: dir },
    );
    expect(res.stderr).not.toMatch(/container-gate: /);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    const results = log.runs.flatMap((r: { results: unknown[] }) => r.results);
    expect(results.length).toBeGreaterThan(0);
    for (const [where, uri] of urisOf(log)) expectInsideRepository(uri, where, dir);
  });

  it('keeps a Dockerfile named outside the repository from pointing outside it', async () => {
    const outer = tempDir('cg-sarif-');
    const repo = join(outer, 'repo');
    const dockerfile = join(outer, 'elsewhere', 'Dockerfile');
    for (const d of [repo, join(outer, 'elsewhere')]) mkdirSync(d, { recursive: true });
    writeFileSync(dockerfile, 'FROM alpine:3.10\nUSER 65534\n');
    const sarif = join(repo, 'r.sarif');
    const res = await runCli(
      [
        'scan',
        'alpine:3.10',
        '--export',
        'never',
        '--scanners',
        'trivy',
        '--dockerfile',
        '../elsewhere/Dockerfile',
        '--no-checks',
        '--sarif',
        sarif,
        '--no-table',
      ],
      { env: replay(), cwd: repo },
    );
    expect(res.stderr).not.toMatch(/container-gate: /);
    for (const [where, uri] of urisOf(JSON.parse(readFileSync(sarif, 'utf8'))))
      expectInsideRepository(uri, where, repo);
  });
});
