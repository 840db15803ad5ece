import { rmSync } from 'node:fs';
import { killAllChildren } from './exec.js';

const directories = new Set<string>();
let hookInstalled = false;

/**
 * Removes `dir` when the process exits before the caller has removed it: a second Ctrl-C (or SIGTERM, SIGHUP)
 * exits at once, past every `finally`, and must not leave `/tmp/container-gate-*` behind. Every scanner's process
 * tree is killed first, so nothing writes into the directory as it goes. Returns the function that forgets `dir`.
 */
export function removeOnExit(dir: string): () => void {
  if (!hookInstalled) {
    hookInstalled = true;
    process.once('exit', () => {
      killAllChildren();
      for (const directory of directories) {
        try {
          rmSync(directory, { recursive: true, force: true });
        } catch {
          // exiting: nothing left to tell
        }
      }
    });
  }
  directories.add(dir);
  return () => {
    directories.delete(dir);
  };
}
