import { describe, expect, it } from 'vitest';
import type { SuiteSettings } from '../config.ts';
import { batchProjectName, FAULT_BATCH_ENV, faultBatchOf, faultBatchProjects } from './fault-batch.ts';
import { readOutcome } from './outcome.ts';

const entry = {
  id: 'health-down',
  faults: 'health-down',
  projects: ['smoke'],
  grep: '(?:^| )(?:API v1 health answers ok)(?: @|$)',
  apiBase: 'http://127.0.0.1:4001/api/v1',
  legacyBase: 'http://127.0.0.1:4002',
};
const settings = { TARGET: 'reference', REFERENCE_FAULTS: '' } as unknown as SuiteSettings;

describe('fault batch', () => {
  it('gives each entry copies of its gates, on its server, with its faults, its tests and no setup', () => {
    const projects = faultBatchProjects(
      [
        { name: 'setup', teardown: 'teardown' },
        { name: 'smoke', testDir: 'tests/smoke', dependencies: ['setup'] },
      ],
      [entry],
      settings,
    );
    expect(projects).toHaveLength(1);
    const [project] = projects;
    expect(project?.name).toBe(batchProjectName('smoke', 'health-down'));
    expect(project?.testDir).toBe('tests/smoke');
    expect(project?.dependencies).toEqual([]);
    expect(project?.grep).toEqual(new RegExp(entry.grep));
    expect(project?.use?.referenceUrls).toEqual({ apiBase: entry.apiBase, legacyBase: entry.legacyBase });
    expect(project?.use?.suiteSettings?.REFERENCE_FAULTS).toBe('health-down');
  });

  it('refuses an entry naming a gate the configuration does not have', () => {
    expect(() =>
      faultBatchProjects([{ name: 'smoke' }], [{ ...entry, projects: ['nope'] }], settings),
    ).toThrow(/no project "nope" for health-down/);
  });

  it('reads the batch from the environment, and refuses a malformed one', () => {
    expect(faultBatchOf({})).toBeUndefined();
    expect(faultBatchOf({ [FAULT_BATCH_ENV]: JSON.stringify([entry]) })).toEqual([entry]);
    expect(() => faultBatchOf({ [FAULT_BATCH_ENV]: JSON.stringify([{ ...entry, apiBase: 'x' }]) })).toThrow();
  });

  it("judges each entry on its own projects' tests and failures", () => {
    const report = {
      suites: [
        {
          title: 'smoke/startup.spec.ts',
          specs: [
            {
              title: 'API v1 health answers ok',
              file: 'smoke/startup.spec.ts',
              tests: [
                { projectName: 'smoke@a', status: 'unexpected', results: [] },
                { projectName: 'smoke@b', status: 'expected', results: [] },
              ],
            },
          ],
        },
      ],
      errors: [],
    };
    const failure = {
      title: 'API v1 health answers ok',
      project: 'smoke@a',
      kind: 'contract',
      message: 'x',
    } as const;
    const a = readOutcome(report, [failure], (project) => project === 'smoke@a');
    const b = readOutcome(report, [failure], (project) => project === 'smoke@b');
    expect([a.failed, a.failures]).toEqual([['API v1 health answers ok'], [failure]]);
    expect([b.passed, b.failed, b.failures]).toEqual([['API v1 health answers ok'], [], []]);
  });
});
