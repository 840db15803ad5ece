import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Hand-made stand-in executables for unit tests: tiny sh scripts in a fresh directory that becomes the whole
 * PATH, so a test controls exactly which tools "exist". Each records its argv (one line per call, NUL-separated
 * arguments) to `$FAKE_LOG` when set.
 */
export async function fakeBinDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cg-fake-bin-'));
}

export async function fakeTool(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  const record = `if [ -n "$FAKE_LOG" ]; then printf '%s' "${name}" >> "$FAKE_LOG"; for a in "$@"; do printf '\\0%s' "$a" >> "$FAKE_LOG"; done; printf '\\n' >> "$FAKE_LOG"; fi`;
  await writeFile(path, `#!/bin/sh\n${record}\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** The calls recorded in a FAKE_LOG file: [tool, ...argv] each. */
export function parseFakeLog(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\0'));
}
