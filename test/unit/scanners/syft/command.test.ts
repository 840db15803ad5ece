import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withheldEnvironment } from '../../../../src/scanners/run.js';
import type { ScannerOutputs, ScanOptions, ScanTarget } from '../../../../src/scanners/scanner.js';
import { syftScanner } from '../../../../src/scanners/syft/index.js';
import { parseToolVersion as parseSyftVersion } from '../../../../src/scanners/tool-output.js';
import { ScannerOutputError } from '../../../../src/util/errors.js';
import { readSharedFixture } from '../shared-fixtures.js';

const opts: ScanOptions = { executable: '/usr/bin/syft', workDir: '/tmp/run-1/syft' };
const reference: ScanTarget = {
  display: 'ghcr.io/acme/api:1.2',
  name: 'ghcr.io/acme/api',
  kind: 'reference',
  reference: 'ghcr.io/acme/api:1.2',
};

describe('syft command', () => {
  it('writes CycloneDX, SPDX and Syft JSON from one run, each to its own file', () => {
    const invocation = syftScanner.command(reference, opts);
    const files = {
      cyclonedx: join(opts.workDir, 'syft.cdx.json'),
      spdx: join(opts.workDir, 'syft.spdx.json'),
      'syft-json': join(opts.workDir, 'syft.syft.json'),
    };
    expect(invocation.outputs).toEqual(files);
    expect(invocation.args).toEqual([
      'scan',
      '--config',
      join(opts.workDir, 'container-gate.syft.yaml'),
      '--output',
      `cyclonedx-json=${files.cyclonedx}`,
      '--output',
      `spdx-json=${files.spdx}`,
      '--output',
      `syft-json=${files['syft-json']}`,
      '--from',
      'registry',
      '--',
      'ghcr.io/acme/api:1.2',
    ]);
  });

  // anchore/syft v1.51.0 cmd/syft/internal/commands/scan.go:185-193: the scheme is split off only without --from;
  // syft/source/sourceproviders/source_providers.go:27-44: file and directory providers come first without it.
  it.each(['registry:2', 'docker:27-dind', 'dir:1'])(
    'keeps %s an image name read from the registry',
    (name) => {
      const { args } = syftScanner.command({ ...reference, display: name, reference: name }, opts);
      expect(args.slice(-4)).toEqual(['--from', 'registry', '--', name]);
    },
  );

  it.each([
    ['oci-archive', 'oci-archive'],
    ['docker-archive', 'docker-archive'],
  ] as const)('reads a %s as a plain path with --from %s', (kind, from) => {
    const { args } = syftScanner.command({ display: 'x', name: 'x', kind, path: '/tmp/api.tar' }, opts);
    expect(args.slice(-4)).toEqual(['--from', from, '--', '/tmp/api.tar']);
  });

  it('passes the platform, and registry options through SYFT_ variables', () => {
    const invocation = syftScanner.command(
      { ...reference, platform: 'linux/arm64' },
      { ...opts, insecureRegistry: true },
    );
    expect(invocation.args.indexOf('--platform=linux/arm64')).toBeLessThan(invocation.args.indexOf('--'));
    expect(invocation.env).toEqual({
      SYFT_CHECK_FOR_APP_UPDATE: 'false',
      SYFT_REGISTRY_INSECURE_SKIP_TLS_VERIFY: 'true',
      SYFT_REGISTRY_INSECURE_USE_HTTP: 'true',
    });
  });

  it('refuses a files target: Syft is an image scanner here', () => {
    expect(() =>
      syftScanner.command({ display: 'k8s/', name: 'k8s/', kind: 'files', path: 'k8s/' }, opts),
    ).toThrow(/cannot scan files/);
  });

  it('refuses an archive target without a path', () => {
    expect(() => syftScanner.command({ display: 'x', name: 'x', kind: 'oci-archive' }, opts)).toThrow(
      /no archive path/,
    );
  });
});

describe('syft scanner', () => {
  it('produces SBOMs only', () => {
    expect(syftScanner.produces).toBe('sbom');
  });

  it('reads a config file of ours alone, never .syft.yaml (anchore/fangs load.go findConfigurationFiles)', () => {
    const invocation = syftScanner.command(reference, opts);
    const config = join(opts.workDir, 'container-gate.syft.yaml');
    expect(invocation.inputs).toEqual({ [config]: expect.stringMatching(/^#[^\n]*\n$/) });
    expect(
      withheldEnvironment(invocation, {
        SYFT_CONFIG: 'x',
        SYFT_EXCLUDE: 'x',
        SYFT_SCOPE: 'x',
        SYFT_REGISTRY_AUTH_USERNAME: 'x',
        SYFT_CACHE_DIR: 'x',
      }),
    ).toEqual(['SYFT_CONFIG', 'SYFT_EXCLUDE', 'SYFT_SCOPE']);
  });

  it('parses the files it was told to write into SBOM documents, and the licenses they declare', () => {
    const outputs: ScannerOutputs = {
      stdout: '',
      stderr: '',
      files: {
        cyclonedx: readSharedFixture('grype/presenter-image.cdx.json'),
        spdx: readSharedFixture('trivy/conda-spdx.json'),
        'syft-json': readSharedFixture('syft/ubuntu-20.04-pruned.syft.json'),
      },
    };
    const result = syftScanner.parse(outputs, { target: 'x' });
    expect(result.findings.map((f) => f.kind)).toEqual(['license', 'license', 'license', 'license']);
    expect(result.sboms?.map((s) => s.format)).toEqual(['cyclonedx-json', 'spdx-json', 'syft-json']);
  });

  it('fails closed when one of its SBOM files was not written', () => {
    const outputs: ScannerOutputs = {
      stdout: '',
      stderr: '',
      files: { cyclonedx: readSharedFixture('grype/presenter-image.cdx.json') },
    };
    expect(() => syftScanner.parse(outputs, { target: 'x' })).toThrow(ScannerOutputError);
  });

  it('explains a registry that refused the image', () => {
    const explanation = syftScanner.explainFailure?.({
      stdout: '',
      stderr:
        'pull access denied for cli, repository does not exist or may require docker login: denied: requested access to the resource is denied',
      files: {},
    });
    expect(explanation).toMatch(/registry refused access/);
  });

  it('reads the version from `syft --version`', () => {
    expect(parseSyftVersion('syft 1.18.1\n')).toBe('1.18.1');
  });
});
