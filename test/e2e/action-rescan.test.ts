import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/action/run.js';
import { runScan } from '../../src/pipeline.js';
import { attestImageNative, signImageNative } from '../../src/sign/native.js';
import { PREDICATE_TYPES } from '../../src/sign/statement.js';
import {
  actionSuite,
  captureStdout,
  REPO_ROOT,
  readOutputs,
  recordingUploader,
  SHARED_FIXTURES,
  setRunEnv,
  TEST_POLLING,
  warnings,
} from '../integration/action/harness.js';
import { startGitHubApiServer } from '../support/github-api-server.js';
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

const SBOM = JSON.parse(
  readFileSync(path.resolve(SHARED_FIXTURES, 'grype/presenter-image.cdx.json'), 'utf8'),
);
const GRYPE_REPORT = path.resolve(SHARED_FIXTURES, 'grype/presenter-image.json');

describe.skipIf(!ready)(
  'the Action re-scans deployed digests (rescan: true): a real registry, Sigstore mocks, the real pipeline',
  () => {
    let work: string;
    let registry: LocalRegistry;
    let sigstore: SigstoreTestServer;
    let trustedRoot: string;
    let publicKey: string;
    const images: Record<string, PushedImage> = {};
    const name = (image: string) => `${registry.host}/prod/${image}`;
    const ref = (image: string) => `${name(image)}@${images[image]!.digest}`;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'cg-e2e-action-rescan-'));
      registry = await startRegistry(join(work, 'registry'));
      sigstore = await startSigstoreServer();
      trustedRoot = join(work, 'trusted_root.json');
      await sigstore.writeTrustedRoot(trustedRoot);
      for (const image of ['api', 'web', 'unattested', 'keyed'])
        images[image] = await pushImage(work, registry.host, `prod/${image}`, `prod ${image}`);
      const keyless = {
        endpoints: { fulcioURL: sigstore.url, rekorURL: sigstore.url, tsaURL: sigstore.url },
        identityToken: sigstore.token(),
      };
      await attestImageNative(ref('api'), {
        ...keyless,
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: SBOM,
      });
      await attestImageNative(ref('web'), {
        ...keyless,
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: SBOM,
      });
      await signImageNative(ref('unattested'), keyless);
      const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      await writeFile(join(work, 'release.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      await attestImageNative(ref('keyed'), {
        key: join(work, 'release.key'),
        tlogUpload: false,
        endpoints: {},
        predicateType: PREDICATE_TYPES.cyclonedx,
        predicate: SBOM,
      });
    }, 120_000);

    afterAll(async () => {
      await sigstore?.close();
      await registry?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    /** A runner's environment for one rescan step (a fresh loopback API), with the stand-in Grype on PATH. */
    async function stepEnvironment(inputs: Record<string, string>) {
      suite.server = await startGitHubApiServer();
      setRunEnv(suite.dirs, {
        inputs: {
          rescan: 'true',
          'certificate-identity': WORKFLOW_IDENTITY,
          'certificate-oidc-issuer': GITHUB_ISSUER,
          'trusted-root': trustedRoot,
          scanners: 'grype',
          'upload-sarif': 'true',
          'sarif-category-prefix': 'production',
          ...inputs,
        },
        apiUrl: suite.server.url,
        token: suite.server.token,
      });
      Object.assign(process.env, {
        PATH: `${path.resolve(REPO_ROOT, 'test/bin')}${path.delimiter}${process.env.PATH}`,
        STANDIN_GRYPE: GRYPE_REPORT,
      });
    }

    async function rescanStep(inputs: Record<string, string>) {
      await stepEnvironment(inputs);
      const artifacts = recordingUploader();
      const { result, stdout } = await captureStdout(() =>
        runAction({ runScan, artifactUploader: async () => artifacts.uploader, polling: TEST_POLLING }),
      );
      const outputs = readOutputs(suite.dirs.outputFile);
      return {
        result,
        stdout,
        outputs,
        artifacts,
        exitCode: process.exitCode,
        summary: readFileSync(suite.dirs.summaryFile, 'utf8'),
        report: JSON.parse(readFileSync(outputs['report-file']!, 'utf8')) as {
          targets: { display: string; attestation?: { status: string } }[];
        },
        server: suite.server,
      };
    }

    /** The checked-in bundle as the runner starts it (`runs.main` of action.yml): a process of its own. */
    async function bundledRescanStep(inputs: Record<string, string>) {
      // The artifact client needs the runner's own service: not here.
      await stepEnvironment({ 'upload-sbom': 'false', ...inputs });
      const env = { ...process.env };
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((done, fail) => {
        const child = spawn(process.execPath, [path.resolve(REPO_ROOT, 'dist/action/index.js')], {
          cwd: suite.dirs.workspace,
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('error', fail);
        child.on('close', (exit) => done({ code: exit, stdout: out }));
      });
      return { code, stdout, outputs: readOutputs(suite.dirs.outputFile), server: suite.server };
    }

    const categories = (sarif: unknown) =>
      (sarif as { runs: { automationDetails: { id: string } }[] }).runs.map((r) => r.automationDetails.id);

    it('gates the attested SBOM of each digest and uploads one SARIF category per image, with no digest in it', async () => {
      const { exitCode, outputs, server, artifacts } = await rescanStep({ image: ref('api') });
      expect(outputs.verdict).toBe('failed');
      expect(exitCode).toBe(1);
      expect(outputs['image-digest']).toBe(images.api!.digest);
      expect(server.violations).toEqual([]);
      expect(server.uploads).toHaveLength(1);
      expect(categories(server.uploads[0]!.sarif)).toEqual([
        `production/container-gate/${name('api').replace(':', '-')}/grype/`,
      ]);
      // The verified SBOM that was re-scanned goes along as the artifact, beside the JSON report.
      expect(artifacts.uploads.map((u) => u.name).sort()).toEqual([
        // The report artifact is named after the category prefix, as a matrix of jobs needs, and never as the
        // build's report that `baseline: auto` reads: what is deployed is not the branch's baseline.
        'container-gate-rescan-report-production',
        expect.stringMatching(/^sbom-/),
      ]);
      const sbom = artifacts.uploads.find((u) => u.name.startsWith('sbom-'))!;
      expect(JSON.parse(readFileSync(sbom.files[0]!, 'utf8'))).toEqual(SBOM);
    });

    it('runs from the checked-in bundle (dist/action/index.js) as a runner starts it', async () => {
      const { code, stdout, outputs, server } = await bundledRescanStep({
        image: `${ref('api')}\n${ref('unattested')}`,
      });
      expect(code, stdout).toBe(1);
      expect(outputs.verdict).toBe('failed');
      expect(outputs['image-digest']!.split('\n')).toEqual([images.api!.digest, images.unattested!.digest]);
      expect(stdout).toContain(`${ref('unattested')}: no verified SBOM attestation`);
      const report = JSON.parse(readFileSync(outputs['report-file']!, 'utf8'));
      expect(report.targets.map((t: { attestation: { status: string } }) => t.attestation.status)).toEqual([
        'verified',
        'unverified',
      ]);
      expect(server.uploads).toHaveLength(1);
      expect(categories(server.uploads[0]!.sarif)).toEqual([
        `production/container-gate/${name('api').replace(':', '-')}/grype/`,
      ]);
    });

    it('gives each deployed image its own SARIF category, in one upload', async () => {
      const { exitCode, outputs, server, report } = await rescanStep({
        image: `${ref('api')}\n${ref('web')}`,
      });
      expect(exitCode).toBe(1);
      expect(outputs['image-digest']!.split('\n')).toEqual([images.api!.digest, images.web!.digest]);
      expect(report.targets.map((t) => [t.display, t.attestation?.status])).toEqual([
        [ref('api'), 'verified'],
        [ref('web'), 'verified'],
      ]);
      expect(server.uploads).toHaveLength(1);
      expect(categories(server.uploads[0]!.sarif).sort()).toEqual([
        `production/container-gate/${name('api').replace(':', '-')}/grype/`,
        `production/container-gate/${name('web').replace(':', '-')}/grype/`,
      ]);
    });

    it('verifies a key-signed SBOM attestation with verify-key from the environment, and only with it', async () => {
      process.env.RELEASE_PUBLIC_KEY = publicKey;
      const keyed = await rescanStep({
        image: ref('keyed'),
        'certificate-identity': '',
        'certificate-oidc-issuer': '',
        'trusted-root': '',
        'verify-key': 'env://RELEASE_PUBLIC_KEY',
        'insecure-ignore-tlog': 'true',
      });
      expect(keyed.report.targets[0]!.attestation).toMatchObject({ status: 'verified' });
      expect(keyed.outputs.verdict).toBe('failed');
      expect(Number(keyed.outputs.findings)).toBeGreaterThan(0);
      await keyed.server.close();
      // The same image under the keyless policy: not re-scanned, the step fails.
      const keyless = await rescanStep({ image: ref('keyed') });
      expect(keyless.report.targets[0]!.attestation).toMatchObject({
        status: 'unverified',
        reason: expect.stringMatching(/signed with a key, not keyless/),
      });
      expect(keyless.outputs.findings).toBe('0');
      expect(keyless.exitCode).toBe(1);
    });

    it('fails the step for a digest without a verified SBOM attestation, even with fail-on-error: false', async () => {
      const { exitCode, outputs, server, stdout, summary, report } = await rescanStep({
        image: `${ref('api')}\n${ref('unattested')}`,
        'fail-on-error': 'false',
        severity: 'critical',
        exceptions: '',
      });
      expect(outputs.verdict).toBe('failed');
      expect(exitCode).toBe(1);
      expect(stdout).toMatch(
        new RegExp(`::error::container-gate: .*${ref('unattested').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      expect(
        warnings(stdout).some((w) => w.includes(`${ref('unattested')}: no verified SBOM attestation`)),
      ).toBe(true);
      // The job summary gives each image its reason (markdown-escaped, no @-mention).
      expect(summary).toMatch(
        /prod\/unattested@\S+: no verified SBOM attestation, not re-scanned \\\(a signature\\\)/,
      );
      // …and what each image was re-scanned from, and who signed it.
      expect(summary).toContain('### SBOM attestations');
      expect(summary).toMatch(/\| verified \| https:\/\/cyclonedx\.org\/bom \| https:\/\/github\.com\//);
      expect(summary).toMatch(/\| \*\*unverified\*\* \| a signature \|/);
      expect(report.targets.map((t) => t.attestation?.status)).toEqual(['verified', 'unverified']);
      // Only the verified image's analysis is uploaded: the other's category is left as it was.
      expect(categories(server.uploads[0]!.sarif)).toEqual([
        `production/container-gate/${name('api').replace(':', '-')}/grype/`,
      ]);
    });

    it('keeps an unverified image failing when another cannot be checked (exit 2 is not forgiven then)', async () => {
      const gone = `127.0.0.1:9/prod/api@${images.api!.digest}`;
      const { exitCode, outputs, stdout } = await rescanStep({
        image: `${ref('unattested')}\n${gone}`,
        'fail-on-error': 'false',
      });
      expect(outputs.verdict).toBe('error');
      expect(exitCode).toBe(2);
      expect(stdout).toMatch(/::error::container-gate: /);
      expect(stdout).not.toMatch(/not failing the step because fail-on-error is false/);
      const report = JSON.parse(readFileSync(outputs['report-file']!, 'utf8'));
      expect(report.targets.map((t: { attestation: { status: string } }) => t.attestation.status)).toEqual([
        'unverified',
        'error',
      ]);
    });
  },
);
