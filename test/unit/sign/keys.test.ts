import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningKey, loadVerificationKey } from '../../../src/sign/keys.js';
import { UsageError } from '../../../src/util/errors.js';

describe('keys for native signing', () => {
  let dir: string;
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-keys-'));
    await writeFile(join(dir, 'ec.key'), ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(
      join(dir, 'ec-encrypted.key'),
      ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' }),
    );
    await writeFile(join(dir, 'ec.pub'), ec.publicKey.export({ type: 'spki', format: 'pem' }));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(join(dir, 'rsa.key'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a P-256 PKCS#8 key from a file or env://VAR, and an encrypted one with COSIGN_PASSWORD', async () => {
    const fromFile = await loadSigningKey(join(dir, 'ec.key'), {});
    expect(fromFile.publicKeyPem).toBe(ec.publicKey.export({ type: 'spki', format: 'pem' }));
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect((await loadSigningKey('env://SIGNING_KEY', { SIGNING_KEY: pem })).hint).toBe(fromFile.hint);
    expect((await loadSigningKey(join(dir, 'ec-encrypted.key'), { COSIGN_PASSWORD: 'hunter2' })).hint).toBe(
      fromFile.hint,
    );
    await expect(loadSigningKey(join(dir, 'ec-encrypted.key'), { COSIGN_PASSWORD: 'nope' })).rejects.toThrow(
      /wrong or missing COSIGN_PASSWORD/,
    );
  });

  it('refuses what native signing cannot use, saying what to do', async () => {
    await expect(loadSigningKey(join(dir, 'rsa.key'), {})).rejects.toThrow(
      /a rsa key — native signing takes ECDSA P-256/,
    );
    await expect(loadSigningKey('env://MISSING', {})).rejects.toThrow(/MISSING is empty or not set/);
    await expect(loadSigningKey('gcpkms://projects/p/k', {})).rejects.toThrow(/add --signer cosign/);
    await expect(loadSigningKey(join(dir, 'absent.key'), {})).rejects.toThrow(/cannot read it \(ENOENT\)/);
    await expect(loadVerificationKey(join(dir, 'ec.key'), {})).rejects.toThrow(/this is a private key/);
    await expect(loadVerificationKey(join(dir, 'ec.pub'), {})).resolves.toBeDefined();
    await expect(loadSigningKey(join(dir, 'ec.pub'), {})).rejects.toBeInstanceOf(UsageError);
  });
});
