import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startGitHubApiServer } from '../../support/github-api-server.js';
import { actionSuite, FIXTURE_IMAGE, type FixtureScan, REPO_ROOT, runEntry } from './harness.js';

const suite = actionSuite();
const DIGEST = `sha256:${'c'.repeat(64)}`;
const SIGNED = `ghcr.io/aquasecurity/trivy-test-images@${DIGEST}`;

/** The Action with `sign: true, signer: cosign`, the cosign stand-in (test/bin/cosign) first on PATH recording its argv. */
async function runSigning(inputs: Record<string, string>, scan: FixtureScan) {
  const log = path.join(suite.dirs.root, `cosign-${Date.now()}.log`);
  suite.server = await startGitHubApiServer({});
  const saved = { PATH: process.env.PATH, STANDIN_ARGV_LOG: process.env.STANDIN_ARGV_LOG };
  process.env.PATH = `${path.join(REPO_ROOT, 'test/bin')}${path.delimiter}${process.env.PATH}`;
  process.env.STANDIN_ARGV_LOG = log;
  try {
    const run = await runEntry(
      suite.dirs,
      suite.server,
      { image: FIXTURE_IMAGE, sign: 'true', signer: 'cosign', ...inputs },
      { scan },
    );
    const calls = existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { argv: string[] })
      : [];
    return { ...run, calls };
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.STANDIN_ARGV_LOG === undefined) delete process.env.STANDIN_ARGV_LOG;
    else process.env.STANDIN_ARGV_LOG = saved.STANDIN_ARGV_LOG;
  }
}

describe('the Action signs with cosign after a passing gate (sign: true, signer: cosign)', () => {
  it('signs the scanned digest, attests its CycloneDX SBOM and the scan result, keyless', async () => {
    const { exitCode, calls, outputs } = await runSigning({}, { digest: DIGEST, sboms: true });
    expect(outputs.verdict).toBe('passed');
    expect(exitCode).toBe(0);
    expect(calls.map((c) => c.argv.slice(0, 2).join(' '))).toEqual([
      'sign --yes',
      'attest --yes',
      'attest --yes',
    ]);
    for (const call of calls) expect(call.argv.at(-1)).toBe(SIGNED);
    expect(calls[0]!.argv).not.toContain('--key');
    const types = calls.slice(1).map((c) => c.argv[c.argv.indexOf('--type') + 1]);
    expect(types).toEqual(['cyclonedx', 'vuln']);
    const sbomPredicate = calls[1]!.argv[calls[1]!.argv.indexOf('--predicate') + 1]!;
    expect(JSON.parse(readFileSync(sbomPredicate, 'utf8')).bomFormat).toBe('CycloneDX');
  });

  it('signs with the given key, its password never on argv', async () => {
    process.env.COSIGN_PASSWORD = 'never-on-argv';
    try {
      const { calls } = await runSigning({ 'sign-key': 'env://COSIGN_PRIVATE_KEY' }, { digest: DIGEST });
      expect(calls[0]!.argv).toEqual(expect.arrayContaining(['--key', 'env://COSIGN_PRIVATE_KEY']));
      for (const call of calls) expect(call.argv.join(' ')).not.toContain('never-on-argv');
    } finally {
      delete process.env.COSIGN_PASSWORD;
    }
  });

  it('signs nothing when the gate fails', async () => {
    const { exitCode, calls, outputs } = await runSigning({ severity: 'medium' }, { digest: DIGEST });
    expect(outputs.verdict).toBe('failed');
    expect(exitCode).toBe(1);
    expect(calls).toEqual([]);
  });

  it('is a run error (exit 2) when the scanned image has no registry digest to sign', async () => {
    const { exitCode, calls, outputs } = await runSigning({}, {});
    expect(exitCode).toBe(2);
    expect(outputs.verdict).toBe('error');
    expect(calls).toEqual([]);
  });

  it('refuses a malformed sign-key as a usage error (exit 3)', async () => {
    const { exitCode, calls } = await runSigning({ 'sign-key': 'env://not a var' }, { digest: DIGEST });
    expect(exitCode).toBe(3);
    expect(calls).toEqual([]);
  });
});
