import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runProcess } from '../../src/process/exec.js';
import { realTools } from './real-tools.js';

/**
 * Small images for the signing tests, written as OCI image layouts on disk and pushed to the loopback registry by
 * skopeo (the real tool, not the code under test). Each image holds one file whose text makes its digest unique.
 */
interface Blob {
  digest: string;
  size: number;
}

async function putBlob(layout: string, data: Buffer): Promise<Blob> {
  const hex = createHash('sha256').update(data).digest('hex');
  await writeFile(join(layout, 'blobs/sha256', hex), data);
  return { digest: `sha256:${hex}`, size: data.length };
}

/** A one-file tar (ustar), enough for a layer registries and skopeo accept. */
function tarOf(name: string, content: string): Buffer {
  const body = Buffer.from(content);
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, padding, Buffer.alloc(1024)]);
}

async function imageManifest(layout: string, text: string, arch: string): Promise<Blob & { bytes: Buffer }> {
  const layer = await putBlob(layout, gzipSync(tarOf('hello.txt', text)));
  const diffId = `sha256:${createHash('sha256').update(tarOf('hello.txt', text)).digest('hex')}`;
  const config = await putBlob(
    layout,
    Buffer.from(
      JSON.stringify({
        architecture: arch,
        os: 'linux',
        config: { User: '65532' },
        rootfs: { type: 'layers', diff_ids: [diffId] },
      }),
    ),
  );
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
    }),
  );
  return { ...(await putBlob(layout, bytes)), bytes };
}

export interface PushedImage {
  /** `host/repo@sha256:…` */
  reference: string;
  digest: string;
  /** For an index: each platform's manifest digest. */
  platforms?: { platform: string; digest: string }[];
}

/**
 * Pushes a single-platform image (or, with `arches`, an index of one image per architecture) to
 * `registryHost/repository:tag` with `skopeo copy` and returns its digest as the registry serves it. An arch `none`
 * is an entry without a platform (left out of `platforms`).
 */
export async function pushImage(
  dir: string,
  registryHost: string,
  repository: string,
  text: string,
  arches?: string[],
): Promise<PushedImage> {
  const layout = join(
    dir,
    `layout-${createHash('sha256')
      .update(repository + text)
      .digest('hex')
      .slice(0, 12)}`,
  );
  await mkdir(join(layout, 'blobs/sha256'), { recursive: true });
  await writeFile(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  let top: Blob & { mediaType: string };
  let platforms: PushedImage['platforms'];
  if (arches) {
    const manifests = [];
    platforms = [];
    for (const arch of arches) {
      const m = await imageManifest(layout, `${text} ${arch}`, arch);
      // `none`: an entry without a platform, which containerd runs on any platform.
      manifests.push({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: m.digest,
        size: m.size,
        ...(arch === 'none' ? {} : { platform: { os: 'linux', architecture: arch } }),
      });
      if (arch !== 'none') platforms.push({ platform: `linux/${arch}`, digest: m.digest });
    }
    const index = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
    );
    top = { ...(await putBlob(layout, index)), mediaType: 'application/vnd.oci.image.index.v1+json' };
  } else {
    top = {
      ...(await imageManifest(layout, text, 'amd64')),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    };
  }
  await writeFile(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: top.mediaType,
          digest: top.digest,
          size: top.size,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    }),
  );
  const res = await runProcess(realTools.skopeo!, {
    args: [
      'copy',
      '--quiet',
      ...(arches ? ['--all'] : []),
      '--preserve-digests',
      '--dest-tls-verify=false',
      `oci:${layout}:latest`,
      `docker://${registryHost}/${repository}:latest`,
    ],
    timeoutMs: 60_000,
  });
  if (res.exitCode !== 0) throw new Error(`skopeo copy → exit ${res.exitCode}: ${res.stderr}`);
  return {
    reference: `${registryHost}/${repository}@${top.digest}`,
    digest: top.digest,
    ...(platforms ? { platforms } : {}),
  };
}

/** `skopeo inspect --raw` of a tag or digest: what the registry stores, read by a tool that is not ours. */
export async function inspectRaw(registryHost: string, repository: string, ref: string): Promise<unknown> {
  const sep = ref.startsWith('sha256:') ? '@' : ':';
  const res = await runProcess(realTools.skopeo!, {
    args: ['inspect', '--raw', '--tls-verify=false', `docker://${registryHost}/${repository}${sep}${ref}`],
    timeoutMs: 60_000,
  });
  if (res.exitCode !== 0) throw new Error(`skopeo inspect → exit ${res.exitCode}: ${res.stderr}`);
  return JSON.parse(res.stdout);
}
