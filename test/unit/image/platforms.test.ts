import { describe, expect, it } from 'vitest';
import { parsePlatform, platformsFromManifest } from '../../../src/image/platforms.js';
import { RunError, UsageError } from '../../../src/util/errors.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

/** Made here in the shape BuildKit pushes: two images, an attestation manifest per image. */
const madeIndex = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d('b'),
      size: 1,
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d('a'),
      size: 1,
      platform: { architecture: 'amd64', os: 'linux' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d('c'),
      size: 1,
      annotations: {
        'vnd.docker.reference.digest': d('a'),
        'vnd.docker.reference.type': 'attestation-manifest',
      },
      platform: { architecture: 'unknown', os: 'unknown' },
    },
  ],
};

describe('platformsFromManifest', () => {
  it('lists the image platforms of an index, sorted, without attestation manifests', () => {
    const images = madeIndex.manifests.filter((m) => m.platform.os !== 'unknown');
    const platforms = platformsFromManifest(JSON.stringify(madeIndex), 'x');
    expect(platforms).toHaveLength(images.length);
    expect(platforms).toEqual([
      { platform: 'linux/amd64', digest: d('a') },
      { platform: 'linux/arm64/v8', digest: d('b') },
    ]);
  });

  it('returns no platforms for a single image manifest', () => {
    const manifest = { schemaVersion: 2, config: { digest: d('e'), size: 1 }, layers: [] };
    expect(platformsFromManifest(JSON.stringify(manifest), 'x')).toEqual([]);
  });

  it('fails closed on something that is neither', () => {
    expect(() => platformsFromManifest('{"hello":1}', 'x')).toThrow(RunError);
    expect(() => platformsFromManifest('<html>', 'x')).toThrow(/not JSON/);
  });
});

describe('parsePlatform', () => {
  it('reads os/arch and os/arch/variant', () => {
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux/arm/v7')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
  });

  it('refuses anything else with the accepted form', () => {
    for (const bad of ['amd64', 'linux/', 'linux/amd64/v8/x', '--platform', 'Linux/AMD64'])
      expect(() => parsePlatform(bad)).toThrow(UsageError);
  });
});
