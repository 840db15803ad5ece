import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestDigest } from '../../../src/image/digest.js';
import { parseTarget } from '../../../src/image/reference.js';
import { skopeoSource } from '../../../src/image/skopeo.js';
import { expandPlatforms } from '../../../src/image/targets.js';
import { defaultOptions } from '../../../src/options.js';
import type { ScanTarget } from '../../../src/scanners/scanner.js';
import { UsageError } from '../../../src/util/errors.js';
import { fakeBinDir, fakeTool } from '../tools/fake-bin.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const image = (digest: string, platform?: { os: string; architecture: string; variant?: string }) => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 500,
  ...(platform ? { platform } : {}),
});
const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const index = (...manifests: unknown[]) =>
  JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests });
const attestation = {
  ...image(d('f'), { os: 'unknown', architecture: 'unknown' }),
  annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': d('a') },
};

/**
 * Which digest a scan of an index records, and so which one `sign: true` signs. The index digest covers every image
 * in it: it may be recorded only when every image a runtime could pick was scanned. containerd takes an entry
 * without a platform for any platform (core/images/image.go Manifest: `d.Platform == nil || platform.Match(…)`),
 * and containers/image as a last resort (internal/manifest/oci_index.go chooseInstance), and picks among entries
 * of one platform by its own preferences (zstd or gzip): such entries, never scanned here, must not be signed.
 */
describe('expandPlatforms: the digest recorded for an index', () => {
  let bin: string;
  const path = process.env.PATH;
  const raw = (text: string) => writeFile(join(bin, 'manifest.json'), text);
  const expand = async (reference: string, platform?: string) => {
    const targets: ScanTarget[] = [parseTarget(reference, platform)];
    const notes: string[] = [];
    await expandPlatforms(targets, {
      built: undefined,
      options: { ...defaultOptions(), ...(platform ? { platform } : {}) },
      info: (line) => notes.push(line),
    });
    return { targets, notes };
  };

  beforeAll(async () => {
    bin = await fakeBinDir();
    await fakeTool(bin, 'skopeo', `/bin/cat "${join(bin, 'manifest.json')}"`);
    process.env.PATH = bin;
  });
  afterAll(async () => {
    process.env.PATH = path;
    await rm(bin, { recursive: true, force: true });
  });

  it('records the index digest when every image of the index is scanned', async () => {
    const text = index(image(d('a'), amd64), image(d('b'), arm64), attestation);
    await raw(text);
    const { targets } = await expand('ghcr.io/acme/api:1');
    expect(targets.map((t) => [t.platform, t.digest, t.indexDigest])).toEqual([
      ['linux/amd64', d('a'), manifestDigest(text)],
      ['linux/arm64/v8', d('b'), manifestDigest(text)],
    ]);
  });

  it("scans each platform of an index named by its digest as that platform's image", async () => {
    const text = index(image(d('a'), amd64), image(d('b'), arm64));
    await raw(text);
    // The reference names the index digest; each target reads its own image (skopeo refuses name@A with digest B).
    const { targets } = await expand(`ghcr.io/acme/api@${manifestDigest(text)}`);
    expect(targets.map(skopeoSource)).toEqual([
      `docker://ghcr.io/acme/api@${d('a')}`,
      `docker://ghcr.io/acme/api@${d('b')}`,
    ]);
    expect(targets.map((t) => t.indexDigest)).toEqual([manifestDigest(text), manifestDigest(text)]);
  });

  it('does not record the index digest when an image in it has no platform', async () => {
    await raw(index(image(d('a'), amd64), image(d('b'), arm64), image(d('c'))));
    const { targets, notes } = await expand('ghcr.io/acme/api:1');
    expect(targets.map((t) => [t.platform, t.digest, t.indexDigest])).toEqual([
      ['linux/amd64', d('a'), undefined],
      ['linux/arm64/v8', d('b'), undefined],
    ]);
    expect(notes.join('\n')).toMatch(
      /1 image in the index is not scanned .* the index digest is not recorded/,
    );
  });

  it('does not record the index digest when a platform has a second image', async () => {
    await raw(index(image(d('a'), amd64), image(d('b'), arm64), image(d('c'), amd64)));
    const { targets } = await expand('ghcr.io/acme/api:1');
    expect(targets.map((t) => t.indexDigest)).toEqual([undefined, undefined]);
  });

  it('keeps an index of one platform as the index, and pins it to that image when something unscanned is beside it', async () => {
    // buildx's default: one image and its attestation manifest. The image is what the scan reads; the index is signed.
    await raw(index(image(d('a'), amd64), attestation));
    let { targets } = await expand('ghcr.io/acme/api:1');
    expect(targets).toEqual([parseTarget('ghcr.io/acme/api:1')]);
    await raw(index(image(d('a'), amd64), image(d('c'))));
    ({ targets } = await expand(`ghcr.io/acme/api@${d('9')}`));
    expect(targets).toEqual([
      expect.objectContaining({ digest: d('a'), reference: `ghcr.io/acme/api@${d('a')}` }),
    ]);
    expect(targets[0]!.indexDigest).toBeUndefined();
  });

  it('refuses an index none of whose images names a platform: which one would be scanned is not ours to say', async () => {
    await raw(index(image(d('a')), image(d('b'))));
    await expect(expand('ghcr.io/acme/api:1')).rejects.toThrow(UsageError);
    await expect(expand('ghcr.io/acme/api:1')).rejects.toThrow(
      /an image index whose 2 images name no platform — scan one of them by digest/,
    );
  });

  it('leaves a single image manifest alone', async () => {
    await raw(JSON.stringify({ schemaVersion: 2, config: { digest: d('e'), size: 1 }, layers: [] }));
    const { targets } = await expand('ghcr.io/acme/api:1');
    expect(targets).toEqual([parseTarget('ghcr.io/acme/api:1')]);
  });

  it("with --platform, records that platform's image and never the index", async () => {
    await raw(index(image(d('a'), amd64), image(d('b'), arm64), attestation));
    const { targets } = await expand(`ghcr.io/acme/api@${d('9')}`, 'linux/arm64');
    expect(targets).toEqual([
      expect.objectContaining({
        digest: d('b'),
        reference: `ghcr.io/acme/api@${d('b')}`,
        platform: 'linux/arm64',
      }),
    ]);
    expect(targets[0]!.indexDigest).toBeUndefined();
    await expect(expand('ghcr.io/acme/api:1', 'linux/s390x')).rejects.toThrow(
      /--platform linux\/s390x: ghcr.io\/acme\/api:1 has no image for it — it has linux\/amd64, linux\/arm64\/v8/,
    );
  });
});
