import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

/**
 * `attest --predicate` is checked before cosign is run (issue 14): a directory, a missing, empty or non-JSON file
 * is a usage error (exit 3) naming the file, and the signer (the cosign stand-in, recording its argv) never starts.
 */
const IMAGE = `registry.example/app@sha256:${'a'.repeat(64)}`;

/** A predicate file holding `content` (or a directory, or nothing at all), made in `dir`; returns its path. */
const made =
  (name: string, content: string | 'directory' | 'missing') =>
  (dir: string): string => {
    const path = join(dir, name);
    if (content === 'directory') mkdirSync(path);
    else if (content !== 'missing') writeFileSync(path, content);
    return path;
  };

async function attest(predicate: (dir: string) => string, type = 'cyclonedx') {
  const dir = tempDir('cg-attest-');
  const log = join(dir, 'cosign.log');
  const res = await runCli(
    ['attest', IMAGE, '--signer', 'cosign', '--type', type, '--predicate', predicate(dir)],
    {
      env: { STANDIN_ARGV_LOG: log, COSIGN_PASSWORD: 'x' },
    },
  );
  return { res, cosignRan: existsSync(log) };
}

describe('attest --predicate is checked before anything is signed', () => {
  it.each([
    ['a directory', made('sbom', 'directory'), /directory/],
    ['a missing file', made('missing.cdx.json', 'missing'), /not found/],
    ['an empty file', made('e.json', '\n'), /empty/],
    ['not JSON', made('x.json', 'name: x\n'), /not JSON/],
    ['a JSON array', made('a.json', '[]'), /not a JSON object/],
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
    const { res, cosignRan } = await attest(made('p.txt', 'raw bytes'), 'custom');
    expect(cosignRan).toBe(true);
    expect(res.code, res.stderr).toBe(0);
  });
});
