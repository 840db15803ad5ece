import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { expectSlotFailure, runNames, SLOTS, scanAllSlots } from './support.js';

/**
 * Fault injection, one scanner process at a time, while the others replay real recorded outputs: whatever the
 * broken process does, the run exits 2 with verdict `error`, names each scanner it served and the cause in one
 * line, and still reports what the others found. (One Trivy pass serves `trivy` and `trivy-secret`: its failure is
 * both runs' failure.)
 */
describe.concurrent.each(SLOTS)(
  'when $name misbehaves, the other scanners still report and the verdict is error',
  (slot) => {
    it('reports a crash by signal as a failure of that scanner', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'crash' });
      expectSlotFailure(scan, runNames(slot), 'failed', /killed by SIGSEGV/);
    });

    it('reports exit 1 with no output at all as a failure, never as zero findings', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'exit1-silent' });
      expectSlotFailure(scan, runNames(slot), 'failed', /exited with code 1 and printed nothing on stderr/);
    });

    it('reports truncated JSON as output that cannot be trusted', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'truncate' });
      expectSlotFailure(scan, runNames(slot), 'failed', /cannot be trusted: .*not valid JSON/);
    });

    it('reports valid JSON of the wrong shape as output that cannot be trusted', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'wrong-shape' });
      expectSlotFailure(
        scan,
        runNames(slot),
        'failed',
        /cannot be trusted: .*(expected shape|not valid|not a)/,
      );
    });

    it('reports a report file that is never written as a failure', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'no-output' });
      expectSlotFailure(scan, runNames(slot), 'failed', /cannot be trusted: .*wrote no/);
    });

    it('reports a report file written only after the scanner exited as a failure', async () => {
      // The stand-in exits at once and a writer outside its process group writes the file 1.5 s later.
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'late:1500' });
      expectSlotFailure(scan, runNames(slot), 'failed', /cannot be trusted: .*wrote no/);
    });

    // Trivy is run with --exit-code 0 and Grype with fail-on unset (a config of ours), so neither exits non-zero
    // for findings: a non-zero exit is an error (Trivy's cmd/trivy/main.go, Grype's cmd/grype/cli/cli.go), whatever
    // lies beside it.
    it('reads exit 1 as a failure even when the output files are complete', async () => {
      const scan = await scanAllSlots({ [slot.behaviourVar]: 'exit:1' });
      expectSlotFailure(scan, runNames(slot), 'failed', /exited with code 1/);
    });
  },
);

describe.concurrent('exit codes that do not mean findings', () => {
  it('reads Grype exiting 2 (what --fail-on would give) as an error even with a complete report beside it', async () => {
    const scan = await scanAllSlots({ STANDIN_GRYPE_BEHAVIOUR: 'exit:2' });
    expectSlotFailure(scan, ['grype'], 'failed', /exited with code 2/);
  });

  it('reads a Trivy exit past 125 (a shell or signal code) as an error even with a complete report', async () => {
    const scan = await scanAllSlots({ STANDIN_TRIVY_IMAGE_BEHAVIOUR: 'exit:126' });
    expectSlotFailure(scan, ['trivy', 'trivy-secret'], 'failed', /exited with code 126/);
  });
});

/**
 * The vulnerability database step (`trivy image --download-db-only`) failing costs the `trivy` run alone: the pass
 * still runs without `vuln`, so secrets (and an SBOM) are still found, and the verdict is still an error.
 */
describe.concurrent('when the Trivy vulnerability database cannot be had', () => {
  // The last lines the tools/e2e-deps Trivy prints offline (test/unit/scanners/trivy/command.test.ts).
  const OFFLINE = 'INFO\tNeed to update DB\nINFO\tDownloading DB...';

  it.each([
    [
      'exits 1 offline',
      { STANDIN_TRIVY_DB_BEHAVIOUR: 'exit:1', STANDIN_TRIVY_DB_STDERR: OFFLINE },
      /vulnerability database could not be downloaded/,
    ],
    ['crashes', { STANDIN_TRIVY_DB_BEHAVIOUR: 'crash' }, /killed by SIGSEGV/],
    [
      'exits 1 silently',
      { STANDIN_TRIVY_DB_BEHAVIOUR: 'exit1-silent' },
      /exited with code 1 and printed nothing/,
    ],
  ])(
    'reports trivy failed and every other run found when the database step %s',
    async (_what, env, cause) => {
      const scan = await scanAllSlots(env);
      expectSlotFailure(scan, ['trivy'], 'failed', cause);
    },
  );

  it('leaves vuln out of the pass (and --skip-db-update with it) instead of reading the image again', async () => {
    const log = join(tempDir('cg-db-'), 'argv.log');
    await scanAllSlots({ STANDIN_TRIVY_DB_BEHAVIOUR: 'exit:1', STANDIN_ARGV_LOG: log });
    const trivy = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { tool: string; argv: string[] })
      .filter((c) => c.tool === 'trivy' && c.argv[0] === 'image');
    expect(
      trivy.map((c) => c.argv.find((a) => a.startsWith('--scanners') || a === '--download-db-only')),
    ).toEqual(['--download-db-only', '--scanners=secret']);
    expect(trivy[1]!.argv).not.toContain('--skip-db-update');
  });
});
