import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestDigest, parseInspectDigest, resolveDigest, withDigest } from '../../../src/image/digest.js';
import { parseTarget } from '../../../src/image/reference.js';
import { RunError, UsageError } from '../../../src/util/errors.js';
import { fakeBinDir, fakeTool, parseFakeLog } from '../tools/fake-bin.js';

const digest = `sha256:${'ab'.repeat(32)}`;

describe('withDigest', () => {
  it('binds a reference to a digest, dropping the tag', () => {
    expect(withDigest('ghcr.io/acme/api:1.2', digest)).toBe(`ghcr.io/acme/api@${digest}`);
    expect(withDigest('localhost:5000/app', digest)).toBe(`localhost:5000/app@${digest}`);
    expect(withDigest(`ghcr.io/acme/api:1.2@${digest}`, digest)).toBe(`ghcr.io/acme/api@${digest}`);
  });

  it('refuses a malformed digest, a bad reference, or a reference naming another digest', () => {
    expect(() => withDigest('app:1', 'sha256:short')).toThrow(UsageError);
    expect(() => withDigest('$(id)', digest)).toThrow(/not an image reference/);
    expect(() => withDigest(`app@sha256:${'cd'.repeat(32)}`, digest)).toThrow(/already names digest/);
  });
});

describe('manifestDigest', () => {
  it('is the sha256 of the exact bytes', () => {
    expect(manifestDigest('')).toBe(
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('parseInspectDigest', () => {
  it("reads skopeo inspect's Digest and ignores the other fields", () => {
    expect(parseInspectDigest(JSON.stringify({ Name: 'x', Digest: digest, Layers: [] }), 'x')).toBe(digest);
  });

  it('fails closed on output without a sha256 Digest', () => {
    expect(() => parseInspectDigest('{"Name":"x"}', 'x')).toThrow(RunError);
    expect(() => parseInspectDigest('{"Digest":"md5:abc"}', 'x')).toThrow(/no sha256 Digest/);
    expect(() => parseInspectDigest('{"Digest":', 'x')).toThrow(/not JSON/);
  });
});

describe('resolveDigest', () => {
  let bin: string;
  beforeAll(async () => {
    bin = await fakeBinDir();
    await fakeTool(bin, 'skopeo', `echo '{"Name":"x","Digest":"${digest}","RepoTags":[]}'`);
  });
  afterAll(() => rm(bin, { recursive: true, force: true }));

  it('asks skopeo for a tag, without TLS verification only when asked', async () => {
    const log = join(bin, 'calls.log');
    const skopeo = join(bin, 'skopeo');
    expect(
      await resolveDigest(parseTarget('127.0.0.1:5000/app:1'), {
        insecureRegistry: true,
        skopeo,
        env: { FAKE_LOG: log },
      }),
    ).toBe(digest);
    expect(
      await resolveDigest(parseTarget('oci-archive:build/app.tar'), {
        insecureRegistry: true,
        skopeo,
        env: { FAKE_LOG: log },
      }),
    ).toBe(digest);
    expect(parseFakeLog(await readFile(log, 'utf8'))).toEqual([
      ['skopeo', 'inspect', '--tls-verify=false', 'docker://127.0.0.1:5000/app:1'],
      ['skopeo', 'inspect', 'oci-archive:build/app.tar'],
    ]);
  });

  it('returns the digest a reference already names without running anything', async () => {
    const named = `sha256:${'ef'.repeat(32)}`;
    expect(
      await resolveDigest(parseTarget(`ghcr.io/acme/api@${named}`), { skopeo: join(bin, 'absent') }),
    ).toBe(named);
  });

  it('says how to get skopeo when it is missing', async () => {
    await expect(resolveDigest(parseTarget('app:1'), { skopeo: join(bin, 'absent') })).rejects.toThrow(
      /skopeo not found at .* — install skopeo/,
    );
  });
});
