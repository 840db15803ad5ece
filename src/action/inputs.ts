import { parseThresholds } from '../config/flag-values.js';
import type { FindingKind, SbomFormat } from '../core/finding.js';
import type { KindThreshold, UnknownSeverityPolicy } from '../core/policy.js';
import { isSeverity, type Severity } from '../core/severity.js';
import { parseDuration, readSources } from '../databases/settings.js';
import { parseTarget } from '../image/reference.js';
import { rescanTargets } from '../image/rescan.js';
import { type AttestationPolicy, MAX_TIMEOUT_SECONDS } from '../options.js';
import type { ScannerName } from '../scanners/scanner.js';
import { validateKeyRef } from '../sign/cosign-args.js';
import { SIGSTORE_INSTANCES, type SigstoreInstance } from '../sign/statement.js';
import { checkRegexps, type OptionName, verifyPolicyFrom } from '../sign/verify-policy.js';
import { errorMessage, UsageError } from '../util/errors.js';

/**
 * The Action's inputs, read once into typed values. Every value is validated here and only handed on as data
 * (RunOptions, API parameters): no input is ever placed in a shell command or written to $GITHUB_ENV, which is
 * how other scanner actions were exploited (a crafted input written to a file that a later step sourced).
 */
export type UploadSarifMode = 'true' | 'false' | 'auto';
export type CommentMode = 'off' | 'on-failure' | 'always';

/**
 * What the config file can also set is absent when the input is empty (action.yml gives those no default), so the
 * file applies and the input wins only when the workflow sets it: inputs > config file > defaults.
 */
export interface ActionInputs {
  /** The config file (`config` input); container-gate.yaml in the workspace when empty. */
  config?: string;
  images?: string[];
  dockerfile?: string;
  context?: string;
  build?: boolean;
  platform?: string;
  scanners?: ScannerName[];
  checks?: boolean;
  threshold?: Severity;
  thresholds?: Partial<Record<FindingKind, KindThreshold>>;
  ignoreUnfixed?: boolean;
  unknownSeverity?: UnknownSeverityPolicy;
  kev?: 'fail' | 'ignore';
  kevCatalog?: string;
  epss?: number;
  /** A report path, or `auto`: the latest report artifact of the pull request's base branch. */
  baseline?: string;
  licenseAllow?: string[];
  licenseDeny?: string[];
  exceptionsFile?: string;
  vexFiles?: string[];
  manifests?: string[];
  sarifPath?: string;
  jsonPath?: string;
  uploadSarif: UploadSarifMode;
  sarifCategoryPrefix: string;
  sbomFormats?: SbomFormat[];
  uploadSbom: boolean;
  uploadReport: boolean;
  summary: boolean;
  comment: CommentMode;
  failOnError: boolean;
  timeoutMs?: number;
  token: string;
  installMissing?: boolean;
  sign: boolean;
  signKey?: string;
  signer: 'sigstore' | 'cosign';
  sigstore: SigstoreInstance;
  /** A private Sigstore instance's URLs (override `sigstore`). */
  sigstoreEndpoints: { fulcioURL?: string; rekorURL?: string; tsaURL?: string };
  githubAttestations: 'auto' | 'true' | 'false';
  /** Keep the scanners' databases across workflow runs with the Actions cache (src/action/database-cache.ts). */
  databaseCache: boolean;
  dbMaxAgeMs: number;
  offline: boolean;
  trivyDbRepositories?: string[];
  grypeDbUrls?: string[];
  /** `rescan: true`: the images are deployed digests, re-scanned from their SBOM attestations verified this way. */
  rescan?: AttestationPolicy;
}

/**
 * Defaults, the same as action.yml's (a test compares them): the runner fills them in from action.yml, and a
 * caller that leaves an input empty (a local run, a test) gets the same behaviour.
 */
export const INPUT_DEFAULTS = {
  config: '',
  image: '',
  dockerfile: '',
  context: '',
  build: '',
  platform: '',
  scanners: '',
  checks: '',
  severity: '',
  threshold: '',
  'ignore-unfixed': '',
  'unknown-severity': '',
  kev: '',
  'kev-catalog': '',
  epss: '',
  baseline: '',
  'license-allow': '',
  'license-deny': '',
  exceptions: '',
  vex: '',
  manifests: '',
  sarif: '',
  json: '',
  'upload-sarif': 'auto',
  'sarif-category-prefix': '',
  sbom: '',
  'upload-sbom': 'true',
  'upload-report': 'true',
  summary: 'true',
  comment: 'off',
  'fail-on-error': 'true',
  timeout: '',
  token: '',
  'install-missing': '',
  sign: 'false',
  'sign-key': '',
  signer: 'sigstore',
  sigstore: 'public-good',
  'fulcio-url': '',
  'rekor-url': '',
  'tsa-url': '',
  'github-attestations': 'auto',
  'database-cache': 'true',
  'db-max-age': '72h',
  offline: 'false',
  'trivy-db-repository': '',
  'grype-db-url': '',
  rescan: 'false',
  'certificate-identity': '',
  'certificate-identity-regexp': '',
  'certificate-oidc-issuer': '',
  'certificate-oidc-issuer-regexp': '',
  'verify-key': '',
  'trusted-root': '',
  'tuf-mirror': '',
  'tuf-root': '',
  'insecure-ignore-tlog': 'false',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

/** Reads one raw input (`core.getInput`); injectable so the reader can be tested without the environment. */
export type InputSource = (name: InputName) => string;

const SCANNER_NAMES: Record<ScannerName, true> = {
  trivy: true,
  'trivy-secret': true,
  'trivy-license': true,
  'trivy-config': true,
  'trivy-sbom': true,
  grype: true,
  syft: true,
};
const SBOM_FORMATS: Record<Exclude<SbomFormat, 'syft-json'>, true> = {
  'cyclonedx-json': true,
  'spdx-json': true,
};
const GATE_SEVERITIES = ['critical', 'high', 'medium', 'low', 'negligible'] as const;

export function readActionInputs(source: InputSource): ActionInputs {
  const raw = (name: InputName): string => {
    const value = source(name).trim();
    const text = value === '' ? INPUT_DEFAULTS[name] : value;
    // A control character in an input is never intended and could forge log lines or workflow commands.
    if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text))
      fail(name, text, 'contains control characters — remove them');
    return text;
  };
  /** The input read by `read` when it was given; absent (the config file or the default applies) when empty. */
  const given = <T>(name: InputName, read: (value: string) => T): T | undefined => {
    const value = raw(name);
    return value === '' ? undefined : read(value);
  };
  const token = source('token').trim();
  const rescan = readRescanPolicy(raw);
  if (rescan) refuseWithRescan(raw);
  const fields = {
    ...signInputs(raw),
    ...databaseInputs(raw),
    config: given('config', (v) => optionalPath('config', v)),
    ...scanInputs(given, rescan),
    ...gateInputs(given),
    sarifPath: given('sarif', (v) => optionalPath('sarif', v)),
    jsonPath: given('json', (v) => optionalPath('json', v)),
    uploadSarif: readChoice('upload-sarif', raw('upload-sarif'), ['true', 'false', 'auto'] as const),
    sarifCategoryPrefix: readCategoryPrefix(raw('sarif-category-prefix')),
    sbomFormats: given('sbom', readSbomFormats),
    uploadSbom: readBoolean('upload-sbom', raw('upload-sbom')),
    uploadReport: readBoolean('upload-report', raw('upload-report')),
    summary: readBoolean('summary', raw('summary')),
    comment: readChoice('comment', raw('comment'), ['off', 'on-failure', 'always'] as const),
    failOnError: readBoolean('fail-on-error', raw('fail-on-error')),
    timeoutMs: given('timeout', readTimeout),
    token,
    installMissing: given('install-missing', (v) => readBoolean('install-missing', v)),
    rescan,
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as unknown as ActionInputs;
}

function signInputs(raw: (name: InputName) => string) {
  const signer = readChoice('signer', raw('signer'), ['sigstore', 'cosign'] as const);
  const signKey = raw('sign-key') ? validateKeyRef(raw('sign-key')) : undefined;
  if (
    signKey &&
    signer === 'sigstore' &&
    /^[a-z][a-z0-9+.-]*:\/\//i.test(signKey) &&
    !signKey.startsWith('env://')
  )
    fail('sign-key', signKey, 'is a KMS key, which native signing cannot use — set signer: cosign');
  return {
    sign: readBoolean('sign', raw('sign')),
    signKey,
    signer,
    sigstore: readChoice('sigstore', raw('sigstore'), SIGSTORE_INSTANCES),
    sigstoreEndpoints: {
      ...readUrl('fulcio-url', 'fulcioURL', raw('fulcio-url')),
      ...readUrl('rekor-url', 'rekorURL', raw('rekor-url')),
      ...readUrl('tsa-url', 'tsaURL', raw('tsa-url')),
    },
    githubAttestations: readChoice('github-attestations', raw('github-attestations'), [
      'auto',
      'true',
      'false',
    ] as const),
  };
}

/** The scanners' databases (src/databases/): the Action's cache, the age bound, --offline, the mirrors. */
function databaseInputs(raw: (name: InputName) => string) {
  return {
    databaseCache: readBoolean('database-cache', raw('database-cache')),
    dbMaxAgeMs: parseDuration(raw('db-max-age'), 'input db-max-age'),
    offline: readBoolean('offline', raw('offline')),
    // Absent when empty: the defaults (Trivy's and Grype's, or TRIVY_DB_REPOSITORY / GRYPE_DB_UPDATE_URL) apply.
    trivyDbRepositories: raw('trivy-db-repository')
      ? readSources(splitList(raw('trivy-db-repository'), /[\n,]/), 'trivy-db', 'input trivy-db-repository')
      : undefined,
    grypeDbUrls: raw('grype-db-url')
      ? readSources(splitList(raw('grype-db-url'), /[\n,]/), 'grype-db', 'input grype-db-url')
      : undefined,
  };
}

/** Inputs that do not go with `rescan: true`, refused rather than ignored. */
function refuseWithRescan(raw: (name: InputName) => string): void {
  if (raw('build') !== '' && readBoolean('build', raw('build')))
    fail(
      'build',
      raw('build'),
      'does not go with rescan: true, which re-scans deployed images — build in another step',
    );
  if (readBoolean('sign', raw('sign')))
    fail(
      'sign',
      raw('sign'),
      'does not go with rescan: true: a re-scan signs nothing — sign in the release job',
    );
  // A re-scan reads SBOMs only (the CLI's rescan has no such flags): the repository's files today are not what is deployed.
  for (const name of ['dockerfile', 'manifests'] as const)
    if (raw(name) !== '')
      fail(
        name,
        raw(name),
        'does not go with rescan: true, which scans the SBOMs attested to deployed images — check files in another step',
      );
}

/** The policy inputs are the `verify` flags without their dashes; the public key is `verify-key` (apart from `sign-key`). */
const POLICY_INPUTS: Record<string, InputName> = {
  key: 'verify-key',
  'certificate-identity': 'certificate-identity',
  'certificate-identity-regexp': 'certificate-identity-regexp',
  'certificate-oidc-issuer': 'certificate-oidc-issuer',
  'certificate-oidc-issuer-regexp': 'certificate-oidc-issuer-regexp',
  'trusted-root': 'trusted-root',
  'tuf-mirror': 'tuf-mirror',
  'tuf-root': 'tuf-root',
  'insecure-ignore-tlog': 'insecure-ignore-tlog',
};
const inputName: OptionName = (option) => POLICY_INPUTS[option] ?? option;

/**
 * `rescan: true` and its verification policy, checked as `verify` checks its flags. A policy input without
 * `rescan: true` is refused: it would otherwise be silently ignored by a scan.
 */
function readRescanPolicy(raw: (name: InputName) => string): AttestationPolicy | undefined {
  const value = (name: InputName) => raw(name) || undefined;
  if (!readBoolean('rescan', raw('rescan'))) {
    const set = Object.values(POLICY_INPUTS).find((name) => raw(name) !== INPUT_DEFAULTS[name]);
    if (set) fail(set, raw(set), 'applies to rescan: true only — set rescan: true, or remove it');
    return undefined;
  }
  try {
    const policy = verifyPolicyFrom(
      {
        ...(value('verify-key') ? { key: value('verify-key')! } : {}),
        ...(value('certificate-identity') ? { certificateIdentity: value('certificate-identity')! } : {}),
        ...(value('certificate-identity-regexp')
          ? { certificateIdentityRegexp: value('certificate-identity-regexp')! }
          : {}),
        ...(value('certificate-oidc-issuer')
          ? { certificateOidcIssuer: value('certificate-oidc-issuer')! }
          : {}),
        ...(value('certificate-oidc-issuer-regexp')
          ? { certificateOidcIssuerRegexp: value('certificate-oidc-issuer-regexp')! }
          : {}),
        ...(value('trusted-root') ? { trustedRoot: optionalPath('trusted-root', raw('trusted-root'))! } : {}),
        ...(value('tuf-mirror') ? { tufMirror: readUrl('tuf-mirror', 'url', raw('tuf-mirror')).url! } : {}),
        ...(value('tuf-root') ? { tufRoot: optionalPath('tuf-root', raw('tuf-root'))! } : {}),
        insecureIgnoreTlog: readBoolean('insecure-ignore-tlog', raw('insecure-ignore-tlog')),
      },
      inputName,
    );
    checkRegexps(policy, inputName);
    return policy;
  } catch (error) {
    if (error instanceof UsageError && !error.message.startsWith('input '))
      throw new UsageError(`rescan: ${error.message}`, { cause: error });
    throw error;
  }
}

function readUrl<K extends string>(name: InputName, key: K, value: string): Partial<Record<K, string>> {
  if (value === '') return {};
  if (!/^https?:\/\/[^\s]+$/.test(value)) fail(name, value, 'is not an http(s) URL');
  return { [key]: value } as Partial<Record<K, string>>;
}

type Given = <T>(name: InputName, read: (value: string) => T) => T | undefined;

function scanInputs(given: Given, rescan: AttestationPolicy | undefined) {
  const images = given('image', (v) => splitList(v, /[\n,]/));
  // An empty list (a deploy manifest that yielded nothing) re-scans nothing, and that must never read as a pass.
  if (rescan && (images ?? []).length === 0)
    fail(
      'image',
      '',
      'is empty: with rescan: true list the deployed images by digest, name@sha256:…, one per line',
    );
  for (const image of images ?? []) {
    try {
      if (rescan) rescanTargets([image], rescan);
      else parseTarget(image);
    } catch (error) {
      throw new UsageError(`input image: ${errorMessage(error).replace(/^image /, '')}`, { cause: error });
    }
  }
  return {
    images,
    dockerfile: given('dockerfile', (v) => optionalPath('dockerfile', v)),
    context: given('context', (v) => optionalPath('context', v)),
    build: given('build', (v) => readBoolean('build', v)),
    platform: given('platform', (v) => {
      if (!/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/.test(v))
        fail('platform', v, 'is not a platform — use os/arch, e.g. linux/amd64 or linux/arm64/v8');
      return v;
    }),
    scanners: given('scanners', readScanners),
    checks: given('checks', (v) => readBoolean('checks', v)),
    manifests: given('manifests', (v) =>
      splitList(v, /[\n,]/).map((path) => optionalPath('manifests', path)!),
    ),
  };
}

function gateInputs(given: Given) {
  return {
    threshold: given('severity', readThreshold),
    thresholds: given('threshold', (v) => asInput('threshold', () => parseThresholds(splitList(v, /[\n,]/)))),
    ignoreUnfixed: given('ignore-unfixed', (v) => readBoolean('ignore-unfixed', v)),
    unknownSeverity: given('unknown-severity', (v) =>
      readChoice('unknown-severity', v, ['fail', 'warn', 'ignore'] as const),
    ),
    kev: given('kev', (v) => readChoice('kev', v, ['fail', 'ignore'] as const)),
    kevCatalog: given('kev-catalog', (v) => optionalPath('kev-catalog', v)),
    epss: given('epss', (v) => {
      const p = Number(v);
      if (!(p > 0 && p <= 1))
        fail('epss', v, 'is not a probability — use a number above 0 and at most 1 (0.1 is 10 %)');
      return p;
    }),
    baseline: given('baseline', (v) => (v === 'auto' ? v : optionalPath('baseline', v))),
    licenseAllow: given('license-allow', (v) => splitList(v, /[\s,]+/)),
    licenseDeny: given('license-deny', (v) => splitList(v, /[\s,]+/)),
    exceptionsFile: given('exceptions', (v) => optionalPath('exceptions', v)),
    vexFiles: given('vex', (v) => splitList(v, /[\n,]/).map((path) => optionalPath('vex', path)!)),
  };
}

/** A parser that throws a flag-worded UsageError, reworded for the input. */
function asInput<T>(name: InputName, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`input ${name}: ${error.message.replace(/^--[a-z-]+ /, '')}`, { cause: error });
  }
}

function fail(name: InputName, value: string, problem: string): never {
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
  throw new UsageError(`input ${name}: ${shown} ${problem}`);
}

function splitList(value: string, separator: RegExp): string[] {
  return value
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** YAML 1.2 core-schema booleans, the spellings @actions/core's getBooleanInput accepts. */
function readBoolean(name: InputName, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  return fail(name, value, 'is not a boolean — use true or false');
}

function readChoice<const T extends readonly string[]>(
  name: InputName,
  value: string,
  choices: T,
): T[number] {
  const lower = value.toLowerCase();
  if ((choices as readonly string[]).includes(lower)) return lower as T[number];
  return fail(name, value, `is not one of ${choices.join(', ')}`);
}

function readThreshold(value: string): Severity {
  const lower = value.toLowerCase();
  if (isSeverity(lower) && lower !== 'unknown') return lower;
  return fail('severity', value, `is not a severity — use one of ${GATE_SEVERITIES.join(', ')}`);
}

function readScanners(value: string): ScannerName[] {
  const names = splitList(value, /[\s,]+/);
  for (const name of names) {
    if (!Object.hasOwn(SCANNER_NAMES, name)) {
      fail('scanners', name, `is not a scanner — choose from ${Object.keys(SCANNER_NAMES).join(', ')}`);
    }
  }
  return [...new Set(names)] as ScannerName[];
}

function readSbomFormats(value: string): SbomFormat[] {
  if (value.toLowerCase() === 'none') return [];
  const formats = splitList(value, /[\s,]+/);
  for (const format of formats) {
    if (!Object.hasOwn(SBOM_FORMATS, format))
      fail('sbom', format, 'is not an SBOM format — use cyclonedx-json, spdx-json or none');
  }
  return [...new Set(formats)] as SbomFormat[];
}

/** Seconds, like the CLI's --timeout, with an optional unit for readability in workflows (`90s`, `10m`, `1h`). */
function readTimeout(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(value);
  const amount = match ? Number(match[1]) : Number.NaN;
  if (!match || !(amount > 0))
    return fail('timeout', value, 'is not a duration — use seconds (600) or 90s, 10m, 1h');
  const unit = match[2] === 'h' ? 3600 : match[2] === 'm' ? 60 : 1;
  if (amount * unit > MAX_TIMEOUT_SECONDS)
    return fail('timeout', value, `is longer than a week (${MAX_TIMEOUT_SECONDS} s), the longest accepted`);
  return Math.round(amount * unit * 1000);
}

/**
 * The prefix becomes part of code scanning's `category/run` id, so it takes the same alphabet as the ids
 * container-gate writes: lower case, `[a-z0-9._/-]`; a trailing `/` keeps it a category segment of its own.
 */
function readCategoryPrefix(value: string): string {
  if (value === '') return '';
  if (
    !/^[A-Za-z0-9._/-]+$/.test(value) ||
    value.split('/').some((s, i, all) => s === '' && i < all.length - 1)
  ) {
    return fail(
      'sarif-category-prefix',
      value,
      'may hold only letters, digits, . _ - and / between non-empty segments',
    );
  }
  const lower = value.toLowerCase();
  return lower.endsWith('/') ? lower : `${lower}/`;
}

/** A path handed to scanners as an argument: one starting with `-` would read as an option. */
function optionalPath(name: InputName, value: string): string | undefined {
  if (value === '') return undefined;
  if (value.startsWith('-'))
    fail(name, value, `starts with "-" and would read as an option — write it as ./${value}`);
  return value;
}
