import { describe, it } from 'vitest';
import { expectSlotFailure, SLOTS, scanAllSlots } from './support.js';

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
      expectSlotFailure(scan, slot.name, 'failed', /exited with code 1 and printed nothing on stderr/);
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

    // Trivy is run with --exit-code 0 and Grype with fail-on unset (a config of ours), so neither exits non-zero
    // for findings: a non-zero exit is an error (Trivy's cmd/trivy/main.go, Grype's cmd/grype/cli/cli.go), whatever
    // lies beside it.
    it('reads exit 1 as a failure even when the output files are complete', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'exit:1' });
      expectSlotFailure(scan, slot.name, 'failed', /exited with code 1/);
    });
  },
);

describe.concurrent('exit codes that do not mean findings', () => {
  it('reads Grype exiting 2 (what --fail-on would give) as an error even with a complete report beside it', async () => {
    const scan = await scanAllSlots({ STANDIN_GRYPE_BEHAVIOUR: 'exit:2' });
    expectSlotFailure(scan, 'grype', 'failed', /exited with code 2/);
  });

  it('reads a Trivy exit past 125 (a shell or signal code) as an error even with a complete report', async () => {
    const scan = await scanAllSlots({ STANDIN_TRIVY_VULN_BEHAVIOUR: 'exit:126' });
    expectSlotFailure(scan, 'trivy', 'failed', /exited with code 126/);
  });
});
