import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainGrypeFailure, grypeScanner } from '../../../../src/scanners/grype/index.js';
import { withheldEnvironment } from '../../../../src/scanners/run.js';
import type { ScannerOutputs, ScanOptions, ScanTarget } from '../../../../src/scanners/scanner.js';
import { parseToolVersion as parseGrypeVersion } from '../../../../src/scanners/tool-output.js';

const opts: ScanOptions = { executable: '/usr/bin/grype', workDir: '/tmp/run-1/grype' };
const reference: ScanTarget = {
  display: 'ghcr.io/acme/api:1.2',
  name: 'ghcr.io/acme/api',
  kind: 'reference',
  reference: 'ghcr.io/acme/api:1.2',
};

function stderr(text: string): ScannerOutputs {
  return { stdout: '', stderr: text, files: {} };
}

describe('grype command', () => {
  it('writes the JSON report to a file in the work dir, the reference after -- read from the registry only', () => {
    const invocation = grypeScanner.command(reference, opts);
    const output = join(opts.workDir, 'grype.json');
    expect(invocation.outputs).toEqual({ json: output });
    expect(invocation.args).toEqual([
      '--output',
      'json',
      `--file=${output}`,
      '--config',
      join(opts.workDir, 'container-gate.grype.yaml'),
      '--from',
      'registry',
      '--',
      'ghcr.io/acme/api:1.2',
    ]);
  });

  // anchore/grype v0.116.0 grype/pkg/syft_provider.go:74-83: a scheme is split off only when --from is empty, so
  // `registry:2` stays the image `registry` tag `2` (not the registry provider plus the name `2`).
  it.each(['registry:2', 'docker:27-dind', 'oci-archive:1'])(
    'keeps %s an image name with --from registry',
    (name) => {
      const { args } = grypeScanner.command({ ...reference, display: name, reference: name }, opts);
      expect(args.slice(-4)).toEqual(['--from', 'registry', '--', name]);
    },
  );

  // grype/pkg/provider.go:222-246 reads purl:/pkg:/cpe:/cpes:/sbom: inputs before --from is consulted.
  it.each([
    ['sbom:1', 'docker.io/library/sbom:1'],
    ['pkg:latest', 'docker.io/library/pkg:latest'],
    ['cpe:2.3', 'docker.io/library/cpe:2.3'],
    ['purl/app:1', 'purl/app:1'],
  ])('writes out %s in full so Grype does not read it as packages or an SBOM file', (name, passed) => {
    const { args } = grypeScanner.command({ ...reference, display: name, reference: name }, opts);
    expect(args.at(-1)).toBe(passed);
  });

  it.each([
    ['oci-archive', 'oci-archive'],
    ['docker-archive', 'docker-archive'],
  ] as const)('reads a %s as a plain path with --from %s', (kind, from) => {
    const { args } = grypeScanner.command({ display: 'x', name: 'x', kind, path: '/tmp/api.tar' }, opts);
    expect(args.slice(-4)).toEqual(['--from', from, '--', '/tmp/api.tar']);
  });

  it('passes the platform as a flag', () => {
    const { args } = grypeScanner.command({ ...reference, platform: 'linux/arm64' }, opts);
    expect(args.indexOf('--platform=linux/arm64')).toBeLessThan(args.indexOf('--'));
  });

  it('turns off the update check, and allows a registry without TLS only when asked', () => {
    expect(grypeScanner.command(reference, opts).env).toEqual({ GRYPE_CHECK_FOR_APP_UPDATE: 'false' });
    expect(grypeScanner.command(reference, { ...opts, insecureRegistry: true }).env).toEqual({
      GRYPE_CHECK_FOR_APP_UPDATE: 'false',
      GRYPE_REGISTRY_INSECURE_SKIP_TLS_VERIFY: 'true',
      GRYPE_REGISTRY_INSECURE_USE_HTTP: 'true',
    });
  });

  it('never asks Grype to fail on a severity: the gate decides from the report', () => {
    expect(grypeScanner.command(reference, opts).args.some((arg) => arg.startsWith('--fail-on'))).toBe(false);
  });
});

describe('Grype isolation, failures and version', () => {
  it('reads a config file of ours alone (anchore/fangs load.go findConfigurationFiles) stating fail-on unset', () => {
    const invocation = grypeScanner.command(reference, opts);
    const config = join(opts.workDir, 'container-gate.grype.yaml');
    expect(invocation.inputs).toEqual({ [config]: expect.stringMatching(/\nfail-on-severity: ""\n$/) });
  });

  it('withholds the GRYPE_ variables that could ignore, filter or re-grade matches', () => {
    const invocation = grypeScanner.command(reference, opts);
    expect(
      withheldEnvironment(invocation, {
        GRYPE_CONFIG: '/repo/.grype.yaml',
        GRYPE_FAIL_ON_SEVERITY: 'high',
        GRYPE_ONLY_FIXED: 'true',
        GRYPE_IGNORE: 'x',
        GRYPE_EXCLUDE: './x',
        GRYPE_DB_VALIDATE_AGE: 'false',
        GRYPE_DB_UPDATE_URL: 'https://mirror/',
        GRYPE_DB_CACHE_DIR: '/cache',
        GRYPE_REGISTRY_AUTH_USERNAME: 'u',
        GRYPE_CHECK_FOR_APP_UPDATE: 'true',
      }),
    ).toEqual([
      'GRYPE_CONFIG',
      'GRYPE_DB_VALIDATE_AGE',
      'GRYPE_EXCLUDE',
      'GRYPE_FAIL_ON_SEVERITY',
      'GRYPE_IGNORE',
      'GRYPE_ONLY_FIXED',
    ]);
  });

  it.each([
    // Quoted from anchore/grype#2505, #2507 and #1247.
    'ERROR failed to load vulnerability db: database does not exist',
    'ERROR unable to update vulnerability database: check for vulnerability database update failed: unable to fetch latest.json',
    '* unable to update vulnerability database: unable to download listing: Get "https://toolbox-data.anchore.io/grype/databases/listing.json": dial tcp: i/o timeout',
  ])('explains a vulnerability database failure: %s', (message) => {
    expect(explainGrypeFailure(stderr(message))).toMatch(/--grype-db-url/);
  });

  it('explains a registry that refused the image', () => {
    // Quoted from anchore/grype#1637.
    const message =
      'failed to catalog: unable to load image: unable to use OciRegistry source: failed to get image descriptor from registry: GET https://auth.docker.io/token: unexpected status code 401 Unauthorized: {"details":"incorrect username or password"}';
    expect(explainGrypeFailure(stderr(message))).toMatch(/registry refused access/);
  });

  it('leaves an unknown failure to the generic message', () => {
    expect(explainGrypeFailure(stderr('something else went wrong'))).toBeUndefined();
  });

  it('reads the version from `grype --version` and from `grype version`', () => {
    expect(grypeScanner.versionArgs).toEqual(['--version']);
    expect(parseGrypeVersion('grype 0.86.1\n')).toBe('0.86.1');
    expect(parseGrypeVersion('Application:         grype\nVersion:             0.80.0\n')).toBe('0.80.0');
    expect(parseGrypeVersion('nothing here')).toBeUndefined();
  });
});
