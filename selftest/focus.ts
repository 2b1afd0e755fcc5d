// A fault run needs only the tests the catalogue names for it: the verdict is read from them alone
// (src/runner/failure-kind.ts says whether each failed on a check). Running the rest of the gate
// proved nothing more and cost most of the self-test's time. Playwright runs the setup and teardown
// projects whatever the filter, unless the run leaves them out (selftest/run.ts, needsRunSetup).

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
