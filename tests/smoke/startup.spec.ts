import { REQUIRED_DATASETS } from '../../src/contract/legacy.ts';
import { expect, type Role, test } from '../../src/fixtures.ts';

// Runbook "Arranque" step 2 and T-5 step 2: both services answer before anything else runs.
test.describe('start-up health', { tag: ['@smoke', '@runbook-T-5'] }, () => {
  test('API v1 health answers ok', async ({ api, evidence }) => {
    const health = await api.health();
    expect(health).toEqual({ ok: true, service: 'cobranzas-api-v1' });
    await evidence('health', health);
  });

  test('legacy check-files reports every dataset present', async ({ legacy, evidence }) => {
    const files = await legacy.checkFiles();
    const missing = REQUIRED_DATASETS.filter((name) => files[name] !== true);
    await evidence('check-files', files);
    expect(missing, `datasets missing on the legacy dashboard: ${missing.join(', ')}`).toEqual([]);
  });
});

// T0 quick smoke: every configured role can log in and gets the role it was configured as. The
// run's own login of each role is judged (the setup project's, one per role per run): logging in
// again would only spend the target's login budget.
test.describe('login smoke', { tag: ['@smoke', '@runbook-T0'] }, () => {
  for (const role of ['admin', 'analyst', 'viewer'] as const satisfies readonly Role[]) {
    test(`login works for the ${role} account`, async ({ sessions }) => {
      const pair = await sessions.loginAnswer(role);
      expect(pair.token_type).toBe('bearer');
      expect(pair.role).toBe(role);
    });
  }
});
