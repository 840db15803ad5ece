import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMatcher } from '../../../src/sign/native.js';
import { fallbackTag } from '../../../src/sign/referrers.js';
import {
  imageAt,
  parseChallenge,
  RegistryClient,
  RegistryContentError,
  registryScheme,
  repositoryOf,
} from '../../../src/sign/registry.js';
import { findCredentials } from '../../../src/sign/registry-auth.js';
import { predicateTypeFor } from '../../../src/sign/statement.js';
import { RunError, UsageError } from '../../../src/util/errors.js';

describe('image names and registries', () => {
  it("applies Docker Hub's defaults and keeps other registries as written", () => {
    expect(repositoryOf('alpine')).toEqual({
      registry: 'docker.io',
      apiHost: 'registry-1.docker.io',
      repository: 'library/alpine',
    });
    expect(repositoryOf('acme/api')).toMatchObject({ registry: 'docker.io', repository: 'acme/api' });
    expect(repositoryOf('ghcr.io/acme/api')).toEqual({
      registry: 'ghcr.io',
      apiHost: 'ghcr.io',
      repository: 'acme/api',
    });
    expect(repositoryOf('localhost:5000/x')).toMatchObject({ registry: 'localhost:5000', repository: 'x' });
  });

  it('speaks plain HTTP only to loopback registries or when told to (go-containerregistry Scheme)', () => {
    expect(registryScheme('127.0.0.1:5000', false)).toBe('http');
    expect(registryScheme('localhost', false)).toBe('http');
    expect(registryScheme('[::1]:5000', false)).toBe('http');
    expect(registryScheme('10.0.0.5:5000', false)).toBe('https');
    expect(registryScheme('ghcr.io', false)).toBe('https');
    expect(registryScheme('registry.internal:5000', true)).toBe('http');
  });

  it('wants a sha256 digest', () => {
    expect(() => imageAt('ghcr.io/acme/api:1')).toThrow(UsageError);
    expect(imageAt(`ghcr.io/acme/api:1@sha256:${'a'.repeat(64)}`)).toMatchObject({
      name: 'ghcr.io/acme/api',
      digest: `sha256:${'a'.repeat(64)}`,
    });
    expect(fallbackTag(`sha256:${'b'.repeat(64)}`)).toBe(`sha256-${'b'.repeat(64)}`);
  });

  it('parses auth challenges, quoted or not', () => {
    expect(
      parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:a/b:pull' },
    });
    expect(parseChallenge('Basic realm=Registry')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry' },
    });
  });
});

describe('policy matchers and predicate types', () => {
  it('anchors a regexp to the whole value', () => {
    const matches = compileMatcher({ regexp: 'https://github\\.com/acme/.*' }, '--x');
    expect(matches('https://github.com/acme/api/.github/workflows/r.yml@refs/heads/main')).toBe(true);
    expect(matches('https://evil.example/?https://github.com/acme/x')).toBe(false);
    expect(compileMatcher({ regexp: 'acme' }, '--x')('evil-acme')).toBe(false);
    expect(compileMatcher({ regexp: 'a|b' }, '--x')('ab')).toBe(false);
    expect(compileMatcher({ exact: 'x' }, '--x')(undefined)).toBe(false);
    expect(() => compileMatcher({ regexp: '(' }, '--x')).toThrow(UsageError);
  });

  it('refuses a regexp that is only valid inside the anchors: it would close the group and escape them', () => {
    // ^(?:x)|(.*)$ is a valid regexp that matches anything: the `)|(` closed the anchoring group.
    for (const regexp of ['x)|(.*', 'https://github\\.com/acme/api/.*)|(.*evil']) {
      expect(() => compileMatcher({ regexp }, '--certificate-identity-regexp')).toThrow(
        /--certificate-identity-regexp .*: not a regular expression/,
      );
    }
  });

  it("maps cosign's type names and passes URIs through", () => {
    expect(predicateTypeFor('cyclonedx')).toBe('https://cyclonedx.org/bom');
    expect(predicateTypeFor('vuln')).toBe('https://cosign.sigstore.dev/attestation/vuln/v1');
    expect(predicateTypeFor('https://example.com/p/v1')).toBe('https://example.com/p/v1');
    expect(() => predicateTypeFor('sbom')).toThrow(/use one of cyclonedx, spdxjson/);
  });
});

describe('registry credentials', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-registry-auth-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads docker and containers auth files, first file first, Docker Hub under its URL key', async () => {
    const auth = (u: string, p: string) => Buffer.from(`${u}:${p}`).toString('base64');
    await writeFile(
      join(dir, 'auth.json'),
      JSON.stringify({ auths: { 'ghcr.io': { auth: auth('podman', 'p1') } } }),
    );
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'ghcr.io': { auth: auth('docker', 'p2') },
          'https://index.docker.io/v1/': { auth: auth('hub', 'p3') },
          'quay.io': { identitytoken: 'refresh' },
        },
      }),
    );
    const env = { REGISTRY_AUTH_FILE: join(dir, 'auth.json'), DOCKER_CONFIG: dir, HOME: dir };
    expect(await findCredentials('ghcr.io', env)).toEqual({ username: 'podman', password: 'p1' });
    expect(await findCredentials('docker.io', env)).toEqual({ username: 'hub', password: 'p3' });
    expect(await findCredentials('quay.io', env)).toEqual({ identityToken: 'refresh' });
    expect(await findCredentials('example.com', env)).toBeUndefined();
  });

  it('refuses an auth file that is not one, naming it', async () => {
    await writeFile(join(dir, 'broken.json'), '{"auths": 3}');
    await expect(
      findCredentials('ghcr.io', { REGISTRY_AUTH_FILE: join(dir, 'broken.json'), HOME: dir }),
    ).rejects.toThrow(/broken\.json is not a docker\/containers auth file/);
  });
});

describe('a registry that wants a bearer token (the ghcr.io and Docker Hub protocol)', () => {
  let server: Server;
  let host: string;
  let dir: string;
  const manifest = Buffer.from(
    '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}',
  );
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  const scopes: string[] = [];
  let serveWrongBytes = false;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-registry-bearer-'));
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        const basic = `Basic ${Buffer.from('robot:secret').toString('base64')}`;
        if (req.headers.authorization !== basic) return void res.writeHead(401).end();
        scopes.push(url.searchParams.get('scope') ?? '');
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ token: 'T0KEN' }));
      }
      if (req.headers.authorization !== 'Bearer T0KEN') {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://${host}/token",service="test",scope="repository:acme/api:pull"`,
        });
        return void res.end();
      }
      if (url.pathname === `/v2/acme/api/manifests/${digest}`) {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        return void res.end(serveWrongBytes ? Buffer.from('{"schemaVersion":2}') : manifest);
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { [host]: { auth: Buffer.from('robot:secret').toString('base64') } } }),
    );
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the challenge with the docker config credentials and a pull scope', async () => {
    const client = new RegistryClient(repositoryOf(`${host}/acme/api`), { env: { DOCKER_CONFIG: dir } });
    const got = await client.getManifest(digest);
    expect(got?.digest).toBe(digest);
    expect(scopes).toEqual(['repository:acme/api:pull']);
    expect(await client.getManifest(`sha256:${'0'.repeat(64)}`)).toBeUndefined();
  });

  it('refuses a manifest whose bytes are not the digest asked for', async () => {
    serveWrongBytes = true;
    try {
      const client = new RegistryClient(repositoryOf(`${host}/acme/api`), { env: { DOCKER_CONFIG: dir } });
      await expect(client.getManifest(digest)).rejects.toThrow(RegistryContentError);
    } finally {
      serveWrongBytes = false;
    }
  });

  it('says to log in when there are no credentials', async () => {
    const client = new RegistryClient(repositoryOf(`${host}/acme/api`), {
      env: { DOCKER_CONFIG: join(dir, 'none'), HOME: join(dir, 'none') },
    });
    const error = await client.getManifest(digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /no pull token for acme\/api \(HTTP 401\) — run `docker login 127\.0\.0\.1:\d+`/,
    );
    expect(error).not.toBeInstanceOf(RunError);
  });
});
