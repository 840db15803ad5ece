import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApiServer } from '../../support/github-api-server.js';

/** The loopback stand-in is only worth its tests if it refuses what GitHub would refuse. */
let server: GitHubApiServer;
afterEach(async () => server?.close());

async function call(method: string, path: string, body?: unknown, token = server.token) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: replies are checked field by field.
  const json: any = await response.json().catch(() => undefined);
  return { status: response.status, json };
}

const sarif = gzipSync(JSON.stringify({ version: '2.1.0', runs: [] })).toString('base64');
const valid = { commit_sha: 'b'.repeat(40), ref: 'refs/heads/main', sarif };

describe('the loopback GitHub API checks requests against the OpenAPI description', () => {
  it('accepts a documented upload and answers 202 with an id and a status URL', async () => {
    server = await startGitHubApiServer();
    const { status, json } = await call('POST', '/repos/o/r/code-scanning/sarifs', valid);
    expect(status).toBe(202);
    expect(json.url).toBe(`${server.url}/repos/o/r/code-scanning/sarifs/${json.id}`);
    expect(server.violations).toEqual([]);
  });

  it('refuses an upload without a required field with 422 and records the violation', async () => {
    server = await startGitHubApiServer();
    const { commit_sha: _, ...missing } = valid;
    const { status } = await call('POST', '/repos/o/r/code-scanning/sarifs', missing);
    expect(status).toBe(422);
    expect(server.violations.join('\n')).toContain('commit_sha');
  });

  it('refuses a ref outside refs/heads|tags|pull and a commit that is not 40 hex', async () => {
    server = await startGitHubApiServer();
    expect((await call('POST', '/repos/o/r/code-scanning/sarifs', { ...valid, ref: 'main' })).status).toBe(
      422,
    );
    expect(server.violations.join('\n')).toContain('body/ref must match pattern');
    expect(
      (await call('POST', '/repos/o/r/code-scanning/sarifs', { ...valid, commit_sha: 'HEAD' })).status,
    ).toBe(422);
    expect(server.violations.join('\n')).toContain('body/commit_sha must match pattern');
  });

  it('refuses fields the operation does not document (additionalProperties: false)', async () => {
    server = await startGitHubApiServer();
    const { status } = await call('POST', '/repos/o/r/code-scanning/sarifs', { ...valid, category: 'x' });
    expect(status).toBe(422);
    expect(server.violations.join('\n')).toContain('additionalProperty');
  });

  it('refuses a comment body of the wrong type and a non-integer page', async () => {
    server = await startGitHubApiServer();
    expect((await call('POST', '/repos/o/r/issues/2/comments', { body: 42 })).status).toBe(422);
    expect((await call('GET', '/repos/o/r/issues/2/comments?page=two')).status).toBe(422);
    expect(server.violations).toHaveLength(2);
  });

  it('refuses a path that is no operation of the REST API, and a wrong token', async () => {
    server = await startGitHubApiServer();
    expect((await call('POST', '/repos/o/r/code-scanning/sarif', valid)).status).toBe(404);
    expect((await call('POST', '/repos/o/r/code-scanning/sarifs', valid, 'other')).status).toBe(401);
    expect(server.violations).toHaveLength(2);
  });

  it('pages comments with a Link header as GitHub does', async () => {
    server = await startGitHubApiServer({ existingComments: 105 });
    const first = await fetch(`${server.url}/repos/o/r/issues/2/comments?per_page=100`, {
      headers: { authorization: `token ${server.token}` },
    });
    expect(((await first.json()) as unknown[]).length).toBe(100);
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await call('GET', '/repos/o/r/issues/2/comments?per_page=100&page=2');
    expect(second.json.length).toBe(5);
    expect(server.violations).toEqual([]);
  });
});
