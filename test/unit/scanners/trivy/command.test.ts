import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  ociLayout: '/tmp/run-1/export/api.oci-layout',
};

function stderr(text: string): ScannerOutputs {
  return { stdout: '', stderr: text, files: {} };
}

describe('Trivy image commands', () => {
  it('scans a reference from its registry only (--image-src remote), JSON to a file in the work dir, the reference after --', () => {
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
      '--image-src',
      'remote',
      '--',
      'ghcr.io/acme/api:1.2',
    ]);
  });

  // aquasecurity/trivy v0.74.0 pkg/fanal/image/archive.go:21-40 and oci.go:12-33: a docker-archive tarball or an
  // OCI layout directory (layout.FromPath), never an OCI tarball.
  it('reads an oci-archive through --input as the OCI layout directory unpacked from it, with no positional target', () => {
    const { args } = trivySecretScanner.command(ociArchive, opts);
    expect(args).toContain('--input=/tmp/run-1/export/api.oci-layout');
    expect(args).not.toContain('--input=/tmp/api.tar');
    expect(args).not.toContain('--');
    expect(args.slice(args.indexOf('--scanners'), args.indexOf('--scanners') + 2)).toEqual([
      '--scanners',
      'secret',
    ]);
  });

  it('reads a docker-archive tarball through --input', () => {
    const { args } = trivyVulnScanner.command({ ...ociArchive, kind: 'docker-archive' }, opts);
    expect(args.at(-1)).toBe('--input=/tmp/api.tar');
  });

  it('refuses to hand Trivy an OCI tarball it cannot open', () => {
    const { ociLayout: _, ...tarball } = ociArchive;
    expect(() => trivyVulnScanner.command(tarball, opts)).toThrow(/unpack it to a layout/);
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

  it('never asks Trivy for an exit code: the gate decides from the report', () => {
    for (const scanner of [trivyVulnScanner, trivySecretScanner, trivySbomScanner]) {
      expect(scanner.command(reference, opts).args.some((arg) => arg.startsWith('--exit-code'))).toBe(false);
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
    expect(invocation).toEqual({
      args: ['config', '--quiet', '--format', 'json', `--output=${output}`, '--', 'deploy/k8s'],
      outputs: { json: output },
    });
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

describe('Trivy exit codes, failures and version', () => {
  it.each([
    [0, false],
    [1, true],
    [5, true],
    [125, true],
    [126, false],
    [137, false],
  ])('exit %i may carry a complete report: %s', (code, expected) => {
    for (const scanner of [trivyVulnScanner, trivySecretScanner, trivyConfigScanner, trivySbomScanner]) {
      expect(scanner.exitMeansFindings(code)).toBe(expected);
    }
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
