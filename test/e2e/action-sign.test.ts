import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportTarget } from '../../src/core/report.js';
import { verifyImageNative } from '../../src/sign/native.js';
import { BUNDLE_MEDIA_TYPE } from '../../src/sign/sigstore.js';
import { PREDICATE_TYPES } from '../../src/sign/statement.js';
import { actionSuite, FIXTURE_IMAGE, runEntry } from '../integration/action/harness.js';
import { type GitHubApiScenario, startGitHubApiServer } from '../support/github-api-server.js';
import { type PushedImage, pushImage } from '../support/oci-images.js';
import { type LocalRegistry, requireRealTools, startRegistry } from '../support/real-tools.js';
import {
  GITHUB_ISSUER,
  type SigstoreTestServer,
  startSigstoreServer,
  WORKFLOW_IDENTITY,
} from '../support/sigstore-server.js';

const ready = requireRealTools('skopeo', 'registry');
const suite = actionSuite();

describe.skipIf(!ready)(
  'the Action signs natively (sign: true): a real registry, Sigstore mocks, the GitHub API',
  () => {
    let work: string;
    let registry: LocalRegistry;
    let sigstore: SigstoreTestServer;
    let trustedRoot: string;
    let multi: PushedImage;
    let forbidden: PushedImage;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'cg-e2e-action-sign-'));
      registry = await startRegistry(join(work, 'registry'));
      sigstore = await startSigstoreServer();
      trustedRoot = join(work, 'trusted_root.json');
      await sigstore.writeTrustedRoot(trustedRoot);
      multi = await pushImage(work, registry.host, 'action/multi', 'multi', ['amd64', 'arm64']);
      forbidden = await pushImage(work, registry.host, 'action/forbidden', 'forbidden');
    }, 120_000);

    afterAll(async () => {
      await sigstore?.close();
      await registry?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    /** The scan of every platform of the index, as the pipeline reports it (targets.ts expandPlatforms). */
    const platformTargets = (image: PushedImage, name: string): ReportTarget[] =>
      image.platforms!.map((p) => ({
        display: `${name}:latest [${p.platform}]`,
        name,
        kind: 'reference',
        digest: p.digest,
        platform: p.platform,
        indexDigest: image.digest,
      }));

    async function runSigning(
      targets: ReportTarget[],
      inputs: Record<string, string>,
      scenario: GitHubApiScenario = {},
    ) {
      suite.server = await startGitHubApiServer(scenario);
      // The runner's OIDC endpoint: @sigstore/sign's CIContextProvider asks it for a token with audience sigstore.
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL = sigstore.oidcTokenURL;
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'runner-request-token';
      return runEntry(
        suite.dirs,
        suite.server,
        {
          image: FIXTURE_IMAGE,
          sign: 'true',
          'fulcio-url': sigstore.url,
          'rekor-url': sigstore.url,
          'tsa-url': sigstore.url,
          ...inputs,
        },
        { scan: { sboms: true, targets } },
      );
    }

    const policy = { identity: { exact: WORKFLOW_IDENTITY }, issuer: { exact: GITHUB_ISSUER } };

    it('signs the index digest once, attests each platform, and stores the attestations with GitHub', async () => {
      const name = `${registry.host}/action/multi`;
      const { exitCode, outputs, stdout } = await runSigning(platformTargets(multi, name), {});
      expect(outputs.verdict).toBe('passed');
      expect(exitCode).toBe(0);
      expect(stdout).toContain(`signed ${name}@${multi.digest}`);

      const signature = await verifyImageNative(`${name}@${multi.digest}`, { ...policy, trustedRoot });
      expect(signature.verified).toHaveLength(1);
      for (const platform of multi.platforms!) {
        const ref = `${name}@${platform.digest}`;
        const sbom = await verifyImageNative(ref, {
          ...policy,
          trustedRoot,
          predicateType: PREDICATE_TYPES.cyclonedx,
        });
        expect((sbom.verified[0]!.statement.predicate as { bomFormat: string }).bomFormat).toBe('CycloneDX');
        const vuln = await verifyImageNative(ref, {
          ...policy,
          trustedRoot,
          predicateType: PREDICATE_TYPES.vuln,
        });
        expect(vuln.verified).toHaveLength(1);
        // The signature covers the index: a platform digest carries attestations only.
        await expect(verifyImageNative(ref, { ...policy, trustedRoot })).rejects.toThrow(
          /no valid signature/,
        );
      }

      const server = suite.server!;
      expect(server.violations).toEqual([]);
      expect(server.attestations).toHaveLength(4);
      for (const stored of server.attestations) {
        expect(stored).toMatchObject({ owner: 'Codertocat', repo: 'Hello-World' });
        expect(stored.bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
        expect(stored.bundle.dsseEnvelope).toBeDefined();
      }
      const stored = server.requests.filter((r) => r.operationId === 'repos/create-attestation');
      expect(stored.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    });

    it('warns and goes on when the token may not write attestations (auto), fails when they are required', async () => {
      const name = `${registry.host}/action/forbidden`;
      const target: ReportTarget = {
        display: `${name}:latest`,
        name,
        kind: 'reference',
        digest: forbidden.digest,
      };
      const auto = await runSigning([target], {}, { attestationWrites: ['forbidden'] });
      expect(auto.exitCode).toBe(0);
      expect(auto.stdout).toMatch(
        /::warning::GitHub attestations: the token may not write them \(HTTP 403\) — grant `permissions: attestations: write`/,
      );
      // One 403 is enough to know: the second attestation is not tried.
      expect(suite.server!.requests.filter((r) => r.operationId === 'repos/create-attestation')).toHaveLength(
        1,
      );
      expect(suite.server!.violations).toEqual([]);

      const required = await runSigning(
        [target],
        { 'github-attestations': 'true' },
        { attestationWrites: ['forbidden'] },
      );
      expect(required.exitCode).toBe(2);
      expect(required.outputs.verdict).toBe('error');
    });

    it('is a run error when keyless signing has no OIDC token (no id-token: write)', async () => {
      const name = `${registry.host}/action/forbidden`;
      const target: ReportTarget = {
        display: `${name}:latest`,
        name,
        kind: 'reference',
        digest: forbidden.digest,
      };
      suite.server = await startGitHubApiServer({});
      delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
      delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      delete process.env.SIGSTORE_ID_TOKEN;
      const run = await runEntry(
        suite.dirs,
        suite.server,
        { image: FIXTURE_IMAGE, sign: 'true', 'fulcio-url': sigstore.url, 'rekor-url': sigstore.url },
        { scan: { targets: [target] } },
      );
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toMatch(
        /keyless signing needs an OIDC token: on GitHub Actions grant `permissions: id-token: write`/,
      );
    });
  },
);
