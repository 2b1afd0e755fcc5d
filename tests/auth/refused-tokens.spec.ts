import {
  algNoneToken,
  expiredAccessToken,
  MALFORMED_TOKENS,
  PUBLISHED_EXAMPLE_SECRETS,
  tamperPayload,
  tamperSignature,
  textKey,
  wrongKeyAccessToken,
  wrongKeyRefreshToken,
} from '../../src/auth/forged-tokens.ts';
import { expectError, parseReply } from '../../src/clients/expect-ok.ts';
import type { V1Client } from '../../src/clients/v1-client.ts';
import { MATRIX_REQUESTS, ROLE_PERMISSIONS } from '../../src/contract/permissions.ts';
import { V1_RESPONSE_BY_ROUTE } from '../../src/contract/v1.ts';
import { adminClaims, test } from '../../src/gate-fixtures/auth.ts';

// Every bearer token but a valid access token is refused with 401 UNAUTHORIZED, on a protected read
// (brokers supervisors scope) and on an analytics POST. Forged tokens claim the admin role, so a
// server that skips a check would hand out the most rights.
const PROBES = [
  { route: 'getScope', json: MATRIX_REQUESTS.getScope.json },
  { route: 'portfolioSummary', json: MATRIX_REQUESTS.portfolioSummary.json },
] as const;

interface Presented {
  token: string | null;
  headers?: Record<string, string>;
}

async function expectRefused(api: V1Client, presented: Presented): Promise<void> {
  for (const probe of PROBES) {
    const reply = await api.send(probe.route, probe.json, {
      token: presented.token,
      ...(presented.headers ? { headers: presented.headers } : {}),
    });
    expectError(reply, 401, 'UNAUTHORIZED');
  }
}

async function expectAccepted(api: V1Client, token: string): Promise<void> {
  for (const probe of PROBES) {
    parseReply(await api.send(probe.route, probe.json, { token }), V1_RESPONSE_BY_ROUTE[probe.route]);
  }
}

test.describe('refused tokens', { tag: ['@auth'] }, () => {
  test('a request without a bearer token is refused with 401', async ({ api, sessions }) => {
    await test.step('no Authorization header', () => expectRefused(api, { token: null }));
    await test.step('"Bearer" with nothing after it', () =>
      expectRefused(api, { token: null, headers: { authorization: 'Bearer ' } }));
    const valid = await sessions.accessToken('viewer');
    await test.step('a valid access token under another scheme', () =>
      expectRefused(api, { token: null, headers: { authorization: `Token ${valid}` } }));
  });

  test('malformed tokens are refused with 401', async ({ api }) => {
    for (const malformed of MALFORMED_TOKENS) {
      await test.step(malformed.name, () => expectRefused(api, { token: malformed.value }));
    }
  });

  test('a token with a tampered signature or payload is refused with 401', async ({ api, sessions }) => {
    const real = await sessions.accessToken('viewer');
    // The genuine token is used first: a server that caches a verified token by its signature
    // would then accept the tampered payload with that signature, whatever ran before this test.
    await test.step('the real viewer token is accepted on every probe', () => expectAccepted(api, real));
    await test.step('a real viewer token with one signature bit flipped', () =>
      expectRefused(api, { token: tamperSignature(real) }));
    await test.step('a real viewer token whose payload claims admin', () =>
      expectRefused(api, {
        token: tamperPayload(real, { role: 'admin', permissions: [...ROLE_PERMISSIONS.admin] }),
      }));
  });

  test('an alg "none" token with admin claims is refused with 401', async ({ api, suiteConfig }) => {
    const claims = adminClaims(suiteConfig);
    for (const algSpelling of ['none', 'None', 'NONE']) {
      await test.step(`alg "${algSpelling}", no signature`, () =>
        expectRefused(api, { token: algNoneToken(claims, { algSpelling }) }));
    }
  });

  test('an expired token signed with a wrong key is refused with 401', async ({ api, suiteConfig }) => {
    const token = await expiredAccessToken(adminClaims(suiteConfig));
    await test.step('HS256, admin claims, exp an hour ago', () => expectRefused(api, { token }));
  });

  test('a token signed with an unknown key is refused with 401', async ({ api, suiteConfig }) => {
    const token = await wrongKeyAccessToken(adminClaims(suiteConfig));
    await test.step('HS256, admin claims, valid lifetime', () => expectRefused(api, { token }));
  });

  test('tokens forged with the published example secrets are refused with 401', async ({
    api,
    suiteConfig,
  }) => {
    // The customer's settings and .env.example ship these secrets; a deployment that kept them
    // accepts an admin token anyone can forge.
    // The check's own error is kept (its kind tells a failed check from a broken run) and the
    // explanation put in front of its message.
    const explained = async (variable: string, secret: string, check: () => unknown) => {
      try {
        await check();
      } catch (error) {
        if (error instanceof Error) {
          error.message =
            `the target accepts a token signed with the published example ${variable} "${secret}": ` +
            `the deployment kept the example secret; set ${variable} to a secret of its own and restart\n${error.message}`;
        }
        throw error;
      }
    };
    await test.step('access token, admin claims, signed with the example JWT_SECRET_KEY', async () => {
      const token = await wrongKeyAccessToken(adminClaims(suiteConfig), {
        key: textKey(PUBLISHED_EXAMPLE_SECRETS.access),
      });
      await explained('JWT_SECRET_KEY', PUBLISHED_EXAMPLE_SECRETS.access, () =>
        expectRefused(api, { token }),
      );
    });
    await test.step('refresh token signed with the example JWT_REFRESH_SECRET_KEY', async () => {
      const token = await wrongKeyRefreshToken(suiteConfig.E2E_ADMIN_USER, {
        key: textKey(PUBLISHED_EXAMPLE_SECRETS.refresh),
      });
      const answer = await api.send('refresh', { refresh_token: token });
      await explained('JWT_REFRESH_SECRET_KEY', PUBLISHED_EXAMPLE_SECRETS.refresh, () =>
        expectError(answer, 401, 'UNAUTHORIZED'),
      );
    });
  });

  test('a refresh token used as an access token is refused with 401', async ({ api, sessions }) => {
    // The run's admin session (neither refreshed nor revoked by this): a server that takes refresh
    // tokens as bearer would grant every permission.
    const pair = await test.step("the run's admin login", () => sessions.loginAnswer('admin'));
    await test.step('the refresh token as bearer', () => expectRefused(api, { token: pair.refresh_token }));
  });

  test('an access token presented as a refresh token is refused with 401', async ({ api, sessions }) => {
    const pair = await test.step("the run's viewer login", () => sessions.loginAnswer('viewer'));
    await test.step('POST /auth/refresh with the access token', async () => {
      expectError(await api.send('refresh', { refresh_token: pair.access_token }), 401, 'UNAUTHORIZED');
    });
  });
});
