import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../../src/process/exec.js';

/**
 * execa signals the child's pid alone (sindresorhus/execa#96); runProcess routes its timeout's SIGTERM to the whole
 * process group, so a scanner's helpers get the chance to clean up before the SIGKILL. The grandchild here records
 * the SIGTERM it receives; its parent ignores SIGTERM, so only a group-wide SIGTERM can reach it before the SIGKILL.
 */
describe('runProcess on a timeout', () => {
  it('sends SIGTERM to the whole process group, not only to the child', async () => {
    for (const timeoutMs of [500, 2_000, 8_000, 30_000]) {
      const dir = mkdtempSync(join(tmpdir(), 'cg-exec-group-'));
      const ready = join(dir, 'ready');
      const termed = join(dir, 'termed');
      const grandchild = `
        const fs = require('node:fs');
        process.on('SIGTERM', () => { fs.writeFileSync(${JSON.stringify(termed)}, ''); process.exit(0); });
        fs.writeFileSync(${JSON.stringify(ready)}, '');
        setInterval(() => {}, 1e9);`;
      const child = `
        process.on('SIGTERM', () => {});
        require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' });
        setInterval(() => {}, 1e9);`;
      const result = await runProcess(process.execPath, {
        args: ['-e', child],
        timeoutMs,
        killGraceMs: 2_000,
      });
      // Asserted only on a run where the grandchild had installed its handler before the timeout.
      if (!existsSync(ready)) continue;
      expect(result.timedOut).toBe(true);
      expect(result.signal).toBe('SIGKILL');
      expect(existsSync(termed)).toBe(true);
      return;
    }
    throw new Error('the grandchild never installed its SIGTERM handler before the timeout, even at 30 s');
  });
});
