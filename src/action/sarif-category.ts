import { z } from 'zod';
import { RunError } from '../util/errors.js';

const sarifLog = z.looseObject({
  runs: z.array(
    z.looseObject({ automationDetails: z.looseObject({ id: z.string().optional() }).optional() }),
  ),
});

/**
 * Puts `prefix` in front of every run's `automationDetails.id` (code scanning's `category/run-id`). Two jobs that
 * scan the same image name for different purposes (a service's staging and release images, a monorepo's
 * matrix) then keep separate alert sets instead of closing each other's alerts on every upload.
 */
export function applyCategoryPrefix(sarifText: string, prefix: string, file: string): string {
  if (prefix === '') return sarifText;
  let log: unknown;
  try {
    log = JSON.parse(sarifText);
  } catch {
    log = undefined;
  }
  if (!sarifLog.safeParse(log).success) {
    throw new RunError(
      `${file}: not a SARIF log with runs, cannot apply sarif-category-prefix — rerun to rewrite it`,
    );
  }
  // Checked above; edited in place so every other field keeps its order and form.
  const { runs } = log as z.infer<typeof sarifLog>;
  let changed = false;
  for (const run of runs) {
    const id = run.automationDetails?.id ?? '';
    if (id.startsWith(prefix)) continue;
    run.automationDetails = { ...run.automationDetails, id: `${prefix}${id}` };
    changed = true;
  }
  return changed ? `${JSON.stringify(log, null, 2)}\n` : sarifText;
}
