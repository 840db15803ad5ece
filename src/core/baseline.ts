import type { Finding } from './finding.js';
import { canonicalVulnerabilityId, compareStrings, normaliseEcosystem, normalisePath } from './identity.js';
import type { Baseline } from './policy.js';

export type BaselineMark = 'new' | 'unchanged';

/** What a baseline comparison found: a mark per finding (same order) and the baseline's findings now gone. */
export interface BaselineComparison {
  marks: BaselineMark[];
  fixed: Finding[];
}

/**
 * The identity of a finding across two runs. Tags and digests change between them, so the target is the image name;
 * a package version bump that still carries the same vulnerability is not a new finding (the change did not
 * introduce it), so the version is left out; a line number moves when lines are added above, so it is left out too
 * (repeats are counted instead, see `compareWithBaseline`).
 */
export function baselineKey(finding: Finding, imageName: string): string {
  const pkg = finding.package;
  const id =
    finding.kind === 'vulnerability' ? canonicalVulnerabilityId(finding.id, finding.aliases) : finding.id;
  return JSON.stringify([
    finding.kind,
    imageName,
    id.toUpperCase(),
    normaliseEcosystem(pkg?.type) ?? '',
    pkg?.name ?? '',
    normalisePath(finding.kind === 'vulnerability' ? pkg?.path : finding.location?.path) ?? '',
  ]);
}

/**
 * Marks each finding `new` or `unchanged` against the baseline. Findings that share a key are matched by count, in
 * line order: a baseline with two hits of a rule in a file makes the first two hits now unchanged and a third new, so
 * a new hit is never hidden behind an old one of the same rule. Baseline findings left unmatched are `fixed`.
 */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  imageNameOf: (target: string) => string,
): BaselineComparison {
  const remaining = new Map<string, Finding[]>();
  for (const old of baseline.findings) {
    const key = baselineKey(old, old.target);
    const list = remaining.get(key);
    if (list) list.push(old);
    else remaining.set(key, [old]);
  }
  for (const list of remaining.values()) list.sort(byLine);
  const marks: BaselineMark[] = new Array(findings.length);
  const order = findings.map((_, index) => index).sort((a, b) => byLine(findings[a]!, findings[b]!));
  for (const index of order) {
    const finding = findings[index]!;
    const list = remaining.get(baselineKey(finding, imageNameOf(finding.target)));
    marks[index] = list && list.length > 0 ? 'unchanged' : 'new';
    list?.shift();
  }
  const fixed = [...remaining.values()].flat();
  return { marks, fixed };
}

function byLine(a: Finding, b: Finding): number {
  return (
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    compareStrings(a.package?.version ?? '', b.package?.version ?? '')
  );
}
