import type { Dirent } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareStrings } from '../core/identity.js';
import { UsageError } from '../util/errors.js';
import { readInputFile } from '../util/input-file.js';
import type { CheckInput, DockerfileInput, ManifestInput } from './types.js';

/** Directories never walked: dependencies and VCS data hold no Dockerfile or manifest of the project. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export type CheckFileKind = 'dockerfile' | 'manifest';

/** `Dockerfile`, `Containerfile`, `api.Dockerfile`, `Dockerfile.prod`; `*.yaml` / `*.yml` manifests. */
export function classifyCheckFile(fileName: string): CheckFileKind | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.dockerignore')) return undefined;
  if (/\.ya?ml$/.test(name)) return 'manifest';
  if (/^(?:dockerfile|containerfile)(?:\..+)?$/.test(name) || /\.(?:dockerfile|containerfile)$/.test(name)) {
    return 'dockerfile';
  }
  return undefined;
}

/**
 * Reads what `container-gate check` was pointed at. A path may be a file or a directory (walked, sorted,
 * skipping node_modules and .git; symbolic links to directories are not followed). A `.dockerignore` is
 * looked up beside each Dockerfile, also as BuildKit's `<Dockerfile name>.dockerignore`.
 */
export async function loadCheckInputs(paths: string[], signal?: AbortSignal): Promise<CheckInput> {
  const files: { file: string; kind: CheckFileKind }[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info)
      throw new UsageError(
        `${given}: no such file or directory; pass a Dockerfile, a manifest or a directory`,
      );
    if (info.isDirectory()) {
      const found = await walk(given);
      // A gate that checked nothing must not read as a pass.
      if (found.length === 0) {
        throw new UsageError(
          `${given}: no Dockerfile (Dockerfile, *.Dockerfile, Containerfile) or manifest (*.yaml, *.yml) in it; pass the directory that holds them`,
        );
      }
      for (const file of found) files.push(file);
      continue;
    }
    const kind = classifyCheckFile(path.basename(given));
    if (!kind) {
      throw new UsageError(
        `${given}: neither a Dockerfile (Dockerfile, *.Dockerfile, Containerfile) nor a YAML manifest (*.yaml, *.yml); rename it or pass its directory`,
      );
    }
    files.push({ file: given, kind });
  }

  const seen = new Set<string>();
  const dockerfiles: DockerfileInput[] = [];
  const manifests: ManifestInput[] = [];
  for (const { file, kind } of files) {
    const display = displayPath(file);
    if (seen.has(display)) continue;
    seen.add(display);
    const text = await readInputFile(file, kind === 'dockerfile' ? 'Dockerfile' : 'manifest', signal);
    if (kind === 'dockerfile')
      dockerfiles.push({ path: display, text, dockerignore: await hasDockerignore(file) });
    else manifests.push({ path: display, text });
  }
  return { dockerfiles, manifests };
}

async function walk(directory: string): Promise<{ file: string; kind: CheckFileKind }[]> {
  const found: { file: string; kind: CheckFileKind }[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`${displayPath(directory)}: cannot be listed (${code}); check its permissions`, {
      cause: error,
    });
  }
  entries.sort((a, b) => compareStrings(a.name, b.name));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) for (const file of await walk(full)) found.push(file);
      continue;
    }
    const kind = classifyCheckFile(entry.name);
    if (!kind) continue;
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isFile())) {
      found.push({ file: full, kind });
    }
  }
  return found;
}

async function hasDockerignore(dockerfile: string): Promise<boolean> {
  const directory = path.dirname(dockerfile);
  const candidates = [path.join(directory, '.dockerignore'), `${dockerfile}.dockerignore`];
  for (const candidate of candidates) {
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

/** Findings name files as the user would: relative to the working directory, with forward slashes. */
function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  const shown =
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}
