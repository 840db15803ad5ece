import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

/**
 * `attest --predicate` is checked before cosign is run (issue 14): a directory, a missing, empty or non-JSON file
 * is a usage error (exit 3) naming the file, and the signer (the cosign stand-in, recording its argv) never starts.
 */
const IMAGE = `registry.example/app@sha256:${'a'.repeat(64)}`;

async function attest(predicate: (dir: string) => string, type = 'cyclonedx') {
  const dir = tempDir('cg-attest-');
  const log = join(dir, 'cosign.log');
  const res = await runCli(['attest', IMAGE, '--type', type, '--predicate', predicate(dir)], {
    env: { STANDIN_ARGV_LOG: log, COSIGN_PASSWORD: 'x' },
  });
  return { res, cosignRan: existsSync(log) };
}

describe('attest --predicate is checked before anything is signed', () => {
  it.each([
    ['a directory', (dir: string) => (mkdirSync(join(dir, 'sbom')), join(dir, 'sbom')), /directory/],
    ['a missing file', (dir: string) => join(dir, 'missing.cdx.json'), /not found/],
    [
      'an empty file',
      (dir: string) => (writeFileSync(join(dir, 'e.json'), '\n'), join(dir, 'e.json')),
      /empty/,
    ],
    [
      'not JSON',
      (dir: string) => (writeFileSync(join(dir, 'x.json'), 'name: x\n'), join(dir, 'x.json')),
      /not JSON/,
    ],
    [
      'a JSON array',
      (dir: string) => (writeFileSync(join(dir, 'a.json'), '[]'), join(dir, 'a.json')),
      /not a JSON object/,
    ],
  ])('%s: exit 3 naming it, cosign never started', async (_what, predicate, message) => {
    const { res, cosignRan } = await attest(predicate);
    expect(res.code, res.stderr).toBe(3);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('container-gate: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/predicate /);
    expect(lines[0]).toMatch(message);
    expect(cosignRan).toBe(false);
  });

  it('a custom predicate may be any non-empty bytes (cosign’s generic predicate)', async () => {
    const { res, cosignRan } = await attest(
      (dir) => (writeFileSync(join(dir, 'p.txt'), 'raw bytes'), join(dir, 'p.txt')),
      'custom',
    );
    expect(cosignRan).toBe(true);
    expect(res.code, res.stderr).toBe(0);
  });
});
