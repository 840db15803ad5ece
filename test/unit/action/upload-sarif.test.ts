import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/action/github-client.js';
import { encodeSarif, MAX_SARIF_GZIP_BYTES, uploadSarif } from '../../../src/action/upload-sarif.js';

const request = {
  owner: 'o',
  repo: 'r',
  commitSha: 'a'.repeat(40),
  ref: 'refs/heads/main',
  toolName: 'container-gate',
};

describe('SARIF encoding for the upload API', () => {
  it('is base64 of gzip of the exact text', () => {
    const text = JSON.stringify({ version: '2.1.0', runs: [{ results: ['é', '✓'] }] });
    const { payload, gzipBytes } = encodeSarif(text);
    const gz = Buffer.from(payload, 'base64');
    expect(gz.length).toBe(gzipBytes);
    expect(gunzipSync(gz).toString('utf8')).toBe(text);
  });

  it("does not send a file over GitHub's 10 MB compressed limit, and says how large it is", async () => {
    // Random data barely compresses: enough of it is over the limit after gzip.
    const text = randomBytes(Math.ceil(MAX_SARIF_GZIP_BYTES * 1.05)).toString('base64');
    const calls: unknown[] = [];
    const client = {
      rest: { codeScanning: { uploadSarif: async (p: unknown) => calls.push(p) } },
    } as unknown as GitHubClient;
    const result = await uploadSarif(client, text, request);
    expect(calls).toEqual([]);
    expect(result).toMatchObject({ status: 'skipped', reason: 'too-large' });
    const size = encodeSarif(text).gzipBytes;
    expect((result as { message: string }).message).toContain(`${(size / 1_000_000).toFixed(1)} MB`);
  });
});
