import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fulcioHandler,
  type HandlerFn,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
} from '@sigstore/mock';
import { HashAlgorithm, PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs';
// Not the package's index: it loads nock 14, which intercepts this process's fetch and stalls the code under test.
import { tufHandlers } from '@tufjs/repo-mock/dist/handler.js';
import { initializeTUFRepo } from '@tufjs/repo-mock/dist/repo.js';

/**
 * Fulcio, Rekor and a timestamp authority on 127.0.0.1, made of @sigstore/mock's own handlers (the Sigstore
 * project's mocks), served over real HTTP so that the built CLI in a child process can sign against them too; nock
 * would only reach this process. The trusted root is assembled from the mocks' key material the way sigstore-js's
 * packages/mock-server does (src/index.ts assembleTrustedRoot). It also answers the GitHub Actions OIDC token
 * request (`ACTIONS_ID_TOKEN_REQUEST_URL`) with a token for the claims the test set.
 *
 * One deviation, for a gap in the mock: its Rekor logs the proposed entry verbatim, and a proposed `dsse` entry
 * holds the envelope (`proposedContent`), where the real Rekor logs the canonical body (envelope and payload hashes,
 * signatures with their verifiers; rekor pkg/types/dsse/v0.0.1/entry.go Canonicalize). The server canonicalises dsse
 * proposals before handing them to the mock, as Rekor would. And its TSA writes genTime with the milliseconds'
 * trailing zeros dropped (asn1js GeneralizedTime: `…00.5Z`), which @sigstore/core's parser refuses (asn1/parse.ts
 * RE_TIME_LONG_YEAR wants three digits): its clock is read in whole seconds, so one run in ten does not fail on it.
 */
export interface SigstoreTestServer {
  /** One base URL for Fulcio, Rekor and the TSA (their API paths do not overlap). */
  url: string;
  /** `${url}/oidc/token`: set as ACTIONS_ID_TOKEN_REQUEST_URL. */
  oidcTokenURL: string;
  trustedRoot: TrustedRoot;
  /** The trusted root as trusted_root.json would hold it. */
  trustedRootJson(): unknown;
  writeTrustedRoot(file: string): Promise<void>;
  /** Claims of the tokens the OIDC endpoint hands out; `token()` makes one for other claims. */
  claims: Record<string, string>;
  token(claims?: Record<string, string>): string;
  /** A TUF repository (@tufjs/repo-mock) whose only target is trusted_root.json, as Sigstore's own repository. */
  tufMirrorURL: string;
  /** Writes the TUF repository's initial root.json (what @sigstore/tuf's seeds.json holds for the public one). */
  writeTufRoot(file: string): Promise<void>;
  /** Paths of the requests served, in order. */
  requests: string[];
  close(): Promise<void>;
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const WORKFLOW_IDENTITY = 'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main';

/** An unsigned JWT: the mock Fulcio decodes it without verifying (fulcio/handler.ts parseBody). */
export function unsignedToken(claims: Record<string, string>): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: 'sigstore', ...claims })}.`;
}

function canonicalDsse(proposed: { spec?: { proposedContent?: { envelope: string; verifiers: string[] } } }) {
  const content = proposed.spec?.proposedContent;
  if (!content) return proposed;
  const envelope = JSON.parse(content.envelope) as { payload: string; signatures: { sig: string }[] };
  const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(content.envelope) },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelope.payload, 'base64')) },
      signatures: envelope.signatures.map((s, i) => ({
        signature: s.sig,
        verifier: content.verifiers[i] ?? content.verifiers[0],
      })),
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSigstoreServer(
  claims: Record<string, string> = { sub: WORKFLOW_IDENTITY, iss: GITHUB_ISSUER },
): Promise<SigstoreTestServer> {
  const handlers = new Map<string, HandlerFn>();
  const getHandlers = new Map<
    string,
    () => { statusCode: number; response: string | Buffer; contentType?: string }
  >();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(path);
      const body = await readBody(req);
      if (req.method === 'GET' && path === '/oidc/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ value: unsignedToken(state.claims) }));
        return;
      }
      const get = req.method === 'GET' ? getHandlers.get(path) : undefined;
      if (get) {
        const reply = get();
        res.writeHead(reply.statusCode, { 'content-type': reply.contentType ?? 'application/octet-stream' });
        res.end(reply.response);
        return;
      }
      const handler = req.method === 'POST' ? handlers.get(path) : undefined;
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const reply = await handler(body);
      res.writeHead(reply.statusCode, { 'content-type': reply.contentType ?? 'text/plain' });
      res.end(typeof reply.response === 'string' ? reply.response : Buffer.from(reply.response.buffer));
    })().catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(error.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const keyPair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ctlog = await initializeCTLog(keyPair);
  const ca = await initializeCA(keyPair, ctlog);
  const tlog = await initializeTLog(url, keyPair);
  const tsa = await initializeTSA(keyPair);
  (tsa as unknown as { getCurrentTime: () => Date }).getCurrentTime = () =>
    new Date(Math.floor(Date.now() / 1000) * 1000);
  const fulcio = fulcioHandler(ca);
  const rekor = rekorHandler(tlog);
  const timestamp = tsaHandler(tsa);
  handlers.set(fulcio.path, fulcio.fn);
  handlers.set(rekor.path, (body) => rekor.fn(JSON.stringify(canonicalDsse(JSON.parse(body)))));
  handlers.set(timestamp.path, timestamp.fn);

  // Valid from a minute ago: the mocks' certificates start now, and a root must precede the signing time.
  const start = new Date(Date.now() - 60_000);
  const logInstance = (key: Buffer) => ({
    baseUrl: url,
    logId: { keyId: createHash('sha256').update(key).digest() },
    hashAlgorithm: HashAlgorithm.SHA2_256,
    publicKey: { rawBytes: key, keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: { start } },
    checkpointKeyId: undefined,
    operator: 'sigstore.mock',
  });
  const authority = (certificates: ArrayBufferView<ArrayBuffer>[]) => ({
    subject: { commonName: 'sigstore', organization: 'sigstore.mock' },
    uri: url,
    certChain: { certificates: certificates.map((c) => ({ rawBytes: Buffer.from(c.buffer) })) },
    validFor: { start },
    operator: 'sigstore.mock',
  });
  const trustedRoot = TrustedRoot.fromJSON(
    TrustedRoot.toJSON({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      certificateAuthorities: [authority([ca.rootCertificate])],
      ctlogs: [logInstance(ctlog.publicKey)],
      tlogs: [logInstance(tlog.publicKey)],
      timestampAuthorities: [authority([tsa.intCertificate, tsa.rootCertificate])],
    }),
  );
  const tuf = initializeTUFRepo([
    { name: 'trusted_root.json', content: JSON.stringify(TrustedRoot.toJSON(trustedRoot)) },
  ]);
  for (const handler of tufHandlers(tuf, { metadataPathPrefix: '/tuf', targetPathPrefix: '/tuf/targets' }))
    getHandlers.set(handler.path, handler.fn as () => { statusCode: number; response: string | Buffer });
  const state: SigstoreTestServer = {
    url,
    oidcTokenURL: `${url}/oidc/token`,
    trustedRoot,
    trustedRootJson: () => TrustedRoot.toJSON(trustedRoot),
    writeTrustedRoot: (file) => writeFile(file, `${JSON.stringify(TrustedRoot.toJSON(trustedRoot))}\n`),
    tufMirrorURL: `${url}/tuf`,
    writeTufRoot: (file) => writeFile(file, JSON.stringify(tuf.rootMeta.toJSON())),
    claims,
    token: (other) => unsignedToken(other ?? state.claims),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return state;
}
