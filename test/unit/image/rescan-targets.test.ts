import { describe, expect, it } from 'vitest';
import { rescanTargets, scannable } from '../../../src/image/rescan.js';
import { UsageError } from '../../../src/util/errors.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('rescan targets: deployed images by digest', () => {
  it('names each image and its digest, once, as an SBOM target still to be fetched', () => {
    const image = `ghcr.io/acme/api@${DIGEST}`;
    expect(rescanTargets([image, image], {})).toEqual([
      {
        display: image,
        name: 'ghcr.io/acme/api',
        kind: 'sbom',
        reference: image,
        attested: true,
        digest: DIGEST,
      },
    ]);
  });

  it('takes a tag only when the policy resolves it', () => {
    expect(() => rescanTargets(['ghcr.io/acme/api:1.2'], {})).toThrow(/re-scan by digest/);
    expect(rescanTargets(['ghcr.io/acme/api:1.2'], { resolveDigest: true })[0]).not.toHaveProperty('digest');
  });

  it.each([
    [[], /name the deployed images/],
    [['sbom:app.cdx.json'], /rescan reads the SBOM attested to a registry image/],
    [['oci-archive:image.tar'], /rescan reads the SBOM attested/],
    [['$(id)'], /not an image reference/],
    [[`ghcr.io/acme/api@sha512:${'a'.repeat(128)}`], /sha256:<64 lower-case hex digits>/],
  ])('refuses %j as bad input', (images, message) => {
    expect(() => rescanTargets(images, {})).toThrow(UsageError);
    expect(() => rescanTargets(images, {})).toThrow(message);
  });

  it('hands only a verified SBOM to the scanners', () => {
    const [target] = rescanTargets([`ghcr.io/acme/api@${DIGEST}`], {});
    expect(scannable(target!)).toBe(false);
    expect(scannable({ ...target!, attestation: { status: 'unverified', reason: 'a signature' } })).toBe(
      false,
    );
    expect(scannable({ ...target!, attestation: { status: 'verified' } })).toBe(true);
    expect(scannable({ display: 'alpine:3', name: 'alpine', kind: 'reference' })).toBe(true);
  });
});
