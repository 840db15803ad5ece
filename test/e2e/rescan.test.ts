import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestImageNative, type NativeSignOptions, signImageNative } from '../../src/sign/native.js';
import { PREDICATE_TYPES } from '../../src/sign/statement.js';
import { fixtures, isDatabaseCall, replay, runCli, standinBin } from '../support/cli.js';
import { type PushedImage, pushImage } from '../support/oci-images.js';
import { type LocalRegistry, requireRealTools, startRegistry } from '../support/real-tools.js';
import {
  GITHUB_ISSUER,
  type SigstoreTestServer,
  startSigstoreServer,
  WORKFLOW_IDENTITY,
} from '../support/sigstore-server.js';
import { replaceWithTampered } from '../support/tamper.js';

const ready = requireRealTools('skopeo', 'registry');

/** The stored SBOM fixture and the Grype report recorded for the same (synthetic) packages: Grype's presenter tests. */
const SBOM_FIXTURE = join(fixtures, 'grype/presenter-image.cdx.json');
const GRYPE_REPORT = join(fixtures, 'grype/presenter-image.json');
const SPDX_FIXTURE = join(fixtures, 'trivy/conda-spdx.json');
const sbom = JSON.parse(readFileSync(SBOM_FIXTURE, 'utf8'));
const grypeMatches = (
  JSON.parse(readFileSync(GRYPE_REPORT, 'utf8')) as {
    matches: { vulnerability: { id: string; severity: string }; artifact: { name: string } }[];
  }
).matches;

interface Report {
  targets: {
    display: string;
    name: string;
    kind: string;
    digest?: string;
    platform?: string;
    indexDigest?: string;
    attestation?: Record<string, string>;
  }[];
  findings: { id: string; target: string; package?: { name: string } }[];
  gate: { status: string; reasons: string[]; errors: string[] };
  scanners: { name: string; target: string; status: string }[];
  sboms: { target: string; format: string; path: string; producer: string }[];
}

interface ArgvEntry {
  tool: string;
  argv: string[];
}

describe.skipIf(!ready)('rescan: deployed images re-scanned from their verified SBOM attestations', () => {
  let work: string;
  let registry: LocalRegistry;
  let sigstore: SigstoreTestServer;
  const images: Record<string, PushedImage> = {};
  const name = (image: string) => `${registry.host}/deployed/${image}`;
  const ref = (image: string) => `${name(image)}@${images[image]!.digest}`;
  const keyless = (): NativeSignOptions => ({
    endpoints: { fulcioURL: sigstore.url, rekorURL: sigstore.url, tsaURL: sigstore.url },
    identityToken: sigstore.token(),
  });
  const attest = (
    reference: string,
    predicate: unknown,
    opts: Partial<NativeSignOptions & { predicateType: string }> = {},
  ) =>
    attestImageNative(reference, {
      ...keyless(),
      predicateType: PREDICATE_TYPES.cyclonedx,
      predicate,
      ...opts,
    });
  const POLICY = [
    '--certificate-identity',
    WORKFLOW_IDENTITY,
    '--certificate-oidc-issuer',
    GITHUB_ISSUER,
    '--trusted-root',
    'trusted_root.json',
  ];

  /** The built CLI as a user runs it, with the stand-in scanners (and no cosign) on PATH. */
  async function rescan(args: string[], env: Record<string, string> = {}) {
    const dir = await mkdtemp(join(work, 'run-'));
    const log = join(dir, 'argv.log');
    const json = join(dir, 'report.json');
    const sarif = join(dir, 'gate.sarif');
    const res = await runCli(['rescan', '--json', json, '--sarif', sarif, '--no-table', ...args], {
      cwd: work,
      path: `${standinBin}${delimiter}${process.env.PATH}`,
      env: replay({ STANDIN_GRYPE: GRYPE_REPORT, STANDIN_ARGV_LOG: log, ...env }),
    });
    const calls: ArgvEntry[] = existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as ArgvEntry)
          // The scans: not `--version`, nor the database steps (test/integration/databases.test.ts).
          .filter((c) => c.argv[0] !== '--version' && !isDatabaseCall(c))
      : [];
    return {
      res,
      calls,
      dir,
      report: existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Report) : undefined,
      sarif: existsSync(sarif)
        ? (JSON.parse(readFileSync(sarif, 'utf8')) as {
            runs: { automationDetails: { id: string }; results: unknown[]; properties: { image: string } }[];
          })
        : undefined,
    };
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-e2e-rescan-'));
    registry = await startRegistry(join(work, 'registry'));
    sigstore = await startSigstoreServer();
    await sigstore.writeTrustedRoot(join(work, 'trusted_root.json'));
    for (const image of ['api', 'web', 'signed-only', 'tampered', 'other-signer', 'spdx', 'keyed', 'empty']) {
      images[image] = await pushImage(work, registry.host, `deployed/${image}`, `deployed ${image}`);
    }
    images.multi = await pushImage(work, registry.host, 'deployed/multi', 'deployed multi', [
      'amd64',
      'arm64',
    ]);
    // One platform and an image beside it that names none: scan pins the platform's digest and sign: true attests there.
    images.lone = await pushImage(work, registry.host, 'deployed/lone', 'deployed lone', ['amd64', 'none']);

    await attest(ref('api'), sbom);
    await attest(ref('web'), sbom);
    await signImageNative(ref('signed-only'), keyless());
    const genuine = await attest(ref('tampered'), sbom);
    // The attacker's edit: the SBOM without its vulnerable package, so a re-scan would pass.
    await replaceWithTampered(registry.host, 'deployed/tampered', images.tampered!.digest, genuine, (s) => {
      (s.predicate as { components: { name: string }[] }).components = [];
    });
    await attest(ref('other-signer'), sbom, {
      identityToken: sigstore.token({
        sub: 'https://github.com/evil/api/.github/workflows/release.yml@refs/heads/main',
        iss: GITHUB_ISSUER,
      }),
    });
    // Signed by the release identity, yet listing nothing: a re-scan of it would pass whatever the advisories say.
    await attest(ref('empty'), { ...sbom, components: [] });
    await attest(ref('spdx'), JSON.parse(readFileSync(SPDX_FIXTURE, 'utf8')), {
      predicateType: PREDICATE_TYPES.spdxjson,
    });
    for (const platform of images.multi.platforms!) await attest(`${name('multi')}@${platform.digest}`, sbom);
    await attest(`${name('lone')}@${images.lone.platforms![0]!.digest}`, sbom);

    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await writeFile(join(work, 'cosign.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(work, 'cosign.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    await attest(ref('keyed'), sbom, { key: join(work, 'cosign.key'), tlogUpload: false, endpoints: {} });
  }, 180_000);

  afterAll(async () => {
    await sigstore?.close();
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('finds the vulnerabilities of the attested SBOM, named after the image and digest, without pulling it', async () => {
    const { res, report, sarif, calls, dir } = await rescan([
      ...POLICY,
      '--scanners',
      'grype',
      '--sbom-dir',
      'sboms',
      ref('api'),
    ]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(
      /re-scanning the CycloneDX JSON SBOM attested by https:\/\/github\.com\/acme\//,
    );
    expect(res.stdout).toMatch(/gate failed: threshold: 1 finding at or above high/);

    // Grype read the verified SBOM, byte for byte the attested fixture, from a file of this run; no image tool ran.
    expect(calls.map((c) => c.tool)).toEqual(['grype']);
    const grypeInput = calls[0]!.argv.at(-1)!;
    expect(grypeInput).toMatch(/^sbom:.*attested-sbom-[0-9a-f]{16}\.json$/);
    const written = readdirSync(join(work, 'sboms'));
    expect(written).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(work, 'sboms', written[0]!), 'utf8'))).toEqual(sbom);

    expect(report!.targets).toEqual([
      {
        display: ref('api'),
        name: name('api'),
        kind: 'sbom',
        digest: images.api!.digest,
        attestation: {
          status: 'verified',
          predicateType: PREDICATE_TYPES.cyclonedx,
          referrer: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
          identity: WORKFLOW_IDENTITY,
          issuer: GITHUB_ISSUER,
        },
      },
    ]);
    expect(report!.findings.map((f) => [f.id, f.package?.name, f.target]).sort()).toEqual(
      grypeMatches.map((m) => [m.vulnerability.id, m.artifact.name, ref('api')]).sort(),
    );
    expect(report!.sboms).toEqual([
      {
        target: ref('api'),
        format: 'cyclonedx-json',
        path: expect.stringMatching(/^sboms\//),
        producer: 'attestation',
      },
    ]);
    // No temporary path reaches what a reader sees.
    for (const text of [readFileSync(join(dir, 'report.json'), 'utf8'), JSON.stringify(sarif), res.stdout])
      expect(text).not.toContain('attested-sbom-');
    // One category per image, stable across digests: the name, never the digest.
    expect(sarif!.runs.map((r) => r.automationDetails.id)).toEqual([
      `container-gate/${name('api').replace(':', '-')}/grype/`,
    ]);
    expect(JSON.stringify(sarif!.runs.map((r) => r.automationDetails))).not.toContain('sha256');
    expect(sarif!.runs[0]!.results).toHaveLength(grypeMatches.length);
  });

  it('applies the same gate as scan: an exception for the critical finding passes (exit 0)', async () => {
    const critical = grypeMatches.find((m) => m.vulnerability.severity === 'Critical')!;
    await writeFile(
      join(work, 'exceptions.yaml'),
      `exceptions:\n  - id: ${critical.vulnerability.id}\n    image: ${name('api')}\n    reason: fixed in the next release\n    expires: 2099-01-01\n`,
    );
    const { res, report } = await rescan([
      ...POLICY,
      '--scanners',
      'grype',
      '--exceptions',
      'exceptions.yaml',
      ref('api'),
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(report!.gate.status).toBe('passed');
  });

  it('fails closed, naming each: a signature only, a tampered SBOM attestation and another signer, next to one that verifies', async () => {
    const { res, report, sarif, calls } = await rescan([
      ...POLICY,
      ref('web'),
      ref('signed-only'),
      ref('tampered'),
      ref('other-signer'),
    ]);
    expect(res.code, res.stderr).toBe(1);
    const status = Object.fromEntries(report!.targets.map((t) => [t.display, t.attestation]));
    expect(status[ref('web')]).toMatchObject({ status: 'verified' });
    expect(status[ref('signed-only')]).toEqual({ status: 'unverified', reason: 'a signature' });
    expect(status[ref('tampered')]).toEqual({
      status: 'unverified',
      reason: expect.stringMatching(/^bundle [0-9a-f]{12}…: does not verify \(DSSE payload hash mismatch\)$/),
    });
    expect(status[ref('other-signer')]).toEqual({
      status: 'unverified',
      reason: expect.stringMatching(
        /^CycloneDX: bundle [0-9a-f]{12}…: signed by https:\/\/github\.com\/evil\/api\/\S+, not https:\/\/github\.com\/acme\/\S+; SPDX: an attestation \(https:\/\/cyclonedx\.org\/bom\)$/,
      ),
    });
    // The verified image is scanned as scan sbom: would (Trivy and Grype read it); the others by nothing.
    expect(new Set(report!.findings.map((f) => f.target))).toEqual(new Set([ref('web')]));
    expect(new Set(report!.scanners.map((s) => s.target))).toEqual(new Set([ref('web')]));
    const sbomReads = calls.filter((c) => c.tool === 'grype' || c.argv[0] === 'sbom');
    expect(sbomReads).toHaveLength(2);
    // The verdict names every image that was not re-scanned; no SARIF run for them, so their open alerts stay open.
    expect(report!.gate.status).toBe('failed');
    const unverified = ['signed-only', 'tampered', 'other-signer'].map(ref);
    expect(report!.gate.reasons.slice(0, 3).sort()).toEqual(
      unverified
        .map((r) => `${r}: no verified SBOM attestation, not re-scanned (${status[r]!.reason})`)
        .sort(),
    );
    expect(res.stdout).toMatch(/gate failed: \S+ no verified SBOM attestation, not re-scanned/);
    expect(res.stderr).toMatch(
      new RegExp(
        `${escapeRegExp(ref('tampered'))}: no verified SBOM attestation \\(.*\\) — not re-scanned, the gate fails`,
      ),
    );
    expect(new Set(sarif!.runs.map((r) => r.properties.image))).toEqual(new Set([name('web')]));
  });

  it('is never a pass for an image with no verified SBOM attestation, even with nothing else wrong', async () => {
    const { res, report } = await rescan([...POLICY, '--severity', 'critical', ref('signed-only')]);
    expect(res.code).toBe(1);
    expect(report!.findings).toEqual([]);
    expect(report!.gate).toMatchObject({ status: 'failed', errors: [] });
  });

  it('scans an SPDX attestation when there is no CycloneDX one (Trivy and Grype both read SPDX)', async () => {
    const { res, report, calls } = await rescan([...POLICY, '--sbom-dir', 'spdx-sboms', ref('spdx')]);
    expect(res.code, res.stderr).toBe(1);
    expect(report!.targets[0]!.attestation).toMatchObject({
      status: 'verified',
      predicateType: PREDICATE_TYPES.spdxjson,
    });
    expect(report!.scanners.map((s) => `${s.name}:${s.status}`)).toEqual(['trivy:ok', 'grype:ok']);
    const trivySbom = calls.find((c) => c.tool === 'trivy' && c.argv[0] === 'sbom')!;
    expect(trivySbom.argv.at(-1)).toMatch(/attested-sbom-[0-9a-f]{16}\.json$/);
    expect(report!.sboms).toEqual([
      expect.objectContaining({ format: 'spdx-json', producer: 'attestation' }),
    ]);
    expect(JSON.parse(readFileSync(join(work, report!.sboms[0]!.path), 'utf8'))).toEqual(
      JSON.parse(readFileSync(SPDX_FIXTURE, 'utf8')),
    );
  });

  it('re-scans each platform of a multi-platform image from the SBOM attested to its digest', async () => {
    const multi = images.multi!;
    const { res, report } = await rescan([...POLICY, '--scanners', 'grype', ref('multi')]);
    expect(res.code, res.stderr).toBe(1);
    expect(report!.targets.map((t) => [t.display, t.digest, t.platform, t.attestation?.status])).toEqual(
      multi.platforms!.map((p) => [`${ref('multi')} [${p.platform}]`, p.digest, p.platform, 'verified']),
    );
    const one = await rescan([...POLICY, '--scanners', 'grype', '--platform', 'linux/arm64', ref('multi')]);
    expect(one.report!.targets).toEqual([
      expect.objectContaining({
        display: ref('multi'),
        platform: 'linux/arm64',
        digest: multi.platforms!.find((p) => p.platform === 'linux/arm64')!.digest,
      }),
    ]);
    // As scan records it: the index digest would vouch for every platform, and one was re-scanned.
    expect(one.report!.targets[0]).not.toHaveProperty('indexDigest');
    expect(report!.targets.map((t) => t.indexDigest)).toEqual(multi.platforms!.map(() => multi.digest));
  });

  it("re-scans an index's one platform from its digest when an image without a platform sits beside it, as scan pins it", async () => {
    const lone = images.lone!;
    const { res, report } = await rescan([...POLICY, '--scanners', 'grype', ref('lone')]);
    expect(res.code, res.stderr).toBe(1);
    expect(report!.targets).toEqual([
      expect.objectContaining({
        display: ref('lone'),
        platform: 'linux/amd64',
        digest: lone.platforms![0]!.digest,
        attestation: expect.objectContaining({ status: 'verified' }),
      }),
    ]);
    // The index digest would vouch for the image that was not re-scanned.
    expect(report!.targets[0]).not.toHaveProperty('indexDigest');
  });

  it('verifies a key-signed attestation with --key, and fails it under a keyless policy', async () => {
    const keyed = await rescan([
      '--key',
      'cosign.pub',
      '--insecure-ignore-tlog',
      '--scanners',
      'grype',
      ref('keyed'),
    ]);
    expect(keyed.res.code, keyed.res.stderr).toBe(1);
    expect(keyed.report!.targets[0]!.attestation).toMatchObject({ status: 'verified' });
    expect(keyed.report!.findings).toHaveLength(grypeMatches.length);
    const keyless = await rescan([...POLICY, '--scanners', 'grype', ref('keyed')]);
    expect(keyless.res.code).toBe(1);
    expect(keyless.report!.targets[0]!.attestation).toMatchObject({
      status: 'unverified',
      reason: expect.stringMatching(/signed with a key, not keyless/),
    });
  });

  it('resolves a tag only with --resolve-digest, and names the digest it re-scanned', async () => {
    const tagged = `${name('api')}:latest`;
    const refused = await rescan([...POLICY, tagged]);
    expect(refused.res.code).toBe(3);
    expect(refused.res.stderr).toMatch(/re-scan by digest — pass name@sha256:…/);
    const resolved = await rescan([...POLICY, '--scanners', 'grype', '--resolve-digest', tagged]);
    expect(resolved.res.code, resolved.res.stderr).toBe(1);
    expect(resolved.report!.targets[0]).toMatchObject({ display: tagged, digest: images.api!.digest });
  });

  it('is a run error (exit 2) when the registry cannot be asked, and says which image', async () => {
    const gone = `127.0.0.1:9/deployed/api@${images.api!.digest}`;
    const { res, report } = await rescan([...POLICY, '--scanners', 'grype', ref('api'), gone]);
    expect(res.code).toBe(2);
    expect(report!.gate.status).toBe('error');
    expect(report!.gate.errors).toEqual([expect.stringContaining(gone)]);
    expect(report!.targets.find((t) => t.display === gone)!.attestation).toMatchObject({ status: 'error' });
    // The reachable image was still re-scanned.
    expect(report!.findings.filter((f) => f.target === ref('api'))).toHaveLength(grypeMatches.length);
  });

  it('re-scans a verified SBOM that lists no packages, and says that its scan can only pass', async () => {
    const { res, report, calls } = await rescan([...POLICY, ref('empty')]);
    // Gated as any verified SBOM (the stand-ins replay their recordings whatever they read, so there are findings).
    expect(res.code, res.stderr).toBe(1);
    expect(report!.gate.errors).toEqual([]);
    expect(report!.targets[0]!.attestation).toMatchObject({ status: 'verified' });
    expect(res.stderr).toContain(
      `${ref('empty')}: its verified CycloneDX JSON SBOM: lists no packages, so its scan finds nothing whatever today's advisories say — if the image has packages, this SBOM was not made from it`,
    );
    // Scanned all the same: the warning is all a gate can add for an image that may truly hold no packages.
    expect(calls.filter((c) => c.tool === 'grype' || c.argv[0] === 'sbom')).toHaveLength(2);
  });

  it('refuses bad input with exit 3 before anything is fetched', async () => {
    const cases: [string[], RegExp][] = [
      [['--signer', 'cosign', ...POLICY, ref('api')], /rescan verifies natively and has no cosign backend/],
      [[ref('api')], /keyless verify needs --certificate-identity .* AND --certificate-oidc-issuer/],
      [
        ['--certificate-identity-regexp', '(', '--certificate-oidc-issuer', GITHUB_ISSUER, ref('api')],
        /--certificate-identity-regexp "\(": not a regular expression/,
      ],
      [[...POLICY, `sbom:${SBOM_FIXTURE}`], /rescan reads the SBOM attested to a registry image/],
      [
        [...POLICY, '--key', 'cosign.pub', ref('api')],
        /--key and --certificate-identity.* do not go together/,
      ],
    ];
    for (const [args, message] of cases) {
      const { res, report, calls } = await rescan(args);
      expect([res.code, res.stderr], args.join(' ')).toEqual([3, expect.stringMatching(message)]);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(report).toBeUndefined();
      expect(calls).toEqual([]);
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
