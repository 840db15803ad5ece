import { basename } from 'node:path';
import type { ScanTarget } from '../scanners/scanner.js';
import { UsageError } from '../util/errors.js';

/**
 * The grammar of github.com/distribution/reference (the one Docker, Trivy, Grype and Syft all accept):
 * [host[:port]/]path[:tag][@digest]. A reference outside it is refused here, so a value like `$(id)`, `;rm -rf`
 * or `--output=/etc/passwd` never reaches a scanner's argv.
 */
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const MAX_REFERENCE_LENGTH = 255 + 128 + 72;

const ARCHIVE_SCHEMES = ['oci-archive', 'docker-archive'] as const;
/** `sbom:<file>`: an SBOM scanned for vulnerabilities (an image named `sbom` is written `docker.io/library/sbom:…`). */
const SBOM_SCHEME = 'sbom:';

export interface ParsedReference {
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(input: string): ParsedReference | undefined {
  if (input.length > MAX_REFERENCE_LENGTH) return undefined;
  const match = REFERENCE.exec(input);
  if (!match) return undefined;
  const [, name, tag, digest] = match;
  // Docker requires lower-case repository paths; the domain may carry upper case.
  const path =
    name!.includes('/') && looksLikeDomain(name!.split('/', 1)[0]!)
      ? name!.slice(name!.indexOf('/') + 1)
      : name!;
  if (path !== path.toLowerCase()) return undefined;
  return { name: name!, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

function looksLikeDomain(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

/**
 * Reads one image argument: `name:tag`, `name@sha256:…`, `oci-archive:path`, `docker-archive:path`, `sbom:path`.
 * Throws a one-line UsageError naming the input and the accepted forms.
 */
export function parseTarget(input: string, platform?: string): ScanTarget {
  const raw = input;
  if (raw.trim() === '' || /[\u0000-\u001f\u007f]/.test(raw)) {
    throw new UsageError(
      `image ${JSON.stringify(raw)}: empty or contains control characters — pass an image like myapp:1.2 or oci-archive:image.tar`,
    );
  }
  if (raw.startsWith(SBOM_SCHEME)) {
    const path = raw.slice(SBOM_SCHEME.length);
    if (path === '' || path.startsWith('-')) {
      throw new UsageError(
        `image ${JSON.stringify(raw)}: sbom: needs an SBOM file path, e.g. sbom:build/app.cdx.json`,
      );
    }
    // The name and digest are read from the SBOM itself when the pipeline prepares the target (sbom-target.ts).
    return { display: raw, name: basename(path), kind: 'sbom', path };
  }
  for (const scheme of ARCHIVE_SCHEMES) {
    if (raw.startsWith(`${scheme}:`)) {
      // skopeo's `docker-archive:path:tag` form: keep the path only.
      const path = raw.slice(scheme.length + 1);
      if (path === '' || path.startsWith('-')) {
        throw new UsageError(
          `image ${JSON.stringify(raw)}: ${scheme}: needs a file path, e.g. ${scheme}:build/image.tar`,
        );
      }
      return {
        display: raw,
        name: archiveName(path),
        kind: scheme,
        path,
        ...(platform ? { platform } : {}),
      };
    }
  }
  const parsed = parseImageReference(raw);
  if (!parsed) {
    throw new UsageError(
      `image ${JSON.stringify(raw)}: not an image reference — use name:tag, name@sha256:<digest>, oci-archive:<file>, docker-archive:<file> or sbom:<file>`,
    );
  }
  return {
    display: raw,
    name: parsed.name,
    kind: 'reference',
    reference: raw,
    ...(parsed.digest ? { digest: parsed.digest } : {}),
    ...(platform ? { platform } : {}),
  };
}

function archiveName(path: string): string {
  const file = basename(path.split(':', 1)[0] ?? path);
  return file.replace(/\.(tar|tar\.gz|tgz|oci)$/i, '') || 'image';
}

/**
 * The reference with Docker Hub's implicit parts written out (`sbom:1` → `docker.io/library/sbom:1`), the way
 * github.com/distribution/reference's ParseNormalizedNamed reads it: the first component is a registry only when it
 * has a `.` or `:` or is `localhost`. A reference that already names a registry is returned unchanged.
 */
export function dockerHubQualified(reference: string): string {
  const parsed = parseImageReference(reference);
  if (!parsed) return reference;
  const first = parsed.name.split('/', 1)[0]!;
  if (parsed.name.includes('/') && looksLikeDomain(first)) return reference;
  const path = parsed.name.includes('/') ? parsed.name : `library/${parsed.name}`;
  return `docker.io/${path}${reference.slice(parsed.name.length)}`;
}
