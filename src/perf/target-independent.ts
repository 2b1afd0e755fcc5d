// Kept apart from the perf code: the rehearsal's steps and the self-test read it without loading
// the load generator.

/**
 * Tag of the tests that load a reference server of their own, never the run's target: their verdict
 * is the same whatever the target is, so a driver running the perf gate several times against one
 * target (the rehearsal's T+30 and T+60, the self-test's boundary runs) may run them once.
 */
export const TARGET_INDEPENDENT_TAG = '@target-independent';
