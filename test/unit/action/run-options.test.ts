import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../src/action/context.js';
import { type InputName, readActionInputs } from '../../../src/action/inputs.js';
import { toRunOptions } from '../../../src/action/run-options.js';
import { UsageError } from '../../../src/util/errors.js';

const context: ActionContext = {
  eventName: 'push',
  repository: { owner: 'acme', repo: 'Shop.API' },
  sha: 'c'.repeat(40),
  ref: 'refs/heads/main',
  workspace: '/w',
  runnerTemp: '/runner/temp',
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  runAttempt: 1,
};
const options = (values: Partial<Record<InputName, string>>) =>
  toRunOptions(
    readActionInputs((name) => values[name] ?? ''),
    context,
  );

describe('inputs become the RunOptions the CLI builds too', () => {
  it('maps the policy, scanners and timeout', () => {
    const o = options({
      image: 'alpine:3.19',
      severity: 'critical',
      'ignore-unfixed': 'true',
      scanners: 'grype',
      timeout: '2m',
    });
    expect(o.images).toEqual(['alpine:3.19']);
    expect(o.policy).toMatchObject({ threshold: 'critical', ignoreUnfixed: true, unknownSeverity: 'warn' });
    expect(o.scanners).toEqual(['grype']);
    expect(o.timeoutMs).toBe(120_000);
  });

  it('always asks for the JSON report and SARIF, under RUNNER_TEMP unless paths are given', () => {
    expect(options({ image: 'alpine' }).outputs).toMatchObject({
      json: path.join('/runner/temp', 'container-gate', 'report.json'),
      sarif: path.join('/runner/temp', 'container-gate', 'results.sarif'),
      sbomDir: path.join('/runner/temp', 'container-gate', 'sbom'),
    });
    expect(options({ image: 'alpine', sarif: 'out/x.sarif', json: 'out/r.json' }).outputs).toMatchObject({
      sarif: 'out/x.sarif',
      json: 'out/r.json',
    });
  });

  it('build: the image input is the tag to build, and provenance labels name the source commit', () => {
    const o = options({
      build: 'true',
      image: 'shop-api:pr',
      dockerfile: 'examples/app/Dockerfile',
      context: 'examples/app',
    });
    expect(o.images).toEqual([]);
    expect(o.dockerfile).toBe('examples/app/Dockerfile');
    expect(o.build).toEqual({
      context: 'examples/app',
      dockerfile: 'examples/app/Dockerfile',
      tag: 'shop-api:pr',
      builder: 'auto',
      buildArgs: {},
      labels: {
        'org.opencontainers.image.source': 'https://github.com/acme/Shop.API',
        'org.opencontainers.image.revision': context.sha,
      },
    });
  });

  it('build without an image tags the result after the repository and commit', () => {
    expect(options({ build: 'true' }).build?.tag).toBe(`shop.api:${context.sha!.slice(0, 12)}`);
  });

  it('build with several images is a usage error naming the image input', () => {
    expect(() => options({ build: 'true', image: 'a:1\nb:2' })).toThrow(UsageError);
    expect(() => options({ build: 'true', image: 'a:1\nb:2' })).toThrow(/^input image: with build: true/);
  });

  it('rescan: true hands the verification policy to the pipeline with the deployed digests', () => {
    const image = `ghcr.io/acme/api@sha256:${'b'.repeat(64)}`;
    const o = options({ rescan: 'true', image, 'verify-key': 'env://KEY' });
    expect(o.images).toEqual([image]);
    expect(o.rescan).toEqual({ key: 'env://KEY' });
    // As the CLI's rescan: the SBOMs are scanned, container-gate's own checks have nothing to read.
    expect(o.checks).toBe(false);
    expect(options({ image }).rescan).toBeUndefined();
    expect(options({ image }).checks).toBe(true);
  });
});
