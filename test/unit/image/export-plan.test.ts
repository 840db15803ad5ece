import { describe, expect, it } from 'vitest';
import { exportFile, type PlanContext, planExport } from '../../../src/image/export-plan.js';
import { parseTarget } from '../../../src/image/reference.js';
import { UsageError } from '../../../src/util/errors.js';

const tools = {
  buildah: '/bin/buildah',
  podman: '/bin/podman',
  docker: '/bin/docker',
  skopeo: '/bin/skopeo',
};
const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  workDir: '/work',
  format: 'docker-archive',
  insecureRegistry: false,
  tools,
  ...over,
});
const digest = `sha256:${'c'.repeat(64)}`;

describe('exportFile', () => {
  it('names the archive after the image, distinct per tag, platform and format', () => {
    const a = exportFile(parseTarget('ghcr.io/acme/api:1'), '/work', 'docker-archive');
    expect(a).toMatch(/^\/work\/export\/ghcr\.io-acme-api-[0-9a-f]{12}\.docker\.tar$/);
    expect(exportFile(parseTarget('ghcr.io/acme/api:2'), '/work', 'docker-archive')).not.toBe(a);
    expect(exportFile(parseTarget('ghcr.io/acme/api:1', 'linux/arm64'), '/work', 'docker-archive')).not.toBe(
      a,
    );
    expect(exportFile(parseTarget('ghcr.io/acme/api:1'), '/work', 'oci-archive')).toMatch(/\.oci\.tar$/);
  });
});

describe('planExport', () => {
  it('exports an image buildah just built with buildah push, naming it in the archive', () => {
    const plan = planExport(parseTarget('examples-app:local'), ctx({ builtWith: 'buildah' }));
    expect(plan).toEqual({
      tool: 'buildah',
      kind: 'docker-archive',
      file: plan?.file,
      args: [
        'push',
        '--quiet',
        '--',
        'examples-app:local',
        `docker-archive:${plan?.file}:examples-app:local`,
      ],
    });
  });

  it('exports an image podman just built with podman save in the asked format', () => {
    const plan = planExport(parseTarget('app:1'), ctx({ builtWith: 'podman', format: 'oci-archive' }));
    expect(plan?.args).toEqual([
      'save',
      '--quiet',
      '--format',
      'oci-archive',
      '--output',
      plan?.file,
      '--',
      'app:1',
    ]);
    expect(plan?.kind).toBe('oci-archive');
  });

  it('uses docker save for a buildx build or an image the daemon already has', () => {
    for (const over of [{ builtWith: 'buildx' }, { inDockerDaemon: true }]) {
      const plan = planExport(parseTarget('app:1'), ctx(over));
      expect(plan?.tool).toBe('docker');
      expect(plan?.args).toEqual(['save', '--output', plan?.file, '--', 'app:1']);
    }
  });

  it('copies from the registry with skopeo, without TLS only when asked', () => {
    const plan = planExport(parseTarget('127.0.0.1:5000/app:1'), ctx({ insecureRegistry: true }));
    expect(plan?.args).toEqual([
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      'docker://127.0.0.1:5000/app:1',
      `docker-archive:${plan?.file}:127.0.0.1:5000/app:1`,
    ]);
    expect(planExport(parseTarget('ghcr.io/acme/app:1'), ctx())?.args).not.toContain(
      '--src-tls-verify=false',
    );
  });

  it('selects a platform of a multi-platform image with skopeo overrides', () => {
    const plan = planExport(parseTarget('ghcr.io/acme/app:1', 'linux/arm64/v8'), ctx());
    expect(plan?.args.slice(0, 7)).toEqual([
      '--override-os',
      'linux',
      '--override-arch',
      'arm64',
      '--override-variant',
      'v8',
      'copy',
    ]);
    expect(() => planExport(parseTarget('ghcr.io/acme/app:1', 'arm64'), ctx())).toThrow(
      /--platform "arm64": expected os\/arch/,
    );
  });

  it('copies by digest alone and writes an unnamed archive for a tag+digest reference', () => {
    const plan = planExport(parseTarget(`ghcr.io/acme/app:1@${digest}`), ctx());
    expect(plan?.args.slice(-2)).toEqual([
      `docker://ghcr.io/acme/app@${digest}`,
      `docker-archive:${plan?.file}`,
    ]);
  });

  it('converts an oci-archive to a docker-archive with skopeo, which Trivy can read', () => {
    const plan = planExport(parseTarget('oci-archive:build/image.tar'), ctx());
    expect(plan?.args).toEqual([
      'copy',
      '--quiet',
      'oci-archive:build/image.tar',
      `docker-archive:${plan?.file}`,
    ]);
    expect(
      planExport(parseTarget('oci-archive:build/image.tar'), ctx({ format: 'oci-archive' })),
    ).toBeUndefined();
  });

  it('plans nothing for a docker-archive or when no tool is at hand', () => {
    expect(planExport(parseTarget('docker-archive:image.tar'), ctx())).toBeUndefined();
    expect(planExport(parseTarget('app:1'), ctx({ tools: {} }))).toBeUndefined();
    expect(
      planExport(parseTarget('app:1'), ctx({ builtWith: 'buildah', tools: { podman: '/bin/podman' } })),
    ).toBeUndefined();
  });

  it('refuses a work dir with a colon, which containers-transports would split', () => {
    expect(() => planExport(parseTarget('app:1'), ctx({ workDir: '/tmp/a:b' }))).toThrow(UsageError);
  });
});
