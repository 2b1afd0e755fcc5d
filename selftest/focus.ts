// A fault run needs only the tests the catalogue names for it: the verdict is read from them alone
// (src/runner/failure-kind.ts says whether each failed on a check). Running the rest of the gate
// proved nothing more and cost most of the self-test's time. Playwright runs the setup and teardown
// projects whatever the filter, unless the run leaves them out (needsRunSetup below).
import type { CatalogueEntry } from './catalogue/entry.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A `--grep` pattern selecting exactly the tests with these titles. Playwright matches it against
 * "<title path> <title> <tags>", so the title must follow a space (or start the text) and end it or
 * be followed by the tags; a longer title that merely starts with one of these is not selected.
 */
export function grepForTitles(titles: readonly string[]): string {
  if (titles.length === 0) throw new Error('no test title to select');
  return `(?:^| )(?:${[...new Set(titles)].map(escapeRegExp).join('|')})(?: @|$)`;
}

/** The teardown's check that the run left the target's configuration and preferences as found. */
export const LEFT_AS_FOUND_TEST = 'the run leaves the configuration and every preference as it found them';

/**
 * The tests of the setup and teardown projects, by title (selftest/catalogue.test.ts checks this list
 * against Playwright's own): the only tests a fault run cannot run without those projects.
 */
export const RUN_SETUP_TESTS: readonly string[] = [
  'log in once per role and save the configuration and preferences as found',
  LEFT_AS_FOUND_TEST,
  'the sessions the setup project stored are removed at the end of the run',
];

/**
 * Whether a fault run needs the run's setup and teardown projects: only when its entry names one of
 * their tests (e.g. config-not-validated's "left as found", which must still pass). Any other fault
 * run is judged on its named tests alone, which log in once in their worker and write without the
 * run's state snapshot (the fixtures' `--no-deps` path): the server is the fault run's own and
 * stopped after it, so nothing is left changed for anyone.
 */
export function needsRunSetup(entry: Pick<CatalogueEntry, 'mustFail' | 'mustPass'>): boolean {
  return [...entry.mustFail, ...(entry.mustPass ?? [])].some((title) => RUN_SETUP_TESTS.includes(title));
}
