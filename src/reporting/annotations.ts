import type { TestInfo } from '@playwright/test';
import type { BadInputOutcome } from '../clients/bad-input-reply.ts';
import { limitedRunsNote, type SuiteConfig } from '../config.ts';

/**
 * Why a skipped test did not run: the description of its skip annotation, which is an exclusion's
 * reason (excludeWhen in src/fixtures.ts) or a pointer to the test it depends on.
 */
export function skipReason(
  annotations: readonly { type: string; description?: string }[],
): string | undefined {
  return annotations.find((annotation) => annotation.type === 'skip' || annotation.type === 'fixme')
    ?.description;
}
/** Annotation of a test whose gate had too little data to judge (never a pass). */
export const INCONCLUSIVE_ANNOTATION = 'inconclusive';
/** Annotation of a test that sends generated input: per route how many were sent, with the seed. */
const GENERATED_CASES_ANNOTATION = 'generated-cases';

/** "route: N" per route and the seed that replays them, as the annotation's text. */
function describeGeneratedCases(
  seed: number,
  sentPerRoute: readonly { route: string; sent: number }[],
  why?: string,
): string {
  const counts = sentPerRoute.map(({ route, sent }) => `${route} ${sent}`).join(', ');
  return `${counts} (E2E_BAD_INPUT_SEED=${seed}${why ? `; ${why}` : ''})`;
}

/**
 * What a generated-input test sent, kept where an operator looks: the annotation (per route how many,
 * the seed that replays them, why that many) and the evidence record `generated-bad-input` with the
 * problems the test fails on. The seed is the run's E2E_BAD_INPUT_SEED.
 */
export async function recordGeneratedCases(
  outcomes: readonly BadInputOutcome[],
  problems: readonly string[],
  context: {
    suiteConfig: SuiteConfig;
    testInfo: Pick<TestInfo, 'annotations'>;
    evidence: (name: string, value: unknown) => Promise<void>;
  },
): Promise<void> {
  const { suiteConfig, testInfo, evidence } = context;
  const seed = suiteConfig.E2E_BAD_INPUT_SEED;
  testInfo.annotations.push({
    type: GENERATED_CASES_ANNOTATION,
    description: describeGeneratedCases(seed, outcomes, limitedRunsNote(suiteConfig)),
  });
  await evidence('generated-bad-input', {
    seed,
    sentPerRoute: Object.fromEntries(outcomes.map((outcome) => [outcome.route, outcome.sent])),
    problems,
  });
}
