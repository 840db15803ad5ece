import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import yargs from 'yargs';
import { withGateOptions, withScanOptions } from '../../../src/cli/flags.js';
import { type ScanArgs, scanOptionsFromArgs } from '../../../src/cli/options.js';
import { applyConfig } from '../../../src/config/apply.js';
import { STARTER_CONFIG, writeStarterConfig } from '../../../src/config/init.js';
import { findConfig, loadConfig, parseConfig } from '../../../src/config/load.js';
import { configJsonSchema } from '../../../src/config/schema.js';
import { defaultOptions, type RunOptions } from '../../../src/options.js';
import { UsageError } from '../../../src/util/errors.js';
import { repoRoot } from '../../support/paths.js';

const SCHEMA_FILE = join(repoRoot, 'docs/container-gate.schema.json');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cg-config-'));
}

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('the JSON Schema in docs/ and the starter file', () => {
  it('docs/container-gate.schema.json is generated from the zod schema (npm run build), so they cannot drift', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(configJsonSchema());
  });

  it('the JSON Schema accepts the starter file and refuses what the zod schema refuses', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(validate(parse(STARTER_CONFIG))).toBe(true);
    expect(validate({ gate: { severty: 'high' } })).toBe(false);
    expect(validate({ gate: { epss: 2 } })).toBe(false);
    expect(validate({ scan: { scanners: ['trivvy'] } })).toBe(false);
  });

  it('the starter file parses to exactly the defaults: writing it changes no verdict', () => {
    const options = defaultOptions();
    applyConfig(options, parseConfig(STARTER_CONFIG, 'container-gate.yaml'), 'container-gate.yaml');
    expect(options).toEqual(defaultOptions());
  });

  it('init writes it and never over an existing file unless forced', async () => {
    const path = join(tempDir(), 'container-gate.yaml');
    await writeStarterConfig(path, false);
    expect(readFileSync(path, 'utf8')).toBe(STARTER_CONFIG);
    writeFileSync(path, 'gate: {severity: low}\n');
    await expect(writeStarterConfig(path, false)).rejects.toThrow(
      /already exists — edit it, or pass --force/,
    );
    await writeStarterConfig(path, true);
    expect(readFileSync(path, 'utf8')).toBe(STARTER_CONFIG);
  });
});

describe('bad config: one clear error naming each bad key (exit 3)', () => {
  it.each([
    ['gate:\n  severty: high\n', 'gate.severty: unknown key (did you mean gate.severity?)'],
    [
      'gate:\n  licence-deny: [GPL-3.0-only]\n',
      'gate.licence-deny: unknown key (did you mean gate.license-deny?)',
    ],
    ['gates:\n  severity: high\n', 'gates: unknown key (did you mean gate?)'],
    ['gate:\n  severity: extreme\n', 'gate.severity: Invalid option'],
    ['gate:\n  epss: 1.5\n', 'gate.epss: Too big'],
    ['gate:\n  thresholds:\n    secrets: low\n', 'gate.thresholds'],
    ['scan:\n  scanners: [trivvy]\n', 'scan.scanners.0'],
    ['outputs:\n  table: maybe\n', 'outputs.table'],
  ])('%j', (text, message) => {
    const error = usageError(() => parseConfig(text, 'container-gate.yaml'));
    expect(error.message).toContain('config container-gate.yaml: ');
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
  });

  it('names every bad key in one message', () => {
    const error = usageError(() => parseConfig('gate:\n  severty: high\n  epss: 7\n', 'c.yaml'));
    expect(error.message).toContain('gate.severty: unknown key');
    expect(error.message).toContain('gate.epss: Too big');
  });

  it('refuses YAML that does not parse, and alias bombs', () => {
    expect(usageError(() => parseConfig('gate: [', 'c.yaml')).message).toMatch(/not valid YAML/);
    expect(usageError(() => parseConfig('a: &a [1]\nb: *a\n', 'c.yaml')).message).toMatch(/c\.yaml/);
  });
});

describe('finding the file', () => {
  it('reads container-gate.yaml at the repository root from a subdirectory, paths relative to the file', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'services/api'), { recursive: true });
    writeFileSync(join(root, 'container-gate.yaml'), 'gate:\n  baseline: reports/main.json\n');
    const cwd = join(root, 'services/api');
    expect(findConfig(cwd)).toBe(join('..', '..', 'container-gate.yaml'));
    const loaded = await loadConfig(undefined, cwd);
    expect(loaded?.config.gate?.baseline).toBe(join('..', '..', 'reports/main.json'));
  });

  it('has no config outside a repository without one, and refuses two spellings at once', () => {
    const root = tempDir();
    expect(findConfig(root)).toBeUndefined();
    writeFileSync(join(root, 'container-gate.yaml'), '');
    writeFileSync(join(root, 'container-gate.yml'), '');
    expect(usageError(() => findConfig(root)).message).toMatch(
      /both .*container-gate\.yaml and .*container-gate\.yml exist/,
    );
  });

  it('an explicit --config that does not exist is a usage error, not the defaults', async () => {
    await expect(loadConfig('nope.yaml', tempDir())).rejects.toThrow(/config file nope\.yaml: not found/);
  });
});

/**
 * Every flag of `scan`, with a value, and the config file that says the same. A flag missing from this table fails
 * the completeness test below, so a new flag cannot be added without its config key.
 */
const EQUIVALENTS: Record<string, [string[], string]> = {
  severity: [['--severity', 'critical'], 'gate:\n  severity: critical\n'],
  threshold: [
    ['--threshold', 'secret=low,license=off'],
    'gate:\n  thresholds: {secret: low, license: "off"}\n',
  ],
  'ignore-unfixed': [['--ignore-unfixed'], 'gate:\n  ignore-unfixed: true\n'],
  'unknown-severity': [['--unknown-severity', 'fail'], 'gate:\n  unknown-severity: fail\n'],
  kev: [['--kev', 'ignore'], 'gate:\n  kev: ignore\n'],
  'kev-catalog': [['--kev-catalog', 'kev.json'], 'gate:\n  kev-catalog: kev.json\n'],
  epss: [['--epss', '0.2'], 'gate:\n  epss: 0.2\n'],
  baseline: [['--baseline', 'main.json'], 'gate:\n  baseline: main.json\n'],
  'license-allow': [['--license-allow', 'MIT,Apache-2.0'], 'gate:\n  license-allow: [MIT, Apache-2.0]\n'],
  'license-deny': [['--license-deny', 'GPL-3.0-only'], 'gate:\n  license-deny: [GPL-3.0-only]\n'],
  exceptions: [['--exceptions', 'ex.yaml'], 'gate:\n  exceptions: ex.yaml\n'],
  vex: [['--vex', 'a.json', '--vex', 'b.json'], 'gate:\n  vex: [a.json, b.json]\n'],
  json: [['--json', 'r.json'], 'outputs:\n  json: r.json\n'],
  sarif: [['--sarif', 'r.sarif'], 'outputs:\n  sarif: r.sarif\n'],
  summary: [['--summary', 's.md'], 'outputs:\n  summary: s.md\n'],
  'summary-max-chars': [['--summary-max-chars', '5000'], 'outputs:\n  summary-max-chars: 5000\n'],
  table: [['--no-table'], 'outputs:\n  table: false\n'],
  scanners: [['--scanners', 'trivy,grype'], 'scan:\n  scanners: [trivy, grype]\n'],
  timeout: [['--timeout', '90'], 'scan:\n  timeout: 90\n'],
  concurrency: [['--concurrency', '2'], 'scan:\n  concurrency: 2\n'],
  'trivy-path': [['--trivy-path', '/opt/trivy'], 'scan:\n  trivy-path: /opt/trivy\n'],
  'grype-path': [['--grype-path', '/opt/grype'], 'scan:\n  grype-path: /opt/grype\n'],
  'syft-path': [['--syft-path', '/opt/syft'], 'scan:\n  syft-path: /opt/syft\n'],
  images: [['app:1', 'web:2'], 'scan:\n  images: [app:1, web:2]\n'],
  platform: [['--platform', 'linux/arm64'], 'scan:\n  platform: linux/arm64\n'],
  dockerfile: [['--dockerfile', 'Dockerfile.prod'], 'scan:\n  dockerfile: Dockerfile.prod\n'],
  manifests: [['--manifests', 'k8s/', '--manifests', 'deploy/'], 'scan:\n  manifests: [k8s/, deploy/]\n'],
  checks: [['--no-checks'], 'scan:\n  checks: false\n'],
  build: [['app:1', '--build'], 'scan:\n  images: [app:1]\n  build: true\n'],
  context: [
    ['app:1', '--build', '--context', 'src'],
    'scan:\n  images: [app:1]\n  build: true\n  context: src\n',
  ],
  tag: [['--build', '--tag', 'app:2'], 'scan:\n  build: true\n  tag: app:2\n'],
  builder: [
    ['app:1', '--build', '--builder', 'buildah'],
    'scan:\n  images: [app:1]\n  build: true\n  builder: buildah\n',
  ],
  'build-arg': [
    ['app:1', '--build', '--build-arg', 'A=1'],
    'scan:\n  images: [app:1]\n  build: true\n  build-arg: {A: "1"}\n',
  ],
  export: [['--export', 'never'], 'scan:\n  export: never\n'],
  'sbom-dir': [['--sbom-dir', 'sbom'], 'outputs:\n  sbom-dir: sbom\n'],
  'sbom-format': [['--sbom-format', 'spdx-json'], 'outputs:\n  sbom-format: [spdx-json]\n'],
  'insecure-registry': [['--insecure-registry'], 'scan:\n  insecure-registry: true\n'],
  'install-missing': [['--install-missing'], 'scan:\n  install-missing: true\n'],
  'work-dir': [['--work-dir', 'w'], 'scan:\n  work-dir: w\n'],
  'keep-work-dir': [['--keep-work-dir'], 'scan:\n  keep-work-dir: true\n'],
};
/** Flags that are about the terminal, checked apart (they are not part of RunOptions), or about this file itself. */
const TERMINAL: Record<string, [string[], string]> = {
  quiet: [['--quiet'], 'outputs:\n  quiet: true\n'],
  color: [['--no-color'], 'outputs:\n  color: false\n'],
};

function scanParser(argv: string[]) {
  return withScanOptions(
    withGateOptions(yargs(['scan', ...argv]).command('scan [images..]', '', () => {})),
  ).strict();
}

function fromFlags(argv: string[]): RunOptions {
  const args = scanParser(argv).parseSync() as unknown as ScanArgs;
  return scanOptionsFromArgs(args);
}

function fromConfig(text: string): RunOptions {
  return scanOptionsFromArgs(
    { images: [] },
    { path: 'container-gate.yaml', config: parseConfig(text, 'c.yaml') },
  );
}

/** Build labels carry the time of the run: equal in all but that. */
function comparable(options: RunOptions): RunOptions {
  if (options.build) options.build.labels = {};
  return options;
}

describe('a config file alone reproduces every flag', () => {
  it('every flag of scan is in the table (or is --config / --help / --version)', () => {
    const parser = scanParser([]);
    const keys = Object.keys(
      (parser as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key,
    );
    const flags = keys.filter(
      (k) => !/[A-Z]/.test(k) && !['config', 'help', 'version', '$0', '_'].includes(k),
    );
    expect(flags.sort()).toEqual([...Object.keys(EQUIVALENTS), ...Object.keys(TERMINAL)].sort());
  });

  it.each(Object.entries(EQUIVALENTS))('%s', (_flag, [argv, config]) => {
    const flags = comparable(fromFlags(argv));
    expect(flags).not.toEqual(comparable(fromFlags([])));
    expect(comparable(fromConfig(config))).toEqual(flags);
  });

  it.each(Object.entries(TERMINAL))('%s (terminal)', (flag, [argv, config]) => {
    const args = scanParser(argv).parseSync() as Record<string, unknown>;
    const file = applyConfig(defaultOptions(), parseConfig(config, 'c.yaml'), 'c.yaml');
    expect(file[flag as 'quiet' | 'color']).toBe(args[flag]);
  });

  it('a flag wins over the file, and the file over the defaults', () => {
    const loaded = { path: 'c.yaml', config: parseConfig('gate:\n  severity: low\n  epss: 0.3\n', 'c.yaml') };
    const args = scanParser(['--severity', 'critical']).parseSync() as unknown as ScanArgs;
    const options = scanOptionsFromArgs(args, loaded);
    expect(options.policy.threshold).toBe('critical');
    expect(options.policy.epss).toBe(0.3);
    expect(options.policy.unknownSeverity).toBe('warn');
  });

  it('inline exceptions in the file are read like an exceptions file', () => {
    const options = fromConfig(
      'gate:\n  exceptions:\n    - id: CVE-2024-1\n      rule: kev\n      reason: r\n      expires: 2027-01-01\n',
    );
    expect(options.policy.inlineExceptions?.origin).toBe('container-gate.yaml gate.exceptions');
  });
});
