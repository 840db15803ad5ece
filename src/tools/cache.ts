import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where installed tools are kept between runs. The CLI keeps them under ~/.cache/container-gate/tools; the
 * Action uses the runner's tool cache (actions-cache.ts). Either way a cached binary is re-hashed against the
 * digest recorded when it was stored, so a file changed in the cache is not run.
 */
export interface ToolCache {
  /** The cached executable's path, or undefined when it is not cached (or no longer matches its record). */
  find(tool: string, version: string, platform: string): Promise<string | undefined>;
  /** Copies a verified executable into the cache and returns the cached path. */
  store(tool: string, version: string, platform: string, executable: string): Promise<string>;
}

export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'container-gate', 'tools');
}

/** `<root>/<tool>/<version>/<os>-<arch>/<tool>` with `<tool>.sha256` beside it. */
export function directoryToolCache(root: string): ToolCache {
  const dirOf = (tool: string, version: string, platform: string) =>
    join(root, tool, version, platform.replace('/', '-'));
  return {
    async find(tool, version, platform) {
      const dir = dirOf(tool, version, platform);
      return verifiedExecutable(join(dir, tool), join(dir, `${tool}.sha256`));
    },
    async store(tool, version, platform, executable) {
      const dir = dirOf(tool, version, platform);
      await mkdir(dir, { recursive: true });
      const target = join(dir, tool);
      // Copy then rename: a concurrent run sees either no binary or a whole one, never half a file.
      const temp = join(dir, `.${tool}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      try {
        await copyFile(executable, temp);
        await chmod(temp, 0o755);
        const digest = await sha256File(temp);
        await rename(temp, target);
        await writeFile(join(dir, `${tool}.sha256`), `${digest}\n`);
      } finally {
        await rm(temp, { force: true });
      }
      return target;
    },
  };
}

/** The executable when its recorded digest matches; a missing or mismatching record means "not cached". */
export async function verifiedExecutable(
  executable: string,
  recordFile: string,
): Promise<string | undefined> {
  const recorded = (await readFile(recordFile, 'utf8').catch(() => '')).trim();
  if (!/^[0-9a-f]{64}$/.test(recorded)) return undefined;
  const actual = await sha256File(executable).catch(() => undefined);
  return actual === recorded ? executable : undefined;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
