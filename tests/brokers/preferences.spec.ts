// Runbook "Brokers preferences: GET/POST", the T0 quick smoke's "preferences roundtrip" and the
// cutover checklist's "persistencia de filtros por usuario (cross-session/cross-browser)": saved
// filters come back exactly, belong to one user only and survive a new login in another request
// context. The brokersConfig guard restores every session's preferences it was told about.
import type { PreferencesFilters } from '../../src/contract/v1.ts';
import { needsWrites } from '../../src/exclusions.ts';
import {
  excludeWhen,
  expect,
  expectGeneratedBodiesRefused,
  expectInvalidPayloads,
  test,
} from '../../src/gate-fixtures/brokers.ts';

/** Distinctive filters nobody would have saved (unsorted lists on purpose: kept as saved). */
function distinctiveFilters(tag: string): PreferencesFilters {
  return {
    supervisors: [`ZZ-E2E PREF ${tag}`, 'FVBROKEREAS'],
    uns: ['ODONTOLOGIA'],
    vias: ['COBRADOR'],
    years: ['2026', '2025'],
    months: ['12/2025', '01/2026'],
  };
}

test.describe('brokers preferences', { tag: ['@brokers'] }, () => {
  excludeWhen(needsWrites);
  // One test on the same two saves: the round trip, the isolation between users and the second
  // session each need a save and its restore, two of the client's 30 writes per 60 s; made once here,
  // they cost four writes instead of ten (and one login).
  test("preferences round trip: each user reads back exactly what they saved, never another user's, also in a new session", {
    tag: ['@runbook-T0'],
  }, async ({ asAdmin, asAnalyst, freshSessions, brokersConfig, requireSnapshot, evidence }) => {
    requireSnapshot();
    const analystBefore = await brokersConfig.trackPreferences('analyst (session 1)', asAnalyst);
    const adminBefore = await brokersConfig.trackPreferences('admin', asAdmin);
    const adminFilters = distinctiveFilters('ADMIN ONLY');
    const analystFilters = distinctiveFilters('ANALYST ONLY');
    expect(adminFilters).not.toEqual(adminBefore);
    expect(analystFilters).not.toEqual(analystBefore);

    await test.step('admin saves filters: POST answers them as saved', async () => {
      expect(await asAdmin.setPreferences(adminFilters)).toStrictEqual({ filters: adminFilters });
    });
    await test.step('admin: GET returns them exactly', async () => {
      expect(await asAdmin.getPreferences()).toStrictEqual({ filters: adminFilters });
    });
    await test.step("analyst still sees their own filters, not admin's", async () => {
      const seen = (await asAnalyst.getPreferences()).filters;
      expect(seen, "analyst sees the admin's saved filters").not.toEqual(adminFilters);
      expect(seen).toStrictEqual(analystBefore);
    });
    await test.step("analyst saves other filters (session 1: the run's analyst session)", async () => {
      expect(await asAnalyst.setPreferences(analystFilters)).toStrictEqual({ filters: analystFilters });
    });
    await test.step('each user reads back their own', async () => {
      expect(
        (await asAdmin.getPreferences()).filters,
        "analyst's save overwrote admin's filters",
      ).toStrictEqual(adminFilters);
      expect((await asAnalyst.getPreferences()).filters).toStrictEqual(analystFilters);
    });
    const second =
      await test.step('session 2: another fresh login of the analyst in another request context', () =>
        freshSessions.login('analyst'));
    await brokersConfig.trackPreferences('analyst (session 2)', second.client);
    await test.step('session 2 sees the filters session 1 saved', async () => {
      expect(
        (await second.client.getPreferences()).filters,
        'a new session of the same user does not see the saved filters',
      ).toStrictEqual(analystFilters);
    });
    await evidence('round-trip-isolation-sessions', { users: ['admin', 'analyst'], analystSessions: 2 });
  });

  test('invalid preferences are refused with 422 INVALID_PAYLOAD and change nothing', async ({
    asAdmin,
    brokersConfig,
    requireSnapshot,
  }) => {
    requireSnapshot();
    const before = await brokersConfig.trackPreferences('admin', asAdmin);
    const bodies = {
      'filters is a string': { filters: 'ODONTOLOGIA' },
      'uns is a string, not a list': { filters: { ...distinctiveFilters('INVALID'), uns: 'ODONTOLOGIA' } },
    };
    await expectInvalidPayloads(asAdmin, 'setPreferences', bodies, brokersConfig);
    expect((await asAdmin.getPreferences()).filters).toStrictEqual(before);
  });

  test('generated invalid preference bodies are refused with 422 and change nothing', async ({
    asAdmin,
    brokersConfig,
    requireSnapshot,
    suiteConfig,
    evidence,
  }, testInfo) => {
    requireSnapshot();
    const before = await brokersConfig.trackPreferences('admin', asAdmin);
    await expectGeneratedBodiesRefused(
      asAdmin,
      ['setPreferences'],
      {
        before: { 'admin preferences': before },
        readNow: async () => ({ 'admin preferences': (await asAdmin.getPreferences()).filters }),
      },
      { suiteConfig, evidence, testInfo },
    );
  });
});
