import { describe, expect, it } from 'vitest';
import type { SbomFormat } from '../../../../src/core/finding.js';
import type { ScannerDatabase, ScannerRun } from '../../../../src/core/report.js';
import type { DatabaseOutcome } from '../../../../src/databases/steps.js';
import type { ScannerJobResult } from '../../../../src/scanners/run.js';
import type { Scanner, ScanOptions, ScanTarget } from '../../../../src/scanners/scanner.js';
import { countSbomPackages } from '../../../../src/scanners/syft/parse.js';
import {
  JAVA_DB_MISSING,
  trivySbomScanner,
  trivySecretScanner,
  trivyVulnScanner,
} from '../../../../src/scanners/trivy/index.js';
import {
  type RunTrivyProcess,
  runTrivyPass,
  type TrivyPassDatabases,
} from '../../../../src/scanners/trivy/pass.js';
import { readSharedFixture } from '../shared-fixtures.js';

const target: ScanTarget = {
  display: 'alpine:3.10',
  name: 'alpine',
  kind: 'reference',
  reference: 'alpine:3.10',
};
const ALL = [trivyVulnScanner, trivySecretScanner, trivySbomScanner];

/**
 * One Trivy pass report as `--scanners=vuln,secret` writes it: both recorded reports' Results in one list. With
 * `jar`, a hand-made `Type: jar` result is added (no recorded Trivy report of a Java image is among the fixtures).
 */
function passReport(kinds: string[], jar = false): string {
  const vuln = JSON.parse(readSharedFixture('trivy/alpine-310.json'));
  const secret = JSON.parse(readSharedFixture('trivy/secrets.json'));
  const parts = [...(kinds.includes('vuln') ? [vuln] : []), ...(kinds.includes('secret') ? [secret] : [])];
  const base = parts[0] ?? JSON.parse(readSharedFixture('trivy/npm.json'));
  const made =
    jar && kinds.includes('vuln') ? [{ Target: 'app/app.jar', Class: 'lang-pkgs', Type: 'jar' }] : [];
  return JSON.stringify({ ...base, Results: [...parts.flatMap((p) => p.Results ?? []), ...made] });
}

interface Call {
  args: string[];
}

/**
 * A fake process runner: each Trivy process "writes" the recorded output for its argv and is parsed by the real
 * parser, unless `fail` names it (`pass`, `convert-spdx`…), in which case it fails as the common runner reports it.
 */
function fakeRun(
  fail: string[] | Record<string, string> = [],
  jar = false,
): { run: RunTrivyProcess; calls: Call[] } {
  const calls: Call[] = [];
  const failures: Record<string, string> = Array.isArray(fail)
    ? Object.fromEntries(fail.map((step) => [step, `${step} broke`]))
    : fail;
  const run: RunTrivyProcess = async (process: Scanner, t: ScanTarget, options: ScanOptions) => {
    const invocation = process.command(t, options);
    calls.push({ args: invocation.args });
    const step = options.workDir.split('/').at(-1)!;
    const base: ScannerRun = {
      name: process.name,
      target: t.display,
      status: 'ok',
      durationMs: 10,
      findings: 0,
    };
    if (failures[step]) {
      return { run: { ...base, status: 'failed', error: failures[step] } };
    }
    const files: Record<string, string> = {};
    const scanners = invocation.args.find((a) => a.startsWith('--scanners='))?.split('=')[1] ?? '';
    if (invocation.outputs.json) files.json = passReport(scanners.split(','), jar);
    if (invocation.outputs.cyclonedx) files.cyclonedx = readSharedFixture('trivy/npm-cyclonedx.json');
    if (invocation.outputs.spdx) files.spdx = readSharedFixture('trivy/conda-spdx.json');
    const result = process.parse({ stdout: '', stderr: '', files }, { target: t.display });
    const warnings = result.warnings ?? [];
    const sbom = result.sboms?.[0];
    return {
      run: {
        ...base,
        findings: result.findings.length,
        ...(sbom ? { packages: countSbomPackages(sbom) } : {}),
        ...(warnings.length ? { warnings } : {}),
      },
      result,
    } satisfies ScannerJobResult;
  };
  return { run, calls };
}

const record = (name: ScannerDatabase['name']): ScannerDatabase => ({
  name,
  tool: 'trivy',
  schemaVersion: name === 'trivy-db' ? '2' : '1',
  builtAt: '2026-07-01T00:00:00Z',
  downloadedAt: '2026-07-01T06:00:00Z',
  source: `mirror.gcr.io/aquasec/${name}`,
  fromCache: false,
});
const ready = (name: ScannerDatabase['name']): DatabaseOutcome => ({
  ready: true,
  name,
  dir: `/cache/.views/run/${name}`,
  database: record(name),
});
const notReady = (name: ScannerDatabase['name'], reason: string): DatabaseOutcome => ({
  ready: false,
  name,
  reason,
});

/** The run's databases as the pass sees them; records what was asked for and which cache dirs were made. */
function databases(
  vuln: DatabaseOutcome = ready('trivy-db'),
  java: { ahead?: DatabaseOutcome; onDemand?: DatabaseOutcome } = {},
) {
  const asked: string[] = [];
  const cacheDirs: { dir: string; linked: string[] }[] = [];
  const access: TrivyPassDatabases = {
    vuln: async () => {
      asked.push('vuln');
      return vuln;
    },
    javaAhead: async () => java.ahead,
    java: async () => {
      asked.push('java');
      return java.onDemand ?? notReady('trivy-java-db', 'not wanted');
    },
    cacheDir: async (dir, outcomes) => {
      cacheDirs.push({ dir, linked: outcomes.filter((o) => o.ready).map((o) => o.name) });
      return dir;
    },
  };
  return { access, asked, cacheDirs };
}

/** What a run with an SBOM directory and the default formats writes. */
const BOTH_WRITTEN: SbomFormat[] = ['cyclonedx-json', 'spdx-json'];

async function scan(
  fail: string[] | Record<string, string> = [],
  dbs = databases(),
  jar = false,
  sbomFormatsWritten: readonly SbomFormat[] = BOTH_WRITTEN,
) {
  const { run, calls } = fakeRun(fail, jar);
  const results = await runTrivyPass(target, ALL, {
    options: { executable: 'trivy' },
    workDir: '/tmp/w',
    run,
    databases: dbs.access,
    sbomFormatsWritten,
  });
  return { results, calls, dbs, byName: (name: string) => results.find((r) => r.run.name === name)! };
}

describe('runTrivyPass: one trivy image per image for every selected Trivy scanner', () => {
  it('runs one pass and two conversions when both formats are written, and reports each scanner with the findings of its kind', async () => {
    const { results, calls, byName } = await scan();
    expect(calls.map((c) => c.args[0])).toEqual(['image', 'convert', 'convert']);
    expect(calls[0]!.args).toContain('--scanners=vuln,secret');
    expect(results.map((r) => `${r.run.name}:${r.run.status}`)).toEqual([
      'trivy:ok',
      'trivy-secret:ok',
      'trivy-sbom:ok',
    ]);
    expect(byName('trivy').result!.findings.every((f) => f.kind === 'vulnerability')).toBe(true);
    expect(byName('trivy').run.findings).toBe(4);
    expect(byName('trivy-secret').result!.findings.map((f) => f.kind)).toEqual(['secret', 'secret']);
    expect(byName('trivy-sbom').result!.sboms!.map((s) => s.format)).toEqual(['cyclonedx-json', 'spdx-json']);
    expect(byName('trivy-sbom').run.packages).toBeGreaterThan(0);
    // alpine 3.10's end of life is a note about vulnerability results, not about secrets or the SBOM.
    expect(byName('trivy').run.warnings?.join(' ')).toMatch(/end of support/);
    expect(byName('trivy-secret').run.warnings).toBeUndefined();
    expect(byName('trivy-sbom').run.warnings).toBeUndefined();
  });

  it('leaves vuln out when the database step failed: trivy failed with its reason, secrets and SBOM still found', async () => {
    const { byName, calls } = await scan(
      [],
      databases(notReady('trivy-db', 'the vulnerability database could not be downloaded')),
    );
    expect(calls[0]!.args).toContain('--scanners=secret');
    expect(calls[0]!.args).not.toContain('--skip-db-update');
    expect(byName('trivy').run).toMatchObject({
      status: 'failed',
      findings: 0,
      error: 'the vulnerability database could not be downloaded',
    });
    expect(byName('trivy').result).toBeUndefined();
    expect(byName('trivy-secret').run.status).toBe('ok');
    expect(byName('trivy-secret').run.findings).toBe(2);
    expect(byName('trivy-sbom').run.status).toBe('ok');
  });

  it('fails every scanner the pass served when the pass fails, and converts nothing', async () => {
    const { results, calls } = await scan(['pass']);
    expect(calls).toHaveLength(1);
    for (const result of results) {
      expect(result.run).toMatchObject({ status: 'failed', error: 'pass broke', findings: 0 });
      expect(result.result).toBeUndefined();
    }
  });

  it('fails only trivy-sbom when a conversion fails', async () => {
    const { byName } = await scan(['convert-spdx']);
    expect(byName('trivy-sbom').run).toMatchObject({ status: 'failed', error: 'convert-spdx broke' });
    expect(byName('trivy').run.status).toBe('ok');
    expect(byName('trivy-secret').run.status).toBe('ok');
  });

  it.each([
    ['no SBOM is written', []],
    ['only CycloneDX is written', ['cyclonedx-json']],
  ] as const)(
    'converts to CycloneDX alone when %s: no SPDX JSON process for a file nothing reads',
    async (_, written) => {
      const { calls, byName, dbs } = await scan([], databases(), false, written);
      const formats = calls.map((c) =>
        c.args[0] === 'convert' ? c.args[c.args.indexOf('--format') + 1] : c.args[0],
      );
      expect(formats).toEqual(['image', 'cyclonedx']);
      expect(dbs.cacheDirs.map((c) => c.dir)).toEqual([
        '/tmp/w/pass.cache',
        '/tmp/w/convert-cyclonedx.cache',
      ]);
      const sbom = byName('trivy-sbom');
      expect(sbom.run.status).toBe('ok');
      expect(sbom.result!.sboms!.map((s) => s.format)).toEqual(['cyclonedx-json']);
      // The slot's package count and license findings come from CycloneDX: the same as when SPDX is converted too.
      const both = (await scan()).byName('trivy-sbom');
      expect(sbom.run.packages).toBe(both.run.packages);
      expect(sbom.result!.findings.length).toBeGreaterThan(0);
      expect(sbom.result!.findings).toEqual(both.result!.findings);
    },
  );

  it('converts to CycloneDX too when only SPDX JSON is written: the slot reads its licenses and packages from it', async () => {
    const { calls, byName } = await scan([], databases(), false, ['spdx-json']);
    const converts = calls.filter((c) => c.args[0] === 'convert');
    expect(converts.map((c) => c.args[c.args.indexOf('--format') + 1])).toEqual(['cyclonedx', 'spdx-json']);
    expect(byName('trivy-sbom').result!.sboms!.map((s) => s.format)).toEqual(['cyclonedx-json', 'spdx-json']);
    expect(byName('trivy-sbom').run.packages).toBeGreaterThan(0);
  });

  it('asks for no database when vulnerabilities are not selected, and lists packages only for an SBOM alone', async () => {
    const { run, calls } = fakeRun();
    let asked = false;
    const results = await runTrivyPass(target, [trivySbomScanner], {
      options: { executable: 'trivy' },
      workDir: '/tmp/w',
      run,
      sbomFormatsWritten: [],
      databases: {
        ...databases().access,
        vuln: async () => {
          asked = true;
          throw new Error('not wanted');
        },
      },
    });
    expect(asked).toBe(false);
    expect(calls[0]!.args).toContain('--scanners=');
    expect(results.map((r) => r.run.status)).toEqual(['ok']);
  });

  it('reads an SBOM file with trivy sbom for vulnerabilities only', async () => {
    const { run, calls } = fakeRun();
    const sbom: ScanTarget = {
      display: 'sbom:app.cdx.json',
      name: 'app',
      kind: 'sbom',
      path: 'app.cdx.json',
    };
    const results = await runTrivyPass(sbom, [trivyVulnScanner], {
      options: { executable: 'trivy' },
      workDir: '/tmp/w',
      run,
      databases: databases().access,
      sbomFormatsWritten: BOTH_WRITTEN,
    });
    expect(calls.map((c) => c.args.slice(0, 1))).toEqual([['sbom']]);
    expect(results[0]!.run.status).toBe('ok');
    expect(results[0]!.run.database).toEqual(record('trivy-db'));
  });

  it('names the database the vulnerability run read, and gives every process a cache dir of its own', async () => {
    const { byName, dbs } = await scan();
    expect(byName('trivy').run.database).toEqual(record('trivy-db'));
    expect(byName('trivy').run.javaDatabase).toBeUndefined();
    expect(byName('trivy-secret').run.database).toBeUndefined();
    expect(dbs.cacheDirs.map((c) => c.dir)).toEqual([
      '/tmp/w/pass.cache',
      '/tmp/w/convert-cyclonedx.cache',
      '/tmp/w/convert-spdx.cache',
    ]);
    expect(dbs.cacheDirs[0]!.linked).toEqual(['trivy-db']);
  });

  it('passes with the Java index fetched ahead, and names it when the image has Java archives', async () => {
    const { byName, dbs, calls } = await scan(
      [],
      databases(ready('trivy-db'), { ahead: ready('trivy-java-db') }),
      true,
    );
    expect(calls.filter((c) => c.args[0] === 'image')).toHaveLength(1);
    expect(dbs.cacheDirs[0]!.linked).toEqual(['trivy-db', 'trivy-java-db']);
    expect(byName('trivy').run.javaDatabase).toEqual(record('trivy-java-db'));
    expect(dbs.asked).toEqual(['vuln']);
  });

  it('fetches the Java index when a pass meets Java archives without one, and passes again with it', async () => {
    const { byName, dbs, calls } = await scan(
      { pass: JAVA_DB_MISSING },
      databases(ready('trivy-db'), { onDemand: ready('trivy-java-db') }),
      true,
    );
    expect(dbs.asked).toEqual(['vuln', 'java']);
    expect(calls.filter((c) => c.args[0] === 'image')).toHaveLength(2);
    expect(dbs.cacheDirs.find((c) => c.dir === '/tmp/w/pass-java.cache')!.linked).toEqual([
      'trivy-db',
      'trivy-java-db',
    ]);
    expect(byName('trivy').run.status).toBe('ok');
    expect(byName('trivy').run.javaDatabase).toEqual(record('trivy-java-db'));
    expect(byName('trivy-secret').run.status).toBe('ok');
  });

  it('when the Java index cannot be had: trivy fails with its reason, the pass runs again for secrets and the SBOM', async () => {
    const reason = 'trivy Java index database unavailable: every download failed (…) and none is cached';
    const { byName, calls } = await scan(
      { pass: JAVA_DB_MISSING },
      databases(ready('trivy-db'), { onDemand: notReady('trivy-java-db', reason) }),
    );
    const images = calls.filter((c) => c.args[0] === 'image');
    expect(images.map((c) => c.args.find((a) => a.startsWith('--scanners=')))).toEqual([
      '--scanners=vuln,secret',
      '--scanners=secret',
    ]);
    expect(byName('trivy').run).toMatchObject({ status: 'failed', error: reason });
    expect(byName('trivy-secret').run).toMatchObject({ status: 'ok', findings: 2 });
    expect(byName('trivy-sbom').run.status).toBe('ok');
  });
});
