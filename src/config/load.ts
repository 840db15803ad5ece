import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { errorMessage, UsageError } from '../util/errors.js';
import { readInput } from './policy-load.js';
import { type ConfigFile, configSchema } from './schema.js';

export const CONFIG_NAMES = ['container-gate.yaml', 'container-gate.yml'] as const;

export interface LoadedConfig {
  /** Where it was read from, as given or found (for messages). */
  path: string;
  config: ConfigFile;
}

/**
 * The config file: `--config FILE` (or the Action's `config` input) when given, else `container-gate.yaml` at the
 * repository root — the nearest directory from `cwd` up that holds `.git`, or `cwd` outside a repository.
 */
export async function loadConfig(
  explicit: string | undefined,
  cwd = process.cwd(),
): Promise<LoadedConfig | undefined> {
  const path = explicit ?? findConfig(cwd);
  if (!path) return undefined;
  const text = await readInput(resolve(cwd, path), 'config file').catch((error: unknown) => {
    throw error instanceof UsageError
      ? new UsageError(error.message.replace(resolve(cwd, path), path))
      : error;
  });
  const config = parseConfig(text, path);
  return { path, config: resolvePaths(config, path, cwd) };
}

export function findConfig(cwd: string): string | undefined {
  const root = repositoryRoot(cwd) ?? cwd;
  const found = CONFIG_NAMES.map((name) => join(root, name)).filter((candidate) => existsSync(candidate));
  if (found.length > 1)
    throw new UsageError(`config: both ${found.join(' and ')} exist — keep one (container-gate.yaml)`);
  const [path] = found;
  return path === undefined ? undefined : relative(cwd, path) || path;
}

function repositoryRoot(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Parses and validates; every problem is named by its key, all in one message. */
export function parseConfig(text: string, origin: string): ConfigFile {
  let document: unknown;
  try {
    document = parseYaml(text, { maxAliasCount: 0, schema: 'core', uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError)
      throw new UsageError(`config ${origin}: nested too deeply to be a config file`, { cause: error });
    const line = errorMessage(error).split('\n', 1)[0];
    throw new UsageError(`config ${origin}: not valid YAML (${line}) — fix the syntax`, { cause: error });
  }
  if (document === null || document === undefined) return {};
  const parsed = configSchema.safeParse(document);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 10).map(describeIssue);
  const more = parsed.error.issues.length > 10 ? `; and ${parsed.error.issues.length - 10} more` : '';
  throw new UsageError(
    `config ${origin}: ${problems.join('; ')}${more} — see docs/config.md (or docs/container-gate.schema.json)`,
  );
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(configSchema.shape),
  gate: Object.keys(configSchema.shape.gate.unwrap().shape),
  scan: Object.keys(configSchema.shape.scan.unwrap().shape),
  outputs: Object.keys(configSchema.shape.outputs.unwrap().shape),
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const name = at ? `${at}.${key}` : key;
        const known = KNOWN_KEYS[at];
        const hint = known ? closest(key, known) : undefined;
        return `${name}: unknown key${hint ? ` (did you mean ${at ? `${at}.` : ''}${hint}?)` : ''}`;
      })
      .join('; ');
  }
  return `${at || 'top level'}: ${issue.message}`;
}

/** The known key nearest to a misspelt one, when it is near enough to be the one meant. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Paths in the file are relative to the file, so a config in the repository root works from any directory. */
function resolvePaths(config: ConfigFile, path: string, cwd: string): ConfigFile {
  const base = dirname(resolve(cwd, path));
  if (base === resolve(cwd)) return config;
  const at = (p: string) => (isAbsolute(p) ? p : relative(cwd, join(base, p)) || '.');
  const { gate, scan, outputs } = config;
  return {
    ...config,
    ...(gate
      ? {
          gate: {
            ...gate,
            ...(gate['kev-catalog'] ? { 'kev-catalog': at(gate['kev-catalog']) } : {}),
            ...(gate.baseline ? { baseline: at(gate.baseline) } : {}),
            ...(typeof gate.exceptions === 'string' ? { exceptions: at(gate.exceptions) } : {}),
            ...(gate.vex ? { vex: (Array.isArray(gate.vex) ? gate.vex : [gate.vex]).map(at) } : {}),
          },
        }
      : {}),
    ...(scan
      ? {
          scan: {
            ...scan,
            ...(scan.dockerfile ? { dockerfile: at(scan.dockerfile) } : {}),
            ...(scan.manifests ? { manifests: scan.manifests.map(at) } : {}),
            ...(scan.context ? { context: at(scan.context) } : {}),
            ...(scan['work-dir'] ? { 'work-dir': at(scan['work-dir']) } : {}),
          },
        }
      : {}),
    ...(outputs
      ? {
          outputs: {
            ...outputs,
            ...(outputs.json ? { json: at(outputs.json) } : {}),
            ...(outputs.sarif ? { sarif: at(outputs.sarif) } : {}),
            ...(outputs.summary ? { summary: at(outputs.summary) } : {}),
            ...(outputs['sbom-dir'] ? { 'sbom-dir': at(outputs['sbom-dir']) } : {}),
          },
        }
      : {}),
  };
}
