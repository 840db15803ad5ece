import type { Finding } from '../core/finding.js';
import { mergeFindings, normalisePath, sortFindings } from '../core/identity.js';

/**
 * Trivy checks (aquasecurity/trivy-checks) that mean the same as one of ours. Where ours is split finer
 * (KSV011 CPU and KSV018 memory are both CG-K007) several map to one; where Trivy's is broader than any of
 * ours (KSV121 disallowed volumes, KSV118 default security context) it is left unmapped.
 */
const EQUIVALENT_PAIRS: readonly (readonly [trivy: string, ours: string])[] = [
  ['DS001', 'CG-D003'], // ':latest' tag used
  ['DS002', 'CG-D001'], // Image user should not be 'root'
  ['DS025', 'CG-D012'], // 'apk add' is missing '--no-cache'
  ['DS026', 'CG-D013'], // No HEALTHCHECK defined
  ['DS029', 'CG-D009'], // 'apt-get' missing '--no-install-recommends'
  ['DS031', 'CG-D004'], // Secrets passed via build-args or envs
  ['KSV001', 'CG-K003'], // Can elevate its own privileges
  ['KSV003', 'CG-K004'], // Default capabilities: some containers do not drop all
  ['KSV005', 'CG-K005'], // SYS_ADMIN capability added
  ['KSV006', 'CG-K009'], // hostPath volume mounted with docker.sock
  ['KSV008', 'CG-K013'], // Access to host IPC namespace
  ['KSV009', 'CG-K011'], // Access to host network
  ['KSV010', 'CG-K012'], // Access to host PID
  ['KSV011', 'CG-K007'], // CPU not limited
  ['KSV012', 'CG-K001'], // Runs as root user
  ['KSV013', 'CG-K016'], // Image tag ':latest' used
  ['KSV014', 'CG-K002'], // Root file system is not read-only
  ['KSV017', 'CG-K008'], // Privileged container
  ['KSV018', 'CG-K007'], // Memory not limited
  ['KSV022', 'CG-K005'], // Non-default capabilities added
  ['KSV023', 'CG-K010'], // hostPath volumes mounted
  ['KSV030', 'CG-K006'], // Runtime/Default Seccomp profile not set
  ['KSV036', 'CG-K014'], // Protecting Pod service account tokens
  ['KSV104', 'CG-K006'], // Seccomp policies disabled
  ['KSV105', 'CG-K001'], // Containers must not set runAsUser to 0
  ['KSV106', 'CG-K004'], // Container capabilities must only include NET_BIND_SERVICE
];

/** Every spelling Trivy has used for a check id: `DS002`, `DS-0002` (Trivy ≥ 0.5x JSON) and `AVD-DS-0002`. */
function spellings(shortId: string): string[] {
  const match = /^([A-Z]+)(\d+)$/.exec(shortId);
  if (!match) return [shortId];
  const [, prefix, digits] = match;
  const long = `${prefix}-${digits!.padStart(4, '0')}`;
  return [shortId, long, `AVD-${long}`];
}

/** Trivy misconfiguration id (any spelling) → our rule id. */
export const TRIVY_EQUIVALENTS: Record<string, string> = Object.fromEntries(
  EQUIVALENT_PAIRS.flatMap(([trivy, ours]) => spellings(trivy).map((id) => [id, ours] as const)),
);

function equivalentOf(finding: Finding): string | undefined {
  for (const id of [finding.id, ...finding.aliases]) {
    const ours = TRIVY_EQUIVALENTS[id.toUpperCase()];
    if (ours) return ours;
  }
  return undefined;
}

/**
 * Trivy names files relative to the directory it scanned (`Dockerfile`), ours as the user gave them
 * (`examples/app/Dockerfile`): the same file when equal or when one ends with `/` + the other.
 */
function samePath(ours: string | undefined, theirs: string | undefined): 'exact' | 'suffix' | undefined {
  const a = normalisePath(ours);
  const b = normalisePath(theirs);
  if (a === undefined || b === undefined) return undefined;
  if (a === b) return 'exact';
  if (a.endsWith(`/${b}`) || b.endsWith(`/${a}`)) return 'suffix';
  return undefined;
}

function pickMatch(findings: readonly Finding[], ruleId: string, trivy: Finding): number {
  const trivyPath = trivy.location?.path ?? trivy.target;
  const candidates = findings
    .map((finding, index) => ({ finding, index, match: samePath(finding.location?.path, trivyPath) }))
    .filter((c) => c.finding.kind === 'hardening' && c.finding.id === ruleId && c.match !== undefined);
  const exact = candidates.filter((c) => c.match === 'exact');
  const pool = exact.length > 0 ? exact : candidates;
  // `Dockerfile` matching both `a/Dockerfile` and `b/Dockerfile` says nothing about which: fold neither.
  if (new Set(pool.map((c) => c.finding.location?.path)).size > 1) return -1;
  if (pool.length === 0) return -1;
  const start = trivy.location?.startLine;
  if (start === undefined) return pool[0]!.index;
  const end = trivy.location?.endLine ?? start;
  const distance = (line: number | undefined) =>
    line === undefined
      ? Number.MAX_SAFE_INTEGER
      : line >= start && line <= end
        ? 0
        : Math.min(Math.abs(line - start), Math.abs(line - end));
  let best = pool[0]!;
  for (const candidate of pool) {
    if (distance(candidate.finding.location?.startLine) < distance(best.finding.location?.startLine))
      best = candidate;
  }
  return best.index;
}

/**
 * Folds Trivy config findings into ours where they mean the same thing in the same file, so the report shows
 * one finding found by both (our id, Trivy's id in `aliases`, both severity opinions kept). Lines may differ
 * (Trivy's DS002 has none; its KSV lines span the container): the closest of ours wins. Everything else from
 * Trivy passes through unchanged.
 */
export function foldTrivyConfigFindings(ours: Finding[], trivy: Finding[]): Finding[] {
  const result = [...ours];
  const passedThrough: Finding[] = [];
  for (const finding of trivy) {
    const ruleId = finding.kind === 'misconfiguration' ? equivalentOf(finding) : undefined;
    const index = ruleId === undefined ? -1 : pickMatch(result, ruleId, finding);
    if (index === -1) {
      passedThrough.push(finding);
      continue;
    }
    result[index] = mergeFindings(result[index]!, { ...finding, kind: 'hardening' });
  }
  return sortFindings([...result, ...passedThrough]);
}
