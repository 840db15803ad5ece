import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDigest } from '../../src/image/digest.js';
import { exportImage } from '../../src/image/export.js';
import { listPlatforms } from '../../src/image/platforms.js';
import { parseTarget } from '../../src/image/reference.js';
import { runProcess } from '../../src/process/exec.js';
import { runCli } from '../support/cli.js';
import {
  BUILDAH_ENV,
  type LocalRegistry,
  realTools,
  requireRealTools,
  startRegistry,
  TRIVY_E2E_PATH,
} from '../support/real-tools.js';

const ready = requireRealTools('buildah', 'skopeo', 'registry');
const ARCHES = ['amd64', 'arm64'] as const;

async function run(file: string, args: string[], env?: Record<string, string>) {
  const res = await runProcess(file, { args, timeoutMs: 60_000, ...(env ? { env } : {}) });
  if (res.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} → exit ${res.exitCode}: ${res.stderr}`);
  return res.stdout;
}

describe.skipIf(!ready)('a multi-platform image in a real registry', () => {
  let work: string;
  let registry: LocalRegistry;
  let reference: string;
  const list = `cg-e2e-list:${process.pid}`;
  const images = ARCHES.map((arch) => `cg-e2e-multi-${arch}:${process.pid}`);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-e2e-platforms-'));
    registry = await startRegistry(join(work, 'registry'));
    const context = join(work, 'context');
    await mkdir(context);
    await writeFile(join(context, 'hello.txt'), 'hello\n');
    await writeFile(join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    // FROM scratch with COPY only runs nothing, so an arm64 image builds on any host without emulation.
    for (const [i, arch] of ARCHES.entries()) {
      await run(
        realTools.buildah!,
        [
          'build',
          '--quiet',
          '--arch',
          arch,
          '--tag',
          images[i]!,
          '--file',
          join(context, 'Dockerfile'),
          context,
        ],
        BUILDAH_ENV,
      );
    }
    await run(realTools.buildah!, ['manifest', 'create', list], BUILDAH_ENV);
    for (const image of images) await run(realTools.buildah!, ['manifest', 'add', list, image], BUILDAH_ENV);
    reference = `${registry.host}/cg-e2e/multi:1`;
    await run(
      realTools.buildah!,
      ['manifest', 'push', '--quiet', '--all', '--tls-verify=false', list, `docker://${reference}`],
      BUILDAH_ENV,
    );
  });

  afterAll(async () => {
    await registry?.stop();
    const remove = (args: string[]) =>
      runProcess(realTools.buildah!, { args, timeoutMs: 30_000, env: BUILDAH_ENV }).catch(() => undefined);
    // A manifest list is not removed by rmi.
    await remove(['manifest', 'rm', list]);
    for (const image of images) await remove(['rmi', '--force', image]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists every platform of the index with its own manifest digest', async () => {
    const raw = JSON.parse(
      await run(realTools.skopeo!, ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`]),
    ) as {
      manifests: { digest: string; platform: { os: string; architecture: string } }[];
    };
    const expected = raw.manifests
      .map((m) => ({ platform: `${m.platform.os}/${m.platform.architecture}`, digest: m.digest }))
      .sort((a, b) => a.platform.localeCompare(b.platform));
    const platforms = await listPlatforms(parseTarget(reference), { insecureRegistry: true });
    expect(platforms).toEqual(expected);
    expect(platforms.map((p) => p.platform)).toEqual(ARCHES.map((arch) => `linux/${arch}`));
  });

  it('resolves the index digest, the one to sign for every platform at once', async () => {
    const raw = await run(realTools.skopeo!, [
      'inspect',
      '--raw',
      '--tls-verify=false',
      `docker://${reference}`,
    ]);
    expect(await resolveDigest(parseTarget(reference), { insecureRegistry: true })).toBe(
      `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    );
  });

  it('exports the platform asked for, not the host one', async () => {
    for (const arch of ARCHES) {
      const exported = await exportImage(parseTarget(reference, `linux/${arch}`), {
        workDir: join(work, `export-${arch}`),
        mode: 'always',
        insecureRegistry: true,
      });
      expect(exported?.target.platform).toBe(`linux/${arch}`);
      const manifest = JSON.parse(await run('tar', ['-xOf', exported!.target.path!, 'manifest.json'])) as {
        Config: string;
      }[];
      const config = JSON.parse(await run('tar', ['-xOf', exported!.target.path!, manifest[0]!.Config])) as {
        architecture: string;
      };
      expect(config.architecture).toBe(arch);
    }
  });

  it('container-gate scan covers every platform of the index, each a target of its own', async () => {
    const out = join(work, 'scan');
    const res = await runCli(
      [
        'scan',
        reference,
        '--insecure-registry',
        '--no-checks',
        '--scanners',
        'trivy-secret',
        '--trivy-path',
        TRIVY_E2E_PATH,
        '--json',
        join(out, 'r.json'),
        '--sarif',
        join(out, 'r.sarif'),
      ],
      { env: { ...BUILDAH_ENV } },
    );
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'r.json'), 'utf8'));
    const listed = await listPlatforms(parseTarget(reference), { insecureRegistry: true });
    // Each platform also carries the index digest: the one signature for all platforms goes there.
    const indexDigest = await resolveDigest(parseTarget(reference), { insecureRegistry: true });
    expect(report.targets).toEqual(
      listed.map((p) =>
        expect.objectContaining({
          display: `${reference} [${p.platform}]`,
          platform: p.platform,
          digest: p.digest,
          indexDigest,
        }),
      ),
    );
    expect(
      report.scanners.filter(
        (s: { name: string; status: string }) => s.name === 'trivy-secret' && s.status === 'ok',
      ),
    ).toHaveLength(listed.length);
    const sarif = JSON.parse(await readFile(join(out, 'r.sarif'), 'utf8'));
    const ids = sarif.runs.map((r: { automationDetails: { id: string } }) => r.automationDetails.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of listed) expect(ids.some((id: string) => id.includes(`/${p.platform}/`))).toBe(true);
  });

  it('container-gate scan --platform scans only the platform asked for', async () => {
    const json = join(work, 'one.json');
    const res = await runCli(
      [
        'scan',
        reference,
        '--insecure-registry',
        '--no-checks',
        '--platform',
        'linux/arm64',
        '--scanners',
        'trivy-secret',
        '--trivy-path',
        TRIVY_E2E_PATH,
        '--json',
        json,
      ],
      { env: { ...BUILDAH_ENV } },
    );
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.targets).toEqual([
      expect.objectContaining({ display: reference, platform: 'linux/arm64' }),
    ]);
    // The digest recorded (and signed by `sign: true`) is the arm64 image's, not the index's: a signature on the
    // index would vouch for the amd64 image too, which this run never scanned.
    const arm64 = (await listPlatforms(parseTarget(reference), { insecureRegistry: true })).find(
      (p) => p.platform === 'linux/arm64',
    )!;
    expect(report.targets[0].digest).toBe(arm64.digest);
    expect(report.targets[0].indexDigest).toBeUndefined();
  });
});
