import type { Report, ReportFinding } from '../core/report.js';
import { cleanLine } from '../report/escape.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface PlannedAnnotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file?: string;
  startLine?: number;
  endLine?: number;
}

export interface AnnotationPlan {
  annotations: PlannedAnnotation[];
  /** Findings that qualified for an annotation but were past the per-level cap. */
  omitted: number;
}

/** GitHub shows at most 10 error and 10 warning annotations per step; more would be dropped silently. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

const QUIET_DECISIONS = new Set<ReportFinding['gate']['decision']>([
  'excepted',
  'vex-suppressed',
  'vendor-suppressed',
  'baseline-unchanged',
  'kind-not-gated',
  'license-allowed',
  'license-unrated',
]);
const WARNING_SEVERITIES = new Set<ReportFinding['severity']>(['critical', 'high', 'medium']);

/**
 * The top findings as annotations: what fails the gate as errors, other notable findings as warnings, the rest as
 * notices; accepted risks (exceptions, VEX, the vendor's not_affected), findings unchanged since the baseline and
 * licenses no rule gates are not repeated. Findings in a file of the checkout (a Dockerfile,
 * a manifest) point at their line. Scanner text is stripped of control characters and cut to one line.
 */
export function planAnnotations(
  report: Report,
  options: { isRepositoryFile: (path: string) => boolean; maxPerLevel?: number },
): AnnotationPlan {
  const cap = options.maxPerLevel ?? MAX_ANNOTATIONS_PER_LEVEL;
  const counts: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const annotations: PlannedAnnotation[] = [];
  let omitted = 0;
  for (const finding of report.findings) {
    if (QUIET_DECISIONS.has(finding.gate.decision)) continue;
    const level: AnnotationLevel =
      finding.gate.decision === 'violation'
        ? 'error'
        : WARNING_SEVERITIES.has(finding.severity) || finding.gate.decision === 'unknown-severity'
          ? 'warning'
          : 'notice';
    if (counts[level] >= cap) {
      omitted++;
      continue;
    }
    counts[level]++;
    annotations.push({ level, ...describe(finding), ...placement(finding, options.isRepositoryFile) });
  }
  return { annotations, omitted };
}

function describe(finding: ReportFinding): { title: string; message: string } {
  const gated =
    finding.gate.decision === 'violation'
      ? ` fails the gate (${(finding.gate.rules ?? ['threshold']).join(', ')})`
      : '';
  const title = cleanLine(`${finding.severity.toUpperCase()} ${finding.id}${gated}`, 200);
  const subject = finding.package
    ? `${finding.package.name}${finding.package.version ? ` ${finding.package.version}` : ''}`
    : (finding.location?.path ?? '');
  const fix =
    finding.fix.versions.length > 0
      ? `; fixed in ${finding.fix.versions.join(', ')}`
      : finding.kind === 'vulnerability'
        ? '; no fixed version'
        : '';
  const parts = [finding.title || finding.id, subject ? `${subject} in ${finding.target}` : finding.target];
  const message = cleanLine(
    `${parts.join(' — ')}${fix}${finding.remediation ? `. ${finding.remediation}` : ''}`,
    1000,
  );
  return { title, message };
}

function placement(
  finding: ReportFinding,
  isRepositoryFile: (path: string) => boolean,
): Partial<PlannedAnnotation> {
  const location = finding.location;
  if (!location || !isRepositoryFile(location.path)) return {};
  return {
    file: location.path,
    ...(location.startLine ? { startLine: location.startLine } : {}),
    ...(location.endLine ? { endLine: location.endLine } : {}),
  };
}
