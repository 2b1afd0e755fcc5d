// One entry of the self-test's fault catalogue: for each planted defect of the reference server, the gate(s)
// to run and the test(s) that must fail. Boundary entries plant a harmless deviation the suite
// must NOT flag. Titles are matched exactly against the Playwright test titles.

export interface CatalogueEntry {
  /** Reference server fault name(s), comma-separated as REFERENCE_FAULTS takes them. */
  fault: string;
  kind: 'fault' | 'boundary';
  /** Playwright projects to run. */
  projects: string[];
  /** Titles of the tests that must fail (fault) — empty for a boundary entry. */
  mustFail: string[];
  /** Tests the run may skip, with the reason in the test's own exclusion; any other skip fails a boundary. */
  excluded?: string[];
  /** Titles of tests that must still pass in this fault's run (e.g. the target left as found). */
  mustPass?: string[];
  /** Extra environment for the run (e.g. a short monitor window). */
  env?: Record<string, string>;
  /**
   * Reference server options the suite's configuration does not pass (e.g. a shorter write window):
   * the self-test starts the run's server with them.
   */
  serverArgs?: string[];
  /** What an operator would see (for docs/fault-catalogue.md). */
  symptom: string;
  /**
   * Fault entries: what the failure of each named test says when this fault is its cause, drawn from
   * the symptom (matched against the failure's whole first message). A named test that failed on a
   * check but says something else failed for another reason: not a detection.
   */
  failsWith?: RegExp;
}
