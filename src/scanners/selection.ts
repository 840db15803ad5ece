import type { RunOptions, ToolName } from '../options.js';
import { defaultCacheDir, directoryToolCache, type ToolCache } from '../tools/cache.js';
import { findOrInstallTool } from '../tools/install.js';
import { findExecutable } from '../tools/which.js';
import { RunError, UsageError } from '../util/errors.js';
import { scannerByName } from './registry.js';
import type { RegisteredScanner, ScannerName } from './scanner.js';

export interface ResolvedScanner {
  scanner: RegisteredScanner;
  executable: string;
}

const TOOL_OF: Record<ScannerName, ToolName> = {
  trivy: 'trivy',
  'trivy-secret': 'trivy',
  'trivy-license': 'trivy',
  'trivy-config': 'trivy',
  'trivy-sbom': 'trivy',
  grype: 'grype',
  syft: 'syft',
};

/**
 * Which scanner runs go ahead, with which executable. Every selected tool is found before anything starts, so a
 * missing one is reported at once instead of after the others have run. One substitution is made: SBOMs were
 * asked for and Syft is absent but Trivy is not, so Trivy writes the CycloneDX SBOM (and says so).
 */
export async function resolveScanners(
  options: RunOptions,
  context: SelectionContext,
): Promise<ResolvedScanner[]> {
  const wanted = withTrivyForSyft(options, context);
  const cache = context.toolCache ?? directoryToolCache(defaultCacheDir());
  const resolved: ResolvedScanner[] = [];
  for (const name of [...new Set(wanted)]) {
    const scanner = scannerByName(name);
    if (!scanner)
      throw new UsageError(
        `--scanners: unknown scanner "${name}" — choose from trivy, trivy-secret, trivy-config, trivy-sbom, grype, syft`,
      );
    // An image scanner is needed for an image, or for an SBOM when it reads SBOMs: re-scanning an SBOM needs no Syft.
    if (scanner.reads === 'image' && context.targets === 0 && !(scanner.sbomInputs && context.sbomTargets))
      continue;
    if (scanner.reads === 'config' && context.configPaths === 0) continue;
    resolved.push({ scanner, executable: await executableOf(name, scanner, options, context, cache) });
  }
  return resolved;
}

interface SelectionContext {
  /** Images to scan (an `sbom:` target is not one). */
  targets: number;
  /** `sbom:` targets: only scanners that read SBOMs are needed for them. */
  sbomTargets?: number;
  configPaths: number;
  warn: (line: string) => void;
  toolCache?: ToolCache;
  signal?: AbortSignal;
}

/** The selected scanners, `trivy-sbom` in Syft's place when SBOMs were asked for, Syft is absent and Trivy is not. */
function withTrivyForSyft(options: RunOptions, context: SelectionContext): ScannerName[] {
  const wanted = [...new Set(options.scanners)];
  const locate = (name: ScannerName) => {
    const tool = TOOL_OF[name];
    const explicit = options.toolPaths[tool];
    return findExecutable(explicit ?? tool);
  };
  if (
    context.targets > 0 &&
    wanted.includes('syft') &&
    !options.installMissing &&
    !locate('syft') &&
    !options.toolPaths.syft &&
    locate('trivy')
  ) {
    wanted.splice(wanted.indexOf('syft'), 1, 'trivy-sbom');
    context.warn(
      'syft not found on PATH: writing the SBOM with trivy (CycloneDX and SPDX converted from its one pass over the image)',
    );
  }
  return wanted;
}

/** The scanner's executable: the path given, the one on PATH, or (`--install-missing`) a pinned, verified download. */
async function executableOf(
  name: ScannerName,
  scanner: RegisteredScanner,
  options: RunOptions,
  context: SelectionContext,
  cache: ToolCache,
): Promise<string> {
  const tool = TOOL_OF[name];
  const explicit = options.toolPaths[tool];
  const found =
    tool === 'trivy' || tool === 'grype' || tool === 'syft'
      ? await findOrInstallTool(tool, {
          ...(explicit ? { explicitPath: explicit } : {}),
          installMissing: options.installMissing,
          cache,
          ...(context.signal ? { signal: context.signal } : {}),
        })
      : undefined;
  if (found?.installed)
    context.warn(
      `${found.installed.cached ? 'using cached' : 'installed'} ${tool} ${found.installed.version} (pinned, checksum verified) at ${found.path}`,
    );
  const executable = found?.path;
  if (!executable) {
    throw new RunError(
      explicit
        ? `${name}: --${tool}-path ${explicit} is not an executable file — check the path`
        : `${name}: ${tool} not found on PATH — ${scanner.installHint}, pass --${tool}-path or --install-missing, or leave it out with --scanners`,
    );
  }
  return executable;
}
