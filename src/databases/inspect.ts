import type { DatabaseName, ScannerDatabase } from '../core/report.js';
import type { Clock } from './attempts.js';
import { grypeIsFresh, grypeReportRecord, grypeStatusSchema } from './grype.js';
import type { CachedGeneration } from './store.js';
import {
  readTrivyContents,
  type TrivyDatabase,
  trivyAgeBasis,
  trivyIsFresh,
  trivyReportRecord,
} from './trivy.js';

/** A cached generation, read and checked: how old it is, whether the tool would still keep it, how to report it. */
export interface Inspected {
  gen: CachedGeneration;
  /** Build time (ms) the age bound is measured from; NaN when unknown. */
  basis: number;
  fresh: boolean;
  record(fromCache: boolean, warning?: string): ScannerDatabase;
}

/** A cached generation that cannot be used, and why, in a few words for the user. */
export interface Unusable {
  problem: string;
}

export const usable = (looked: Inspected | Unusable | undefined): looked is Inspected =>
  looked !== undefined && 'gen' in looked;

/** What the cache's generation is worth to this run; fresh only when this version of the tool wrote it. */
export function inspectGeneration(
  name: DatabaseName,
  gen: CachedGeneration,
  toolVersion: string | undefined,
  clock: Pick<Clock, 'now'>,
): Promise<Inspected | Unusable> {
  return name === 'grype-db'
    ? inspectGrype(gen, toolVersion, clock)
    : inspectTrivy(name, gen, toolVersion, clock);
}

/** Whether this version of the tool wrote the generation (or either version is unknown). */
function sameTool(gen: CachedGeneration, toolVersion: string | undefined): boolean {
  return !gen.record.toolVersion || !toolVersion || gen.record.toolVersion === toolVersion;
}

async function inspectTrivy(
  name: TrivyDatabase,
  gen: CachedGeneration,
  toolVersion: string | undefined,
  clock: Pick<Clock, 'now'>,
): Promise<Inspected | Unusable> {
  const contents = await readTrivyContents(name, gen.dir);
  if (!contents.ok) return { problem: contents.problem };
  const metadata = contents.metadata;
  return {
    gen,
    basis: trivyAgeBasis(name, metadata),
    fresh: sameTool(gen, toolVersion) && trivyIsFresh(name, metadata, clock.now()),
    record: (fromCache: boolean, warning?: string) =>
      trivyReportRecord(name, metadata, gen.record.source, fromCache, warning),
  };
}

async function inspectGrype(
  gen: CachedGeneration,
  toolVersion: string | undefined,
  clock: Pick<Clock, 'now'>,
): Promise<Inspected | Unusable> {
  const status = grypeStatusSchema.safeParse(gen.record.status);
  if (!status.success) return { problem: 'its record holds no grype db status' };
  if (!status.data.valid)
    return { problem: `grype called it invalid: ${status.data.error ?? 'no reason given'}` };
  return {
    gen,
    basis: Date.parse(status.data.built ?? ''),
    fresh: sameTool(gen, toolVersion) && grypeIsFresh(gen.record.checkedAt, clock.now()),
    record: (fromCache: boolean, warning?: string) =>
      grypeReportRecord(status.data, gen.record.checkedAt, gen.record.source, fromCache, warning),
  };
}
