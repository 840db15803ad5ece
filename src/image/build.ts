import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { BuildRequest } from '../options.js';
import { runProcess } from '../process/exec.js';
import { runTool } from '../tools/run-tool.js';
import { findExecutable } from '../tools/which.js';
import { errorMessage, oneLine, RunError, UsageError } from '../util/errors.js';
import { parseImageReference } from './reference.js';

/**
 * Builds the image to scan with whatever builder the machine has: docker buildx where a daemon answers, else
 * podman, else buildah (both daemonless). Build args go on argv and so are visible in the process list and kept
 * in the image history: secrets belong in BuildKit secrets (`--secret`), which container-gate does not pass yet.
 */
export type BuilderName = 'buildx' | 'podman' | 'buildah';

export interface Builder {
  name: BuilderName;
  executable: string;
}

export interface BuiltImage {
  /** The tag the image was given (`req.tag`). */
  reference: string;
  /** Manifest digest, when the builder reports one (buildx does; podman and buildah only know it once pushed). */
  digest?: string;
  /** The image (config) id from `--iidfile`: not a registry digest, never use it to sign. */
  imageId?: string;
  builder: BuilderName;
  /** Set when the builder wrote the image to an archive itself (none does yet; export.ts exports it). */
  archive?: string;
  /** Things the user should know, e.g. a build arg that looks like a secret. */
  warnings: string[];
}

export interface BuildOptions {
  workDir: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Skip detection (tests, or a caller that already detected). */
  builder?: Builder;
  /** Extra environment for the builder (e.g. STORAGE_DRIVER=vfs for buildah in a container). */
  env?: Record<string, string>;
}

type Env = Record<string, string | undefined>;

const DEFAULT_BUILD_TIMEOUT_MS = 60 * 60 * 1000;
const DAEMON_PROBE_TIMEOUT_MS = 5000;

export const BUILDER_INSTALL_HINTS: Record<BuilderName, string> = {
  buildx:
    'install Docker with the buildx plugin and start its daemon (https://docs.docker.com/engine/install/), or use --builder buildah',
  podman: 'install podman (apt-get install podman, brew install podman), or use --builder buildah',
  buildah: 'install buildah (apt-get install buildah, dnf install buildah)',
};

const BUILDER_EXECUTABLES: Record<BuilderName, string> = {
  buildx: 'docker',
  podman: 'podman',
  buildah: 'buildah',
};

/**
 * Picks the builder. `auto` prefers buildx only when a Docker daemon actually answers (`docker info`): a docker
 * CLI without a daemon is common on CI containers and must fall through to the daemonless builders.
 */
export async function detectBuilder(
  preference: BuildRequest['builder'],
  env: Env = process.env,
): Promise<Builder> {
  const path = env.PATH ?? '';
  const probeEnv = definedEnv(env);
  const docker = findExecutable('docker', path);
  const buildx = async (): Promise<{ ok: true } | { ok: false; why: string }> => {
    if (!docker) return { ok: false, why: 'docker not found on PATH' };
    const info = await probe(docker, ['info', '--format', '{{.ServerVersion}}'], probeEnv);
    if (!info.ok) return { ok: false, why: `no Docker daemon answers (docker info: ${info.why})` };
    const plugin = await probe(docker, ['buildx', 'version'], probeEnv);
    if (!plugin.ok) return { ok: false, why: `the docker buildx plugin is missing (${plugin.why})` };
    return { ok: true };
  };

  if (preference === 'buildx') {
    const check = await buildx();
    if (!check.ok) throw new UsageError(`--builder buildx: ${check.why} — ${BUILDER_INSTALL_HINTS.buildx}`);
    return { name: 'buildx', executable: docker! };
  }
  if (preference === 'podman' || preference === 'buildah') {
    const executable = findExecutable(BUILDER_EXECUTABLES[preference], path);
    if (!executable)
      throw new UsageError(
        `--builder ${preference}: ${preference} not found on PATH — ${BUILDER_INSTALL_HINTS[preference]}`,
      );
    return { name: preference, executable };
  }
  if ((await buildx()).ok) return { name: 'buildx', executable: docker! };
  for (const name of ['podman', 'buildah'] as const) {
    const executable = findExecutable(BUILDER_EXECUTABLES[name], path);
    if (executable) return { name, executable };
  }
  throw new UsageError(
    '--build: no image builder found (docker buildx with a running daemon, podman or buildah) — install buildah (apt-get install buildah) or podman, or start Docker',
  );
}

/**
 * OCI provenance labels (image-spec annotations.md) from the CI environment: where the source lives, which
 * commit, when. `created` honours SOURCE_DATE_EPOCH so reproducible builds stay reproducible.
 */
export function provenanceLabels(env: Env, now: Date): Record<string, string> {
  const labels: Record<string, string> = {};
  const repository = env.GITHUB_REPOSITORY?.trim();
  if (repository) {
    const server = (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
    labels['org.opencontainers.image.source'] = `${server}/${repository}`;
  }
  const revision = env.GITHUB_SHA?.trim();
  if (revision) labels['org.opencontainers.image.revision'] = revision;
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  const created = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  labels['org.opencontainers.image.created'] = created.toISOString();
  return labels;
}

export interface BuildFiles {
  /** Where the builder writes the image id. */
  iidFile: string;
  /** buildx only: where it writes the build result metadata (holds the manifest digest). */
  metadataFile: string;
}

/** Pure: the builder's argv. User values are single tokens after their flag; the context comes after `--`. */
export function buildCommand(builder: BuilderName, req: BuildRequest, files: BuildFiles): string[] {
  validateBuildRequest(req);
  const common = ['--tag', req.tag, '--file', req.dockerfile, '--iidfile', files.iidFile];
  for (const [key, value] of sortedEntries(req.labels)) common.push('--label', `${key}=${value}`);
  for (const [key, value] of sortedEntries(req.buildArgs)) common.push('--build-arg', `${key}=${value}`);
  switch (builder) {
    case 'buildx':
      // --load puts the result in the daemon's image store, where export.ts (docker save) and scanners find it.
      return [
        'buildx',
        'build',
        '--load',
        ...common,
        '--metadata-file',
        files.metadataFile,
        '--',
        req.context,
      ];
    case 'podman':
    case 'buildah':
      return ['build', ...common, '--', req.context];
  }
}

export async function buildImage(req: BuildRequest, opts: BuildOptions): Promise<BuiltImage> {
  validateBuildRequest(req);
  await requireDirectory(req.context, '--context', 'the build context directory');
  await requireFile(req.dockerfile, '--dockerfile', 'the Dockerfile to build');
  const builder = opts.builder ?? (await detectBuilder(req.builder));
  await mkdir(opts.workDir, { recursive: true });
  const files: BuildFiles = {
    iidFile: join(opts.workDir, 'build.iid'),
    metadataFile: join(opts.workDir, 'build-metadata.json'),
  };
  // Read only what this build writes: a reused --work-dir holds the previous build's id and digest.
  for (const file of Object.values(files)) await rm(file, { force: true });

  await runTool({
    tool: builder.name === 'buildx' ? 'docker buildx' : builder.name,
    executable: builder.executable,
    args: buildCommand(builder.name, req, files),
    action: `build ${req.tag}`,
    installHint: BUILDER_INSTALL_HINTS[builder.name],
    timeoutMs: opts.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });

  const imageId = await readImageId(files.iidFile);
  const digest = builder.name === 'buildx' ? await readBuildxDigest(files.metadataFile) : undefined;
  return {
    reference: req.tag,
    ...(digest ? { digest } : {}),
    ...(imageId ? { imageId } : {}),
    builder: builder.name,
    warnings: secretLookingBuildArgs(req.buildArgs).map(
      (key) =>
        `build arg ${key} looks like a secret: build args are visible in the process list and kept in the image history — use a BuildKit secret (RUN --mount=type=secret) instead`,
    ),
  };
}

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const BUILD_ARG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function validateBuildRequest(req: BuildRequest): void {
  const parsed = parseImageReference(req.tag);
  if (!parsed || parsed.digest) {
    throw new UsageError(`--tag ${JSON.stringify(req.tag)}: not an image name — use name:tag, e.g. myapp:ci`);
  }
  for (const [what, value] of [
    ['--context', req.context],
    ['--dockerfile', req.dockerfile],
  ] as const) {
    if (value === '' || hasControl(value))
      throw new UsageError(
        `${what} ${JSON.stringify(value)}: empty or contains control characters — pass a path`,
      );
  }
  for (const [key, value] of Object.entries(req.labels)) {
    if (!LABEL_KEY.test(key) || hasControl(value)) {
      throw new UsageError(
        `label ${JSON.stringify(key)}: keys are like org.opencontainers.image.source and values one line — fix the label`,
      );
    }
  }
  for (const [key, value] of Object.entries(req.buildArgs)) {
    if (!BUILD_ARG_KEY.test(key) || hasControl(value)) {
      throw new UsageError(
        `build arg ${JSON.stringify(key)}: names are letters, digits and _ (not starting with a digit), values one line — fix the build arg`,
      );
    }
  }
}

function secretLookingBuildArgs(buildArgs: Record<string, string>): string[] {
  return Object.keys(buildArgs)
    .filter((key) => /(secret|password|passwd|token|api_?key|private_?key|credential)/i.test(key))
    .sort();
}

const BuildxMetadata = z.looseObject({
  'containerimage.digest': z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .optional(),
});

async function readBuildxDigest(path: string): Promise<string | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RunError(
      `build: docker buildx wrote unreadable metadata to ${path} — rerun the build; report it if it persists`,
      { cause: error },
    );
  }
  const parsed = BuildxMetadata.safeParse(json);
  if (!parsed.success)
    throw new RunError(
      `build: docker buildx metadata ${path} has a malformed containerimage.digest — rerun the build`,
    );
  return parsed.data['containerimage.digest'];
}

async function readImageId(path: string): Promise<string | undefined> {
  const text = (await readFile(path, 'utf8').catch(() => ''))?.trim();
  if (!text) return undefined;
  const id = text.startsWith('sha256:') ? text : `sha256:${text}`;
  return /^sha256:[0-9a-f]{64}$/.test(id) ? id : undefined;
}

async function requireDirectory(path: string, flag: string, what: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${flag} ${path}: not a directory — pass ${what}`);
}

async function requireFile(path: string, flag: string, what: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${flag} ${path}: not a file — pass ${what}`);
}

async function probe(
  executable: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    const res = await runProcess(executable, {
      args,
      env,
      timeoutMs: DAEMON_PROBE_TIMEOUT_MS,
      maxOutputBytes: 1024 * 1024,
    });
    if (res.exitCode === 0) return { ok: true };
    if (res.timedOut) return { ok: false, why: `no answer within ${DAEMON_PROBE_TIMEOUT_MS / 1000}s` };
    const line = res.stderr.split(/\r?\n/).find((l) => l.trim() !== '');
    return { ok: false, why: line ? oneLine(line).slice(0, 200) : `exit ${res.exitCode}` };
  } catch (error) {
    return { ok: false, why: errorMessage(error) };
  }
}

function definedEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function hasControl(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}
