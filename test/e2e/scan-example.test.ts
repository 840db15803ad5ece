import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../src/exec.js';
import { fixtures, runCli, standinBin } from '../support/cli.js';
import {
  BUILDAH_ENV,
  type LocalRegistry,
  realTools,
  repoRoot,
  requireRealTools,
  startRegistry,
  TRIVY_E2E_PATH,
} from '../support/real-tools.js';
import { cyclonedxErrors } from '../support/sbom-schemas.js';
import { multitoolProblems, schemaErrors } from '../unit/report/sarif-support.js';

/**
 * Issue 5's end-to-end run on this machine: the example image built with real buildah, pushed to a real registry
 * on loopback, scanned by container-gate with the real Trivy (secrets, SBOM, config checks), SARIF checked by
 * Microsoft's validator with GitHub's rules. Grype and cosign cannot be had here: their stand-ins record argv.
 */
const ready = requireRealTools('buildah', 'skopeo', 'registry', 'trivy');

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
  ) =>
    runCli(
      [
        'scan',
        `oci-archive:${archive}`,
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

  it('builds, scans and reports; reports vulnerability scanning as unavailable offline, never as zero findings', async () => {
    const out = join(work, 'build-scan');
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
        TRIVY_E2E_PATH,
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
    expect(vuln!.error).toMatch(/vulnerability database could not be downloaded/);
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

    // No Syft here: the SBOM comes from Trivy, CycloneDX, named after the image.
    expect(report.sboms).toEqual([
      expect.objectContaining({ format: 'cyclonedx-json', producer: 'trivy-sbom' }),
    ]);
    const sbom = JSON.parse(readFileSync(report.sboms[0]!.path, 'utf8'));
    expect(sbom.bomFormat).toBe('CycloneDX');
    expect(cyclonedxErrors(sbom)).toEqual([]);
    expect(res.stderr).toMatch(/syft not found on PATH: writing the SBOM with trivy/);

    // One merged SARIF GitHub accepts: schema-valid, no error from the validator's GitHub rules.
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as Sarif.Log;
    expect(schemaErrors(sarif)).toEqual([]);
    expect((await multitoolProblems(sarif)).filter((p) => p.level === 'error')).toEqual([]);
    const ids = sarif.runs.map((r) => r.automationDetails?.id);
    expect(ids).toContain(`container-gate/examples-app-e2e/trivy-secret/`);
    expect(ids.some((id) => id?.includes(String(process.pid)))).toBe(false);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/Gate error/i);
  });

  it('scans an oci-archive: the real Trivy finds the planted token in it', async () => {
    const archive = join(work, 'app-oci.tar');
    const push = await runProcess(realTools.buildah!, {
      args: ['push', tag, `oci-archive:${archive}`],
      env: BUILDAH_ENV,
      timeoutMs: 60_000,
    });
    expect(push.exitCode, push.stderr).toBe(0);
    const json = join(work, 'oci-archive.json');
    const res = await scanSecrets(archive, json, { cwd: repoRoot });
    expect(res.code, res.stderr).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ReportJson;
    expect(report.targets[0]).toMatchObject({ display: `oci-archive:${archive}` });
    expect(report.findings.find((f) => f.id === 'github-pat')).toMatchObject({
      location: { path: 'app/config/token.txt' },
    });
  });

  it('the real Trivy ignores a .trivyignore, trivy.yaml and trivy-secret.yaml in the working directory, and TRIVY_ variables that would hide the token', async () => {
    // Issue 14 item 0: with these in the directory the scan ran from, today's Trivy said "0 findings, gate passed".
    const archive = join(work, 'app-oci.tar');
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
    expect(res.stderr).toMatch(/TRIVY_SECRET_CONFIG, TRIVY_SKIP_DIRS set in the environment were not passed/);
  });

  it('scans the pushed image once exported, records its digest, and hands every scanner the same archive', async () => {
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
      .find((c) => c.tool === 'grype' && c.argv[0] !== '--version')!.argv;
    expect(grypeArgv.at(-1)).toMatch(/^docker-archive:.+\.tar$/);
    expect(res.stderr).toMatch(/exported .* once .*every scanner reads it/);
  });

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
    const byTag = await runCli(['sign', pushed, '--insecure-registry'], { env, path });
    expect(byTag.code).toBe(3);
    expect(byTag.stderr).toMatch(/sign by digest/);
    const sign = await runCli(
      ['sign', pushed, '--insecure-registry', '--resolve-digest', '--key', 'env://COSIGN_KEY'],
      { env, path },
    );
    expect(sign.code, sign.stderr).toBe(0);
    expect(sign.stdout).toContain(`signed ${registry.host}/examples-app@${digest}`);

    const report = join(work, 'registry-scan', 'r.json');
    expect(existsSync(report)).toBe(true);
    const attest = await runCli(
      [
        'attest',
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
