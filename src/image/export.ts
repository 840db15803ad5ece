import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ToolName } from '../options.js';
import { runProcess } from '../process/exec.js';
import type { ScanTarget } from '../scanners/scanner.js';
import { runTool } from '../tools/run-tool.js';
import { findExecutable } from '../tools/which.js';
import { oneLine, RunError, UsageError } from '../util/errors.js';
import {
  type ExportFormat,
  type ExportPlan,
  type ExportTool,
  type ExportTools,
  planExport,
} from './export-plan.js';

export type { ExportFormat, ExportTool } from './export-plan.js';

/**
 * Export once: the image is written to one archive in the work dir and every scanner reads that file, instead of
 * each tool pulling and unpacking the image again (disk and registry rate limits on large images).
 */
export interface ExportOptions {
  workDir: string;
  /** `auto`: export when a tool can, else leave the reference to the scanners; `always`: failing to export is an error. */
  mode: 'auto' | 'always' | 'never';
  /** The builder that produced this reference in this run (`buildah`, `podman`, `buildx`). */
  builtWith?: string;
  insecureRegistry: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Default `docker-archive`: the format Trivy, Grype and Syft all read. */
  format?: ExportFormat;
  /** Explicit executables (`--skopeo-path` …); PATH otherwise. */
  toolPaths?: Partial<Record<ToolName, string>>;
  env?: Record<string, string>;
  /** Told when `auto` falls back to the reference (the tool failed, or none was found). */
  onWarning?: (line: string) => void;
}

export interface ExportResult {
  /** Same `display` and `name` as the input; `kind` and `path` point at the archive. */
  target: ScanTarget;
  bytes: number;
  durationMs: number;
  /** `none` when the target already was an archive every scanner reads. */
  tool: ExportTool;
}

const DEFAULT_EXPORT_TIMEOUT_MS = 30 * 60 * 1000;
const DOCKER_PROBE_TIMEOUT_MS = 10_000;

const INSTALL_HINTS: Record<ExportPlan['tool'], string> = {
  buildah: 'install buildah (apt-get install buildah)',
  podman: 'install podman (apt-get install podman)',
  docker: 'start the Docker daemon, or pass --export never',
  skopeo: 'install skopeo (apt-get install skopeo, brew install skopeo), or pass --export never',
};

export async function exportImage(
  target: ScanTarget,
  opts: ExportOptions,
): Promise<ExportResult | undefined> {
  if (opts.mode === 'never') return undefined;
  const format = opts.format ?? 'docker-archive';
  if (target.kind !== 'reference') {
    const existing = await archiveAsIs(target);
    if (target.kind === 'docker-archive' || format === 'oci-archive') return existing;
  }

  const tools = await availableTools(target, opts);
  const plan = planExport(target, {
    workDir: opts.workDir,
    format,
    insecureRegistry: opts.insecureRegistry,
    ...(opts.builtWith ? { builtWith: opts.builtWith } : {}),
    inDockerDaemon: tools.docker !== undefined,
    tools,
  });
  if (!plan)
    return noExport(
      target,
      opts,
      `no tool to export ${target.display} was found (skopeo, buildah, podman or a Docker daemon)`,
    );

  await mkdir(dirname(plan.file), { recursive: true });
  await rm(plan.file, { force: true });
  const started = performance.now();
  try {
    await runTool({
      tool: plan.tool,
      executable: tools[plan.tool]!,
      args: plan.args,
      action: `export ${target.display}`,
      installHint: INSTALL_HINTS[plan.tool],
      timeoutMs: opts.timeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.env ? { env: opts.env } : {}),
    });
  } catch (error) {
    await rm(plan.file, { force: true });
    if (
      opts.signal?.aborted ||
      opts.mode === 'always' ||
      !(error instanceof RunError || error instanceof UsageError)
    )
      throw error;
    return noExport(target, opts, error.message);
  }
  const durationMs = Math.round(performance.now() - started);
  const bytes = await stat(plan.file).then(
    (s) => s.size,
    () => 0,
  );
  if (bytes === 0) {
    await rm(plan.file, { force: true });
    const message = `export ${target.display}: ${plan.tool} exited 0 but wrote no archive at ${plan.file} — check free disk space in the work dir`;
    if (opts.mode === 'always') throw new RunError(message);
    return noExport(target, opts, message);
  }
  return {
    target: {
      display: target.display,
      name: target.name,
      kind: plan.kind,
      path: plan.file,
      ...(target.digest ? { digest: target.digest } : {}),
      ...(target.platform ? { platform: target.platform } : {}),
    },
    bytes,
    durationMs,
    tool: plan.tool,
  };
}

async function archiveAsIs(target: ScanTarget): Promise<ExportResult> {
  const info = target.path ? await stat(target.path).catch(() => undefined) : undefined;
  if (!info?.isFile()) {
    throw new UsageError(
      `image ${target.display}: ${target.path ?? '(no path)'} is not a readable file — check the archive path`,
    );
  }
  return { target, bytes: info.size, durationMs: 0, tool: 'none' };
}

async function noExport(
  target: ScanTarget,
  opts: ExportOptions,
  why: string,
): Promise<ExportResult | undefined> {
  if (opts.mode === 'always') throw new RunError(`--export always: ${oneLine(why)}`);
  opts.onWarning?.(`not exported, scanners read ${target.display} themselves: ${oneLine(why)}`);
  return target.kind === 'reference' ? undefined : archiveAsIs(target);
}

/** Executables that can export this target; docker counts only when its daemon has the image (one probe does both). */
async function availableTools(target: ScanTarget, opts: ExportOptions): Promise<ExportTools> {
  const path = opts.env?.PATH ?? process.env.PATH ?? '';
  const find = (name: 'buildah' | 'podman' | 'docker' | 'skopeo') =>
    findExecutable(opts.toolPaths?.[name] ?? name, path);
  const tools: ExportTools = {};
  const skopeo = find('skopeo');
  if (skopeo) tools.skopeo = skopeo;
  if (target.kind !== 'reference') return tools;
  if (opts.builtWith === 'buildah' || opts.builtWith === 'podman') {
    const builder = find(opts.builtWith);
    if (builder) tools[opts.builtWith] = builder;
    return tools;
  }
  const docker = find('docker');
  if (docker && (opts.builtWith === 'buildx' || (await dockerHasImage(docker, target, opts))))
    tools.docker = docker;
  return tools;
}

async function dockerHasImage(docker: string, target: ScanTarget, opts: ExportOptions): Promise<boolean> {
  try {
    const res = await runProcess(docker, {
      args: ['image', 'inspect', '--format', '{{.Id}}', '--', target.reference ?? target.display],
      timeoutMs: DOCKER_PROBE_TIMEOUT_MS,
      maxOutputBytes: 1024 * 1024,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return res.exitCode === 0;
  } catch {
    return false;
  }
}
