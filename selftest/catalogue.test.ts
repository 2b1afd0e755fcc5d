import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULT_NAMES } from '../reference-server/src/faults.ts';
import type { V1RouteId } from '../src/contract/endpoints.ts';
import { expectedStatus, MATRIX_CELLS_SENT_ELSEWHERE } from '../src/contract/permissions.ts';
import { TEST_EXEMPTIONS } from './catalogue/exemptions.ts';
import { CATALOGUE } from './catalogue.ts';
import { FAULT_CATALOGUE_DOC, renderCatalogue } from './catalogue-doc.ts';
import { RUN_SETUP_TESTS } from './focus.ts';
import { listSuiteTests, type SuiteTest } from './suite-tests.ts';

let suiteTests: SuiteTest[] = [];
beforeAll(() => {
  suiteTests = listSuiteTests();
}, 120_000);

describe('permission matrix cells left to other tests', () => {
  it('name a test of the suite, and only cells the contract expects to go through', () => {
    const titles = new Set(suiteTests.map((test) => test.title));
    const cells = Object.entries(MATRIX_CELLS_SENT_ELSEWHERE).flatMap(([caller, routes]) =>
      Object.entries(routes ?? {}).map(([route, title]) => ({ caller, route, title })),
    );
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.filter((cell) => !titles.has(cell.title))).toEqual([]);
    expect(
      cells.filter(
        (cell) =>
          expectedStatus(cell.route as V1RouteId, cell.caller as Parameters<typeof expectedStatus>[1]) !==
          'ok',
      ),
    ).toEqual([]);
  });
});

describe('fault catalogue', () => {
  it('knows every test of the setup and teardown projects (a fault run naming one keeps them)', () => {
    const runSetupTests = suiteTests
      .filter((test) => test.project === 'setup' || test.project === 'teardown')
      .map((test) => test.title);
    expect([...new Set(runSetupTests)].sort()).toEqual([...RUN_SETUP_TESTS].sort());
  });

  it('names only faults the reference server knows, each once', () => {
    const named = CATALOGUE.flatMap((entry) => entry.fault.split(','));
    const known = new Set<string>(FAULT_NAMES);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
    expect(new Set(named).size).toBe(named.length);
  });

  it('every fault entry names the test(s) that must fail and what their failure says; boundaries neither', () => {
    for (const entry of CATALOGUE) {
      if (entry.kind === 'fault') {
        expect(entry.mustFail.length, entry.fault).toBeGreaterThan(0);
        expect(entry.failsWith, entry.fault).toBeInstanceOf(RegExp);
        // A stateful (global or sticky) pattern would match every other message only.
        expect(entry.failsWith?.global || entry.failsWith?.sticky, entry.fault).toBe(false);
      } else {
        expect(entry.mustFail, entry.fault).toEqual([]);
        expect(entry.failsWith, entry.fault).toBeUndefined();
      }
    }
  });

  it('names and excludes only tests that exist, in the projects the entry runs', () => {
    for (const entry of CATALOGUE) {
      const inRun = suiteTests
        .filter((test) => entry.projects.includes(test.project))
        .map((test) => test.title);
      const unknown = [...entry.mustFail, ...(entry.excluded ?? [])].filter(
        (title) => !inRun.includes(title),
      );
      expect(unknown, entry.fault).toEqual([]);
    }
  });
});

describe('catalogue coverage', () => {
  it('lists the whole suite (every project, the cutover one included)', () => {
    expect(new Set(suiteTests.map((test) => test.project))).toEqual(
      new Set([
        'setup',
        'teardown',
        'smoke',
        'auth',
        'permissions',
        'brokers',
        'preferences',
        'analytics',
        'perf',
        'auth-limits',
        'cutover',
      ]),
    );
  });

  it('every test is named by a catalogue entry or exempted with a reason', () => {
    const named = new Set(CATALOGUE.flatMap((entry) => entry.mustFail));
    const uncovered = suiteTests
      .filter((test) => !named.has(test.title) && !TEST_EXEMPTIONS[test.title])
      .map((test) => `${test.file}: ${test.title}`);
    expect(uncovered).toEqual([]);
  });

  it('exempts no test a catalogue entry names, nor one that does not exist, and gives every reason', () => {
    const named = new Set(CATALOGUE.flatMap((entry) => entry.mustFail));
    const titles = new Set(suiteTests.map((test) => test.title));
    for (const [title, reason] of Object.entries(TEST_EXEMPTIONS)) {
      expect(named.has(title), `exempted but named: ${title}`).toBe(false);
      expect(titles.has(title), `exempted but not a test: ${title}`).toBe(true);
      expect(reason.length, title).toBeGreaterThan(20);
    }
  });
});

describe('fault catalogue document', () => {
  it('docs/fault-catalogue.md is the rendering of the catalogue (run `npm run docs:faults`)', () => {
    expect(readFileSync(FAULT_CATALOGUE_DOC, 'utf8')).toBe(renderCatalogue(suiteTests));
  });
});
