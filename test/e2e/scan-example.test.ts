import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/process/exec.js';
import { fixtures, runCli, standinBin } from '../support/cli.js';
import { writeDatabaseCache } from '../support/database-cache.js';
import {
  argvRecorder,
  BUILDAH_ENV,
  type LocalRegistry,
  realTools,
  repoRoot,
  requireRealTools,
  startRegistry,
  TRIVY_E2E_PATH,
} from '../support/real-tools.js';
import { cyclonedxErrors, spdxErrors } from '../support/sbom-schemas.js';
import { multitoolProblems, schemaErrors } from '../unit/report/sarif-support.js';

/**
 * Issue 5's end-to-end run on this machine: the example image built with real buildah, pushed to a real registry
 * on loopback, scanned by container-gate with the real Trivy (secrets, SBOM, config checks), SARIF checked by
 * Microsoft's validator with GitHub's rules. Grype and cosign cannot be had here: their stand-ins record argv.
 */
const ready = requireRealTools('buildah', 'skopeo', 'registry', 'trivy');
/**
 * Each run here starts the real Trivy several times (database step, pass, conversions), and the Trivy of tools/e2e-deps
 * is UPX-packed: every start decompresses it, seconds of CPU (bench/RESULTS.md). On a loaded 2-core machine that is
 * well over the suite's 60 s default, so these tests get more; the timeout guards a hang, not a speed.
 */
const REAL_TRIVY_TIMEOUT_MS = 300_000;

/** PATH with node, the system tools (buildah, skopeo) and only the named stand-ins. */
function pathWith(dir: string, standins: string[]): string {
  for (const tool of standins) symlinkSync(join(standinBin, tool), join(dir, tool));
  return [dir, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
}

interface ReportJson {
  targets: { display: string; digest?: string }[];
  findings: { id: string; kind: string; foundBy: string[]; location?: { path: string }; target: string }[];
  gate: { status: string };
  scanners: { name: string; status: string; error?: string; target: string }[];
  sboms: { path: string; format: string; producer: string }[];
}

describe.skipIf(!ready)('container-gate on the bundled example with real buildah, registry and Trivy', () => {
  let work: string;
  let registry: LocalRegistry;
  const tag = `examples-app-e2e:${process.pid}`;
  let pushed: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-e2e-scan-'));
    registry = await startRegistry(join(work, 'registry'));
    pushed = `${registry.host}/examples-app:e2e`;
  });

  /** `scan oci-archive:<archive> --scanners trivy-secret` with the real Trivy and no stand-in on PATH. */
  const scanSecrets = async (
    archive: string,
    json: string,
    options: { cwd: string; env?: Record<string, string> },
    extraArgs: string[] = [],
  ) =>
    runCli(
      [
        'scan',
        `oci-archive:${archive}`,
        ...extraArgs,
        '--scanners',
        'trivy-secret',
        '--trivy-path',
        TRIVY_E2E_PATH,
        '--json',
        json,
      ],
      { path: pathWith(await mkdtemp(join(work, 'bin-')), []), ...options },
    );

  afterAll(async () => {
    await registry?.stop();
    await runProcess(realTools.buildah!, {
      args: ['rmi', '--force', tag],
      timeoutMs: 30_000,
      env: BUILDAH_ENV,
    }).catch(() => undefined);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it(
    'builds, scans and reports; reports vulnerability scanning as unavailable offline, never as zero findings',
    async () => {
      const out = join(work, 'build-scan');
      const log = join(work, 'trivy-argv.log');
      const trivy = await argvRecorder(await mkdtemp(join(work, 'rec-')), TRIVY_E2E_PATH, log);
      const res = await runCli(
        [
          'scan',
          '--build',
          '--dockerfile',
          'examples/app/Dockerfile',
          '--context',
          'examples/app',
          '--manifests',
          'examples/k8s',
          '--scanners',
          'trivy,trivy-secret,trivy-config,syft',
          '--trivy-path',
          trivy,
          '--json',
          join(out, 'report.json'),
          '--sarif',
          join(out, 'report.sarif'),
          '--summary',
          join(out, 'summary.md'),
          '--sbom-dir',
          join(out, 'sbom'),
          tag,
        ],
        { env: { ...BUILDAH_ENV }, path: pathWith(await mkdtemp(join(work, 'bin-')), []), cwd: repoRoot },
      );
      expect(res.code, res.stderr).toBe(2);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportJson;

      // Offline, Trivy's vulnerability DB cannot be downloaded: a failed run and an `error` verdict, never a pass.
      const vuln = report.scanners.find((s) => s.name === 'trivy');
      expect(vuln).toMatchObject({ status: 'failed' });
      // Its download step, tried on both mirrors, stops at `Downloading DB...` and exits 1 without an error line;
      // with nothing cached the reason is one line naming what to do.
      expect(vuln!.error).toMatch(
        /^trivy vulnerability database unavailable: every download failed \(mirror\.gcr\.io\/aquasec\/trivy-db: failed \(.*\); ghcr\.io\/aquasecurity\/trivy-db: failed \(.*\)\) and none is cached in .* — name a reachable mirror with --trivy-db-repository/,
      );
      expect(report.gate.status).toBe('error');
      expect(report.findings.some((f) => f.kind === 'vulnerability')).toBe(false);

      // The planted fake token, found by the real Trivy in the built image.
      const token = report.findings.find((f) => f.kind === 'secret' && f.id === 'github-pat');
      expect(token).toMatchObject({
        target: tag,
        foundBy: ['trivy'],
        location: { path: 'app/config/token.txt' },
      });

      // Our root-user rule and Trivy's DS-0002 on the same Dockerfile: one finding, found by both.
      const root = report.findings.filter((f) => f.id === 'CG-D001');
      expect(root).toHaveLength(1);
      expect(root[0]!.foundBy).toEqual(['container-gate', 'trivy']);

      // container-gate's image checks read the exported image's config: it runs as root, with a secret in its Env.
      const imageChecks = report.findings
        .filter((f) => f.target === tag && f.id.startsWith('CG-I'))
        .map((f) => f.id);
      expect(imageChecks).toEqual(expect.arrayContaining(['CG-I001', 'CG-I002']));

      // No Syft here: the SBOMs come from Trivy, converted from its one pass over the image (CycloneDX and SPDX).
      expect(report.sboms.map((s) => `${s.producer}:${s.format}`).sort()).toEqual([
        'trivy-sbom:cyclonedx-json',
        'trivy-sbom:spdx-json',
      ]);
      const sbom = JSON.parse(
        readFileSync(report.sboms.find((s) => s.format === 'cyclonedx-json')!.path, 'utf8'),
      );
      expect(sbom.bomFormat).toBe('CycloneDX');
      expect(cyclonedxErrors(sbom)).toEqual([]);
      const spdx = JSON.parse(readFileSync(report.sboms.find((s) => s.format === 'spdx-json')!.path, 'utf8'));
      expect(spdxErrors(spdx)).toEqual([]);
      expect(report.scanners.find((s) => s.name === 'trivy-sbom')).toMatchObject({ status: 'ok' });
      expect(res.stderr).toMatch(/syft not found on PATH: writing the SBOM with trivy/);

      // One image analysis by Trivy: the database step, one pass (secrets and packages, no vuln once the database
      // failed), and two conversions of its report; `trivy config` reads the Dockerfile and manifests, not the image.
      const trivyCalls = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { argv: string[] });
      expect(
        trivyCalls
          .filter((c) => c.argv[0] === 'image')
          .map((c) => c.argv.find((a) => /^--(scanners|download-db-only)/.test(a))),
      ).toEqual(['--download-db-only', '--download-db-only', '--scanners=secret']);
      expect(trivyCalls.filter((c) => c.argv[0] === 'convert')).toHaveLength(2);
      // The checks bundle is fetched once, by its own step (one `trivy config` per mirror, offline both fail and
      // Trivy carries on with its embedded checks, pkg/commands/artifact/run.go:724-727); the `trivy config` scans of
      // the Dockerfile and the manifests then skip the update (the e2e build says `dev`: --skip-policy-update).
      const configCalls = trivyCalls.filter((c) => c.argv[0] === 'config');
      const bundleSteps = configCalls.filter((c) => c.argv.includes('--policy-bundle-repository'));
      expect(bundleSteps.map((c) => c.argv[c.argv.indexOf('--policy-bundle-repository') + 1])).toEqual([
        'mirror.gcr.io/aquasec/trivy-checks:2',
        'ghcr.io/aquasecurity/trivy-checks:2',
      ]);
      const configScans = configCalls.filter((c) => !bundleSteps.includes(c));
      expect(configScans.length).toBeGreaterThan(0);
      for (const call of configScans) expect(call.argv).toContain('--skip-policy-update');
      expect(res.stderr).toMatch(
        /trivy checks bundle unavailable: .*; trivy config uses the checks embedded in trivy/,
      );

      // One merged SARIF GitHub accepts: schema-valid, no error from the validator's GitHub rules.
      const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as Sarif.Log;
      expect(schemaErrors(sarif)).toEqual([]);
      expect((await multitoolProblems(sarif)).filter((p) => p.level === 'error')).toEqual([]);
      const ids = sarif.runs.map((r) => r.automationDetails?.id);
      expect(ids).toContain(`container-gate/examples-app-e2e/trivy-secret/`);
      expect(ids.some((id) => id?.includes(String(process.pid)))).toBe(false);
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/Gate error/i);
    },
    REAL_TRIVY_TIMEOUT_MS,
  );

  // --export auto converts the OCI tarball to a docker-archive with skopeo; --export never keeps it, and Trivy, whose
  // --input cannot open an OCI tarball (trivy v0.74.0 pkg/fanal/image/oci.go), reads the layout unpacked from it.
  it.each(['auto', 'never'])(
    'scans an oci-archive with --export %s: the real Trivy finds the planted token in it',
    async (mode) => {
      const archive = join(work, `app-oci-${mode}.tar`);
      const push = await runProcess(realTools.buildah!, {
        args: ['push', tag, `oci-archive:${archive}`],
        env: BUILDAH_ENV,
        timeoutMs: 60_000,
      });
      expect(push.exitCode, push.stderr).toBe(0);
      const json = join(work, `oci-archive-${mode}.json`);
      const res = await scanSecrets(archive, json, { cwd: repoRoot }, ['--export', mode]);
      expect(res.code, res.stderr).toBe(1);
      const report = JSON.parse(readFileSync(json, 'utf8')) as ReportJson;
      expect(report.targets[0]).toMatchObject({ display: `oci-archive:${archive}` });
      expect(report.findings.find((f) => f.id === 'github-pat')).toMatchObject({
        location: { path: 'app/config/token.txt' },
      });
      if (mode === 'never') expect(res.stderr).toMatch(/unpacked .* to an OCI layout for trivy/);
    },
    REAL_TRIVY_TIMEOUT_MS,
  );

  it(
    'the real Trivy ignores a .trivyignore, trivy.yaml and trivy-secret.yaml in the working directory, and TRIVY_ variables that would hide the token',
    async () => {
      // Issue 14 item 0: with these in the directory the scan ran from, today's Trivy said "0 findings, gate passed".
      // The archive the --export never case above wrote.
      const archive = join(work, 'app-oci-never.tar');
      expect(existsSync(archive)).toBe(true);
      const repo = await mkdtemp(join(work, 'repo-'));
      writeFileSync(join(repo, '.trivyignore'), 'github-pat\n');
      writeFileSync(join(repo, 'trivy.yaml'), 'scan:\n  skip-dirs: [app]\n');
      writeFileSync(join(repo, 'trivy-secret.yaml'), 'disable-rules: [github-pat]\n');
      const secretConfig = join(repo, 'elsewhere-secret.yaml');
      writeFileSync(secretConfig, 'disable-rules: [github-pat]\n');
      const json = join(repo, 'r.json');
      const res = await scanSecrets(archive, json, {
        cwd: repo,
        env: { TRIVY_SECRET_CONFIG: secretConfig, TRIVY_SKIP_DIRS: 'app' },
      });
      expect(res.code, res.stderr).toBe(1);
      const report = JSON.parse(readFileSync(json, 'utf8')) as ReportJson;
      expect(report.findings.find((f) => f.id === 'github-pat')).toMatchObject({
        location: { path: 'app/config/token.txt' },
      });
      expect(res.stderr).toMatch(
        /TRIVY_SECRET_CONFIG, TRIVY_SKIP_DIRS set in the environment were not passed/,
      );
    },
    REAL_TRIVY_TIMEOUT_MS,
  );

  it(
    'scans the pushed image once exported, records its digest, and hands every scanner the same archive',
    async () => {
      const push = await runProcess(realTools.buildah!, {
        args: ['push', '--tls-verify=false', tag, `docker://${pushed}`],
        env: BUILDAH_ENV,
        timeoutMs: 60_000,
      });
      expect(push.exitCode, push.stderr).toBe(0);
      const inspected = await runProcess(realTools.skopeo!, {
        args: ['inspect', '--tls-verify=false', `docker://${pushed}`],
        timeoutMs: 30_000,
      });
      const digest = JSON.parse(inspected.stdout).Digest as string;
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

      const out = join(work, 'registry-scan');
      const log = join(work, 'argv.log');
      const res = await runCli(
        [
          'scan',
          pushed,
          '--insecure-registry',
          '--scanners',
          'trivy-secret,grype',
          '--trivy-path',
          TRIVY_E2E_PATH,
          '--json',
          join(out, 'r.json'),
        ],
        {
          env: { STANDIN_ARGV_LOG: log, STANDIN_GRYPE: join(fixtures, 'grype/presenter-image.json') },
          path: pathWith(await mkdtemp(join(work, 'bin-')), ['grype']),
          cwd: repoRoot,
        },
      );
      const report = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')) as ReportJson;
      expect(
        report.scanners.map((s) => `${s.name}:${s.status}`).sort(),
        JSON.stringify(report.scanners),
      ).toEqual(['container-gate:ok', 'grype:ok', 'trivy-secret:ok']);
      expect(res.code).toBe(1);
      expect(report.targets[0]).toMatchObject({ display: pushed, digest });
      expect(report.findings.some((f) => f.id === 'github-pat')).toBe(true);

      // Export once: Grype (stand-in) was handed the archive the real Trivy also read, not the registry reference.
      const grypeArgv = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { tool: string; argv: string[] })
        // The scan: not `--version`, nor the database step (`grype db update`, `grype db status`).
        .find((c) => c.tool === 'grype' && c.argv[0] !== '--version' && c.argv[0] !== 'db')!.argv;
      expect(grypeArgv.slice(-4, -1)).toEqual(['--from', 'docker-archive', '--']);
      expect(grypeArgv.at(-1)).toMatch(/\.docker\.tar$/);
      expect(res.stderr).toMatch(/exported .* once .*every scanner reads it/);
    },
    REAL_TRIVY_TIMEOUT_MS,
  );

  it(
    're-scans the real Trivy SBOM of the pushed image as sbom:<file>: named and digested from it, fail closed offline',
    async () => {
      const inspected = await runProcess(realTools.skopeo!, {
        args: ['inspect', '--tls-verify=false', `docker://${pushed}`],
        timeoutMs: 30_000,
      });
      const digest = JSON.parse(inspected.stdout).Digest as string;
      const dir = await mkdtemp(join(work, 'sbom-rescan-'));
      const sboms: Record<string, string> = {};
      for (const [format, file] of [
        ['cyclonedx', 'app.cdx.json'],
        ['spdx-json', 'app.spdx.json'],
      ] as const) {
        sboms[format] = join(dir, file);
        const made = await runProcess(TRIVY_E2E_PATH, {
          args: [
            'image',
            '--quiet',
            '--cache-dir',
            join(dir, 'cache'),
            '--insecure',
            '--image-src',
            'remote',
            '--format',
            format,
            '--output',
            sboms[format]!,
            pushed,
          ],
          timeoutMs: 120_000,
        });
        expect(made.exitCode, made.stderr).toBe(0);
      }
      const log = join(dir, 'argv.log');
      const path = pathWith(await mkdtemp(join(work, 'bin-')), ['grype']);
      for (const file of Object.values(sboms)) {
        const json = join(dir, 'r.json');
        const res = await runCli(
          [
            'scan',
            `sbom:${file}`,
            '--scanners',
            'trivy,grype',
            '--trivy-path',
            TRIVY_E2E_PATH,
            '--json',
            json,
          ],
          {
            env: { STANDIN_ARGV_LOG: log, STANDIN_GRYPE: join(fixtures, 'grype/presenter-image.json') },
            path,
          },
        );
        const report = JSON.parse(readFileSync(json, 'utf8')) as ReportJson & {
          targets: { name: string; kind: string }[];
        };
        // The name and the registry's digest, from the metadata Trivy wrote into the SBOM.
        expect(report.targets).toEqual([
          { display: `sbom:${file}`, name: `${registry.host}/examples-app`, kind: 'sbom', digest },
        ]);
        // Offline, the real Trivy's database step fails: trivy is an error, grype (stand-in) read the file.
        expect(report.scanners.find((s) => s.name === 'trivy')).toMatchObject({ status: 'failed' });
        expect(report.scanners.find((s) => s.name === 'grype')).toMatchObject({ status: 'ok' });
        expect(res.code).toBe(2);
        // The example is FROM scratch with a few files: the real Trivy's SBOM of it lists no packages, which is said.
        expect(res.stderr).toContain(`sbom:${file}: lists no packages, so its scan finds nothing`);
      }
      const grypeCalls = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { argv: string[] })
        // Not `--version`, nor its database step (`grype db update`, `grype db status`).
        .filter((c) => c.argv[0] !== '--version' && c.argv[0] !== 'db');
      expect(grypeCalls.map((c) => c.argv.at(-1))).toEqual(Object.values(sboms).map((f) => `sbom:${f}`));
    },
    REAL_TRIVY_TIMEOUT_MS,
  );

  /**
   * Issue 16's offline path with the real Trivy, whose database download fails here: `--offline` never starts a
   * download, fails closed (exit 2) naming the flag when nothing is cached, and with a young enough cache (Trivy's own
   * test database, test/fixtures/databases) the real Trivy scans through container-gate's cache with --skip-db-update.
   */
  it(
    'with --offline: no cache is exit 2 naming the flag and no download; a cache within --db-max-age is scanned by the real Trivy',
    async () => {
      const archive = join(work, 'app-offline.tar');
      const push = await runProcess(realTools.buildah!, {
        args: ['push', tag, `oci-archive:${archive}`],
        env: BUILDAH_ENV,
        timeoutMs: 60_000,
      });
      expect(push.exitCode, push.stderr).toBe(0);
      const scanOffline = async (cache: string) => {
        const dir = await mkdtemp(join(work, 'offline-'));
        const log = join(dir, 'trivy-argv.log');
        const trivy = await argvRecorder(dir, TRIVY_E2E_PATH, log);
        const json = join(dir, 'r.json');
        const res = await runCli(
          [
            'scan',
            `oci-archive:${archive}`,
            '--scanners',
            'trivy',
            '--no-checks',
            '--offline',
            '--cache-dir',
            cache,
            '--trivy-path',
            trivy,
            '--json',
            json,
          ],
          { path: pathWith(await mkdtemp(join(work, 'bin-')), []), cwd: repoRoot },
        );
        const calls = existsSync(log)
          ? readFileSync(log, 'utf8')
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line) as { argv: string[] })
          : [];
        const report = JSON.parse(readFileSync(json, 'utf8')) as Omit<ReportJson, 'scanners'> & {
          scanners: (ReportJson['scanners'][number] & { database?: Record<string, unknown> })[];
        };
        return { res, calls, report };
      };

      const none = await scanOffline(await mkdtemp(join(work, 'empty-cache-')));
      expect(none.res.code, none.res.stderr).toBe(2);
      expect(none.calls.filter((c) => c.argv.includes('--download-db-only'))).toEqual([]);
      expect(none.report.scanners.find((s) => s.name === 'trivy')!.error).toMatch(
        /^trivy vulnerability database unavailable: --offline forbids downloading and none is cached in .* — run once without --offline/,
      );

      const cache = await mkdtemp(join(work, 'young-cache-'));
      writeDatabaseCache(cache, {
        builtAgoMs: 20 * 3_600_000,
        downloadedAgoMs: 19 * 3_600_000,
        databases: ['trivy-db'],
      });
      const young = await scanOffline(cache);
      expect(young.res.code, young.res.stderr).not.toBe(2);
      expect(young.calls.filter((c) => c.argv.includes('--download-db-only'))).toEqual([]);
      const trivyRun = young.report.scanners.find((s) => s.name === 'trivy')!;
      expect(trivyRun.status, JSON.stringify(trivyRun)).toBe('ok');
      expect(trivyRun.database).toMatchObject({ name: 'trivy-db', schemaVersion: '2', fromCache: true });
      expect(young.res.stderr).toMatch(
        /trivy vulnerability database: --offline: not checked for a newer one; the cached one, built 20h ago \(within --db-max-age 72h\), was used/,
      );
      // The real Trivy read the database through a --cache-dir of its own, told not to update it.
      const pass = young.calls.find((c) => c.argv.some((a) => a.startsWith('--scanners=')))!;
      expect(pass.argv).toEqual(expect.arrayContaining(['--skip-db-update', '--scanners=vuln']));
    },
    REAL_TRIVY_TIMEOUT_MS,
  );

  it('signs and attests the pushed image by digest with the cosign stand-in, never putting secrets on argv', async () => {
    const inspected = await runProcess(realTools.skopeo!, {
      args: ['inspect', '--tls-verify=false', `docker://${pushed}`],
      timeoutMs: 30_000,
    });
    const digest = JSON.parse(inspected.stdout).Digest as string;
    const log = join(work, 'cosign.log');
    const path = pathWith(await mkdtemp(join(work, 'bin-')), ['cosign']);
    const secrets = { COSIGN_PASSWORD: 'pw-never-on-argv', REGISTRY_PASSWORD: 'reg-never-on-argv' };
    const env = { STANDIN_ARGV_LOG: log, ...secrets };

    // A tag is refused; with --resolve-digest the registry's digest is what gets signed.
    const byTag = await runCli(['sign', '--signer', 'cosign', pushed, '--insecure-registry'], { env, path });
    expect(byTag.code).toBe(3);
    expect(byTag.stderr).toMatch(/sign by digest/);
    const sign = await runCli(
      [
        'sign',
        '--signer',
        'cosign',
        pushed,
        '--insecure-registry',
        '--resolve-digest',
        '--key',
        'env://COSIGN_KEY',
      ],
      { env, path },
    );
    expect(sign.code, sign.stderr).toBe(0);
    expect(sign.stdout).toContain(`signed ${registry.host}/examples-app@${digest}`);

    const report = join(work, 'registry-scan', 'r.json');
    expect(existsSync(report)).toBe(true);
    const attest = await runCli(
      [
        'attest',
        '--signer',
        'cosign',
        `${registry.host}/examples-app@${digest}`,
        '--type',
        'vuln',
        '--from-report',
        report,
        '--insecure-registry',
      ],
      { env, path },
    );
    expect(attest.code, attest.stderr).toBe(0);

    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { argv: string[] });
    const [signCall, attestCall] = calls.filter((c) => c.argv[0] === 'sign' || c.argv[0] === 'attest');
    expect(signCall!.argv).toEqual(expect.arrayContaining(['sign', '--yes', '--key', 'env://COSIGN_KEY']));
    expect(signCall!.argv.at(-1)).toBe(`${registry.host}/examples-app@${digest}`);
    expect(attestCall!.argv).toEqual(
      expect.arrayContaining(['attest', '--yes', '--type', 'vuln', '--predicate']),
    );
    expect(attestCall!.argv.at(-1)).toBe(`${registry.host}/examples-app@${digest}`);
    for (const call of calls) {
      for (const secret of Object.values(secrets)) expect(call.argv.join(' ')).not.toContain(secret);
    }
  });
});
