import { inspectToken } from '../../src/auth/forged-tokens.ts';
import { ROLE_PERMISSIONS, ROLES } from '../../src/contract/permissions.ts';
import { expect, sortedList, test } from '../../src/gate-fixtures/auth.ts';

// Runbook "Verificacion funcional minima" 1 (Auth: login) and T0's smoke: every role logs in and
// gets exactly the role and permissions of the contract's table, in tokens shaped as it says. The
// answer judged is the run's login of that role (the setup project's): a login of its own would
// only spend the target's login budget.
test.describe('login', { tag: ['@auth', '@runbook-T0'] }, () => {
  for (const role of ROLES) {
    test(`login as ${role} answers the contract shape with the ${role} role and permissions`, async ({
      api,
      sessions,
    }) => {
      // The client parsed the answer with the contract's strict TokenPair schema.
      const pair = await test.step("the run's login answer (parsed by the contract schema)", () =>
        sessions.loginAnswer(role));

      await test.step("role and permissions are the contract table's", () => {
        expect(pair.token_type).toBe('bearer');
        expect(pair.role).toBe(role);
        expect(new Set(pair.permissions).size, 'permissions listed twice').toBe(pair.permissions.length);
        expect(sortedList(pair.permissions)).toEqual(sortedList(ROLE_PERMISSIONS[role]));
      });

      await test.step('the access token is HS256 with sub, role, permissions and a future exp', () => {
        const { alg, claims } = inspectToken(pair.access_token);
        expect(alg).toBe('HS256');
        expect(typeof claims.sub === 'string' && claims.sub !== '', 'sub claim').toBe(true);
        expect(claims.role).toBe(role);
        expect(Array.isArray(claims.permissions), 'permissions claim is a list').toBe(true);
        expect(sortedList(Array.isArray(claims.permissions) ? claims.permissions : [])).toEqual(
          sortedList(ROLE_PERMISSIONS[role]),
        );
        expect(claims.exp ?? 0).toBeGreaterThan(Math.floor(Date.now() / 1000));
      });

      await test.step('the refresh token says typ refresh and has a jti', () => {
        const { claims } = inspectToken(pair.refresh_token);
        expect(claims.typ).toBe('refresh');
        expect(typeof claims.jti === 'string' && claims.jti !== '', 'jti claim').toBe(true);
      });

      await test.step('the access token opens a route every role may read', async () => {
        await api.withToken(pair.access_token).getScope();
      });
    });
  }
});
