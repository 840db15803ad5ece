import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withheldEnvironment } from '../../../../src/scanners/run.js';
import type { ScannerOutputs, ScanOptions, ScanTarget } from '../../../../src/scanners/scanner.js';
import { parseToolVersion as parseTrivyVersion } from '../../../../src/scanners/tool-output.js';
import type { TrivyScanKind } from '../../../../src/scanners/trivy/command.js';
import {
  explainTrivyFailure,
  JAVA_DB_MISSING,
  trivyConfigScanner,
  trivyConvertProcess,
  trivyImagePassProcess,
  trivySbomFileProcess,
  trivySbomScanner,
  trivySecretScanner,
  trivyVulnScanner,
} from '../../../../src/scanners/trivy/index.js';

const opts: ScanOptions = {
  executable: '/usr/bin/trivy',
  workDir: '/tmp/run-1/trivy',
  cacheDir: '/tmp/run-1/trivy/cache',
};
/** Every Trivy command reads only these files of ours and exits 0 whatever it finds (trivyIsolation, v0.74.0). */
const ISOLATION_CONFIG = [
  '--config',
  join(opts.workDir, 'container-gate.trivy.yaml'),
  '--ignorefile',
  join(opts.workDir, 'container-gate.trivyignore'),
  '--exit-code',
  '0',
];
/** `trivy convert` and `trivy sbom` have --exit-on-eol too (`trivy config` has not). */
const ISOLATION_REPORT = [...ISOLATION_CONFIG, '--exit-on-eol', '0'];
/** `trivy image` also reads a secret config: ours, holding `{}` (the built-in rules). */
const ISOLATION_IMAGE = [
  ...ISOLATION_REPORT,
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
  ociLayout: '/tmp/run-1/export/api.oci-layout',
};

function stderr(text: string): ScannerOutputs {
  return { stdout: '', stderr: text, files: {} };
}

const pass = (scanners: TrivyScanKind[]) => trivyImagePassProcess({ scanners });

describe('one trivy image pass for every selected Trivy scanner', () => {
  it('scans a reference from its registry only, every kind in one --scanners, all packages listed, JSON to a file', () => {
    const invocation = pass(['vuln', 'secret']).command(reference, opts);
    const output = join(opts.workDir, 'trivy-image.json');
    expect(invocation.outputs).toEqual({ json: output });
    expect(invocation.args).toEqual([
      'image',
      '--no-progress',
      '--format',
      'json',
      `--output=${output}`,
      '--list-all-pkgs',
      '--scanners=vuln,secret',
      '--cache-dir',
      '/tmp/run-1/trivy/cache',
      '--skip-db-update',
      '--skip-java-db-update',
      ...ISOLATION_IMAGE,
      '--image-src',
      'remote',
      '--',
      'ghcr.io/acme/api:1.2',
    ]);
  });

  it('skips the database updates only when vulnerabilities are scanned (the database steps ran first)', () => {
    expect(pass(['vuln']).command(reference, opts).args).toEqual(
      expect.arrayContaining(['--skip-db-update', '--skip-java-db-update']),
    );
    expect(pass(['secret']).command(reference, opts).args).not.toContain('--skip-db-update');
    expect(pass(['secret']).command(reference, opts).args).not.toContain('--skip-java-db-update');
  });

  it('gives every pass its cache dir on argv, vulnerabilities or not (never through TRIVY_CACHE_DIR)', () => {
    for (const kinds of [['vuln'], ['secret'], []] as TrivyScanKind[][]) {
      const { args, env } = pass(kinds).command(reference, opts);
      expect(args[args.indexOf('--cache-dir') + 1]).toBe('/tmp/run-1/trivy/cache');
      expect(env).toBeUndefined();
    }
  });

  // pflag v1.0.10 string_slice.go readAsCSV(""): an empty list; Trivy then lists packages only (options.go:493-502).
  it('asks for no scanner at all when only the SBOM is wanted', () => {
    expect(pass([]).command(reference, opts).args).toContain('--scanners=');
  });

  // aquasecurity/trivy v0.74.0 pkg/fanal/image/archive.go:21-40 and oci.go:12-33: a docker-archive tarball or an
  // OCI layout directory (layout.FromPath), never an OCI tarball.
  it('reads an oci-archive through --input as the OCI layout directory unpacked from it, with no positional target', () => {
    const { args } = pass(['secret']).command(ociArchive, opts);
    expect(args).toContain('--input=/tmp/run-1/export/api.oci-layout');
    expect(args).not.toContain('--input=/tmp/api.tar');
    expect(args).not.toContain('--');
  });

  it('reads a docker-archive tarball through --input', () => {
    const { args } = pass(['vuln']).command({ ...ociArchive, kind: 'docker-archive' }, opts);
    expect(args.at(-1)).toBe('--input=/tmp/api.tar');
  });

  it('refuses to hand Trivy an OCI tarball it cannot open', () => {
    const { ociLayout: _, ...tarball } = ociArchive;
    expect(() => pass(['vuln']).command(tarball, opts)).toThrow(/unpack it to a layout/);
  });

  it('passes the platform and --insecure for a registry without TLS', () => {
    const { args } = pass(['vuln']).command(
      { ...reference, platform: 'linux/arm64' },
      { ...opts, insecureRegistry: true },
    );
    expect(args).toContain('--platform=linux/arm64');
    expect(args).toContain('--insecure');
    expect(args.indexOf('--insecure')).toBeLessThan(args.indexOf('--'));
  });

  it('keeps a flag-like reference a positional argument', () => {
    const { args } = pass(['vuln']).command({ ...reference, reference: '--output=/etc/passwd' }, opts);
    expect(args.slice(-2)).toEqual(['--', '--output=/etc/passwd']);
  });

  it('asks every Trivy process to exit 0 whatever it finds (pkg/commands/operation/operation.go Exit), and points it at config and ignore files of ours', () => {
    const processes = [
      pass(['vuln', 'secret']),
      trivyConvertProcess('/r.json', 'cyclonedx'),
      trivySbomFileProcess,
      trivyConfigScanner,
    ];
    const sbom: ScanTarget = { display: 'sbom:/s.json', name: 's', kind: 'sbom', path: '/s.json' };
    for (const process of processes) {
      const target = process === trivySbomFileProcess ? sbom : reference;
      const invocation = process.command(target, { ...opts, configPaths: ['Dockerfile'] });
      const { args } = invocation;
      expect(args.slice(args.indexOf('--exit-code'), args.indexOf('--exit-code') + 2)).toEqual([
        '--exit-code',
        '0',
      ]);
      expect(args).toEqual(expect.arrayContaining(ISOLATION_CONFIG));
      expect(invocation.inputs?.[join(opts.workDir, 'container-gate.trivy.yaml')]).toMatch(/^#[^\n]*\n$/);
      expect(invocation.inputs?.[join(opts.workDir, 'container-gate.trivyignore')]).toBe('');
      expect(invocation.ownEnv?.prefix).toBe('TRIVY_');
    }
    // An empty mapping is the built-in rules; an empty file would not decode (pkg/fanal/secret/scanner.go).
    expect(
      pass(['secret']).command(reference, opts).inputs?.[
        join(opts.workDir, 'container-gate.trivy-secret.yaml')
      ],
    ).toBe('{}\n');
  });

  it.each(['files', 'sbom'] as const)('refuses a %s target: not an image', (kind) => {
    const target: ScanTarget = { display: 'x', name: 'x', kind, path: 'x' };
    expect(() => pass(['vuln']).command(target, opts)).toThrow(/cannot scan/);
  });
});

describe('the steps around the pass', () => {
  it.each([
    ['cyclonedx', 'cyclonedx', 'trivy.cdx.json'],
    ['spdx', 'spdx-json', 'trivy.spdx.json'],
  ] as const)('converts the pass report to %s with trivy convert, no second scan', (role, format, file) => {
    const invocation = trivyConvertProcess('/tmp/run-1/pass/trivy-image.json', role).command(reference, opts);
    const output = join(opts.workDir, file);
    // Convert re-applies the report flags, the ignore file among them (pkg/commands/convert/run.go).
    expect(invocation.args).toEqual([
      'convert',
      '--format',
      format,
      '--list-all-pkgs',
      `--output=${output}`,
      ...ISOLATION_REPORT,
      '--',
      '/tmp/run-1/pass/trivy-image.json',
    ]);
    expect(invocation.outputs).toEqual({ [role]: output });
  });

  it('fails closed when a converted SBOM was not written', () => {
    expect(() =>
      trivyConvertProcess('/r.json', 'spdx').parse({ stdout: '', stderr: '', files: {} }, { target: 'x' }),
    ).toThrow(/^trivy-sbom: wrote no SPDX JSON SBOM/);
  });

  it('scans an SBOM file for vulnerabilities with trivy sbom, after --', () => {
    const invocation = trivySbomFileProcess.command(
      { display: 'sbom:app.cdx.json', name: 'app', kind: 'sbom', path: 'app.cdx.json' },
      opts,
    );
    const output = join(opts.workDir, 'trivy-sbom-vuln.json');
    expect(invocation.args).toEqual([
      'sbom',
      '--no-progress',
      '--format',
      'json',
      `--output=${output}`,
      '--scanners=vuln',
      '--cache-dir',
      '/tmp/run-1/trivy/cache',
      '--skip-db-update',
      '--skip-java-db-update',
      ...ISOLATION_REPORT,
      '--',
      'app.cdx.json',
    ]);
    expect(invocation.outputs).toEqual({ json: output });
  });

  it('files every slot under its own name, reading images', () => {
    expect(
      [trivyVulnScanner, trivySecretScanner, trivySbomScanner].map((s) => [s.name, s.pass, s.reads]),
    ).toEqual([
      ['trivy', 'vuln', 'image'],
      ['trivy-secret', 'secret', 'image'],
      ['trivy-sbom', 'sbom', 'image'],
    ]);
  });
});

describe('trivy config command', () => {
  it('checks exactly one file or directory, after --', () => {
    const invocation = trivyConfigScanner.command(reference, { ...opts, configPaths: ['deploy/k8s'] });
    const output = join(opts.workDir, 'trivy-config.json');
    expect(invocation.args).toEqual([
      'config',
      '--quiet',
      '--cache-dir',
      '/tmp/run-1/trivy/cache',
      '--skip-policy-update',
      '--format',
      'json',
      `--output=${output}`,
      ...ISOLATION_CONFIG,
      '--',
      'deploy/k8s',
    ]);
    expect(invocation.outputs).toEqual({ json: output });
  });

  // --skip-check-update since v0.51.0 (pkg/flag/rego_flags.go:20-29, its alias --skip-policy-update deprecated);
  // older builds and the `dev` e2e build know only the alias.
  it.each([
    ['0.74.0', '--skip-check-update'],
    ['0.51.0', '--skip-check-update'],
    ['1.0.0', '--skip-check-update'],
    ['0.50.1', '--skip-policy-update'],
    ['dev', '--skip-policy-update'],
    [undefined, '--skip-policy-update'],
  ])('with trivy %s skips the checks bundle update with %s', (toolVersion, flag) => {
    const { args } = trivyConfigScanner.command(reference, {
      ...opts,
      configPaths: ['Dockerfile'],
      ...(toolVersion ? { toolVersion } : {}),
    });
    expect(args).toContain(flag);
  });

  it.each([[undefined], [[]], [['a', 'b']]])('refuses config paths %j', (configPaths) => {
    expect(() =>
      trivyConfigScanner.command(reference, { ...opts, ...(configPaths ? { configPaths } : {}) }),
    ).toThrow(/exactly one/);
  });

  it('reads config files, not images', () => {
    expect(trivyConfigScanner.reads).toBe('config');
  });
});

describe('Trivy environment, failures and version', () => {
  it('passes only the TRIVY_ variables that say where to fetch from and how to connect', () => {
    const { ownEnv } = pass(['vuln']).command(reference, opts);
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
    expect(explanation).toMatch(/trivy could not use the vulnerability database/);
    expect(explanation).toMatch(/--trivy-db-repository/);
  });

  it('says when the DB download was rate-limited', () => {
    expect(
      explainTrivyFailure(stderr('DB error: failed to download vulnerability DB: TOOMANYREQUESTS')),
    ).toMatch(/rate-limited by the registry/);
  });

  it('explains a Java DB download failure apart from the vulnerability DB', () => {
    const message =
      'FATAL\tinit error: [javadb] failed to download Java DB: ghcr.io/aquasecurity/trivy-java-db:1';
    expect(explainTrivyFailure(stderr(message))).toMatch(/--trivy-java-db-repository/);
  });

  it('tells a pass that needed the Java index it was not given, so the pass runner can fetch it and pass again', () => {
    // A pass with --skip-java-db-update and no java-db/ on an image with Java archives (pkg/javadb/client.go:56-58,
    // wrapped by jar/jar.go:49-52 and analyzer.go:592-593).
    const log = [
      'ERROR\t[javadb] The first run cannot skip downloading Java DB',
      "FATAL\tFatal error\trun error: scan error: scan failed: failed analysis: post analysis error: Unable to initialize the Java DB: Java DB update failed: '--skip-java-db-update' cannot be specified on the first run",
    ].join('\n');
    expect(explainTrivyFailure(stderr(log))).toBe(JAVA_DB_MISSING);
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
    expect(explainTrivyFailure(stderr(log))).toMatch(/trivy could not use the vulnerability database/);
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
