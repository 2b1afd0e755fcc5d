// Runbook "Brokers preferences: GET/POST" and the cutover checklist's "persistencia de filtros por
// usuario (cross-session/cross-browser)": saved filters come back exactly, survive a new login in
// another request context, and belong to one user only. The brokersConfig guard restores every
// session's preferences it was told about.
import type { PreferencesFilters } from '../../src/contract/v1.ts';
import { needsWrites } from '../../src/exclusions.ts';
import { excludeWhen, expect, expectInvalidPayloads, test } from '../../src/gate-fixtures/brokers.ts';

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
  test('preferences round trip: GET returns exactly the saved filters', async ({
    asAdmin,
    brokersConfig,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    const before = await brokersConfig.trackPreferences('admin', asAdmin);
    const filters = distinctiveFilters('ROUND TRIP');
    expect(filters).not.toEqual(before);
    await test.step('POST answers the saved filters', async () => {
      expect(await asAdmin.setPreferences(filters)).toStrictEqual({ filters });
    });
    await test.step('GET returns them exactly', async () => {
      expect(await asAdmin.getPreferences()).toStrictEqual({ filters });
    });
    await evidence('preferences-round-trip', { saved: filters });
  });

  test('preferences persist across two independent sessions of the same user', async ({
    asAnalyst,
    freshSessions,
    brokersConfig,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    const filters = distinctiveFilters('CROSS SESSION');
    // Session 1 is the run's analyst session; session 2 a login of its own, in another request context.
    const first = { client: asAnalyst };
    const before = await brokersConfig.trackPreferences('analyst (session 1)', first.client);
    expect(filters).not.toEqual(before);
    await test.step('session 1 saves the filters', async () => {
      await first.client.setPreferences(filters);
    });
    const second = await test.step('session 2: another fresh login in another request context', () =>
      freshSessions.login('analyst'));
    await brokersConfig.trackPreferences('analyst (session 2)', second.client);
    await test.step('session 2 sees the filters session 1 saved', async () => {
      expect(
        (await second.client.getPreferences()).filters,
        'a new session of the same user does not see the saved filters',
      ).toStrictEqual(filters);
    });
    await evidence('cross-session', { user: 'analyst', sessions: 2, saved: filters });
  });

  test('preferences are isolated between users', async ({
    asAdmin,
    asAnalyst,
    brokersConfig,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    const analystBefore = await brokersConfig.trackPreferences('analyst', asAnalyst);
    await brokersConfig.trackPreferences('admin', asAdmin);
    const adminFilters = distinctiveFilters('ADMIN ONLY');
    const analystFilters = distinctiveFilters('ANALYST ONLY');

    await test.step('admin saves filters', async () => {
      await asAdmin.setPreferences(adminFilters);
    });
    await test.step("analyst still sees their own filters, not admin's", async () => {
      const seen = (await asAnalyst.getPreferences()).filters;
      expect(seen, "analyst sees the admin's saved filters").not.toEqual(adminFilters);
      expect(seen).toStrictEqual(analystBefore);
    });
    await test.step('analyst saves other filters', async () => {
      await asAnalyst.setPreferences(analystFilters);
    });
    await test.step('each user reads back their own', async () => {
      expect(
        (await asAdmin.getPreferences()).filters,
        "analyst's save overwrote admin's filters",
      ).toStrictEqual(adminFilters);
      expect((await asAnalyst.getPreferences()).filters).toStrictEqual(analystFilters);
    });
    await evidence('isolation', { users: ['admin', 'analyst'] });
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
});
