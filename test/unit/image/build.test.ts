import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommand, buildImage, detectBuilder, provenanceLabels } from '../../../src/image/build.js';
import type { BuildRequest } from '../../../src/options.js';
import { RunError, UsageError } from '../../../src/util/errors.js';
import { fakeBinDir, fakeTool, parseFakeLog } from '../tools/fake-bin.js';

const request = (over: Partial<BuildRequest> = {}): BuildRequest => ({
  context: 'app',
  dockerfile: 'app/Dockerfile',
  tag: 'acme/api:ci',
  builder: 'auto',
  labels: {
    'org.opencontainers.image.source': 'https://github.com/acme/api',
    'org.opencontainers.image.revision': 'abc123',
  },
  buildArgs: { VERSION: '1.2.3', BASE: '-looks-like-a-flag' },
  ...over,
});
const files = { iidFile: '/w/build.iid', metadataFile: '/w/build-metadata.json' };

describe('provenanceLabels', () => {
  const now = new Date('2026-11-22T10:00:00Z');

  it('derives source, revision and created from the GitHub Actions environment', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.example.com/',
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_SHA: 'f00dfeed',
    };
    expect(provenanceLabels(env, now)).toEqual({
      'org.opencontainers.image.source': `https://github.example.com/${env.GITHUB_REPOSITORY}`,
      'org.opencontainers.image.revision': env.GITHUB_SHA,
      'org.opencontainers.image.created': now.toISOString(),
    });
  });

  it('has only created outside CI, and takes it from SOURCE_DATE_EPOCH for reproducible builds', () => {
    expect(provenanceLabels({}, now)).toEqual({ 'org.opencontainers.image.created': now.toISOString() });
    const epoch = 1_700_000_000;
    expect(
      provenanceLabels({ SOURCE_DATE_EPOCH: String(epoch) }, now)['org.opencontainers.image.created'],
    ).toBe(new Date(epoch * 1000).toISOString());
  });
});

describe('buildCommand', () => {
  it('builds with buildah: tag, file, iidfile, sorted labels and build args as single tokens, context after --', () => {
    expect(buildCommand('buildah', request(), files)).toEqual([
      'build',
      '--tag',
      'acme/api:ci',
      '--file',
      'app/Dockerfile',
      '--iidfile',
      files.iidFile,
      '--label',
      'org.opencontainers.image.revision=abc123',
      '--label',
      'org.opencontainers.image.source=https://github.com/acme/api',
      '--build-arg',
      'BASE=-looks-like-a-flag',
      '--build-arg',
      'VERSION=1.2.3',
      '--',
      'app',
    ]);
  });

  it('builds with podman the same way', () => {
    expect(buildCommand('podman', request(), files)).toEqual(buildCommand('buildah', request(), files));
  });

  it('builds with docker buildx, loading the result into the daemon and writing the metadata file', () => {
    const args = buildCommand('buildx', request(), files);
    expect(args.slice(0, 3)).toEqual(['buildx', 'build', '--load']);
    expect(args.slice(-4)).toEqual(['--metadata-file', files.metadataFile, '--', 'app']);
  });

  it('refuses a tag that is not an image name, and malformed labels or build args', () => {
    expect(() => buildCommand('buildah', request({ tag: '--output=/etc' }), files)).toThrow(UsageError);
    expect(() =>
      buildCommand('buildah', request({ tag: `acme/api@sha256:${'a'.repeat(64)}` }), files),
    ).toThrow(/not an image name/);
    expect(() => buildCommand('buildah', request({ labels: { 'bad key': 'x' } }), files)).toThrow(
      /label "bad key"/,
    );
    expect(() => buildCommand('buildah', request({ buildArgs: { '1X': 'y' } }), files)).toThrow(
      /build arg "1X"/,
    );
    expect(() => buildCommand('buildah', request({ buildArgs: { X: 'two\nlines' } }), files)).toThrow(
      UsageError,
    );
  });
});

describe('detectBuilder', () => {
  let bin: string;
  beforeAll(async () => {
    bin = await fakeBinDir();
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));

  it('falls through a docker CLI whose daemon does not answer to buildah', async () => {
    const dir = await mkdtemp(join(bin, 'nodaemon-'));
    await fakeTool(
      dir,
      'docker',
      'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock." >&2; exit 1',
    );
    const buildah = await fakeTool(dir, 'buildah', 'exit 0');
    expect(await detectBuilder('auto', { PATH: dir })).toEqual({ name: 'buildah', executable: buildah });
  });

  it('prefers docker buildx when the daemon answers and the plugin is there', async () => {
    const dir = await mkdtemp(join(bin, 'daemon-'));
    const docker = await fakeTool(dir, 'docker', 'echo 27.0.1; exit 0');
    await fakeTool(dir, 'buildah', 'exit 0');
    expect(await detectBuilder('auto', { PATH: dir })).toEqual({ name: 'buildx', executable: docker });
  });

  it('prefers podman over buildah when there is no daemon', async () => {
    const dir = await mkdtemp(join(bin, 'podman-'));
    const podman = await fakeTool(dir, 'podman', 'exit 0');
    await fakeTool(dir, 'buildah', 'exit 0');
    expect(await detectBuilder('auto', { PATH: dir })).toEqual({ name: 'podman', executable: podman });
  });

  it('says how to install a preferred builder that is missing', async () => {
    const empty = await mkdtemp(join(bin, 'empty-'));
    await expect(detectBuilder('podman', { PATH: empty })).rejects.toThrow(
      /--builder podman: podman not found on PATH — install podman/,
    );
    await expect(detectBuilder('buildx', { PATH: empty })).rejects.toThrow(
      /--builder buildx: docker not found on PATH — install Docker/,
    );
    await expect(detectBuilder('auto', { PATH: empty })).rejects.toThrow(/no image builder found/);
  });

  it('refuses buildx by name when the daemon is down, quoting docker', async () => {
    const dir = await mkdtemp(join(bin, 'down-'));
    await fakeTool(dir, 'docker', 'echo "Cannot connect to the Docker daemon" >&2; exit 1');
    await expect(detectBuilder('buildx', { PATH: dir })).rejects.toThrow(
      /no Docker daemon answers \(docker info: Cannot connect to the Docker daemon\)/,
    );
  });
});

describe('buildImage', () => {
  let work: string;
  let context: string;
  let bin: string;
  const imageId = `sha256:${'1'.repeat(64)}`;
  const manifestDigest = `sha256:${'2'.repeat(64)}`;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-build-'));
    context = join(work, 'ctx');
    await mkdir(context);
    await writeFile(join(context, 'Dockerfile'), 'FROM scratch\n');
    bin = await fakeBinDir();
    // Writes the iid file named after --iidfile, like buildah does.
    await fakeTool(
      bin,
      'buildah',
      `while [ $# -gt 0 ]; do if [ "$1" = --iidfile ]; then printf '${imageId}' > "$2"; fi; shift; done`,
    );
    await fakeTool(
      bin,
      'docker',
      `while [ $# -gt 0 ]; do case "$1" in --iidfile) printf '${imageId}' > "$2";; --metadata-file) printf '{"containerimage.digest":"${manifestDigest}","buildx.build.ref":"x"}' > "$2";; esac; shift; done`,
    );
    await fakeTool(
      bin,
      'failing',
      'echo "STEP 1/2: FROM scratch" >&2; echo "Error: building at STEP \\"COPY nope /\\": no such file or directory" >&2; exit 125',
    );
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(bin, { recursive: true, force: true });
  });

  const req = (over: Partial<BuildRequest> = {}) =>
    request({ context, dockerfile: join(context, 'Dockerfile'), buildArgs: {}, ...over });

  it('runs the builder with the planned argv and reports the image id, never as a digest', async () => {
    const log = join(work, 'buildah.log');
    const built = await buildImage(req(), {
      workDir: join(work, 'w1'),
      builder: { name: 'buildah', executable: join(bin, 'buildah') },
      env: { FAKE_LOG: log },
    });
    expect(built).toEqual({ reference: 'acme/api:ci', imageId, builder: 'buildah', warnings: [] });
    const calls = parseFakeLog(await readFile(log, 'utf8'));
    expect(calls).toEqual([
      [
        'buildah',
        ...buildCommand('buildah', req(), {
          iidFile: join(work, 'w1', 'build.iid'),
          metadataFile: join(work, 'w1', 'build-metadata.json'),
        }),
      ],
    ]);
  });

  it('never reads an image id or digest a previous build left in a reused work dir', async () => {
    const workDir = join(work, 'reused');
    await mkdir(workDir, { recursive: true });
    await writeFile(join(workDir, 'build.iid'), `sha256:${'9'.repeat(64)}`);
    await writeFile(
      join(workDir, 'build-metadata.json'),
      `{"containerimage.digest":"sha256:${'8'.repeat(64)}"}`,
    );
    // A builder that exits 0 and writes neither file.
    await fakeTool(bin, 'silent-docker', 'exit 0');
    const built = await buildImage(req(), {
      workDir,
      builder: { name: 'buildx', executable: join(bin, 'silent-docker') },
    });
    expect(built.imageId).toBeUndefined();
    expect(built.digest).toBeUndefined();
  });

  it('reads the manifest digest buildx writes to its metadata file', async () => {
    const built = await buildImage(req(), {
      workDir: join(work, 'w2'),
      builder: { name: 'buildx', executable: join(bin, 'docker') },
    });
    expect(built.digest).toBe(manifestDigest);
  });

  it('warns about a build arg that looks like a secret', async () => {
    const built = await buildImage(req({ buildArgs: { NPM_TOKEN: 'x', VERSION: '1' } }), {
      workDir: join(work, 'w3'),
      builder: { name: 'buildah', executable: join(bin, 'buildah') },
    });
    expect(built.warnings).toHaveLength(1);
    expect(built.warnings[0]).toMatch(/^build arg NPM_TOKEN looks like a secret/);
  });

  it("fails with the builder's own error line", async () => {
    const error = await buildImage(req(), {
      workDir: join(work, 'w4'),
      builder: { name: 'buildah', executable: join(bin, 'failing') },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toBe(
      'build acme/api:ci: buildah failed (exit 125): Error: building at STEP "COPY nope /": no such file or directory',
    );
  });

  it('refuses a context that is not a directory and a Dockerfile that does not exist', async () => {
    const builder = { name: 'buildah' as const, executable: join(bin, 'buildah') };
    await expect(
      buildImage(req({ context: join(work, 'nope') }), { workDir: join(work, 'w5'), builder }),
    ).rejects.toThrow(/--context .*nope: not a directory/);
    await expect(
      buildImage(req({ dockerfile: join(context, 'Missing') }), { workDir: join(work, 'w5'), builder }),
    ).rejects.toThrow(/--dockerfile .*Missing: not a file/);
  });
});
