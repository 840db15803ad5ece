import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportImage } from '../../../src/image/export.js';
import { parseTarget } from '../../../src/image/reference.js';
import { RunError } from '../../../src/util/errors.js';
import { fakeBinDir, fakeTool, parseFakeLog } from '../tools/fake-bin.js';

/** A made-up archive body: what the fake skopeo writes to the destination it was given. */
const ARCHIVE_BODY = 'made-up docker-archive bytes\n';
const WRITE_LAST_ARG = `for a in "$@"; do dest="$a"; done; file="\${dest#*:}"; file="\${file%%:*}"; printf '${ARCHIVE_BODY.trimEnd()}\\n' > "$file"`;

describe('exportImage', () => {
  let work: string;
  let withSkopeo: string;
  let failingSkopeo: string;
  let silentSkopeo: string;
  let empty: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'cg-export-'));
    withSkopeo = await fakeBinDir();
    await fakeTool(withSkopeo, 'skopeo', WRITE_LAST_ARG);
    failingSkopeo = await fakeBinDir();
    await fakeTool(
      failingSkopeo,
      'skopeo',
      `${WRITE_LAST_ARG}; echo 'FATA[0000] initializing source docker://x: reading manifest 1 in x: manifest unknown' >&2; exit 1`,
    );
    silentSkopeo = await fakeBinDir();
    await fakeTool(silentSkopeo, 'skopeo', 'exit 0');
    empty = await fakeBinDir();
  });
  afterAll(async () => {
    for (const dir of [work, withSkopeo, failingSkopeo, silentSkopeo, empty])
      await rm(dir, { recursive: true, force: true });
  });

  it('does nothing with --export never', async () => {
    expect(
      await exportImage(parseTarget('app:1'), { workDir: work, mode: 'never', insecureRegistry: false }),
    ).toBeUndefined();
  });

  it('exports a registry image once with skopeo and hands back an archive target with the same display and name', async () => {
    const log = join(work, 'skopeo.log');
    const target = parseTarget('ghcr.io/acme/api:1.2');
    const exported = await exportImage(target, {
      workDir: join(work, 'a'),
      mode: 'auto',
      insecureRegistry: false,
      env: { PATH: withSkopeo, FAKE_LOG: log },
    });
    expect(exported?.tool).toBe('skopeo');
    expect(exported?.target).toEqual({
      display: target.display,
      name: target.name,
      kind: 'docker-archive',
      path: exported?.target.path,
    });
    expect(exported?.bytes).toBe(Buffer.byteLength(ARCHIVE_BODY));
    expect(await readFile(exported!.target.path!, 'utf8')).toBe(ARCHIVE_BODY);
    const calls = parseFakeLog(await readFile(log, 'utf8'));
    expect(calls).toEqual([
      [
        'skopeo',
        'copy',
        '--quiet',
        'docker://ghcr.io/acme/api:1.2',
        `docker-archive:${exported?.target.path}:ghcr.io/acme/api:1.2`,
      ],
    ]);
  });

  it('returns a docker-archive target as it is, with its size', async () => {
    const file = join(work, 'given.tar');
    await writeFile(file, 'abc');
    const target = parseTarget(`docker-archive:${file}`);
    expect(
      await exportImage(target, {
        workDir: work,
        mode: 'always',
        insecureRegistry: false,
        env: { PATH: empty },
      }),
    ).toEqual({ target, bytes: 3, durationMs: 0, tool: 'none' });
  });

  it('falls back to the reference with a warning on auto when no tool can export', async () => {
    const warnings: string[] = [];
    const exported = await exportImage(parseTarget('app:1'), {
      workDir: work,
      mode: 'auto',
      insecureRegistry: false,
      env: { PATH: empty },
      onWarning: (w) => warnings.push(w),
    });
    expect(exported).toBeUndefined();
    expect(warnings).toEqual([
      'not exported, scanners read app:1 themselves: no tool to export app:1 was found (skopeo, buildah, podman or a Docker daemon)',
    ]);
  });

  it('fails on always when no tool can export', async () => {
    await expect(
      exportImage(parseTarget('app:1'), {
        workDir: work,
        mode: 'always',
        insecureRegistry: false,
        env: { PATH: empty },
      }),
    ).rejects.toThrow(/^--export always: no tool to export app:1/);
  });

  it('deletes a half-written archive when the tool fails, and says why', async () => {
    const dir = join(work, 'failing');
    const error = await exportImage(parseTarget('ghcr.io/acme/api:1'), {
      workDir: dir,
      mode: 'always',
      insecureRegistry: false,
      env: { PATH: failingSkopeo },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(
      /^export ghcr.io\/acme\/api:1: skopeo failed \(exit 1\): FATA\[0000\] .*manifest unknown$/,
    );
    expect(await readdir(join(dir, 'export'))).toEqual([]);
    const warnings: string[] = [];
    await expect(
      exportImage(parseTarget('ghcr.io/acme/api:1'), {
        workDir: dir,
        mode: 'auto',
        insecureRegistry: false,
        env: { PATH: failingSkopeo },
        onWarning: (w) => warnings.push(w),
      }),
    ).resolves.toBeUndefined();
    expect(warnings[0]).toMatch(/manifest unknown/);
  });

  it('treats a tool that exits 0 without writing an archive as a failure, not as an empty image', async () => {
    const dir = join(work, 'silent');
    await expect(
      exportImage(parseTarget('ghcr.io/acme/api:1'), {
        workDir: dir,
        mode: 'always',
        insecureRegistry: false,
        env: { PATH: silentSkopeo },
      }),
    ).rejects.toThrow(/skopeo exited 0 but wrote no archive/);
    expect(existsSync(join(dir, 'export')) ? await readdir(join(dir, 'export')) : []).toEqual([]);
  });

  it('refuses an archive target whose file does not exist', async () => {
    await expect(
      exportImage(parseTarget('docker-archive:/nonexistent/image.tar'), {
        workDir: work,
        mode: 'auto',
        insecureRegistry: false,
      }),
    ).rejects.toThrow(/is not a readable file/);
  });
});
