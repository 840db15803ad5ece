import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as toolCache from '@actions/tool-cache';
import { sha256File, type ToolCache, verifiedExecutable } from './cache.js';

/**
 * The GitHub runner's tool cache (RUNNER_TOOL_CACHE) behind the ToolCache interface, so a self-hosted runner
 * installs each pinned tool once. The tool cache keys by architecture only: the OS is the runner's own.
 */
export function actionsToolCache(): ToolCache {
  const archOf = (platform: string) => platform.split('/')[1] ?? platform;
  return {
    async find(tool, version, platform) {
      const dir = toolCache.find(tool, version, archOf(platform));
      if (!dir) return undefined;
      return verifiedExecutable(join(dir, tool), join(dir, `${tool}.sha256`));
    },
    async store(tool, version, platform, executable) {
      // cacheDir copies a whole directory, so the digest record travels with the binary.
      const staging = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), `container-gate-${tool}-`));
      try {
        const staged = join(staging, tool);
        await copyFile(executable, staged);
        await chmod(staged, 0o755);
        await writeFile(join(staging, `${tool}.sha256`), `${await sha256File(staged)}\n`);
        const dir = await toolCache.cacheDir(staging, tool, version, archOf(platform));
        return join(dir, tool);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    },
  };
}
