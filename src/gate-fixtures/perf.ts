// Fixtures of the perf gate (tests/perf): the gate's options (with the production rate cap), the
// generator ceiling measured once per worker, and reference servers of a test's own (latency
// injection, killed in teardown).
import path from 'node:path';
import { z } from 'zod';
import { test as base } from '../fixtures.ts';
import { type CeilingContext, measureCeilingContext } from '../perf/ceiling.ts';
import { type PerfGateOptions, perfGateOptionsFromConfig } from '../perf/gate-options.ts';
import { cachedForRun } from '../run/run-cache.ts';
import { currentRunId } from '../run/setup-record.ts';
import { type RunningReferenceServer, startReferenceProcess } from '../targets/reference-process.ts';

/** A reference server a test started for itself (not the run's target). */
export interface OwnReferenceServer {
  apiBase: string;
  legacyBase: string;
  /** The --latency spec it was started with. */
  latency: string;
}

interface PerfWorkerFixtures {
  /** The perf gate's options for this target: config, resolved API base, rate cap off loopback. */
  perfOptions: PerfGateOptions;
  /** The generator ceiling against the target's /health, measured once per worker. */
  generatorCeiling: CeilingContext;
}

interface PerfTestFixtures {
  /** Start a reference server of the test's own with a latency injection; ended after the test. */
  ownReferenceServer: (latency: string) => Promise<OwnReferenceServer>;
}

/** A measured ceiling as kept for the run (src/perf/gate.ts CeilingContext). */
const CeilingFile = z.object({
  generator: z.object({
    url: z.string(),
    connections: z.number(),
    rps: z.number().nullable(),
    responses: z.number(),
    non2xx: z.number(),
    errors: z.number(),
    elapsedSeconds: z.number(),
    limitedByRateCap: z.boolean(),
    saturationRatio: z.number(),
  }),
  // Undefined (the rule not applied) is left out of the file.
  ceilingForJudge: z
    .number()
    .optional()
    .transform((ceiling) => ceiling),
  unknown: z.boolean(),
  reasons: z.array(z.string()),
}) satisfies z.ZodType<CeilingContext>;

export const test = base.extend<PerfTestFixtures, PerfWorkerFixtures>({
  perfOptions: [
    async ({ suiteConfig, target }, use) => {
      await use(perfGateOptionsFromConfig(suiteConfig, target.apiBase, { legacyBase: target.legacyBase }));
    },
    { scope: 'worker' },
  ],
  generatorCeiling: [
    async ({ perfOptions }, use) => {
      // Measured once per run (src/run/run-cache.ts): the worker Playwright starts after a failed perf
      // test judges against the same ceiling instead of loading the target again to measure it.
      const key = `generator-ceiling ${perfOptions.apiBase} ${perfOptions.connections} ${perfOptions.maxRps ?? 'uncapped'}`;
      await use(
        await cachedForRun(currentRunId(), key, CeilingFile, () => measureCeilingContext(perfOptions)),
      );
    },
    // Its own budget: warm-up (about a second under a rate cap) plus the measured seconds.
    { scope: 'worker', timeout: 60_000 },
  ],
  ownReferenceServer: async ({ suiteConfig }, use, testInfo) => {
    const started: RunningReferenceServer[] = [];
    const cwd = path.dirname(testInfo.config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
    try {
      await use(async (latency) => {
        // No fault: the run's REFERENCE_FAULTS must not leak into a server that measures the meter.
        const server = await startReferenceProcess(
          { dataset: suiteConfig.REFERENCE_DATASET, faults: '', latency },
          { cwd },
        );
        started.push(server);
        return { apiBase: server.apiBase, legacyBase: server.legacyBase, latency };
      });
    } finally {
      await Promise.all(started.map((server) => server.stop()));
    }
  },
});

export { excludeWhen, expect } from '../fixtures.ts';
