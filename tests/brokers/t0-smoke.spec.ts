// Runbook T0 quick check: "login, brokers summary, brokers preferences roundtrip", each on a fresh
// login as an operator would do it at the switch-over.
import { requireData } from '../../src/analytics/empty-answer.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { needsWrites } from '../../src/exclusions.ts';
import { excludeWhen, expect, test } from '../../src/gate-fixtures/brokers.ts';

test.describe('T0 brokers smoke', { tag: ['@brokers', '@runbook-T0'] }, () => {
  test('T0: a fresh admin login reads the brokers summary', async ({
    freshSessions,
    request,
    target,
    evidence,
  }) => {
    const session = await test.step('login', () => freshSessions.login('admin'));
    const { summary: answer, reply } = await test.step('brokers summary', () =>
      session.client.summaryWithReply('brokers', {}));
    if (answer.endpoint !== 'brokers') throw new Error(`asked for brokers, got ${answer.endpoint}`);
    const summary = answer.payload;
    await requireData(reply, answer, {}, playwrightTransport(request), target.legacyBase);
    // `summary` is the legacy payload's; the contract's v1 answer (`{rows, ...}`) may leave it out, and
    // when it carries one, its totalContracts counts the contracts the rows group.
    if (summary.summary) {
      expect(summary.summary.totalContracts).toBe(summary.rows.reduce((sum, row) => sum + row.count, 0));
      expect(summary.summary.totalSupervisors).toBe(new Set(summary.rows.map((row) => row.supervisor)).size);
    }
    await evidence('t0-brokers-summary', { rows: summary.rows.length, ...summary.summary });
  });

  test.describe(() => {
    excludeWhen(needsWrites);
    test('T0: brokers preferences round trip on a fresh login', async ({
      freshSessions,
      brokersConfig,
      requireSnapshot,
    }) => {
      requireSnapshot();
      const session = await test.step('login', () => freshSessions.login('admin'));
      const before = await brokersConfig.trackPreferences('admin (T0 session)', session.client);
      const filters = {
        supervisors: ['ZZ-E2E T0'],
        uns: ['MEDICINA ESTETICA'],
        vias: ['DEBITO'],
        years: ['2026'],
        months: ['02/2026'],
      };
      expect(filters).not.toEqual(before);
      await test.step('save and read back', async () => {
        await session.client.setPreferences(filters);
        expect(await session.client.getPreferences()).toStrictEqual({ filters });
      });
    });
  });
});
