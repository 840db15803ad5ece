import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay, runCli, tempDir } from '../support/cli.js';
import { tar } from '../support/tar.js';

/**
 * Image arguments that try to become flags, shell or several arguments. Each is either refused (exit 3, one line
 * naming it, no scanner started) or reaches every scanner as exactly one argv element, untouched, after `--` or as
 * the value of a `--flag=` — the stand-ins' argv log is the proof.
 */
interface Call {
  tool: string;
  argv: string[];
}

const readCalls = (log: string): Call[] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Call)
        // The calls that read the image: not `--version`, nor Trivy's database step.
        .filter((c) => c.argv[0] !== '--version' && !c.argv.includes('--download-db-only'))
    : [];

async function scanImage(image: string, endOfOptions = false, scanners?: string) {
  const dir = tempDir('cg-ref-');
  const log = join(dir, 'argv.jsonl');
  // An archive argument names a file in the working directory: a minimal OCI layout tar (an oci-archive is unpacked
  // for Trivy before any scanner starts).
  const archive = /^oci-archive:(.+)$/.exec(image)?.[1];
  if (archive && !archive.startsWith('-')) {
    const file = join(dir, archive);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      tar([
        { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
        { name: 'index.json', data: '{"schemaVersion":2,"manifests":[]}' },
      ]),
    );
  }
  const args = [
    'scan',
    '--export',
    'never',
    '--no-table',
    ...(scanners ? ['--scanners', scanners] : []),
    ...(endOfOptions ? ['--'] : []),
    image,
  ];
  const res = await runCli(args, { env: replay({ STANDIN_ARGV_LOG: log }), cwd: dir });
  // Where the scan ran from: scanners start in a directory of their own, and are handed paths made absolute from it.
  return { res, calls: readCalls(log).map((call) => ({ ...call, ranFrom: dir })) };
}

/**
 * The image through every tool that reads it: Trivy and Grype in one scan, Syft in another (with Syft in the same
 * scan, Grype reads Syft's SBOM instead of the image).
 */
async function scanWithEachTool(image: string, endOfOptions = false) {
  const first = await scanImage(image, endOfOptions, 'trivy,trivy-secret,grype');
  const second = await scanImage(image, endOfOptions, 'syft');
  return {
    codes: [first.res.code, second.res.code],
    calls: [...first.calls, ...second.calls],
    res: first.res,
  };
}

/** The one error line; a value that starts with `-` is refused by the option parser before it is an image. */
function expectRefused(res: { code: number | null; stderr: string }, image: string) {
  expect(res.code).toBe(3);
  const lines = res.stderr.split('\n').filter((l) => l.startsWith('container-gate: '));
  expect(lines).toHaveLength(1);
  if (image.startsWith('-')) expect(lines[0]).toMatch(/Unknown argument/);
  else expect(lines[0]).toContain(`image ${JSON.stringify(image).slice(0, 40)}`);
}

describe('hostile image references', () => {
  it.each([
    '--output=/etc/passwd',
    '-o/etc/passwd',
    '$(id)',
    '`id`',
    ';rm -rf /',
    'alpine:3.10;id',
    'alpine:3.10 --output=/tmp/x',
    'a b',
    'alpine:3.10\n--output=/etc/passwd',
    'alpine:3.10\r',
    'docker-archive:--output=/etc/passwd',
    'oci-archive:',
    'ALPINE:3.10',
    `alpine:${'a'.repeat(200)}`,
  ])('refuses %j with exit 3 before any scanner runs', async (image) => {
    // (A NUL byte cannot be tested: no process can receive one in an argument.)
    const { res, calls } = await scanImage(image);
    expectRefused(res, image);
    expect(calls).toEqual([]);
  });

  it('takes the image after `--` (end of options), so a templated value can never be read as a flag', async () => {
    const { res, codes, calls } = await scanWithEachTool('alpine:3.10', true);
    expect(res.stderr).not.toMatch(/nothing to scan/);
    for (const code of codes) expect([0, 1]).toContain(code);
    expect(calls.map((c) => c.tool).sort()).toEqual(['grype', 'syft', 'trivy']);
    for (const call of calls) expect(call.argv.slice(-2)).toEqual(['--', 'alpine:3.10']);
  });

  it('refuses a flag-looking image after `--` as an image, not as an option', async () => {
    const { res, calls } = await scanImage('--output=/etc/passwd', true);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('image "--output=/etc/passwd"');
    expect(calls).toEqual([]);
  });

  it.each([
    'oci-archive:./a b;$(id) `id` --output=/etc/passwd.tar',
    'docker-archive:image.tar;rm -rf /',
    'oci-archive:it\'s "quoted" | piped.tar',
  ])('passes the archive path of %j to every scanner as one untouched argv element', async (image) => {
    const { codes, calls } = await scanWithEachTool(image);
    for (const code of codes) expect([0, 1]).toContain(code);
    expect(calls.map((c) => c.tool).sort()).toEqual(['grype', 'syft', 'trivy']);
    for (const call of calls) {
      // Made absolute from where the user ran (scanners start in a directory of their own), otherwise untouched.
      const path = resolve(call.ranFrom, image.slice(image.indexOf(':') + 1));
      // Trivy takes a docker-archive as `--input=<path>` (an oci-archive as the layout unpacked from it); Grype and
      // Syft take `--from <scheme>` and the plain path after `--`.
      const carrying = call.argv.filter((arg) => arg.includes(path));
      const scheme = image.slice(0, image.indexOf(':'));
      if (call.tool === 'trivy') {
        expect(carrying, JSON.stringify(call.argv)).toEqual(
          scheme === 'docker-archive' ? [`--input=${path}`] : [],
        );
      } else {
        expect(carrying, JSON.stringify(call.argv)).toHaveLength(1);
        expect(call.argv.slice(-4)).toEqual(['--from', scheme, '--', path]);
      }
      // Nothing of the value leaked into an element of its own.
      for (const word of ['$(id)', '`id`', '--output=/etc/passwd.tar', 'rm', '-rf']) {
        expect(call.argv).not.toContain(word);
      }
    }
  });

  it('passes a valid reference with a registry port and digest as the last argv element after --', async () => {
    const image = `localhost:5000/team/app@sha256:${'a'.repeat(64)}`;
    const { codes, calls } = await scanWithEachTool(image);
    for (const code of codes) expect([0, 1]).toContain(code);
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.argv.slice(-2)).toEqual(['--', image]);
  });
});
