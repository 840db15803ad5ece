import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withheldEnvironment } from '../../../../src/scanners/run.js';
import type { ScannerOutputs, ScanOptions, ScanTarget } from '../../../../src/scanners/scanner.js';
import {
  explainTrivyFailure,
  parseTrivyVersion,
  trivyConfigScanner,
  trivySbomScanner,
  trivySecretScanner,
  trivyVulnScanner,
} from '../../../../src/scanners/trivy/index.js';

const opts: ScanOptions = { executable: '/usr/bin/trivy', workDir: '/tmp/run-1/trivy' };
/** Trivy at v0.74.0 reads only these files of ours and exits 0 whatever it finds (trivyIsolation). */
const ISOLATION_CONFIG = [
  '--config',
  join(opts.workDir, 'container-gate.trivy.yaml'),
  '--ignorefile',
  join(opts.workDir, 'container-gate.trivyignore'),
  '--exit-code',
  '0',
];
const ISOLATION_IMAGE = [
  ...ISOLATION_CONFIG,
  '--exit-on-eol',
  '0',
  '--secret-config',
  join(opts.workDir, 'container-gate.trivy-secret.yaml'),
];
const reference: ScanTarget = {
  display: 'ghcr.io/acme/api:1.2',
  name: 'ghcr.io/acme/api',
  kind: 'reference',
  reference: 'ghcr.io/acme/api:1.2',
};
const ociArchive: ScanTarget = {
  display: 'oci-archive:/tmp/api.tar',
  name: 'api',
  kind: 'oci-archive',
  path: '/tmp/api.tar',
};

function stderr(text: string): ScannerOutputs {
  return { stdout: '', stderr: text, files: {} };
}

describe('Trivy image commands', () => {
  it('scans a reference for vulnerabilities, JSON to a file in the work dir, the reference after --', () => {
    const invocation = trivyVulnScanner.command(reference, opts);
    const output = join(opts.workDir, 'trivy-vuln.json');
    expect(invocation.outputs).toEqual({ json: output });
    expect(invocation.args).toEqual([
      'image',
      '--no-progress',
      '--format',
      'json',
      `--output=${output}`,
      '--scanners',
      'vuln',
      ...ISOLATION_IMAGE,
      '--',
      'ghcr.io/acme/api:1.2',
    ]);
  });

  it('scans an archive through --input, with no positional target', () => {
    const { args } = trivySecretScanner.command(ociArchive, opts);
    expect(args).toContain('--input=/tmp/api.tar');
    expect(args).not.toContain('--');
    expect(args.slice(args.indexOf('--scanners'), args.indexOf('--scanners') + 2)).toEqual([
      '--scanners',
      'secret',
    ]);
  });

  it('reads a docker-archive through --input too', () => {
    const { args } = trivyVulnScanner.command({ ...ociArchive, kind: 'docker-archive' }, opts);
    expect(args.at(-1)).toBe('--input=/tmp/api.tar');
  });

  it('passes the platform and --insecure for a registry without TLS', () => {
    const { args } = trivyVulnScanner.command(
      { ...reference, platform: 'linux/arm64' },
      { ...opts, insecureRegistry: true },
    );
    expect(args).toContain('--platform=linux/arm64');
    expect(args).toContain('--insecure');
    expect(args.indexOf('--insecure')).toBeLessThan(args.indexOf('--'));
  });

  it('keeps a flag-like reference a positional argument', () => {
    const { args } = trivyVulnScanner.command({ ...reference, reference: '--output=/etc/passwd' }, opts);
    expect(args.slice(-2)).toEqual(['--', '--output=/etc/passwd']);
  });

  it('asks Trivy to exit 0 whatever it finds (pkg/commands/operation/operation.go Exit): any other exit is a failure', () => {
    for (const scanner of [trivyVulnScanner, trivySecretScanner, trivySbomScanner]) {
      const { args } = scanner.command(reference, opts);
      expect(args.slice(args.indexOf('--exit-code'), args.indexOf('--exit-code') + 2)).toEqual([
        '--exit-code',
        '0',
      ]);
      expect(args.slice(args.indexOf('--exit-on-eol'), args.indexOf('--exit-on-eol') + 2)).toEqual([
        '--exit-on-eol',
        '0',
      ]);
    }
  });

  it('points every image run at config, ignore and secret-config files of ours, in its own directory', () => {
    for (const scanner of [trivyVulnScanner, trivySecretScanner, trivySbomScanner]) {
      const invocation = scanner.command(reference, opts);
      expect(invocation.inputs).toEqual({
        [join(opts.workDir, 'container-gate.trivy.yaml')]: expect.stringMatching(/^#[^\n]*\n$/),
        [join(opts.workDir, 'container-gate.trivyignore')]: '',
        // An empty mapping is the built-in rules; an empty file would not decode (pkg/fanal/secret/scanner.go).
        [join(opts.workDir, 'container-gate.trivy-secret.yaml')]: '{}\n',
      });
      expect(invocation.args).toEqual(expect.arrayContaining(ISOLATION_IMAGE));
      expect(invocation.ownEnv?.prefix).toBe('TRIVY_');
    }
  });

  it('refuses a files target: that is trivy-config’s job', () => {
    const files: ScanTarget = {
      display: 'Dockerfile',
      name: 'Dockerfile',
      kind: 'files',
      path: 'Dockerfile',
    };
    expect(() => trivyVulnScanner.command(files, opts)).toThrow(/trivy-config/);
  });

  it('fails closed when the SBOM file was not written', () => {
    expect(() => trivySbomScanner.parse({ stdout: '', stderr: '', files: {} }, { target: 'x' })).toThrow(
      /^trivy-sbom: wrote no CycloneDX JSON SBOM/,
    );
  });

  it('writes Trivy’s CycloneDX SBOM under the cyclonedx role without choosing scanners', () => {
    const invocation = trivySbomScanner.command(reference, opts);
    const output = join(opts.workDir, 'trivy-sbom.cdx.json');
    expect(invocation.outputs).toEqual({ cyclonedx: output });
    expect(invocation.args.slice(0, 5)).toEqual([
      'image',
      '--no-progress',
      '--format',
      'cyclonedx',
      `--output=${output}`,
    ]);
    expect(invocation.args).not.toContain('--scanners');
  });
});

describe('trivy config command', () => {
  it('checks exactly one file or directory, after --', () => {
    const invocation = trivyConfigScanner.command(reference, { ...opts, configPaths: ['deploy/k8s'] });
    const output = join(opts.workDir, 'trivy-config.json');
    expect(invocation.args).toEqual([
      'config',
      '--quiet',
      '--format',
      'json',
      `--output=${output}`,
      ...ISOLATION_CONFIG,
      '--',
      'deploy/k8s',
    ]);
    expect(invocation.outputs).toEqual({ json: output });
    expect(Object.keys(invocation.inputs ?? {}).sort()).toEqual([
      join(opts.workDir, 'container-gate.trivy.yaml'),
      join(opts.workDir, 'container-gate.trivyignore'),
    ]);
  });

  it.each([[undefined], [[]], [['a', 'b']]])('refuses config paths %j', (configPaths) => {
    expect(() =>
      trivyConfigScanner.command(reference, { ...opts, ...(configPaths ? { configPaths } : {}) }),
    ).toThrow(/exactly one/);
  });

  it('reads config files, not images', () => {
    expect(trivyConfigScanner.reads).toBe('config');
    expect(trivyVulnScanner.reads).toBe('image');
  });
});

describe('Trivy environment, failures and version', () => {
  it('passes only the TRIVY_ variables that say where to fetch from and how to connect', () => {
    const { ownEnv } = trivyVulnScanner.command(reference, opts);
    const env = Object.fromEntries(
      [
        'TRIVY_DB_REPOSITORY',
        'TRIVY_JAVA_DB_REPOSITORY',
        'TRIVY_CACHE_DIR',
        'TRIVY_USERNAME',
        'TRIVY_PASSWORD',
        'TRIVY_INSECURE',
        'TRIVY_IGNOREFILE',
        'TRIVY_CONFIG',
        'TRIVY_SEVERITY',
        'TRIVY_IGNORE_UNFIXED',
        'TRIVY_SKIP_FILES',
        'TRIVY_SECRET_CONFIG',
        'TRIVY_IGNORE_POLICY',
        'TRIVY_EXIT_CODE',
        'TRIVY_RUN_AS_PLUGIN',
        'TRIVY_DB_REPOSITORY_X',
        'HTTPS_PROXY',
      ].map((name) => [name, 'x']),
    );
    expect(withheldEnvironment({ ownEnv }, env)).toEqual([
      'TRIVY_CONFIG',
      'TRIVY_DB_REPOSITORY_X',
      'TRIVY_EXIT_CODE',
      'TRIVY_IGNOREFILE',
      'TRIVY_IGNORE_POLICY',
      'TRIVY_IGNORE_UNFIXED',
      'TRIVY_RUN_AS_PLUGIN',
      'TRIVY_SECRET_CONFIG',
      'TRIVY_SEVERITY',
      'TRIVY_SKIP_FILES',
    ]);
  });

  it.each([
    // Quoted from aquasecurity/trivy-action#430 and trivy-db#442 (rate limits on ghcr.io).
    'FATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from any source',
    'ERROR\t[vulndb] Failed to download artifact\trepo="ghcr.io/aquasecurity/trivy-db:2" err="OCI repository error: GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: TOOMANYREQUESTS: retry-after: 488.668µs"',
    // As seen offline on this project's machines (docs/toolchain.md).
    'FATAL\tinit error: DB error: failed to download vulnerability DB: Get "https://ghcr.io/v2/": dial tcp: lookup ghcr.io: no such host',
  ])('explains a vulnerability DB download failure: %s', (message) => {
    const explanation = explainTrivyFailure(stderr(message));
    expect(explanation).toMatch(/vulnerability database could not be downloaded/);
    expect(explanation).toMatch(/TRIVY_DB_REPOSITORY/);
  });

  it('says when the DB download was rate-limited', () => {
    expect(
      explainTrivyFailure(stderr('DB error: failed to download vulnerability DB: TOOMANYREQUESTS')),
    ).toMatch(/rate-limited by the registry/);
  });

  it('explains a Java DB download failure apart from the vulnerability DB', () => {
    const message =
      'FATAL\tinit error: [javadb] failed to download Java DB: ghcr.io/aquasecurity/trivy-java-db:1';
    expect(explainTrivyFailure(stderr(message))).toMatch(/TRIVY_JAVA_DB_REPOSITORY/);
  });

  it('explains a registry that refused the image', () => {
    // Quoted from aquasecurity/trivy#6827.
    const message =
      '* remote error: GET https://index.docker.io/v2/library/unknown/manifests/latest: UNAUTHORIZED: authentication required';
    expect(explainTrivyFailure(stderr(message))).toMatch(/registry refused access/);
  });

  it('explains a TLS failure against a local registry', () => {
    const message = 'Get "https://127.0.0.1:5055/v2/": http: server gave HTTP response to HTTPS client';
    expect(explainTrivyFailure(stderr(message))).toMatch(/--insecure-registry/);
  });

  it('explains a run whose log stops while the DB is being downloaded (the build in tools/e2e-deps, offline)', () => {
    // Recorded from tools/e2e-deps' Trivy on this machine: exit 1, this on stderr, nothing else.
    const log = [
      '2026-11-23T18:30:28.602Z\t\u001b[34mINFO\u001b[0m\tNeed to update DB',
      '2026-11-23T18:30:28.602Z\t\u001b[34mINFO\u001b[0m\tDB Repository: ghcr.io/aquasecurity/trivy-db',
      '2026-11-23T18:30:28.602Z\t\u001b[34mINFO\u001b[0m\tDownloading DB...',
      '',
    ].join('\n');
    expect(explainTrivyFailure(stderr(log))).toMatch(/vulnerability database could not be downloaded/);
  });

  it('does not blame the DB when the log only names the DB repository before another failure', () => {
    const log = [
      '2026-11-23T18:30:28.602Z\t\u001b[34mINFO\u001b[0m\tDB Repository: ghcr.io/aquasecurity/trivy-db',
      '2026-11-23T18:30:29.000Z\t\u001b[34mINFO\u001b[0m\tDetected OS\tfamily="alpine"',
      '2026-11-23T18:30:29.100Z\tFATAL\tFatal error\timage scan error: unable to inspect the image',
    ].join('\n');
    expect(explainTrivyFailure(stderr(log))).toBeUndefined();
  });

  it('leaves an unknown failure to the generic message', () => {
    expect(explainTrivyFailure(stderr('panic: runtime error: index out of range'))).toBeUndefined();
  });

  it('reads the version from `trivy --version`', () => {
    expect(trivyVulnScanner.versionArgs).toEqual(['--version']);
    expect(parseTrivyVersion('Version: 0.58.1\nVulnerability DB:\n  Version: 2\n')).toBe('0.58.1');
    expect(parseTrivyVersion('Version: dev\n')).toBe('dev');
    expect(parseTrivyVersion('')).toBeUndefined();
  });
});
