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
//   image --download-db-only              [TRIVY_DB] nothing; exit 0 unless told otherwise
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
//   STANDIN_<SLOT>_BEHAVIOUR    the same for one Trivy call only (TRIVY_DB, TRIVY_IMAGE, TRIVY_CONVERT_CYCLONEDX,
//                               TRIVY_CONVERT_SPDX, TRIVY_SBOM_SCAN, TRIVY_CONFIG); wins over STANDIN_TRIVY_BEHAVIOUR
//   STANDIN_<TOOL>_STDERR       text printed on stderr (e.g. a real error message of the tool); per slot too
//   STANDIN_PID_LOG             append one JSON line {tool, slot, pid, role: 'scanner' | 'grandchild'} per process
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

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
  if (mode === 'config') return { slot: 'TRIVY_CONFIG', file, fixtures: ['TRIVY_CONFIG'] };
  if (argv.includes('--download-db-only')) return undefined;
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

/** The slot's call name: TRIVY_DB for the database step, which writes nothing. */
function callSlot() {
  if (tool === 'trivy')
    return argv.includes('--download-db-only') ? 'TRIVY_DB' : (trivyOutput()?.slot ?? TOOL);
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
const setting = (name) => env[`STANDIN_${SLOT}_${name}`] ?? env[`STANDIN_${TOOL}_${name}`];
const logPid = (pid, role) => {
  if (env.STANDIN_PID_LOG)
    appendFileSync(env.STANDIN_PID_LOG, `${JSON.stringify({ tool, slot: SLOT, pid, role })}\n`);
};
logPid(process.pid, 'scanner');

const behaviour = setting('BEHAVIOUR') ?? 'ok';
if (setting('STDERR')) process.stderr.write(`${setting('STDERR')}\n`);
const [kind, param] = behaviour.split(':');
const hang = () => setInterval(() => {}, 1 << 30);

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
