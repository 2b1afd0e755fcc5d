// Which self-test fault runs share one Playwright run (src/runner/fault-batch.ts), and how they are
// grouped: runs with the same environment but for their faults, in batches of nearly equal size.

/** What grouping needs of a run. */
export interface BatchCandidate {
  name: string;
  env: Record<string, string>;
}

/**
 * At most this many faults a batch: several batches still run side by side in the self-test's slots,
 * and a batch's faults run one after another in its one worker.
 */
const MAX_BATCH_SIZE = 6;

function chunked<T>(items: readonly T[], maxSize: number): T[][] {
  const count = Math.ceil(items.length / maxSize);
  const size = Math.ceil(items.length / count);
  return Array.from({ length: count }, (_, index) => items.slice(index * size, (index + 1) * size));
}

/** The environment a batch runs with: the runs' own, without the faults (each server has its own). */
export function batchEnv(run: BatchCandidate): Record<string, string> {
  const { REFERENCE_FAULTS: _faults, ...env } = run.env;
  return env;
}

/** Runs grouped by their environment (faults aside), each group cut into batches of nearly equal size. */
export function batchesOf<R extends BatchCandidate>(runs: readonly R[], maxSize = MAX_BATCH_SIZE): R[][] {
  const groups = new Map<string, R[]>();
  for (const run of runs) {
    const key = JSON.stringify(Object.entries(batchEnv(run)).sort(([a], [b]) => a.localeCompare(b)));
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].flatMap((group) => chunked(group, maxSize));
}
