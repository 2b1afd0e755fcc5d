// Several self-test fault runs in one Playwright run. A fault run is judged on a few named tests,
// and most of its cost was Playwright's own start (its runner process); a batch pays it once. Each
// fault keeps its own reference server, its own worker and its own verdict: its gates become
// projects of their own ("<gate>@<fault>"), pointed at its server and selecting its named tests.
// Only runs without the setup and teardown projects are batched (selftest/run.ts decides).
import type { Project } from '@playwright/test';
import { z } from 'zod';
import type { SuiteSettings } from '../config.ts';
import type { ReferenceUrls, SuiteOptions } from '../fixtures.ts';

export const FAULT_BATCH_ENV = 'SUITE_FAULT_BATCH';

const BatchEntry = z.object({
  /** The fault's name: the suffix of its projects' names. */
  id: z.string().regex(/^[\w-]+$/),
  /** The faults its server has (the tests that start servers of their own plant them too). */
  faults: z.string(),
  projects: z.array(z.string()).min(1),
  /** The pattern selecting the entry's named tests (selftest/focus.ts). */
  grep: z.string().min(1),
  apiBase: z.url(),
  legacyBase: z.url(),
});
export type FaultBatchEntry = z.infer<typeof BatchEntry>;
const FaultBatch = z.array(BatchEntry).min(1);

/** The project of `gate` in the batch entry `id`. */
export function batchProjectName(gate: string, id: string): string {
  return `${gate}@${id}`;
}

/** The batch this run is, or undefined for an ordinary run. */
export function faultBatchOf(environment: Record<string, string | undefined>): FaultBatchEntry[] | undefined {
  const text = environment[FAULT_BATCH_ENV];
  return text === undefined ? undefined : FaultBatch.parse(JSON.parse(text));
}

/**
 * The batch's projects: for each entry, a copy of each of its gates' projects under the entry's name,
 * with the entry's test selection and server and no dependencies (no setup and teardown). A gate
 * the configuration does not have fails here, before any test runs.
 */
export function faultBatchProjects(
  projects: readonly Project<SuiteOptions>[],
  batch: readonly FaultBatchEntry[],
  settings: SuiteSettings,
): Project<SuiteOptions>[] {
  return batch.flatMap((entry) =>
    entry.projects.map((gate) => {
      const project = projects.find((candidate) => candidate.name === gate);
      if (!project) throw new Error(`${FAULT_BATCH_ENV}: no project "${gate}" for ${entry.id}`);
      const referenceUrls: ReferenceUrls = { apiBase: entry.apiBase, legacyBase: entry.legacyBase };
      const { teardown: _teardown, ...rest } = project;
      return {
        ...rest,
        name: batchProjectName(gate, entry.id),
        grep: new RegExp(entry.grep),
        dependencies: [],
        use: {
          ...project.use,
          referenceUrls,
          suiteSettings: { ...settings, REFERENCE_FAULTS: entry.faults },
        },
      };
    }),
  );
}
