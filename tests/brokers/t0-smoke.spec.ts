// Runbook T0 quick check: "login, brokers summary, brokers preferences roundtrip", on a login of this
// run as an operator would do it at the switch-over: the run's own admin session (the setup project
// logged in at the start of the run). A login of its own would spend one of the target's 10 logins
// per 60 s and prove nothing more: the test neither consumes nor breaks the session. The preferences
// round trip is the preferences test tagged @runbook-T0 (preferences.spec.ts).
import { requireData } from '../../src/analytics/empty-answer.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { expect, test } from '../../src/gate-fixtures/brokers.ts';

test.describe('T0 brokers smoke', { tag: ['@brokers', '@runbook-T0'] }, () => {
  test('T0: a fresh admin login reads the brokers summary', async ({
    asAdmin,
    request,
    target,
    evidence,
  }) => {
    const { summary: answer, reply } = await test.step('brokers summary', () =>
      asAdmin.summaryWithReply('brokers', {}));
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
});
