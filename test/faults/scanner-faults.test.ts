import { describe, expect, it } from 'vitest';
import { expectSlotFailure, rawFindingCount, runOf, SLOTS, scanAllSlots } from './support.js';

/**
 * Fault injection, one scanner slot at a time, while the four others replay real recorded outputs: whatever the
 * broken scanner does, the run exits 2 with verdict `error`, names the scanner and the cause in one line, and
 * still reports what the others found.
 */
describe.concurrent.each(SLOTS)(
  'when $name misbehaves, the other scanners still report and the verdict is error',
  (slot) => {
    it('reports a crash by signal as a failure of that scanner', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'crash' });
      expectSlotFailure(scan, slot.name, 'failed', /killed by SIGSEGV/);
    });

    it('reports exit 1 with no output at all as a failure, never as zero findings', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'exit1-silent' });
      // Trivy's exit 1 may be a user's --exit-code with a report, so it is read, found missing, and said so.
      const cause =
        slot.findingsExit === 1
          ? /cannot be trusted: .*wrote no JSON report/
          : /exited with code 1 and printed nothing on stderr/;
      expectSlotFailure(scan, slot.name, 'failed', cause);
    });

    it('reports truncated JSON as output that cannot be trusted', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'truncate' });
      expectSlotFailure(scan, slot.name, 'failed', /cannot be trusted: .*not valid JSON/);
    });

    it('reports valid JSON of the wrong shape as output that cannot be trusted', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'wrong-shape' });
      expectSlotFailure(scan, slot.name, 'failed', /cannot be trusted: .*(expected shape|not valid|not a)/);
    });

    it('reports a report file that is never written as a failure', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'no-output' });
      expectSlotFailure(scan, slot.name, 'failed', /cannot be trusted: .*wrote no/);
    });

    it('reports a report file written only after the scanner exited as a failure', async () => {
      // The stand-in exits at once and a writer outside its process group writes the file 1.5 s later.
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'late:1500' });
      expectSlotFailure(scan, slot.name, 'failed', /cannot be trusted: .*wrote no/);
    });

    if (slot.findingsExit !== undefined) {
      const code = slot.findingsExit;
      it(`reads exit ${code} with a complete report as findings, not as a failure`, async () => {
        const { res, report } = await scanAllSlots({ [slot.behaviourVar]: `exit:${code}` });
        if (!report) throw new Error(res.stderr);
        const run = runOf(report, slot.name);
        expect(run.status).toBe('ok');
        expect(run.findings).toBe(rawFindingCount(slot));
        expect(run.warnings?.join(' ')).toMatch(
          new RegExp(`exited with code ${code} but wrote a complete report`),
        );
        expect(report.gate.status).not.toBe('error');
        expect(report.findings).toHaveLength(SLOTS.reduce((sum, s) => sum + rawFindingCount(s), 0));
        expect(res.code).toBe(report.gate.status === 'failed' ? 1 : 0);
      });
    } else {
      it('reads a non-zero exit as a failure even when the output files are complete', async () => {
        const scan = await scanAllSlots({ [slot.behaviourVar]: 'exit:1' });
        expectSlotFailure(scan, slot.name, 'failed', /exited with code 1/);
      });
    }
  },
);

describe.concurrent('exit codes that do not mean findings', () => {
  it('reads Grype exiting 1 as an error even with a complete report beside it', async () => {
    const scan = await scanAllSlots({ STANDIN_GRYPE_BEHAVIOUR: 'exit:1' });
    expectSlotFailure(scan, 'grype', 'failed', /exited with code 1/);
  });

  it('reads a Trivy exit past 125 (a shell or signal code) as an error even with a complete report', async () => {
    const scan = await scanAllSlots({ STANDIN_TRIVY_VULN_BEHAVIOUR: 'exit:126' });
    expectSlotFailure(scan, 'trivy', 'failed', /exited with code 126/);
  });
});
