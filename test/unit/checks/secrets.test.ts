import { describe, expect, it } from 'vitest';
import { isSecretName, judgeSecret, secretValueShape } from '../../../src/checks/secrets.js';

describe('secret detector', () => {
  it('recognises secret names by convention', () => {
    for (const name of [
      'API_KEY',
      'apiKey',
      'STRIPE_SECRET',
      'client-secret',
      'DB_PASSWORD',
      'PGPASSWD',
      'GITHUB_TOKEN',
      'TOKEN',
      'GH_PAT',
      'AWS_ACCESS_KEY_ID',
      'com.acme.api-key',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('does not take locations, names or public keys for secrets', () => {
    for (const name of [
      'DB_PASSWORD_FILE',
      'TOKEN_URL',
      'SECRET_NAME',
      'PUBLIC_KEY',
      'NEXT_PUBLIC_API_KEY',
      'CACHE_KEY',
      'PATH',
      'PWD',
      'KEYBOARD',
      'TOKENIZER',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('recognises secret value shapes whatever the name', () => {
    const shapes: [string, RegExp][] = [
      ['AKIAFAKEFAKEFAKEFAKE', /AWS/],
      ['ghp_FAKEtokenForContainerGateDemo0000000', /GitHub token/],
      [`github_pat_${'A'.repeat(22)}_${'b'.repeat(59)}`, /fine-grained/],
      ['-----BEGIN OPENSSH PRIVATE KEY-----', /private key/],
      ['-----BEGIN RSA PRIVATE KEY-----', /private key/],
      ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLWZha2U', /JSON Web Token/],
    ];
    for (const [value, label] of shapes) expect(secretValueShape(value), value.slice(0, 12)).toMatch(label);
    expect(secretValueShape('hello world')).toBeUndefined();
  });

  it('tells a literal secret from a secret that is only named or referenced', () => {
    expect(judgeSecret('API_KEY', 'secret123')?.kind).toBe('literal');
    expect(judgeSecret('GREETING', 'AKIAFAKEFAKEFAKEFAKE')?.kind).toBe('literal');
    expect(judgeSecret('NPM_TOKEN', undefined)?.kind).toBe('named');
    expect(judgeSecret('NPM_TOKEN', '$' + '{NPM_TOKEN}')?.kind).toBe('named');
    expect(judgeSecret('DB_PASSWORD', '$(DB_PASSWORD)')?.kind).toBe('named');
    expect(judgeSecret('API_KEY', '')).toBeUndefined();
    expect(judgeSecret('DB_PASSWORD', '/run/secrets/db')).toBeUndefined();
    expect(judgeSecret('GREETING', 'hello')).toBeUndefined();
  });
});
