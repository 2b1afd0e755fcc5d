import { decodeJwt } from 'jose';
import { z } from 'zod';
import { expectError } from '../../src/clients/expect-ok.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { V1Client } from '../../src/clients/v1-client.ts';
import { needsKnownAccessLifetime } from '../../src/exclusions.ts';
import { credentialsFor } from '../../src/fixtures.ts';
import { excludeWhen, expect, test } from '../../src/gate-fixtures/auth.ts';
import { startReferenceProcess } from '../../src/targets/reference-process.ts';

// Expiry with a real token: the forged expired token of refused-tokens.spec.ts is refused by any
// signature check, so a server that checks signatures but ignores exp passes it. Here a token the
// target itself signed is used while valid, its lifetime waited out, and then it must be refused.
// The suite's reference server keeps the contract's 15 minutes for every other test, so on
// TARGET=reference the token comes from an instance of its own with the run's dataset and faults and
// a 3-second lifetime (the only difference); any other target must state its lifetime in
// E2E_ACCESS_TTL_S, short enough to wait out.

/** Lifetime of the reference instance's access tokens. */
const REFERENCE_TTL_S = 3;
/** Waited past the lifetime: exp has whole-second resolution and the clocks may differ a little. */
const EXPIRY_MARGIN_MS = 2_500;

const ExpiryClaims = z.object({ exp: z.number(), iat: z.number().optional() });

test.describe('token expiry', { tag: ['@auth'] }, () => {
  excludeWhen(needsKnownAccessLifetime);

  test('an access token the target issued is refused with 401 once its lifetime is over', async ({
    request,
    suiteConfig,
    target,
    evidence,
  }, testInfo) => {
    const ttl = target.mode === 'reference' ? REFERENCE_TTL_S : (suiteConfig.E2E_ACCESS_TTL_S ?? 0);
    test.setTimeout(60_000 + ttl * 1000 + EXPIRY_MARGIN_MS);
    const own =
      target.mode === 'reference'
        ? await test.step(`start a reference instance issuing ${ttl}-second access tokens`, () =>
            startReferenceProcess({
              dataset: suiteConfig.REFERENCE_DATASET,
              faults: suiteConfig.REFERENCE_FAULTS,
              latency: '',
              extraArgs: ['--access-ttl', String(ttl)],
            }))
        : undefined;
    try {
      const api = new V1Client(own?.apiBase ?? target.apiBase, playwrightTransport(request), {
        traceIdPrefix: `e2e-expiry-${testInfo.testId}`,
      });
      const { username, password } = credentialsFor(suiteConfig, 'viewer');
      const loggedInAt = Date.now();
      const token = (await api.login(username, password)).access_token;
      const claims = ExpiryClaims.safeParse(decodeJwt(token));
      const lifetime = claims.success
        ? claims.data.exp - (claims.data.iat ?? Math.floor(loggedInAt / 1000))
        : null;
      await evidence('expiry', {
        issuer: own ? `reference instance, --access-ttl ${ttl}` : target.apiBase,
        declared_ttl_s: ttl,
        token_lifetime_s: lifetime,
      });
      expect(claims.success, `${api.baseUrl}/auth/login: the access token has no numeric exp claim`).toBe(
        true,
      );
      expect(
        lifetime,
        `${api.baseUrl}/auth/login: the access token lives ${lifetime} s (exp - iat), longer than the ${ttl} s declared (E2E_ACCESS_TTL_S)`,
      ).toBeLessThanOrEqual(ttl);

      const client = api.withToken(token);
      await test.step('while valid, the token reads the supervisors scope', async () => {
        await client.getScope();
      });
      const waitMs = loggedInAt + ttl * 1000 + EXPIRY_MARGIN_MS - Date.now();
      await test.step(`wait out the ${ttl} s lifetime (${Math.max(0, Math.round(waitMs / 100) / 10)} s more)`, () =>
        new Promise((resolve) => setTimeout(resolve, Math.max(0, waitMs))));
      await test.step('after exp, the same token is refused with 401 UNAUTHORIZED', async () => {
        expectError(await client.send('getScope'), 401, 'UNAUTHORIZED');
      });
    } finally {
      await own?.stop();
    }
  });
});
