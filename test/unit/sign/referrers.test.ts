import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachReferrer, fallbackTag, listReferrers } from '../../../src/sign/referrers.js';
import { RegistryClient, repositoryOf } from '../../../src/sign/registry.js';

/**
 * A registry WITH the referrers API (docker-registry 2.8, used by the e2e tests, has none): in memory, enough of the
 * distribution API for a referrer push, answering `OCI-Subject` when told to (distribution-spec v1.1 end-7).
 */
function fakeRegistry(opts: { ociSubject: boolean }) {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { bytes: Buffer; type: string }>();
  const requests: string[] = [];
  const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const body = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const data = await body(req);
      requests.push(`${req.method} ${url.pathname}`);
      const m = /^\/v2\/(.+?)\/(blobs\/uploads\/?.*|blobs|manifests|referrers)\/?([^/]*)$/.exec(url.pathname);
      if (!m) return void res.writeHead(404).end();
      const [, , kind, ref] = m;
      if (kind!.startsWith('blobs/uploads')) {
        if (req.method === 'POST')
          return void res.writeHead(202, { location: '/v2/x/blobs/uploads/1' }).end();
        const digest = url.searchParams.get('digest')!;
        blobs.set(digest, data);
        return void res.writeHead(201).end();
      }
      if (kind === 'blobs') {
        const blob = blobs.get(ref!);
        if (!blob) return void res.writeHead(404).end();
        return void res
          .writeHead(200, { 'content-length': String(blob.length) })
          .end(req.method === 'HEAD' ? undefined : blob);
      }
      if (kind === 'manifests') {
        if (req.method === 'PUT') {
          const digest = sha(data);
          manifests.set(digest, { bytes: data, type: req.headers['content-type']! });
          manifests.set(ref!, { bytes: data, type: req.headers['content-type']! });
          const subject = (JSON.parse(data.toString()) as { subject?: { digest: string } }).subject;
          const headers: Record<string, string> = {};
          if (subject && opts.ociSubject) headers['oci-subject'] = subject.digest;
          return void res.writeHead(201, headers).end();
        }
        const found = manifests.get(ref!);
        if (!found) return void res.writeHead(404).end();
        return void res.writeHead(200, { 'content-type': found.type }).end(found.bytes);
      }
      const referrers = [...manifests.entries()]
        .filter(([key]) => key.startsWith('sha256:'))
        .map(([digest, m]) => ({ digest, m, parsed: JSON.parse(m.bytes.toString()) }))
        .filter((r) => r.parsed.subject?.digest === ref)
        .map((r) => ({
          mediaType: r.m.type,
          digest: r.digest,
          size: r.m.bytes.length,
          artifactType: r.parsed.artifactType,
          annotations: r.parsed.annotations,
        }));
      // One referrer per page, the next page named in a Link header, as a paginating registry does.
      const page = Number(url.searchParams.get('page') ?? '0');
      const headers: Record<string, string> = { 'content-type': 'application/vnd.oci.image.index.v1+json' };
      if (page + 1 < referrers.length) headers.link = `<${url.pathname}?page=${page + 1}>; rel="next"`;
      res.writeHead(200, headers);
      res.end(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: referrers.slice(page, page + 1),
        }),
      );
    })();
  });
  return { server, blobs, manifests, requests };
}

describe.each([
  { ociSubject: true, what: 'that confirms the subject (OCI-Subject)' },
  { ociSubject: false, what: 'that does not say OCI-Subject but has the referrers API' },
])('a registry with the referrers API, $what', ({ ociSubject }) => {
  const fake = fakeRegistry({ ociSubject });
  let client: RegistryClient;
  const subject = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${'5'.repeat(64)}`,
    size: 100,
  };
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    client = new RegistryClient(
      repositoryOf(`127.0.0.1:${(fake.server.address() as AddressInfo).port}/acme/api`),
    );
  });
  afterAll(() => new Promise((r) => fake.server.close(r)));

  it('pushes the referrer without a fallback index, and lists it through the API', async () => {
    const pushed = await attachReferrer(client, subject, Buffer.from('{"bundle":1}'), {
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      annotations: { 'dev.sigstore.bundle.predicateType': 'https://sigstore.dev/cosign/sign/v1' },
    });
    expect(fake.manifests.has(fallbackTag(subject.digest))).toBe(false);
    const listed = await listReferrers(client, subject.digest);
    expect(listed.source).toBe('api');
    expect(listed.referrers).toEqual([
      expect.objectContaining({
        digest: pushed.digest,
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      }),
    ]);
    expect(fake.requests).not.toContain(`GET /v2/acme/api/manifests/${fallbackTag(subject.digest)}`);
  });

  it('follows the pages of a long referrers list', async () => {
    for (const n of [2, 3]) {
      await attachReferrer(client, subject, Buffer.from(`{"bundle":${n}}`), {
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        annotations: {},
      });
    }
    const listed = await listReferrers(client, subject.digest);
    expect(listed.referrers).toHaveLength(3);
    expect(new Set(listed.referrers.map((r) => r.digest)).size).toBe(3);
  });
});
