import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS_PER_LEVEL, planAnnotations } from '../../../src/action/annotations.js';
import { rawShared, reportFromFixture } from './support.js';

const helm = rawShared('trivy/helm.json').Results.flatMap(
  (r: { Misconfigurations?: unknown[] }) => r.Misconfigurations ?? [],
) as { ID: string; Severity: string; CauseMetadata: { StartLine?: number } }[];
const count = (severities: string[]) => helm.filter((m) => severities.includes(m.Severity)).length;
const nowhere = () => false;

describe('annotations for the top findings', () => {
  it('violations are errors, other high and medium findings warnings, the rest notices', () => {
    const { annotations, omitted } = planAnnotations(reportFromFixture('trivy/helm.json'), {
      isRepositoryFile: nowhere,
    });
    const levels = (level: string) => annotations.filter((a) => a.level === level).length;
    expect(levels('error')).toBe(count(['CRITICAL', 'HIGH']));
    expect(levels('warning')).toBe(count(['MEDIUM']));
    expect(levels('notice')).toBe(Math.min(count(['LOW']), MAX_ANNOTATIONS_PER_LEVEL));
    expect(omitted).toBe(Math.max(0, count(['LOW']) - MAX_ANNOTATIONS_PER_LEVEL));
  });

  it('stops at 10 per level and counts what it left out', () => {
    const report = reportFromFixture('trivy/helm.json', { threshold: 'low' });
    const { annotations, omitted } = planAnnotations(report, { isRepositoryFile: nowhere });
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL);
    expect(omitted).toBe(helm.length - MAX_ANNOTATIONS_PER_LEVEL);
  });

  it('does not repeat accepted risks', () => {
    const high = helm.find((m) => m.Severity === 'HIGH')!;
    const report = reportFromFixture('trivy/helm.json', {
      exceptions: [{ id: high.ID, reason: 'accepted', expires: '2099-01-01', origin: 'test' }],
    });
    const { annotations } = planAnnotations(report, { isRepositoryFile: nowhere });
    expect(annotations.some((a) => a.title.includes(high.ID))).toBe(false);
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(
      count(['HIGH']) - helm.filter((m) => m.ID === high.ID && m.Severity === 'HIGH').length,
    );
  });

  it('points at the file and lines when the finding is in a file of the checkout, never otherwise', () => {
    const report = reportFromFixture('trivy/helm.json');
    const placed = planAnnotations(report, { isRepositoryFile: () => true }).annotations;
    const lines = new Set(helm.map((m) => m.CauseMetadata.StartLine).filter(Boolean));
    const paths = new Set(report.findings.map((f) => f.location?.path));
    expect(placed.every((a) => a.file !== undefined && paths.has(a.file))).toBe(true);
    // Trivy gives no line for some checks (KSV-0117 here): those point at the file only.
    expect(placed.filter((a) => a.startLine !== undefined).every((a) => lines.has(a.startLine))).toBe(true);
    expect(placed.some((a) => a.startLine !== undefined)).toBe(true);
    expect(
      planAnnotations(report, { isRepositoryFile: nowhere }).annotations.every((a) => a.file === undefined),
    ).toBe(true);
  });

  it('keeps scanner text to one line without control characters', () => {
    const report = reportFromFixture('trivy/alpine-310.json', { threshold: 'medium' });
    const finding = report.findings[0]!;
    finding.title = 'evil\n::set-env name=X::y\u001b[31m red';
    const { annotations } = planAnnotations(report, { isRepositoryFile: nowhere });
    const message = annotations.find((a) => a.title.includes(finding.id))!.message;
    expect(message).not.toMatch(/[\n\r\u001b]/);
    expect(message).toContain('evil ::set-env name=X::y red');
  });
});
