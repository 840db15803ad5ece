import type { Argv } from 'yargs';
import { SEVERITIES } from '../core/severity.js';
import { SCANNER_NAMES } from '../scanners/scanner.js';

/**
 * The option definitions of the commands, apart from what runs them: the CLI loads these to parse argv and print
 * help, and loads a command's implementation (commands.ts, supply-chain.ts) only when that command runs.
 */
export { SCANNER_NAMES } from '../scanners/scanner.js';

/** Flags shared by `scan`, `check`, `merge` and `report`: policy and outputs. */
export function withGateOptions<T>(y: Argv<T>) {
  return withOutputOptions(withPolicyOptions(y));
}

/**
 * The gate's rules and accepted risks. No yargs defaults for what the config file can set: an absent flag must leave
 * the file's value (flags > file > defaults); the defaults live in defaultOptions().
 */
function withPolicyOptions<T>(y: Argv<T>) {
  return withAcceptanceOptions(withThresholdOptions(y));
}

/** What fails the gate: the config file, severity thresholds, known-exploited and EPSS. */
function withThresholdOptions<T>(y: Argv<T>) {
  return y
    .option('config', {
      type: 'string',
      describe: 'the config file (default: container-gate.yaml at the repository root, when there is one)',
    })
    .option('severity', {
      type: 'string',
      choices: SEVERITIES.filter((s) => s !== 'unknown'),
      describe: 'fail the gate on findings at or above this severity (default high)',
    })
    .option('threshold', {
      type: 'string',
      array: true,
      describe: 'a threshold per finding kind: KIND=SEVERITY or KIND=off (e.g. secret=low, license=off)',
    })
    .option('ignore-unfixed', {
      type: 'boolean',
      describe: 'fixable only: vulnerabilities without a fixed version do not fail the gate (still reported)',
    })
    .option('unknown-severity', {
      type: 'string',
      choices: ['fail', 'warn', 'ignore'],
      describe: 'what a finding of unknown severity does to the gate (default warn)',
    })
    .option('kev', {
      type: 'string',
      choices: ['fail', 'ignore'],
      describe:
        "a vulnerability on CISA's Known Exploited Vulnerabilities catalog fails at any severity (default fail)",
    })
    .option('kev-catalog', {
      type: 'string',
      describe: "CISA's KEV JSON feed, for vulnerabilities no scanner marked known-exploited",
    })
    .option('epss', {
      type: 'number',
      describe: 'fail vulnerabilities at or above this EPSS probability (0-1)',
    });
}

/** What does not fail the gate after all: findings of the baseline, allowed licenses, accepted risks and VEX. */
function withAcceptanceOptions<T>(y: Argv<T>) {
  return y
    .option('baseline', {
      type: 'string',
      describe: "a previous JSON report (e.g. the default branch's): only findings absent from it fail",
    })
    .option('license-allow', {
      type: 'string',
      array: true,
      describe: 'comma-separated SPDX ids: only these licenses pass',
    })
    .option('license-deny', {
      type: 'string',
      array: true,
      describe: 'comma-separated SPDX ids: these licenses fail',
    })
    .option('exceptions', {
      type: 'string',
      describe: 'YAML file of accepted risks (id, reason, expires; optional rule, package, image)',
    })
    .option('vex', {
      type: 'string',
      array: true,
      describe: 'OpenVEX document(s): not_affected / fixed statements suppress findings',
    });
}

/** Outputs and how the scanners run: shared by every command that gates. */
function withOutputOptions<T>(y: Argv<T>) {
  return y
    .option('json', { type: 'string', describe: 'write the JSON report here' })
    .option('sarif', { type: 'string', describe: 'write one merged SARIF 2.1.0 file here' })
    .option('summary', { type: 'string', describe: 'write a markdown summary here' })
    .option('summary-max-chars', { type: 'number', describe: 'cap the summary (65536 fits a PR comment)' })
    .option('table', { type: 'boolean', describe: 'print the findings table (--no-table to hide it)' })
    .option('quiet', { type: 'boolean', describe: 'no progress lines (warnings are still printed)' })
    .option('color', { type: 'boolean', describe: 'colour output (default: when stdout is a terminal)' })
    .option('scanners', { type: 'string', describe: `comma-separated: ${SCANNER_NAMES.join(', ')}` })
    .option('timeout', {
      type: 'number',
      describe: 'seconds one scanner run may take before it is killed (default 600)',
    })
    .option('concurrency', {
      type: 'number',
      describe: 'scanner runs at once (default: the CPU count, at least 4)',
    })
    .option('trivy-path', { type: 'string' })
    .option('grype-path', { type: 'string' })
    .option('syft-path', { type: 'string' });
}

/** The scanners' databases (`scan`, and `check` with trivy-config): one cache, mirrors, retries, the age bound. */
export function withDatabaseOptions<T>(y: Argv<T>) {
  return y
    .option('cache-dir', {
      type: 'string',
      describe:
        "the scanners' databases, shared by every scan and later runs (default ~/.cache/container-gate/databases)",
    })
    .option('db-max-age', {
      type: 'string',
      default: '72h',
      describe:
        'when every download fails (or with --offline), use a cached database built at most this long ago',
    })
    .option('offline', {
      type: 'boolean',
      default: false,
      describe: 'never download a database: use the cache within --db-max-age, or fail',
    })
    .option('db-max-wait', {
      type: 'string',
      default: '2m',
      describe: 'the longest total wait between download retries of one database (backoff, retry-after)',
    })
    .option('trivy-db-repository', {
      type: 'string',
      array: true,
      describe:
        "Trivy's vulnerability database, tried in order (default mirror.gcr.io/aquasec/trivy-db, ghcr.io/aquasecurity/trivy-db)",
    })
    .option('trivy-java-db-repository', {
      type: 'string',
      array: true,
      describe: "Trivy's Java index, tried in order (default the mirror.gcr.io then ghcr.io copies)",
    })
    .option('trivy-checks-repository', {
      type: 'string',
      array: true,
      describe: "Trivy's misconfiguration checks bundle, tried in order",
    })
    .option('grype-db-url', {
      type: 'string',
      array: true,
      describe: "Grype's database listing, tried in order (default https://grype.anchore.io/databases)",
    });
}

/** The flags of `scan` beyond the gate's: what to scan and how. */
export function withScanOptions<T>(y: Argv<T>) {
  return y
    .positional('images', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe:
        'name:tag, name@sha256:…, oci-archive:<file>, docker-archive:<file>, or sbom:<file> (an SBOM to re-scan)',
    })
    .option('platform', {
      type: 'string',
      describe: 'platform of a multi-platform image (linux/arm64)',
    })
    .option('dockerfile', {
      type: 'string',
      describe: 'Dockerfile: checked, and used to place findings on its lines in SARIF',
    })
    .option('manifests', {
      type: 'string',
      array: true,
      describe: 'Kubernetes manifest files or directories to check',
    })
    .option('checks', {
      type: 'boolean',
      describe: "container-gate's own hardening checks (--no-checks to skip)",
    })
    .option('build', {
      type: 'boolean',
      describe: 'build the image from --dockerfile and --context first',
    })
    .option('context', { type: 'string', describe: 'build context (default .)' })
    .option('tag', {
      type: 'string',
      describe: 'name for the built image (default: the image argument)',
    })
    .option('builder', { type: 'string', describe: 'auto, buildx, podman or buildah (default auto)' })
    .option('build-arg', { type: 'string', array: true, describe: 'NAME=value, for the build' })
    .option('export', {
      type: 'string',
      describe: 'export the image once for all scanners: auto, always, never',
    })
    .option('sbom-dir', {
      type: 'string',
      describe: 'write SBOMs (one per image and format) into this directory',
    })
    .option('sbom-format', {
      type: 'string',
      array: true,
      describe: 'cyclonedx-json, spdx-json (default both)',
    })
    .option('insecure-registry', {
      type: 'boolean',
      describe: 'registry over HTTP / without TLS verification',
    })
    .options(runDirOptions('exports and raw scanner outputs'));
}

/** Flags shared by `sign`, `attest` and `verify`. */
export function withSignerOptions<T>(y: Argv<T>) {
  return y
    .option('signer', {
      type: 'string',
      default: 'sigstore',
      describe: 'sigstore (native, no binary) or cosign',
    })
    .option('cosign-path', { type: 'string', describe: 'with --signer cosign: the cosign executable' })
    .option('insecure-registry', {
      type: 'boolean',
      default: false,
      describe: 'registry over plain HTTP (loopback registries are HTTP anyway)',
    })
    .option('resolve-digest', {
      type: 'boolean',
      default: false,
      describe: 'resolve name:tag to the digest the registry serves now (otherwise a digest is required)',
    });
}

/** Where keyless signatures and log entries go (native signer). */
export function withSigstoreOptions<T>(y: Argv<T>) {
  return y
    .option('sigstore', {
      type: 'string',
      default: 'public-good',
      describe: "keyless: public-good (Fulcio + Rekor) or github (GitHub's Fulcio + timestamp authority)",
    })
    .option('fulcio-url', { type: 'string', describe: 'a private Fulcio (overrides --sigstore)' })
    .option('rekor-url', { type: 'string', describe: 'a private Rekor (overrides --sigstore)' })
    .option('tsa-url', { type: 'string', describe: 'an RFC 3161 timestamp authority to add' })
    .option('tlog-upload', {
      type: 'boolean',
      default: true,
      describe: 'record the signature in Rekor (--no-tlog-upload for a key-signed bundle without a log)',
    });
}

/** Who must have signed, and the trust root: the policy of `verify`, which `rescan` applies to SBOM attestations. */
export function withVerifyPolicyOptions<T>(y: Argv<T>) {
  return y
    .option('key', { type: 'string', describe: 'PEM public key file or env://VAR' })
    .option('certificate-identity', { type: 'string', describe: 'keyless: the exact signer identity' })
    .option('certificate-identity-regexp', {
      type: 'string',
      describe: 'keyless: a regular expression the whole identity must match',
    })
    .option('certificate-oidc-issuer', { type: 'string', describe: 'keyless: the exact OIDC issuer' })
    .option('certificate-oidc-issuer-regexp', { type: 'string' })
    .option('trusted-root', {
      type: 'string',
      describe: 'trusted_root.json (or `gh attestation trusted-root` output); default: public-good via TUF',
    })
    .option('tuf-mirror', {
      type: 'string',
      describe: "a private instance's TUF repository to take the trusted root from (with --tuf-root)",
    })
    .option('tuf-root', { type: 'string', describe: "that repository's initial root.json" })
    .option('insecure-ignore-tlog', {
      type: 'boolean',
      default: false,
      describe: 'with --key: accept a signature without a transparency log entry',
    });
}

/** Scanners to install and where a run keeps its files: `scan` and `rescan` alike (`what` says what goes there). */
export function runDirOptions(what: string) {
  return {
    // No defaults: a flag left out leaves the config file's value (or the default) in place.
    'install-missing': {
      type: 'boolean',
      describe: 'download missing scanners (pinned versions, verified checksums)',
    },
    'work-dir': { type: 'string', describe: `where ${what} go (default: a temporary directory)` },
    'keep-work-dir': { type: 'boolean' },
  } as const;
}
