// A stand-in for a scanner executable. It REPLAYS a recorded real output (a fixture named by an env var) and
// records the argv it was given; it never decides what container-gate should conclude.
//
// Env:
//   STANDIN_ARGV_LOG            append one JSON line {tool, argv, cwd, pid, env, cwdEntries, handed} per call; env
//                               holds the tool's own settings (variables named <TOOL>_…, e.g. SYFT_GOLANG_CAPTURE_SYMBOLS),
//                               cwdEntries what its working directory held, handed the content of each file named by
//                               --config, --ignorefile or --secret-config (null if missing)
//   STANDIN_<SLOT>              fixture file to replay; slots: TRIVY_VULN, TRIVY_SECRET, TRIVY_LICENSE, TRIVY_PACKAGES, TRIVY_CONFIG,
//                               TRIVY_SBOM (CycloneDX), TRIVY_SPDX, GRYPE, SYFT_CYCLONEDX, SYFT_SPDX, SYFT_JSON
//
// Trivy's calls, and what each replays (the slot in brackets names its _BEHAVIOUR / _STDERR variables):
//   image --download-db-only --cache-dir C       [TRIVY_DB] copies STANDIN_TRIVY_DB_FILES (default
//                                         test/fixtures/databases/trivy/db) into C/db and sets DownloadedAt to now, as
//                                         Trivy does after a download (aquasecurity/trivy v0.74.0 pkg/db/db.go:205-221)
//   image --download-java-db-only         [TRIVY_JAVA_DB] the same with STANDIN_TRIVY_JAVA_DB_FILES into C/java-db
//   config --checks-bundle-repository R   [TRIVY_CHECKS] (also --policy-bundle-repository) STANDIN_TRIVY_CHECKS_FILES
//                                         into C/policy, and an empty config report
//   image --scanners=K1,K2 --format json  [TRIVY_IMAGE] one report: the Results of the recorded report of each kind
//                                         (vuln → TRIVY_VULN, secret → TRIVY_SECRET, license → TRIVY_LICENSE) in one list, the first report's
//                                         other fields kept, as one `trivy image` pass writes them; no kind (packages
//                                         only, for the SBOM) → TRIVY_PACKAGES
//   convert --format cyclonedx|spdx-json  [TRIVY_CONVERT_CYCLONEDX / TRIVY_CONVERT_SPDX] TRIVY_SBOM / TRIVY_SPDX
//   sbom --scanners=vuln                  [TRIVY_SBOM_SCAN] TRIVY_VULN
//   config                                [TRIVY_CONFIG] TRIVY_CONFIG
//   STANDIN_<TOOL>_BEHAVIOUR    ok (default) | crash | exit1-silent | exit:N (write output, exit N) | hang |
//                               sleep:MS | truncate | wrong-shape | flood:BYTES (on stdout) |
//                               flood-file:BYTES (each output file BYTES long, sparse: a huge report on disk) |
//                               late:MS (exits at once; a detached writer writes the outputs MS later) |
//                               no-output | grandchild-hang (leaves a child that would outlive us; pid in
//                               STANDIN_PIDFILE and STANDIN_PID_LOG) |
//                               stubborn-hang (like grandchild-hang, but both ignore SIGTERM and the grandchild
//                               holds our stdout and stderr open) |
//                               grandchild-pipe (writes the outputs and exits 0, leaving a hanging grandchild that
//                               holds our stdout and stderr open)
//   STANDIN_<SLOT>_BEHAVIOUR    the same for one Trivy call only (TRIVY_DB, TRIVY_JAVA_DB, TRIVY_CHECKS, TRIVY_IMAGE,
//                               TRIVY_CONVERT_CYCLONEDX, TRIVY_CONVERT_SPDX, TRIVY_SBOM_SCAN, TRIVY_CONFIG) or Grype call
//                               (GRYPE_DB_UPDATE, GRYPE_DB_STATUS); wins over STANDIN_<TOOL>_BEHAVIOUR. Database calls
//                               also take: rate-limited | server-error | timeout | unreachable | denied | corrupt
//                               (and for GRYPE_DB_UPDATE: no-update), each printing the tool's own words (below)
//   STANDIN_<SLOT>_SEQUENCE     b1,b2,… one behaviour per call of that slot, in order (the last repeats); needs
//                               STANDIN_STATE_DIR for the count
//   STANDIN_TRIVY_IMAGE_HAS_JARS=1   the image holds Java archives: a pass with --skip-java-db-update and no
//                               C/java-db fails as Trivy's jar analyzer does (pkg/javadb/client.go:56-58)
// Like the real tools, a scan fails when the database it was pointed at is missing: Trivy with --skip-db-update and no
// C/db (pkg/db/db.go:121-125), Grype with GRYPE_DB_AUTO_UPDATE=false and no $GRYPE_DB_CACHE_DIR/6/vulnerability.db
// (grype/db/v6/installation/curator.go:87-91).
// Grype's calls: db update [GRYPE_DB_UPDATE] copies STANDIN_GRYPE_DB_FILES (default test/fixtures/databases/grype/db) into
// $GRYPE_DB_CACHE_DIR; db status -o json [GRYPE_DB_STATUS] prints STANDIN_GRYPE_DB_STATUS (default
// test/fixtures/databases/grype/status-valid.json), exit 1 when it says invalid (db_status.go:82).
//   STANDIN_<TOOL>_STDERR       text printed on stderr (e.g. a real error message of the tool); per slot too
//   STANDIN_PID_LOG             append one JSON line {tool, slot, pid, role: 'scanner' | 'grandchild'} per process
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const databaseFixtures = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/databases');

const tool = process.env.STANDIN_TOOL || basename(process.argv[1]).replace(/\.m?js$/, '');
const argv = process.argv.slice(2);
const TOOL = tool.toUpperCase();
const env = process.env;

const readOrNull = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};
if (env.STANDIN_ARGV_LOG) {
  const own = Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith(`${TOOL}_`)));
  const handed = {};
  argv.forEach((arg, i) => {
    if (['--config', '--ignorefile', '--secret-config'].includes(arg))
      handed[argv[i + 1]] = readOrNull(argv[i + 1]);
  });
  const record = {
    tool,
    argv,
    cwd: process.cwd(),
    pid: process.pid,
    env: own,
    cwdEntries: readdirSync(process.cwd()),
    handed,
  };
  appendFileSync(env.STANDIN_ARGV_LOG, `${JSON.stringify(record)}\n`);
}

const VERSIONS = {
  trivy: 'Version: 0.58.1\n',
  grype: 'Application:         grype\nVersion:             0.86.1\n',
  syft: 'Application:   syft\nVersion:       1.18.1\n',
  cosign: 'GitVersion:    v2.4.1\n',
};
if (argv[0] === '--version' || argv[0] === 'version') {
  process.stdout.write(VERSIONS[tool] ?? `${tool} 0.0.0\n`);
  process.exit(0);
}

function flagValue(flag) {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${flag}=`));
  return eq ? eq.slice(flag.length + 1) : undefined;
}

/**
 * Which recorded outputs to replay and where the real tool would write them: `{ slot, file, fixtures }`, `slot` naming
 * the call for its _BEHAVIOUR and _STDERR variables, `fixtures` the STANDIN_ variables whose recordings it replays.
 */
function plannedOutputs() {
  if (tool === 'trivy') return [trivyOutput()].filter(Boolean);
  if (tool === 'grype') return [{ slot: 'GRYPE', file: flagValue('--file'), fixtures: ['GRYPE'] }];
  if (tool === 'syft') {
    const outs = [];
    argv.forEach((a, i) => {
      if (a === '-o' || a === '--output') {
        const [format, file] = argv[i + 1].split('=');
        const slot = format.startsWith('spdx')
          ? 'SYFT_SPDX'
          : format.startsWith('syft')
            ? 'SYFT_JSON'
            : 'SYFT_CYCLONEDX';
        outs.push({ slot, file, fixtures: [slot] });
      }
    });
    return outs;
  }
  return [];
}

function trivyOutput() {
  const mode = argv[0];
  const file = flagValue('--output');
  const format = flagValue('--format') ?? 'table';
  if (mode === 'config' && isChecksDownload()) return undefined;
  if (mode === 'config') return { slot: 'TRIVY_CONFIG', file, fixtures: ['TRIVY_CONFIG'] };
  if (argv.includes('--download-db-only') || argv.includes('--download-java-db-only')) return undefined;
  if (mode === 'convert') {
    const spdx = format.startsWith('spdx');
    return {
      slot: spdx ? 'TRIVY_CONVERT_SPDX' : 'TRIVY_CONVERT_CYCLONEDX',
      file,
      fixtures: [spdx ? 'TRIVY_SPDX' : 'TRIVY_SBOM'],
    };
  }
  if (mode === 'sbom') return { slot: 'TRIVY_SBOM_SCAN', file, fixtures: ['TRIVY_VULN'] };
  if (format === 'cyclonedx') return { slot: 'TRIVY_SBOM', file, fixtures: ['TRIVY_SBOM'] };
  const kinds = (flagValue('--scanners') ?? 'vuln,secret').split(',').filter((k) => k !== '');
  const fixtures = kinds.map(
    (k) => ({ vuln: 'TRIVY_VULN', secret: 'TRIVY_SECRET', license: 'TRIVY_LICENSE' })[k],
  );
  if (fixtures.includes(undefined)) {
    process.stderr.write(`stand-in trivy: no recording for --scanners ${kinds.join(',')}\n`);
    process.exit(96);
  }
  return { slot: 'TRIVY_IMAGE', file, fixtures: fixtures.length > 0 ? fixtures : ['TRIVY_PACKAGES'] };
}

function isChecksDownload() {
  return argv.some((a) => /^--(checks|policy)-bundle-repository(=|$)/.test(a));
}

/** The slot's call name: the database steps (TRIVY_DB, TRIVY_JAVA_DB, TRIVY_CHECKS, GRYPE_DB_*) write no report. */
function callSlot() {
  if (tool === 'trivy') {
    if (argv.includes('--download-db-only')) return 'TRIVY_DB';
    if (argv.includes('--download-java-db-only')) return 'TRIVY_JAVA_DB';
    if (argv[0] === 'config' && isChecksDownload()) return 'TRIVY_CHECKS';
    return trivyOutput()?.slot ?? TOOL;
  }
  if (tool === 'grype' && argv[0] === 'db')
    return argv[1] === 'status' ? 'GRYPE_DB_STATUS' : 'GRYPE_DB_UPDATE';
  return TOOL;
}

function recording(name) {
  const path = env[`STANDIN_${name}`];
  if (!path) {
    process.stderr.write(`stand-in ${tool}: no fixture for ${name} (set STANDIN_${name})\n`);
    process.exit(97);
  }
  return readFileSync(path, 'utf8');
}

/** One recording as it is; several (one Trivy pass, several kinds) as one report with their Results in one list. */
function fixtureText({ fixtures }) {
  if (fixtures.length === 1) return recording(fixtures[0]);
  const reports = fixtures.map((name) => JSON.parse(recording(name)));
  const merged = { ...reports[0], Results: reports.flatMap((r) => r.Results ?? []) };
  return `${JSON.stringify(merged, null, 2)}\n`;
}

function emit(text) {
  for (const { file } of plannedOutputs()) {
    if (file) writeFileSync(file, text);
    else process.stdout.write(text);
  }
}

function emitFixtures() {
  for (const output of plannedOutputs()) {
    const text = fixtureText(output);
    if (output.file) writeFileSync(output.file, text);
    else process.stdout.write(text);
  }
}

// One Trivy call (TRIVY_DB, TRIVY_IMAGE…) can misbehave alone while the others of the same scan replay normally.
const SLOT = callSlot();
const DATABASE_SLOTS = ['TRIVY_DB', 'TRIVY_JAVA_DB', 'TRIVY_CHECKS', 'GRYPE_DB_UPDATE', 'GRYPE_DB_STATUS'];
// A tool-wide setting (STANDIN_GRYPE_BEHAVIOUR) is about its scans; a database call misbehaves only when told by name.
const setting = (name) =>
  env[`STANDIN_${SLOT}_${name}`] ??
  (DATABASE_SLOTS.includes(SLOT) ? undefined : env[`STANDIN_${TOOL}_${name}`]);
const logPid = (pid, role) => {
  if (env.STANDIN_PID_LOG)
    appendFileSync(env.STANDIN_PID_LOG, `${JSON.stringify({ tool, slot: SLOT, pid, role })}\n`);
};
logPid(process.pid, 'scanner');

/** The next behaviour of a STANDIN_<SLOT>_SEQUENCE, counting this slot's calls in STANDIN_STATE_DIR. */
function sequenced() {
  const sequence = env[`STANDIN_${SLOT}_SEQUENCE`];
  if (!sequence) return undefined;
  const steps = sequence.split(',');
  const counter = join(env.STANDIN_STATE_DIR ?? '.', `${SLOT}.count`);
  const n = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0;
  writeFileSync(counter, String(n + 1));
  return steps[Math.min(n, steps.length - 1)];
}

const behaviour = sequenced() ?? setting('BEHAVIOUR') ?? 'ok';
if (setting('STDERR')) process.stderr.write(`${setting('STDERR')}\n`);
const [kind, param] = behaviour.split(':');
const hang = () => setInterval(() => {}, 1 << 30);

if (SLOT.startsWith('TRIVY_') && DATABASE_SLOTS.includes(SLOT)) trivyDatabaseCall(kind);
else if (SLOT === 'GRYPE_DB_UPDATE' || SLOT === 'GRYPE_DB_STATUS') grypeDatabaseCall(kind);
else if (!databaseIsThere()) process.exit(1);
else runBehaviour();

function runBehaviour() {
  switch (kind) {
    case 'ok':
      emitFixtures();
      break;
    case 'exit':
      emitFixtures();
      process.exit(Number(param));
      break;
    case 'crash':
      process.kill(process.pid, 'SIGSEGV');
      hang();
      break;
    case 'exit1-silent':
      process.exit(1);
      break;
    case 'hang':
      hang();
      break;
    case 'sleep':
      setTimeout(emitFixtures, Number(param));
      break;
    case 'truncate': {
      const [first] = plannedOutputs();
      if (first) emit(fixtureText(first).slice(0, Math.floor(fixtureText(first).length / 2)));
      break;
    }
    case 'wrong-shape':
      emit('{"unexpected": ["valid JSON, not a report"]}\n');
      break;
    case 'flood': {
      const total = Number(param);
      const chunk = Buffer.alloc(1 << 20, 'x');
      let written = 0;
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!process.stdout.write(chunk)) return process.stdout.once('drain', pump);
        }
      };
      pump();
      break;
    }
    case 'late': {
      // Exits at once; a writer that escaped our process group (a tool that forks its writer) writes the outputs
      // later, after whoever ran us has looked for them.
      const writes = plannedOutputs()
        .filter(({ file }) => file)
        .map((output) => ({ file: output.file, text: fixtureText(output) }));
      const writer = `setTimeout(() => { for (const w of ${JSON.stringify(writes)}) { try { require('node:fs').writeFileSync(w.file, w.text); } catch {} } }, ${Number(param)})`;
      spawn(process.execPath, ['-e', writer], { stdio: 'ignore', detached: true }).unref();
      break;
    }
    case 'flood-file': {
      // A report file of BYTES on disk without writing BYTES: the fixture, then a sparse extension.
      for (const output of plannedOutputs()) {
        if (!output.file) continue;
        writeFileSync(output.file, fixtureText(output));
        truncateSync(output.file, Number(param));
      }
      break;
    }
    case 'no-output':
      break;
    case 'grandchild-hang': {
      const child = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1<<30)'], { stdio: 'ignore' });
      if (env.STANDIN_PIDFILE) writeFileSync(env.STANDIN_PIDFILE, String(child.pid));
      logPid(child.pid, 'grandchild');
      hang();
      break;
    }
    case 'stubborn-hang':
    case 'grandchild-pipe': {
      const stubborn = kind === 'stubborn-hang';
      const code = stubborn
        ? "process.on('SIGTERM', () => {}); setInterval(() => {}, 1 << 30)"
        : 'setInterval(() => {}, 1 << 30)';
      const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'inherit', 'inherit'] });
      if (env.STANDIN_PIDFILE) writeFileSync(env.STANDIN_PIDFILE, String(child.pid));
      logPid(child.pid, 'grandchild');
      if (stubborn) {
        process.on('SIGTERM', () => {});
        hang();
      } else {
        emitFixtures();
        child.unref();
        process.exit(0);
      }
      break;
    }
    default:
      process.stderr.write(`stand-in ${tool}: unknown behaviour ${behaviour}\n`);
      process.exit(98);
  }
}

// ---- Databases. The words below are the tools' own; where each comes from is cited. ----

function log(level, text) {
  process.stderr.write(`${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\t${level}\t${text}\n`);
}

/** `mirror.gcr.io/aquasec/trivy-db` → the tag Trivy adds (its schema, pkg/flag/db_flags.go:176-193) and the URL parts. */
function ociRepository(flag, schema) {
  const given = flagValue(flag) ?? '';
  const tagged = /:[^/]+$/.test(given) ? given : `${given}:${schema}`;
  const [, host, path, tag] = /^([^/]+)\/(.+):([^:]+)$/.exec(tagged) ?? [
    null,
    'registry',
    'repo',
    String(schema),
  ];
  return { repo: tagged, manifest: `https://${host}/v2/${path}/manifests/${tag}`, host };
}

/**
 * Trivy's database calls. Log lines as Trivy v0.74.0 writes them: per repository `Failed to download artifact` with the
 * registry's error (pkg/oci/artifact.go:296-321), then `FATAL Fatal error` and the wrapped chain (cmd/trivy/main.go:30;
 * pkg/db/db.go:189,238; pkg/commands/operation/operation.go:41; the `run error: init error:` prefix, run.go). The
 * TOOMANYREQUESTS reply is ghcr.io's, as logged in the field (GSA-TTS/FAC#4384, 2024-10; trivy-db#442); a registry error
 * without a body is go-containerregistry's `unexpected status code 503 Service Unavailable`
 * (pkg/v1/remote/transport/error.go:58-63); a network error is not a transport error, so Trivy does not log it per
 * repository and reports `failed to download artifact from <repo>` (artifact.go:305-307; trivy-action#443).
 */
function trivyDatabaseCall(kind) {
  const cacheDir = flagValue('--cache-dir');
  const java = SLOT === 'TRIVY_JAVA_DB';
  const checks = SLOT === 'TRIVY_CHECKS';
  const prefix = java ? '[javadb]' : checks ? '[misconfig]' : '[vulndb]';
  const what = java ? 'Java DB' : 'vulnerability DB';
  const { repo, manifest, host } = checks
    ? ociRepository(argv.find((a) => /^--(checks|policy)-bundle-repository/.test(a))?.split('=')[0], 2)
    : ociRepository(java ? '--java-db-repository' : '--db-repository', java ? 1 : 2);
  const chain = java
    ? `run error: init error: Java DB error: OCI artifact error: failed to download Java DB: `
    : `run error: init error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: `;
  const registryError = {
    'rate-limited': `GET ${manifest}: TOOMANYREQUESTS: retry-after: 127.702µs, allowed: 44000/minute`,
    'server-error': `GET ${manifest}: unexpected status code 503 Service Unavailable`,
    denied: `GET ${manifest}: DENIED: requested access to the resource is denied`,
  }[kind];
  const networkError = {
    timeout: `Get "https://${host}/v2/": context deadline exceeded`,
    unreachable: `Get "https://${host}/v2/": dial tcp: lookup ${host}: no such host`,
  }[kind];
  if (kind !== 'ok' && kind !== 'corrupt' && !registryError && !networkError) return runBehaviour();
  if (!checks) {
    log('INFO', `${prefix} Need to update DB`);
    log('INFO', `${prefix} Downloading ${what}...`);
    log('INFO', `${prefix} Downloading artifact...\trepo="${repo}"`);
  }
  if (registryError || networkError) {
    const err = `OCI repository error: ${registryError ? `1 error occurred:\\n\\t* ${registryError}\\n\\n` : networkError}`;
    if (checks) {
      // `trivy config` goes on with its embedded checks and exits 0 (pkg/commands/artifact/run.go:724-727).
      log(
        'ERROR',
        `[misconfig] Falling back to embedded checks\terr="failed to download checks bundle: download error: ${err}"`,
      );
      writeConfigReport();
      process.exit(0);
    }
    if (registryError) {
      log('ERROR', `${prefix} Failed to download artifact\trepo="${repo}" err="${err}"`);
      log('FATAL', `Fatal error\t${chain}failed to download artifact from any source`);
    } else {
      if (kind === 'timeout')
        log(
          'WARN',
          'Provide a higher timeout value, see https://trivy.dev/v0.74/guide/references/troubleshooting/#timeout',
        );
      log('FATAL', `Fatal error\t${chain}failed to download artifact from ${repo}: ${err}`);
    }
    process.exit(1);
  }
  if (!cacheDir) {
    process.stderr.write('stand-in trivy: a database call without --cache-dir\n');
    process.exit(95);
  }
  const sub = java ? 'java-db' : checks ? 'policy' : 'db';
  const files = checks
    ? (env.STANDIN_TRIVY_CHECKS_FILES ?? join(databaseFixtures, 'trivy/policy'))
    : java
      ? (env.STANDIN_TRIVY_JAVA_DB_FILES ?? join(databaseFixtures, 'trivy/java-db'))
      : kind === 'corrupt'
        ? // Trivy's own corrupt-database test file (pkg/db/testdata/trivy.db): a download-only run never opens the
          // database it wrote (ShowInfo reads metadata.json only, pkg/db/db.go:243-251), so it exits 0.
          join(databaseFixtures, 'trivy/db-corrupt')
        : (env.STANDIN_TRIVY_DB_FILES ?? join(databaseFixtures, 'trivy/db'));
  mkdirSync(join(cacheDir, sub), { recursive: true });
  cpSync(files, join(cacheDir, sub), { recursive: true });
  const metadataFile = join(cacheDir, sub, 'metadata.json');
  const metadata = JSON.parse(readFileSync(metadataFile, 'utf8'));
  metadata.DownloadedAt = new Date().toISOString();
  writeFileSync(metadataFile, JSON.stringify(metadata));
  if (checks) writeConfigReport();
  else log('INFO', `${prefix} Artifact successfully downloaded\trepo="${repo}"`);
  process.exit(0);
}

function writeConfigReport() {
  const output = flagValue('--output');
  const report = { SchemaVersion: 2, ArtifactName: argv.at(-1), ArtifactType: 'filesystem' };
  if (output) writeFileSync(output, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Grype's database calls. `grype db update` (cmd/grype/cli/commands/db_update.go:41-73) fetches with go-getter, whose
 * only words for an HTTP failure are `bad response code: N` (hashicorp/go-getter v1.8.6 get_http.go:274-275); the chain
 * is db_update.go:60 → curator.go:317 → client.go:167/189; clio logs the final error at ERROR
 * (anchore/clio v0.1.1 application.go:282-299). A checksum failure is go-getter's ChecksumError (checksum.go:41-52).
 */
function grypeDatabaseCall(kind) {
  const cacheDir = env.GRYPE_DB_CACHE_DIR;
  const url = env.GRYPE_DB_UPDATE_URL ?? 'https://grype.anchore.io/databases';
  const listing = url.endsWith('.json') ? url : `${url.replace(/\/+$/, '')}/v6/latest.json`;
  const fail = (message) => {
    process.stderr.write(`[0000]  WARN overriding db update check\n[0000] ERROR ${message}\n`);
    process.exit(1);
  };
  const listingFailure = (why) =>
    `unable to update vulnerability database: check for vulnerability database update failed: unable to download listing: ${why}`;
  if (SLOT === 'GRYPE_DB_UPDATE') {
    if (kind === 'rate-limited') fail(listingFailure('bad response code: 429'));
    if (kind === 'server-error') fail(listingFailure('bad response code: 503'));
    if (kind === 'denied') fail(listingFailure('bad response code: 403'));
    if (kind === 'timeout')
      fail(
        listingFailure(
          `Get "${listing}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        ),
      );
    if (kind === 'unreachable')
      fail(listingFailure(`Get "${listing}": dial tcp: lookup grype.anchore.io: no such host`));
    if (kind === 'corrupt')
      fail(
        'unable to update vulnerability database: unable to update vulnerability database: unable to download db: ' +
          'Checksums did not match for /tmp/grype-db-download/vulnerability-db.tar.zst.\nExpected: d4654e3b\nGot: 00000000\n*sha256.digest',
      );
    if (kind === 'no-update') {
      process.stdout.write('No vulnerability database update available\n');
      process.exit(0);
    }
    if (kind !== 'ok') return runBehaviour();
    mkdirSync(cacheDir, { recursive: true });
    cpSync(env.STANDIN_GRYPE_DB_FILES ?? join(databaseFixtures, 'grype/db'), cacheDir, { recursive: true });
    process.stdout.write('Vulnerability database updated to latest version!\n');
    process.exit(0);
  }
  if (kind !== 'ok') return runBehaviour();
  if (!existsSync(join(cacheDir ?? '', '6', 'vulnerability.db'))) {
    // curator.go:169-175 Status() of a missing database; description.go:14.
    process.stdout.write(
      `${JSON.stringify({ schemaVersion: '', path: join(cacheDir ?? '', '6', 'vulnerability.db'), valid: false, error: 'database does not exist' }, null, 1)}\n`,
    );
    process.exit(1);
  }
  const status = readFileSync(
    env.STANDIN_GRYPE_DB_STATUS ?? join(databaseFixtures, 'grype/status-valid.json'),
    'utf8',
  );
  process.stdout.write(status);
  process.exit(JSON.parse(status).valid ? 0 : 1);
}

/**
 * A scan pointed at a database that is not there fails the way the tool does; the stand-in does not judge anything
 * else about it. Trivy: pkg/db/db.go:121-125 and operation.go:34-35 (the first-run error), pkg/javadb/client.go:56-58
 * through jar/jar.go:49-52 and analyzer.go:592-593 (the Java index); Grype: curator.go:87-91 via root.go:492-501.
 */
function databaseIsThere() {
  if (tool === 'trivy' && argv.includes('--skip-db-update')) {
    const cacheDir = flagValue('--cache-dir') ?? '';
    if (!existsSync(join(cacheDir, 'db', 'trivy.db')) || !existsSync(join(cacheDir, 'db', 'metadata.json'))) {
      log('ERROR', '[vulndb] The first run cannot skip downloading DB');
      log(
        'FATAL',
        'Fatal error\trun error: init error: DB error: database error: --skip-db-update cannot be specified on the first run',
      );
      return false;
    }
    if (
      env.STANDIN_TRIVY_IMAGE_HAS_JARS === '1' &&
      argv.includes('--skip-java-db-update') &&
      !existsSync(join(cacheDir, 'java-db', 'metadata.json'))
    ) {
      log('ERROR', '[javadb] The first run cannot skip downloading Java DB');
      log(
        'FATAL',
        "Fatal error\trun error: scan error: scan failed: failed analysis: post analysis error: Unable to initialize the Java DB: Java DB update failed: '--skip-java-db-update' cannot be specified on the first run",
      );
      return false;
    }
  }
  if (tool === 'grype' && argv[0] !== 'db' && env.GRYPE_DB_AUTO_UPDATE === 'false') {
    if (!existsSync(join(env.GRYPE_DB_CACHE_DIR ?? '', '6', 'vulnerability.db'))) {
      process.stderr.write(
        "[0000] ERROR failed to load vulnerability db: vulnerability database error: database does not exist. Try 'grype db update'\n",
      );
      return false;
    }
  }
  return true;
}
