import { describe, expect, it } from 'vitest';
import { dockerHubQualified, parseTarget } from '../../../src/image/reference.js';
import { UsageError } from '../../../src/util/errors.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image targets', () => {
  it.each([
    ['alpine:3.19', { kind: 'reference', name: 'alpine', reference: 'alpine:3.19' }],
    ['ghcr.io/acme/api:1.2.3', { kind: 'reference', name: 'ghcr.io/acme/api' }],
    [`ghcr.io/acme/api@${DIGEST}`, { kind: 'reference', name: 'ghcr.io/acme/api', digest: DIGEST }],
    [`127.0.0.1:5055/demo:1@${DIGEST}`, { kind: 'reference', name: '127.0.0.1:5055/demo', digest: DIGEST }],
    ['localhost:5000/a/b', { kind: 'reference', name: 'localhost:5000/a/b' }],
    ['oci-archive:build/app.tar', { kind: 'oci-archive', name: 'app', path: 'build/app.tar' }],
    ['docker-archive:/tmp/x/web.tar.gz', { kind: 'docker-archive', name: 'web', path: '/tmp/x/web.tar.gz' }],
  ])('reads %s', (input, expected) => {
    expect(parseTarget(input)).toMatchObject({ display: input, ...expected });
  });

  it.each([
    '$(id)',
    ';rm -rf /',
    'a b',
    '--output=/etc/passwd',
    '-x',
    'Alpine:3',
    'alpine:3\nevil',
    '',
    'oci-archive:',
    `alpine:${'x'.repeat(200)}`,
  ])('refuses %j with a one-line usage error', (input) => {
    let error: unknown;
    try {
      parseTarget(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toMatch(/\n/);
  });

  it('carries the platform when one is asked for', () => {
    expect(parseTarget('alpine:3', 'linux/arm64').platform).toBe('linux/arm64');
  });
});

describe('dockerHubQualified', () => {
  it.each([
    ['sbom:1', 'docker.io/library/sbom:1'],
    ['pkg', 'docker.io/library/pkg'],
    [`acme/app:1@sha256:${'a'.repeat(64)}`, `docker.io/acme/app:1@sha256:${'a'.repeat(64)}`],
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:1'],
    ['localhost/app:1', 'localhost/app:1'],
    ['127.0.0.1:5000/app:1', '127.0.0.1:5000/app:1'],
  ])('%s → %s', (input, expected) => {
    expect(dockerHubQualified(input)).toBe(expected);
  });
});
