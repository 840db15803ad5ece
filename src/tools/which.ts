import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Finds an executable the way a shell would, without running one: an explicit path, or the first hit on PATH. */
export function findExecutable(
  nameOrPath: string,
  pathVariable = process.env.PATH ?? '',
): string | undefined {
  if (nameOrPath.includes('/')) {
    const full = isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
    return isExecutableFile(full) ? full : undefined;
  }
  for (const dir of pathVariable.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, nameOrPath);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
