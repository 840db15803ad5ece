import { countBySeverity } from '../core/report.js';
import type { RunOutcome } from '../options.js';

export type Verdict = 'passed' | 'failed' | 'error';

/** Exactly action.yml's outputs (a test compares the two lists). */
export const OUTPUT_NAMES = [
  'verdict',
  'findings',
  'critical',
  'high',
  'sarif-file',
  'report-file',
  'sbom-files',
  'image-digest',
] as const;

export type ActionOutputs = Record<(typeof OUTPUT_NAMES)[number], string>;

/**
 * Every output, always: a later step can test `steps.gate.outputs.verdict` whatever happened. Without a report
 * (bad input, a run that stopped early) the counts are empty, not 0: nothing was counted.
 */
export function actionOutputs(verdict: Verdict, outcome: RunOutcome | undefined): ActionOutputs {
  if (!outcome) {
    return {
      verdict,
      findings: '',
      critical: '',
      high: '',
      'sarif-file': '',
      'report-file': '',
      'sbom-files': '',
      'image-digest': '',
    };
  }
  const { report, files } = outcome;
  const counts = countBySeverity(report.findings);
  return {
    verdict,
    findings: String(report.findings.length),
    critical: String(counts.critical),
    high: String(counts.high),
    'sarif-file': files.sarif[0] ?? '',
    'report-file': files.json ?? '',
    'sbom-files': files.sboms.join('\n'),
    'image-digest': report.targets
      .filter((t) => t.kind !== 'files')
      .map((t) => t.digest)
      .filter((digest): digest is string => Boolean(digest))
      .join('\n'),
  };
}

export function verdictFor(exitCode: number): Verdict {
  return exitCode === 0 ? 'passed' : exitCode === 1 ? 'failed' : 'error';
}
