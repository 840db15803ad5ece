import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fixtures,
  isAlive,
  isDatabaseCall,
  replay,
  runCli,
  standinBin,
  tempDir,
  waitUntil,
} from '../support/cli.js';
import { tar } from '../support/tar.js';

interface RawTrivy {
  Results?: { Vulnerabilities?: { Severity: string }[]; Secrets?: { Severity: string }[] }[] | null;
}
interface RawGrype {
  matches: { vulnerability: { severity: string } }[];
}
const raw = <T>(file: string): T => JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as T;
const trivyVulns = (file: string) =>
  raw<RawTrivy>(file).Results?.flatMap((r) => r.Vulnerabilities ?? []) ?? [];
const trivySecrets = (file: string) => raw<RawTrivy>(file).Results?.flatMap((r) => r.Secrets ?? []) ?? [];
const grypeMatches = (file: string) => raw<RawGrype>(file).matches;
/** The licenses the replayed Syft JSON declares: Syft's findings (test/support/cli.ts replays this file). */
const syftLicenses = () =>
  raw<{ artifacts: { licenses?: unknown[] }[] }>('syft/ubuntu-20.04-pruned.syft.json').artifacts.flatMap(
    (a) => a.licenses ?? [],
  );
const isHighOrCritical = (severity: string) => ['HIGH', 'CRITICAL'].includes(severity.toUpperCase());

type Call = { tool: string; argv: string[]; env: Record<string, string> };

/** The scanners' calls: not `--version`, and not the database steps (`databaseCalls`). */
function readArgv(log: string): Call[] {
  return allCalls(log).filter((entry) => !isDatabaseCall(entry));
}

function databaseCalls(log: string): Call[] {
  return allCalls(log).filter((entry) => isDatabaseCall(entry));
}

function allCalls(log: string): Call[] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Call)
    .filter((entry) => entry.argv[0] !== '--version');
}

/** A bin directory with only some stand-ins, so a test can take a scanner away. */
function binWith(tools: string[]): string {
  const dir = tempDir('cg-bin-');
  for (const tool of tools) symlinkSync(join(standinBin, tool), join(dir, tool));
  return `${dir}${delimiter}${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin`;
}

describe('container-gate scan (built CLI, stand-in scanners replaying real outputs)', () => {
  it('runs every scanner, reports each finding once with who found it, and fails the gate on high/critical', async () => {
    const dir = tempDir();
    const log = join(dir, 'argv.log');
    const json = join(dir, 'report.json');
    const res = await runCli(['scan', 'alpine:3.9', '--json', json], {
      env: replay({ STANDIN_TRIVY_VULN: join(fixtures, 'trivy/alpine-39.json'), STANDIN_ARGV_LOG: log }),
    });
    expect(res.stderr).not.toMatch(/container-gate: /);
    expect(res.code).toBe(1);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    const vulns = trivyVulns('trivy/alpine-39.json');
    const secrets = trivySecrets('trivy/secrets.json');
    const grype = grypeMatches('grype/presenter-image.json');
    // Grype's presenter packages are synthetic (package-1…): nothing overlaps with the alpine image.
    expect(report.findings).toHaveLength(
      vulns.length + secrets.length + grype.length + syftLicenses().length,
    );
    expect(report.findings.filter((f: { kind: string }) => f.kind === 'license')).toHaveLength(
      syftLicenses().length,
    );
    expect(report.version).toBe(2);
    expect(report.targets).toEqual([
      expect.objectContaining({ display: 'alpine:3.9', name: 'alpine', kind: 'reference' }),
    ]);
    const expectedViolations =
      vulns.filter((v) => isHighOrCritical(v.Severity)).length +
      secrets.filter((s) => isHighOrCritical(s.Severity)).length +
      grype.filter((m) => isHighOrCritical(m.vulnerability.severity)).length;
    expect(report.gate).toMatchObject({
      passed: false,
      status: 'failed',
      threshold: 'high',
      violations: expectedViolations,
    });
    expect(
      report.scanners.map((s: { name: string; status: string }) => `${s.name}:${s.status}`).sort(),
    ).toEqual(['grype:ok', 'syft:ok', 'trivy-secret:ok', 'trivy:ok']);
    expect(report.scanners.find((s: { name: string }) => s.name === 'grype').version).toBe('0.86.1');
    // Syft's run says how many packages its SBOM lists (CycloneDX components of the replayed document).
    const cdx = raw<{ components: { type: string }[] }>('grype/presenter-image.cdx.json');
    const libraries = cdx.components.filter((c) => c.type === 'library' || c.type === 'framework').length;
    expect(report.scanners.find((s: { name: string }) => s.name === 'syft').packages).toBe(libraries);
    for (const finding of report.findings) {
      expect(finding).toHaveProperty('id');
      expect(finding).toHaveProperty('package' in finding ? 'package.name' : 'kind');
      expect(finding.foundBy.length).toBeGreaterThan(0);
    }
    expect(res.stdout).toMatch(/failed/i);
  });

  it('reads the image once per tool: one Trivy pass for every Trivy scanner, one Syft, argv arrays with reports to files', async () => {
    const dir = tempDir();
    const log = join(dir, 'argv.log');
    const json = join(dir, 'r.json');
    await runCli(
      [
        'scan',
        'alpine:3.10',
        '--scanners',
        'trivy,trivy-secret,trivy-sbom,grype,syft',
        '--json',
        json,
        '--sbom-dir',
        join(dir, 'sbom'),
        '--quiet',
      ],
      { env: replay({ STANDIN_ARGV_LOG: log }) },
    );
    const calls = readArgv(log);
    const byTool = (tool: string) => calls.filter((c) => c.tool === tool);
    // An image analysis is a call whose last argument is the image: one Trivy, one Syft; Grype reads Syft's SBOM.
    const analyses = calls.filter((c) => c.argv.at(-1) === 'alpine:3.10');
    expect(analyses.map((c) => c.tool).sort()).toEqual(['syft', 'trivy']);
    for (const call of analyses) expect(call.argv.at(-2)).toBe('--');
    const syftJson = byTool('syft')[0]!
      .argv.find((a) => a.startsWith('syft-json='))!
      .slice('syft-json='.length);
    expect(byTool('grype')).toHaveLength(1);
    expect(byTool('grype')[0]!.argv.slice(-2)).toEqual(['--', `sbom:${syftJson}`]);
    expect(byTool('grype')[0]!.argv).not.toContain('--from');
    // Syft captures Go symbols as Grype's own catalogue would (anchore/grype v0.116.0 root.go:408-414).
    expect(byTool('syft')[0]!.env).toMatchObject({ SYFT_GOLANG_CAPTURE_SYMBOLS: 'all' });

    const [pass] = byTool('trivy').filter((c) => c.argv[0] === 'image');
    expect(pass!.argv).toEqual(
      expect.arrayContaining([
        '--format',
        'json',
        '--list-all-pkgs',
        '--scanners=vuln,secret',
        '--skip-db-update',
        '--skip-java-db-update',
      ]),
    );
    // The databases first, as steps of their own into private staging directories of the cache; the pass reads them
    // through a --cache-dir of its own. The SBOMs are converted from the pass's report, never a second scan.
    const steps = databaseCalls(log);
    expect(steps.map((c) => c.argv.slice(0, 2).join(' ')).sort()).toEqual([
      'db status',
      'db update',
      'image --download-db-only',
    ]);
    const dbStep = steps.find((c) => c.tool === 'trivy')!.argv;
    expect(dbStep.slice(0, 4)).toEqual(['image', '--download-db-only', '--no-progress', '--cache-dir']);
    expect(dbStep[4]).toMatch(/container-gate\/databases\/\.staging\/trivy-db-/);
    expect(dbStep.slice(5, 7)).toEqual(['--db-repository', 'mirror.gcr.io/aquasec/trivy-db']);
    // Isolated like a scan (issue 14): a repository's trivy.yaml or TRIVY_CONFIG could name another database.
    expect(dbStep[dbStep.indexOf('--config') + 1]).toMatch(
      /\.staging\/trivy-db-.*\/run\/container-gate\.trivy\.yaml$/,
    );
    expect(dbStep).toEqual(expect.arrayContaining(['--ignorefile', '--exit-code', '0']));
    const passCache = pass!.argv[pass!.argv.indexOf('--cache-dir') + 1]!;
    expect(passCache).not.toBe(dbStep[4]);
    expect(byTool('grype')[0]!.env).toMatchObject({
      GRYPE_DB_AUTO_UPDATE: 'false',
      GRYPE_DB_CACHE_DIR: expect.stringMatching(/container-gate\/databases\/\.views\/.*\/grype-db$/),
    });
    const report = pass!.argv.find((a) => a.startsWith('--output='))!.slice('--output='.length);
    const converts = byTool('trivy').filter((c) => c.argv[0] === 'convert');
    expect(converts.map((c) => c.argv[c.argv.indexOf('--format') + 1]).sort()).toEqual([
      'cyclonedx',
      'spdx-json',
    ]);
    for (const call of converts) expect(call.argv.slice(-2)).toEqual(['--', report]);
    expect(byTool('trivy')).toHaveLength(3);

    expect(byTool('grype')[0]!.argv.some((a) => a.startsWith('--file='))).toBe(true);
    const syftOutputs = byTool('syft')[0]!.argv.filter(
      (_, i, argv) => argv[i - 1] === '-o' || argv[i - 1] === '--output',
    );
    expect(syftOutputs.map((o) => o.split('=')[0])).toEqual(
      expect.arrayContaining(['cyclonedx-json', 'spdx-json', 'syft-json']),
    );

    // The names users selected stay: one run each, with its own findings and the SBOMs under trivy-sbom.
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.scanners.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'trivy:ok',
      'trivy-secret:ok',
      'trivy-sbom:ok',
      'grype:ok',
      'syft:ok',
    ]);
    const runOf = (name: string) => written.scanners.find((s: { name: string }) => s.name === name);
    expect(runOf('trivy').findings).toBe(trivyVulns('trivy/alpine-310.json').length);
    expect(runOf('trivy-secret').findings).toBe(trivySecrets('trivy/secrets.json').length);
    expect(
      written.sboms
        .filter((s: { producer: string }) => s.producer === 'trivy-sbom')
        .map((s: { format: string }) => s.format)
        .sort(),
    ).toEqual(['cyclonedx-json', 'spdx-json']);
  });

  it('lets Grype read the image itself when Syft, whose SBOM it would read, failed', async () => {
    const dir = tempDir();
    const log = join(dir, 'argv.log');
    const json = join(dir, 'r.json');
    const res = await runCli(['scan', 'alpine:3.10', '--scanners', 'grype,syft', '--json', json], {
      env: replay({ STANDIN_ARGV_LOG: log, STANDIN_SYFT_BEHAVIOUR: 'crash' }),
    });
    expect(res.code).toBe(2);
    const grype = readArgv(log).filter((c) => c.tool === 'grype');
    expect(grype).toHaveLength(1);
    expect(grype[0]!.argv.slice(-4)).toEqual(['--from', 'registry', '--', 'alpine:3.10']);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.scanners.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'grype:ok',
      'syft:failed',
    ]);
    expect(report.findings.length).toBe(grypeMatches('grype/presenter-image.json').length);
    expect(report.findings.every((f: { target: string }) => f.target === 'alpine:3.10')).toBe(true);
    expect(res.stderr).toMatch(
      /grype reads alpine:3.10 itself: syft, whose SBOM it would have read, did not finish/,
    );
  });

  it('passes when nothing reaches the threshold', async () => {
    const dir = tempDir();
    const res = await runCli(['scan', 'alpine:3.10', '--scanners', 'trivy', '--json', join(dir, 'r.json')], {
      env: replay(),
    });
    expect(trivyVulns('trivy/alpine-310.json').some((v) => isHighOrCritical(v.Severity))).toBe(false);
    expect(res.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).gate.status).toBe('passed');
  });

  it('lowers the threshold with --severity', async () => {
    const res = await runCli(
      ['scan', 'alpine:3.10', '--scanners', 'trivy', '--severity', 'medium', '--quiet'],
      { env: replay() },
    );
    expect(res.code).toBe(1);
  });

  it('passes a finding covered by a current exception and reports the exception', async () => {
    const dir = tempDir();
    const exceptions = join(dir, 'exceptions.yaml');
    writeFileSync(
      exceptions,
      'exceptions:\n  - id: CVE-2019-1549\n    reason: tls not used\n    expires: 2999-12-31\n  - id: CVE-2019-1551\n    reason: tls not used\n    expires: 2999-12-31\n',
    );
    const json = join(dir, 'r.json');
    const res = await runCli(
      [
        'scan',
        'alpine:3.10',
        '--scanners',
        'trivy',
        '--severity',
        'medium',
        '--exceptions',
        exceptions,
        '--json',
        json,
      ],
      { env: replay() },
    );
    expect(res.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.gate.exceptionsApplied.map((e: { id: string }) => e.id).sort()).toEqual([
      'CVE-2019-1549',
      'CVE-2019-1551',
    ]);
    expect(report.findings.every((f: { gate: { decision: string } }) => f.gate.decision === 'excepted')).toBe(
      true,
    );
  });
});

describe('trivy-sbom converts only the SBOM formats the run uses (each `trivy convert` is a process start)', () => {
  const SBOM_DIR = '<sbom-dir>';
  /** The replayed conversions (test/support/cli.ts `replay`): what each written SBOM must hold, byte for byte. */
  const replayed = {
    'cyclonedx-json': readFileSync(join(fixtures, 'trivy/npm-cyclonedx.json'), 'utf8'),
    'spdx-json': readFileSync(join(fixtures, 'trivy/conda-spdx.json'), 'utf8'),
  };
  /** The licenses the replayed CycloneDX declares: trivy-sbom's findings whichever formats are written. */
  const cycloneDxLicenses = JSON.parse(replayed['cyclonedx-json']).components.flatMap(
    (c: { licenses?: unknown[] }) => c.licenses ?? [],
  );

  it.each([
    ['no --sbom-dir', [], ['cyclonedx'], []],
    [
      '--sbom-dir, default formats',
      ['--sbom-dir', SBOM_DIR],
      ['cyclonedx', 'spdx-json'],
      ['cyclonedx-json', 'spdx-json'],
    ],
    [
      '--sbom-format spdx-json only (CycloneDX still read for licenses and packages)',
      ['--sbom-dir', SBOM_DIR, '--sbom-format', 'spdx-json'],
      ['cyclonedx', 'spdx-json'],
      ['spdx-json'],
    ],
    [
      '--sbom-format cyclonedx-json only',
      ['--sbom-dir', SBOM_DIR, '--sbom-format', 'cyclonedx-json'],
      ['cyclonedx'],
      ['cyclonedx-json'],
    ],
    ['--sbom-format spdx-json without --sbom-dir', ['--sbom-format', 'spdx-json'], ['cyclonedx'], []],
  ] as const)('%s: %j → converts to %j, writes %j', async (_, args, converted, written) => {
    const dir = tempDir();
    const log = join(dir, 'argv.log');
    const json = join(dir, 'r.json');
    const sbomDir = join(dir, 'sbom');
    const res = await runCli(
      [
        'scan',
        'alpine:3.10',
        '--scanners',
        'trivy-sbom',
        '--json',
        json,
        '--quiet',
        ...args.map((a) => (a === SBOM_DIR ? sbomDir : a)),
      ],
      { env: replay({ STANDIN_ARGV_LOG: log }) },
    );
    expect(res.stderr).not.toMatch(/container-gate: /);
    expect(res.code).toBe(0);
    const trivy = readArgv(log).filter((c) => c.tool === 'trivy');
    expect(trivy.filter((c) => c.argv[0] === 'image')).toHaveLength(1);
    const converts = trivy.filter((c) => c.argv[0] === 'convert');
    expect(converts.map((c) => c.argv[c.argv.indexOf('--format') + 1]).sort()).toEqual(converted);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    const sboms = report.sboms as { format: keyof typeof replayed; path: string; producer: string }[];
    expect(sboms.map((s) => s.format).sort()).toEqual(written);
    expect(existsSync(sbomDir) ? readdirSync(sbomDir).sort() : []).toEqual(
      written.map((f) => (f === 'cyclonedx-json' ? 'alpine_3.10.cdx.json' : 'alpine_3.10.spdx.json')),
    );
    for (const sbom of sboms) {
      expect(sbom.producer).toBe('trivy-sbom');
      expect(readFileSync(sbom.path, 'utf8')).toBe(replayed[sbom.format]);
    }
    // The slot reads its package count and licenses from CycloneDX, converted in every case.
    const run = report.scanners.find((s: { name: string }) => s.name === 'trivy-sbom');
    expect(run).toMatchObject({ status: 'ok', packages: expect.any(Number) });
    expect(run.packages).toBeGreaterThan(0);
    expect(report.findings.filter((f: { kind: string }) => f.kind === 'license')).toHaveLength(
      cycloneDxLicenses.length,
    );
  });
});

describe('container-gate scan hands each tool the image in a form its source says it reads', () => {
  /** The tool's call that reads the image (not Trivy's database step). */
  const argvOf = (log: string, tool: string) => readArgv(log).find((c) => c.tool === tool)!.argv;

  it('keeps `registry:2` an image read from the registry, even with a same-named directory in the working directory', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'registry:2'));
    writeFileSync(join(cwd, 'registry:2', 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    mkdirSync(join(cwd, 'alpine'));
    const log = join(cwd, 'argv.log');
    // Grype reads the image itself only without Syft in the same scan: each image is scanned with each.
    for (const image of ['registry:2', 'alpine']) {
      for (const scanners of ['trivy,grype', 'syft']) {
        const res = await runCli(
          ['scan', image, '--scanners', scanners, '--export', 'never', '--no-table', '--quiet'],
          { env: replay({ STANDIN_ARGV_LOG: log }), cwd },
        );
        expect(res.code, res.stderr).not.toBe(3);
      }
    }
    const calls = readArgv(log);
    for (const image of ['registry:2', 'alpine']) {
      const of = (tool: string) => calls.filter((c) => c.tool === tool && c.argv.at(-1) === image);
      // Syft and Grype: `--from registry` (no file, directory or daemon first; no `registry:` scheme split).
      for (const tool of ['grype', 'syft']) {
        expect(of(tool)).toHaveLength(1);
        expect(of(tool)[0]!.argv.slice(-4)).toEqual(['--from', 'registry', '--', image]);
      }
      // Trivy: the registry too, never a same-named image in a local daemon.
      expect(of('trivy')).toHaveLength(1);
      for (const call of of('trivy'))
        expect(call.argv.slice(-4)).toEqual(['--image-src', 'remote', '--', image]);
    }
  });

  it('unpacks an oci-archive for Trivy, which cannot open an OCI tarball, and gives Grype and Syft the tarball with --from oci-archive', async () => {
    const dir = tempDir();
    const archive = join(dir, 'app.oci.tar');
    writeFileSync(
      archive,
      tar([
        { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
        { name: 'index.json', data: '{"schemaVersion":2,"manifests":[]}' },
        { name: 'blobs/sha256/', type: '5' },
      ]),
    );
    const log = join(dir, 'argv.log');
    const work = join(dir, 'work');
    for (const scanners of ['trivy,grype', 'syft']) {
      const res = await runCli(
        [
          'scan',
          `oci-archive:${archive}`,
          '--scanners',
          scanners,
          '--export',
          'never',
          '--work-dir',
          work,
          '--no-table',
        ],
        { env: replay({ STANDIN_ARGV_LOG: log }) },
      );
      expect(res.code, res.stderr).not.toBe(2);
    }
    for (const tool of ['grype', 'syft']) {
      expect(argvOf(log, tool).slice(-4)).toEqual(['--from', 'oci-archive', '--', archive]);
    }
    const inputs = readArgv(log)
      .filter((c) => c.tool === 'trivy' && c.argv[0] === 'image')
      .map((c) => c.argv.find((a) => a.startsWith('--input='))?.slice('--input='.length));
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      expect(input).not.toBe(archive);
      expect(readFileSync(join(input!, 'index.json'), 'utf8')).toContain('schemaVersion');
      expect(existsSync(join(input!, 'oci-layout'))).toBe(true);
    }
  });

  it('gives Grype and Syft a docker-archive as a plain path with --from docker-archive, and Trivy the tarball', async () => {
    const dir = tempDir();
    const archive = join(dir, 'app.docker.tar');
    writeFileSync(archive, tar([{ name: 'manifest.json', data: '[]' }]));
    const log = join(dir, 'argv.log');
    for (const scanners of ['trivy,grype', 'syft']) {
      await runCli(['scan', `docker-archive:${archive}`, '--scanners', scanners, '--no-table', '--quiet'], {
        env: replay({ STANDIN_ARGV_LOG: log }),
      });
    }
    for (const tool of ['grype', 'syft']) {
      expect(argvOf(log, tool).slice(-4)).toEqual(['--from', 'docker-archive', '--', archive]);
    }
    expect(argvOf(log, 'trivy')).toContain(`--input=${archive}`);
  });
});

describe('container-gate scan sbom:<file> (an SBOM re-scanned for vulnerabilities, no image)', () => {
  let log = '';
  const scanSbom = async (fixture: string, extra: string[] = []) => {
    const dir = tempDir();
    log = join(dir, 'argv.log');
    const json = join(dir, 'r.json');
    const file = join(fixtures, fixture);
    const res = await runCli(['scan', `sbom:${file}`, '--json', json, '--no-table', ...extra], {
      env: replay({ STANDIN_ARGV_LOG: log }),
    });
    const report = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : undefined;
    return { res, report, file, calls: existsSync(log) ? readArgv(log) : [] };
  };
  const statuses = (report: { scanners: { name: string; status: string }[] }) =>
    report.scanners.map((s) => `${s.name}:${s.status}`);

  it.each([
    [
      'a CycloneDX JSON',
      'grype/presenter-image.cdx.json',
      'user-input',
      'sha256:ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5',
    ],
    ['an SPDX JSON', 'trivy/conda-spdx.json', 'testdata/fixtures/repo/conda', undefined],
  ])(
    'scans %s SBOM with grype sbom: and trivy sbom, names it from its metadata',
    async (_what, fixture, name, digest) => {
      const { res, report, file, calls } = await scanSbom(fixture);
      expect(res.code, res.stderr).toBe(1);
      expect(report.targets).toEqual([
        { display: `sbom:${file}`, name, kind: 'sbom', ...(digest ? { digest } : {}) },
      ]);
      // Only the scanners that read SBOMs are looked for and run: re-scanning an SBOM needs no Syft.
      expect(statuses(report)).toEqual(['trivy:ok', 'grype:ok']);
      const grype = calls.filter((c) => c.tool === 'grype');
      expect(grype.map((c) => c.argv.slice(-2))).toEqual([['--', `sbom:${file}`]]);
      const trivy = calls.filter((c) => c.tool === 'trivy' && c.argv[0] === 'sbom');
      expect(trivy.map((c) => c.argv.slice(-2))).toEqual([['--', file]]);
      expect(trivy[0]!.argv).toEqual(expect.arrayContaining(['--scanners=vuln', '--skip-db-update']));
      // No image is read by anyone: no syft, no trivy image pass (only its database step).
      expect(calls.filter((c) => c.tool === 'syft')).toEqual([]);
      expect(calls.filter((c) => c.tool === 'trivy' && c.argv[0] === 'image')).toEqual([]);
      // The Java index is for Java archives in an image: an SBOM run never fetches it.
      expect(
        databaseCalls(log)
          .filter((c) => c.tool === 'trivy')
          .map((c) => c.argv[1]),
      ).toEqual(['--download-db-only']);
      expect(report.scanners.find((s: { name: string }) => s.name === 'trivy').database).toMatchObject({
        name: 'trivy-db',
        fromCache: false,
      });
      expect(report.findings.length).toBe(
        trivyVulns('trivy/alpine-310.json').length + grypeMatches('grype/presenter-image.json').length,
      );
      expect(report.findings.every((f: { target: string }) => f.target === `sbom:${file}`)).toBe(true);
    },
  );

  it('needs no Syft (nor any image tool) to re-scan an SBOM', async () => {
    const file = join(fixtures, 'grype/presenter-image.cdx.json');
    const res = await runCli(['scan', `sbom:${file}`, '--no-table', '--quiet'], {
      env: replay(),
      path: binWith(['trivy', 'grype']),
    });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).not.toMatch(/not found/);
  });

  it('scans a syft-json SBOM with grype only: trivy cannot read syft-json and says so', async () => {
    const { res, report, calls } = await scanSbom('syft/ubuntu-20.04-pruned.syft.json');
    expect(res.code, res.stderr).toBe(1);
    expect(report.targets[0]).toMatchObject({
      kind: 'sbom',
      name: 'ubuntu',
      digest: 'sha256:5146935f9248826d44dfc2489abfd5f4bdfbc319a738c04dfe1ef071f228a1ac',
    });
    expect(statuses(report)).toEqual(['trivy:skipped', 'grype:ok']);
    expect(report.scanners[0].error).toMatch(/trivy does not read syft-json SBOMs/);
    expect(calls.map((c) => c.tool)).toEqual(['grype']);
  });

  it.each([
    [
      ['--scanners', 'trivy-secret,syft'],
      'grype/presenter-image.cdx.json',
      /scans CycloneDX JSON SBOMs .*add trivy or grype/,
    ],
    [['--scanners', 'trivy'], 'syft/ubuntu-20.04-pruned.syft.json', /scans syft-json SBOMs .*add grype/],
    [[], 'trivy/alpine-310.json', /not a CycloneDX JSON, SPDX JSON or syft-json SBOM/],
  ])(
    'refuses %j on %s (exit 3): no scanner would read it, which is never a pass',
    async (extra, fixture, message) => {
      const { res, report } = await scanSbom(fixture, extra);
      expect(res.code).toBe(3);
      expect(res.stderr).toMatch(message);
      expect(report).toBeUndefined();
    },
  );
});

describe('container-gate scan fails closed', () => {
  const failing = async (overrides: Record<string, string>, extra: string[] = []) => {
    const dir = tempDir();
    const json = join(dir, 'r.json');
    const res = await runCli(['scan', 'alpine:3.10', '--json', json, ...extra], { env: replay(overrides) });
    const report = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : undefined;
    return { res, report };
  };

  it('reports a crashed scanner as an error (exit 2), keeping the other scanners results', async () => {
    const { res, report } = await failing({ STANDIN_GRYPE_BEHAVIOUR: 'crash' });
    expect(res.code).toBe(2);
    expect(report.gate.status).toBe('error');
    const grype = report.scanners.find((s: { name: string }) => s.name === 'grype');
    expect(grype).toMatchObject({ status: 'failed' });
    expect(grype.error).toMatch(/killed by SIGSEGV/);
    expect(report.findings.length).toBe(
      trivyVulns('trivy/alpine-310.json').length +
        trivySecrets('trivy/secrets.json').length +
        syftLicenses().length,
    );
  });

  it.each(['2147484', '1e12', 'Infinity', '0', '-1', 'NaN'])(
    'refuses --timeout %s with exit 3 before any scanner starts (issue 14 item 8)',
    async (timeout) => {
      const log = join(tempDir(), 'argv.log');
      const res = await runCli(['scan', 'alpine:3.10', '--export', 'never', '--timeout', timeout], {
        env: replay({ STANDIN_ARGV_LOG: log }),
      });
      expect(res.code, res.stderr).toBe(3);
      expect(res.stderr).toMatch(/--timeout .*: must be a number of seconds above 0 and at most 604800/);
      expect(existsSync(log)).toBe(false);
    },
  );

  it('kills a hung scanner at the timeout and reports it as an error', async () => {
    // The timeout runs from the scanner's start; the case under test needs its grandchild started first. A run in
    // which the pid file is missing (a loaded machine) did not reach that state, and is run again with a longer one.
    for (const seconds of [1, 4, 15]) {
      const dir = tempDir();
      const pidFile = join(dir, 'grandchild.pid');
      const { res, report } = await failing(
        { STANDIN_SYFT_BEHAVIOUR: 'grandchild-hang', STANDIN_PIDFILE: pidFile },
        ['--timeout', String(seconds)],
      );
      expect(res.code).toBe(2);
      const syft = report.scanners.find((s: { name: string }) => s.name === 'syft');
      expect(syft.status).toBe('timeout');
      expect(syft.error).toMatch(new RegExp(`timed out after ${seconds}s`));
      if (!existsSync(pidFile)) continue;
      const grandchild = Number(readFileSync(pidFile, 'utf8'));
      expect(await waitUntil(() => !isAlive(grandchild), 30_000)).toBe(true);
      return;
    }
    throw new Error('the scanner never started its grandchild before the timeout, even at 15 s');
  });

  it.each([
    ['truncated JSON', { STANDIN_TRIVY_IMAGE_BEHAVIOUR: 'truncate' }, 'trivy', /cannot be trusted/],
    [
      'valid JSON of the wrong shape',
      { STANDIN_GRYPE_BEHAVIOUR: 'wrong-shape' },
      'grype',
      /cannot be trusted/,
    ],
    ['exit 1 with no output', { STANDIN_GRYPE_BEHAVIOUR: 'exit1-silent' }, 'grype', /exited with code 1/],
    ['no report file at all', { STANDIN_GRYPE_BEHAVIOUR: 'no-output' }, 'grype', /cannot be trusted/],
  ])('treats %s as a failed scanner, never as zero findings', async (_name, overrides, scanner, message) => {
    const { res, report } = await failing(overrides);
    expect(res.code).toBe(2);
    expect(report.gate.status).toBe('error');
    const run = report.scanners.find(
      (s: { name: string; status: string }) => s.name === scanner && s.status === 'failed',
    );
    expect(run.error).toMatch(message);
    expect(res.stderr + res.stdout).toContain(scanner);
  });

  it('reads Grype exiting 2 beside a complete report as a failed run: container-gate never asks for --fail-on', async () => {
    const { res, report } = await failing({ STANDIN_GRYPE_BEHAVIOUR: 'exit:2' }, ['--scanners', 'grype']);
    expect(report.scanners[0]).toMatchObject({ name: 'grype', status: 'failed', findings: 0 });
    expect(report.scanners[0].error).toMatch(/exited with code 2/);
    expect(report.gate.status).toBe('error');
    expect(res.code).toBe(2);
  });

  it('writes one SBOM per image and format even when two image names map to one file name (a/b:1, a_b:1)', async () => {
    const dir = tempDir();
    const sbomDir = join(dir, 'sbom');
    const json = join(dir, 'r.json');
    const res = await runCli(
      [
        'scan',
        'a/b:1',
        'a_b:1',
        '--export',
        'never',
        '--scanners',
        'syft',
        '--sbom-dir',
        sbomDir,
        '--json',
        json,
      ],
      { env: replay() },
    );
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { sboms: { target: string; path: string }[] };
    expect(report.sboms).toHaveLength(4);
    expect(new Set(report.sboms.map((s) => s.path)).size).toBe(4);
    expect(readdirSync(sbomDir)).toHaveLength(4);
    for (const s of report.sboms) expect(existsSync(s.path)).toBe(true);
  });

  it('stops at once with the tool name and how to install it when a scanner is missing', async () => {
    const res = await runCli(['scan', 'alpine:3.10'], { env: replay(), path: binWith(['trivy', 'syft']) });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^container-gate: grype: grype not found on PATH — .*install/m);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('stops on SIGINT: scanners killed, no report written, exit 130', async () => {
    const dir = tempDir();
    const json = join(dir, 'r.json');
    // Outside `dir`, which must stay empty; a started scanner means the CLI's SIGINT handler is installed.
    const pidLog = join(tempDir(), 'pids.jsonl');
    let pid = 0;
    const pending = runCli(['scan', 'alpine:3.10', '--json', json], {
      env: replay({ STANDIN_GRYPE_BEHAVIOUR: 'hang', STANDIN_PID_LOG: pidLog }),
      onSpawn: (p) => (pid = p),
    });
    // Mid-scan: the hanging Grype has started (its pid is logged; it starts once Syft's SBOM is written).
    expect(
      await waitUntil(() => existsSync(pidLog) && readFileSync(pidLog, 'utf8').includes('"grype"'), 30_000),
    ).toBe(true);
    process.kill(pid, 'SIGINT');
    const res = await pending;
    expect(res.code).toBe(130);
    expect(existsSync(json)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('container-gate usage errors (exit 3)', () => {
  it.each([
    [['scan', 'alpine:3', '--severity', 'severe'], /severity/],
    [['scan', '$(id)'], /not an image reference/],
    [['scan'], /nothing to scan/],
    [['scan', 'alpine:3', '--scanners', 'trivy,clair'], /unknown scanner "clair"/],
    [
      ['scan', 'alpine:3', '--exceptions', '/nonexistent/ex.yaml'],
      /exceptions file \/nonexistent\/ex.yaml: not found/,
    ],
    [['frobnicate'], /./],
  ])('%j', async (args, message) => {
    const res = await runCli(args, { env: replay() });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(message);
  });

  it('refuses a --sarif that is a directory before scanning, and writes no other output (every output or none)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'blocked.sarif'));
    const json = join(dir, 'r.json');
    const res = await runCli(
      ['scan', 'alpine:3.10', '--scanners', 'trivy', '--json', json, '--sarif', join(dir, 'blocked.sarif')],
      { env: replay() },
    );
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/--sarif .*blocked\.sarif: a directory/);
    expect(res.stderr).not.toMatch(/started/);
    expect(existsSync(json)).toBe(false);
  });
});
