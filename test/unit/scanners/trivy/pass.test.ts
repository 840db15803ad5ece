import { describe, expect, it } from 'vitest';
import type { ScannerRun } from '../../../../src/core/report.js';
import type { ScannerJobResult } from '../../../../src/scanners/run.js';
import type { Scanner, ScanOptions, ScanTarget } from '../../../../src/scanners/scanner.js';
import { countSbomPackages } from '../../../../src/scanners/syft/parse.js';
import {
  trivySbomScanner,
  trivySecretScanner,
  trivyVulnScanner,
} from '../../../../src/scanners/trivy/index.js';
import { type RunTrivyProcess, runTrivyPass } from '../../../../src/scanners/trivy/pass.js';
import { readSharedFixture } from '../shared-fixtures.js';

const target: ScanTarget = {
  display: 'alpine:3.10',
  name: 'alpine',
  kind: 'reference',
  reference: 'alpine:3.10',
};
const ALL = [trivyVulnScanner, trivySecretScanner, trivySbomScanner];

/** One Trivy pass report as `--scanners=vuln,secret` writes it: both recorded reports' Results in one list. */
function passReport(kinds: string[]): string {
  const vuln = JSON.parse(readSharedFixture('trivy/alpine-310.json'));
  const secret = JSON.parse(readSharedFixture('trivy/secrets.json'));
  const parts = [...(kinds.includes('vuln') ? [vuln] : []), ...(kinds.includes('secret') ? [secret] : [])];
  const base = parts[0] ?? JSON.parse(readSharedFixture('trivy/npm.json'));
  return JSON.stringify({ ...base, Results: parts.flatMap((p) => p.Results ?? []) });
}

interface Call {
  args: string[];
}

/**
 * A fake process runner: each Trivy process "writes" the recorded output for its argv and is parsed by the real
 * parser, unless `fail` names it (`pass`, `convert-spdx`…), in which case it fails as the common runner reports it.
 */
function fakeRun(fail: string[] = []): { run: RunTrivyProcess; calls: Call[] } {
  const calls: Call[] = [];
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
    if (fail.includes(step)) {
      return { run: { ...base, status: 'failed', error: `${step} broke` } };
    }
    const files: Record<string, string> = {};
    const scanners = invocation.args.find((a) => a.startsWith('--scanners='))?.split('=')[1] ?? '';
    if (invocation.outputs.json) files.json = passReport(scanners.split(','));
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

const database =
  (status: ScannerRun['status'] = 'ok', error?: string) =>
  async (): Promise<ScannerRun> => ({
    name: 'trivy',
    target: 'the vulnerability database',
    status,
    durationMs: 5,
    findings: 0,
    ...(error ? { error } : {}),
  });

async function scan(fail: string[] = [], db = database()) {
  const { run, calls } = fakeRun(fail);
  const results = await runTrivyPass(target, ALL, {
    options: { executable: 'trivy' },
    workDir: '/tmp/w',
    run,
    database: db,
  });
  return { results, calls, byName: (name: string) => results.find((r) => r.run.name === name)! };
}

describe('runTrivyPass: one trivy image per image for every selected Trivy scanner', () => {
  it('runs one pass and two conversions, and reports each scanner with the findings of its kind', async () => {
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
      database('failed', 'the vulnerability database could not be downloaded'),
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

  it('asks for no database when vulnerabilities are not selected, and lists packages only for an SBOM alone', async () => {
    const { run, calls } = fakeRun();
    let asked = false;
    const results = await runTrivyPass(target, [trivySbomScanner], {
      options: { executable: 'trivy' },
      workDir: '/tmp/w',
      run,
      database: async () => {
        asked = true;
        throw new Error('not wanted');
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
      database: database(),
    });
    expect(calls.map((c) => c.args.slice(0, 1))).toEqual([['sbom']]);
    expect(results[0]!.run.status).toBe('ok');
  });
});
