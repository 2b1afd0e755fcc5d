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
export const GENERATED_CASES_ANNOTATION = 'generated-cases';

/** "route: N" per route and the seed that replays them, as the annotation's text. */
export function describeGeneratedCases(
  seed: number,
  sentPerRoute: readonly { route: string; sent: number }[],
  why?: string,
): string {
  const counts = sentPerRoute.map(({ route, sent }) => `${route} ${sent}`).join(', ');
  return `${counts} (E2E_BAD_INPUT_SEED=${seed}${why ? `; ${why}` : ''})`;
}
