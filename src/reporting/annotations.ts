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
