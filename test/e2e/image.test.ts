import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, detectBuilder, provenanceLabels } from '../../src/image/build.js';
import { resolveDigest } from '../../src/image/digest.js';
import { exportImage } from '../../src/image/export.js';
import { listPlatforms } from '../../src/image/platforms.js';
import { parseTarget } from '../../src/image/reference.js';
import type { BuildRequest } from '../../src/options.js';
import { runProcess } from '../../src/process/exec.js';
import {
  BUILDAH_ENV,
  type LocalRegistry,
  realTools,
  repoRoot,
  requireRealTools,
  startRegistry,
} from '../support/real-tools.js';

const ready = requireRealTools('buildah', 'skopeo', 'registry', 'trivy');
const GITHUB_TOKEN = /ghp_[A-Za-z0-9]{36}/;

async function run(file: string, args: string[], env?: Record<string, string>) {
  const res = await runProcess(file, { args, timeoutMs: 60_000, ...(env ? { env } : {}) });
  if (res.exitCode !== 0) throw new Error(`${file} ${args.join(' ')} → exit ${res.exitCode}: ${res.stderr}`);
  return res.stdout;
}

/** Files in the build context holding a GitHub token: what Trivy must find in the image. */
async function plantedTokens(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (GITHUB_TOKEN.test(await readFile(path, 'utf8'))) found.push(relative(dir, path));
  }
  return found.sort();
}

/** examples/app when another helper has written it, else a FROM scratch context made here with a planted token. */
async function buildContext(work: string): Promise<{ context: string; dockerfile: string }> {
  const example = join(repoRoot, 'examples/app');
  if (existsSync(join(example, 'Dockerfile')))
    return { context: example, dockerfile: join(example, 'Dockerfile') };
  const context = join(work, 'context');
  await mkdir(join(context, 'config'), { recursive: true });
  await writeFile(join(context, 'config/token.txt'), 'ghp_e2eTokenPlantedForContainerGate0000\n');
  await writeFile(join(context, 'Dockerfile'), 'FROM scratch\nCOPY . /app\n');
  return { context, dockerfile: join(context, 'Dockerfile') };
}

describe.skipIf(!ready)(
  'build, push, digest and export with real buildah, skopeo and docker-registry',
  () => {
    let work: string;
    let registry: LocalRegistry;
    let request: BuildRequest;
    let exportedFromRegistry: string | undefined;
    const tag = `cg-e2e-app:${process.pid}`;
    const previousEnv = {
      STORAGE_DRIVER: process.env.STORAGE_DRIVER,
      BUILDAH_ISOLATION: process.env.BUILDAH_ISOLATION,
    };

    beforeAll(async () => {
      // exportImage runs buildah push with the environment of this process: it must see the same storage.
      Object.assign(process.env, BUILDAH_ENV);
      work = await mkdtemp(join(tmpdir(), 'cg-e2e-image-'));
      registry = await startRegistry(join(work, 'registry'));
      const { context, dockerfile } = await buildContext(work);
      request = {
        context,
        dockerfile,
        tag,
        builder: 'buildah',
        labels: provenanceLabels(
          { GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: 'e2e0000000000000000000000000000000000000' },
          new Date(0),
        ),
        buildArgs: {},
      };
    });

    afterAll(async () => {
      await registry?.stop();
      await runProcess(realTools.buildah!, {
        args: ['rmi', '--force', tag],
        timeoutMs: 30_000,
        env: BUILDAH_ENV,
      }).catch(() => undefined);
      if (work) await rm(work, { recursive: true, force: true });
      for (const [key, value] of Object.entries(previousEnv)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it('picks buildah when asked, and falls through to it on auto when no Docker daemon answers', async () => {
      expect((await detectBuilder('buildah')).name).toBe('buildah');
      const daemon = await runProcess('docker', { args: ['info'], timeoutMs: 10_000 }).catch(() => undefined);
      if (daemon?.exitCode !== 0) expect((await detectBuilder('auto')).name).not.toBe('buildx');
    });

    it('builds the image with buildah, carrying the OCI provenance labels', async () => {
      const built = await buildImage(request, { workDir: join(work, 'build'), env: BUILDAH_ENV });
      expect(built.builder).toBe('buildah');
      expect(built.reference).toBe(tag);
      const inspected = JSON.parse(
        await run(realTools.buildah!, ['inspect', '--type', 'image', tag], BUILDAH_ENV),
      ) as {
        FromImageID: string;
        OCIv1: { config: { Labels?: Record<string, string> } };
      };
      expect(built.imageId).toBe(`sha256:${inspected.FromImageID}`);
      for (const [key, value] of Object.entries(request.labels))
        expect(inspected.OCIv1.config.Labels?.[key]).toBe(value);
    });

    it('exports the just-built image once with buildah push, to an archive of the size it reports', async () => {
      const exported = await exportImage(parseTarget(tag), {
        workDir: join(work, 'export-local'),
        mode: 'always',
        builtWith: 'buildah',
        insecureRegistry: false,
      });
      expect(exported?.tool).toBe('buildah');
      expect(exported?.target.kind).toBe('docker-archive');
      expect(exported?.target.display).toBe(tag);
      expect((await stat(exported!.target.path!)).size).toBe(exported!.bytes);
      const manifest = JSON.parse(await run('tar', ['-xOf', exported!.target.path!, 'manifest.json'])) as {
        RepoTags?: string[];
      }[];
      expect(manifest[0]?.RepoTags).toContain(`localhost/${tag}`);
    });

    it('resolves the digest the registry serves after a push (sha256 of the raw manifest)', async () => {
      const pushed = `${registry.host}/cg-e2e/app:1`;
      await run(
        realTools.buildah!,
        ['push', '--quiet', '--tls-verify=false', tag, `docker://${pushed}`],
        BUILDAH_ENV,
      );
      const raw = await run(realTools.skopeo!, [
        'inspect',
        '--raw',
        '--tls-verify=false',
        `docker://${pushed}`,
      ]);
      const inspected = JSON.parse(
        await run(realTools.skopeo!, ['inspect', '--tls-verify=false', `docker://${pushed}`]),
      ) as { Digest: string };
      const digest = await resolveDigest(parseTarget(pushed), { insecureRegistry: true });
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(digest).toBe(`sha256:${createHash('sha256').update(raw).digest('hex')}`);
      expect(digest).toBe(inspected.Digest);
      expect(await listPlatforms(parseTarget(pushed), { insecureRegistry: true })).toEqual([]);
    });

    it('exports from the registry with skopeo when nothing local has the image', async () => {
      const pushed = `${registry.host}/cg-e2e/app:1`;
      const exported = await exportImage(parseTarget(pushed), {
        workDir: join(work, 'export-registry'),
        mode: 'always',
        insecureRegistry: true,
      });
      expect(exported?.tool).toBe('skopeo');
      expect(exported?.target).toMatchObject({
        display: pushed,
        name: `${registry.host}/cg-e2e/app`,
        kind: 'docker-archive',
      });
      expect((await stat(exported!.target.path!)).size).toBe(exported!.bytes);
      exportedFromRegistry = exported!.target.path;
    });

    it('lets real Trivy find the planted token in the exported archive', async () => {
      expect(exportedFromRegistry).toBeDefined();
      const planted = await plantedTokens(request.context);
      const out = await run(realTools.trivy!, [
        'image',
        '--quiet',
        '--cache-dir',
        join(work, 'trivy-cache'),
        '--scanners',
        'secret',
        '--format',
        'json',
        `--input=${exportedFromRegistry}`,
      ]);
      const report = JSON.parse(out) as { Results?: { Target: string; Secrets?: { RuleID: string }[] }[] };
      const withSecrets = (report.Results ?? []).filter((r) =>
        (r.Secrets ?? []).some((s) => s.RuleID === 'github-pat'),
      );
      for (const file of planted) expect(withSecrets.some((r) => r.Target.endsWith(`/${file}`))).toBe(true);
      expect(withSecrets.length).toBeGreaterThanOrEqual(planted.length);
    });

    it('fails an always-export of an image no registry has, and leaves no archive behind', async () => {
      const missing = parseTarget(`${registry.host}/cg-e2e/absent:1`);
      const dir = join(work, 'export-missing');
      await expect(
        exportImage(missing, { workDir: dir, mode: 'always', insecureRegistry: true }),
      ).rejects.toThrow(/export .*absent:1: skopeo failed/);
      expect(existsSync(join(dir, 'export')) ? await readdir(join(dir, 'export')) : []).toEqual([]);
      const warnings: string[] = [];
      await expect(
        exportImage(missing, {
          workDir: dir,
          mode: 'auto',
          insecureRegistry: true,
          onWarning: (w) => warnings.push(w),
        }),
      ).resolves.toBeUndefined();
      expect(warnings).toHaveLength(1);
    });
  },
);
