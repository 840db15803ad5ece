import type { Finding } from '../core/finding.js';
import { normaliseEcosystem, normalisePath } from '../core/identity.js';
import type { ReportTarget } from '../core/report.js';
import { type DockerfileLineMap, lineOfImagePath, mapDockerfileLines } from './dockerfile-lines.js';
import { stripControl } from './escape.js';

/**
 * Where a SARIF result points. GitHub resolves relative URIs from the repository root and rejects (or mis-files)
 * absolute ones, leading slashes and `../` escapes; in-image paths never exist in the checkout, so an image finding
 * points at the Dockerfile when there is one, else at its in-image path made relative.
 */
export interface ResultLocation {
  uri: string;
  startLine: number;
  endLine?: number;
  /** The in-image path, when the URI is the Dockerfile standing in for it. */
  imagePath?: string;
}

export interface DockerfileContext {
  /** Repository-relative URI of the Dockerfile. */
  uri: string;
  /** Line map, when the Dockerfile text was given. */
  lines?: DockerfileLineMap;
}

const OS_ECOSYSTEMS = new Set(['apk', 'deb', 'rpm', 'alpm', 'portage']);

/** Where each OS package manager keeps its database: what an OS package finding points at without a Dockerfile. */
const PACKAGE_DATABASES: Record<string, string> = {
  apk: 'lib/apk/db/installed',
  deb: 'var/lib/dpkg/status',
  rpm: 'var/lib/rpm/Packages',
  alpm: 'var/lib/pacman/local',
  portage: 'var/db/pkg',
};

export function dockerfileContext(
  path: string | undefined,
  text: string | undefined,
): DockerfileContext | undefined {
  if (!path) return undefined;
  const uri = safeRelativeUri(path);
  if (!uri) return undefined;
  return text === undefined ? { uri } : { uri, lines: mapDockerfileLines(text) };
}

export function isOsPackage(finding: Finding): boolean {
  const ecosystem = normaliseEcosystem(finding.package?.type);
  return ecosystem !== undefined && OS_ECOSYSTEMS.has(ecosystem);
}

/**
 * Picks the location of one finding. `target` is the report target the finding belongs to (undefined when the
 * report does not list it); a finding's own `location` is a repository path only for `files` targets, since for an
 * image it is a path inside the image (a secret in /app/.env).
 */
export function locateFinding(
  finding: Finding,
  target: ReportTarget | undefined,
  dockerfile: DockerfileContext | undefined,
): ResultLocation {
  const inImage = target !== undefined && target.kind !== 'files';
  const line = finding.location?.startLine;
  const region = {
    startLine: positive(line) ?? 1,
    ...(positive(finding.location?.endLine) !== undefined && (finding.location?.endLine ?? 0) >= (line ?? 1)
      ? { endLine: finding.location!.endLine! }
      : {}),
  };

  if (finding.location && !inImage) {
    const uri = safeRelativeUri(finding.location.path);
    if (uri) return { uri, ...region };
  }

  const imagePath = normalisePath(finding.location?.path ?? finding.package?.path);
  if (inImage && dockerfile) {
    const located: ResultLocation = { uri: dockerfile.uri, startLine: 1 };
    if (imagePath) located.imagePath = imagePath;
    if (dockerfile.lines) {
      const mapped = isOsPackage(finding)
        ? dockerfile.lines.finalFromLine
        : imagePath
          ? lineOfImagePath(dockerfile.lines, imagePath)
          : undefined;
      if (mapped !== undefined) located.startLine = mapped;
    }
    return located;
  }

  const fallback = isOsPackage(finding)
    ? PACKAGE_DATABASES[normaliseEcosystem(finding.package?.type)!]
    : undefined;
  const uri =
    safeRelativeUri(imagePath ?? fallback ?? '') ??
    safeRelativeUri(target?.name ?? finding.target) ??
    'image';
  return imagePath && finding.location ? { uri, ...region } : { uri, startLine: 1 };
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}

// RFC 3986 unreserved and sub-delims plus `@`: left readable. `:` is always encoded, since a colon in the first
// segment would turn a relative reference into a scheme (`c:/x`, `localhost:5000/app`).
const KEEP_ENCODED = /%(?:24|26|2B|2C|3B|3D|40)/g;

/**
 * A path as a relative URI that stays inside the repository: backslashes as slashes, no leading slash, `.` and
 * `..` resolved without climbing above the root, each segment percent-encoded. Undefined when nothing is left.
 */
export function safeRelativeUri(path: string): string | undefined {
  const segments: string[] = [];
  for (const segment of stripControl(path).trim().replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(encodeURIComponent(segment).replace(KEEP_ENCODED, decodeURIComponent));
  }
  return segments.length > 0 ? segments.join('/') : undefined;
}
