import { randomBytes } from 'node:crypto';
import { type BadInputOutcome, sendBadInputs } from '../../src/clients/bad-input-reply.ts';
import { expectAnyError, expectError } from '../../src/clients/expect-ok.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { DEFAULT_TIMEOUT_MS } from '../../src/clients/v1-client.ts';
import { sampleBadInputs } from '../../src/contract/bad-input.ts';
import { EXPORT_ENDPOINTS, V1_PATHS, type V1RouteId } from '../../src/contract/endpoints.ts';
import { InvalidExportEndpointDetails } from '../../src/contract/errors.ts';
import { MATRIX_REQUESTS } from '../../src/contract/permissions.ts';
import { expect, sortedList, test } from '../../src/gate-fixtures/auth.ts';
import { recordGeneratedCases } from '../../src/reporting/annotations.ts';

// docs/contract.md: every v1 error is {error_code, message, details, trace_id} with an x-trace-id
// header equal to trace_id, echoing the request's own x-trace-id. expectError checks all of that on
// every failure below (each request carries a generated x-trace-id); the last test checks it
// explicitly, including a request that sends none.

/** A login name no deployment has, new per run so repeated runs never build up a lockout on it. */
function unknownUsername(): string {
  return `e2e-unknown-${randomBytes(4).toString('hex')}`;
}

const ANALYTICS_BODY = MATRIX_REQUESTS.portfolioSummary.json;

interface BadBody {
  name: string;
  /** JSON body, or a raw string when `raw` is set. */
  json?: unknown;
  raw?: string;
  /** Fields the error list must name. */
  fields: string[];
}

/** The contract's bounds for each login field: 1..128 characters. */
const LONGEST = 128;
const TOO_LONG = 'u'.repeat(LONGEST + 1);
/**
 * The contract-distinct ways a login body breaks `{username, password}` (1..128 characters each): a
 * field missing, empty, over 128 characters, not a string, and a body that is not JSON. Every login
 * counts against the target's login limit (10 per 60 s), so each body breaks both fields, in two
 * different ways, and the four bodies together break each field in each of the four ways: the
 * error list must name both fields, so a check missing on one field for one way still fails here.
 */
const BAD_LOGIN_BODIES: BadBody[] = [
  { name: 'username missing, password empty', json: { password: '' }, fields: ['username', 'password'] },
  {
    name: 'username empty, password of 129 characters',
    json: { username: '', password: TOO_LONG },
    fields: ['username', 'password'],
  },
  {
    name: 'username of 129 characters, password a number',
    json: { username: TOO_LONG, password: 42 },
    fields: ['username', 'password'],
  },
  {
    name: 'username a list, password missing',
    json: { username: ['someone'] },
    fields: ['username', 'password'],
  },
  { name: 'a body that is not JSON', raw: '{"username": "someone",', fields: [] },
];

const BAD_REFRESH_BODIES: BadBody[] = [
  { name: 'empty object', json: {}, fields: ['refresh_token'] },
  {
    name: 'refresh_token of 9 characters',
    json: { refresh_token: 'r'.repeat(9) },
    fields: ['refresh_token'],
  },
  {
    name: 'refresh_token of 1025 characters',
    json: { refresh_token: 'r'.repeat(1025) },
    fields: ['refresh_token'],
  },
  { name: 'refresh_token a number', json: { refresh_token: 1234567890123 }, fields: ['refresh_token'] },
];

test.describe('error contract', { tag: ['@auth'] }, () => {
  test('401 UNAUTHORIZED answers follow the error contract', async ({ api }) => {
    await test.step('protected read without a token', async () => {
      expectError(await api.send('getScope', undefined, { token: null }), 401, 'UNAUTHORIZED');
    });
    await test.step('analytics POST without a token', async () => {
      expectError(await api.send('portfolioSummary', ANALYTICS_BODY, { token: null }), 401, 'UNAUTHORIZED');
    });
    // At the contract's 128-character maximum: checked as credentials (401), not refused (422), which
    // is the other side of the bounds the 422 test's bodies cross; one login proves both.
    await test.step('login with credentials that match no account, each of 128 characters', async () => {
      const reply = await api.send('login', {
        username: unknownUsername().padEnd(LONGEST, 'x'),
        password: 'p'.repeat(LONGEST),
      });
      expectError(reply, 401, 'UNAUTHORIZED');
    });
    // Refresh's 401 is not sent here: it is a write of the client's budget, and the refused-tokens
    // and refresh/revoke tests already check it with the whole error contract (a refresh token signed
    // with the published example secret, an access token as refresh token, a used and a revoked one).
  });

  test('404 for an unknown v1 route follows the error contract', async ({ api, asViewer }) => {
    await test.step('anonymous GET of a path v1 does not have', async () => {
      expectAnyError(await api.raw('GET', '/no-such-route', { token: null }), 404);
    });
    // A GET: a read-only run must send no POST outside the runbook's read-only set.
    await test.step('authenticated GET of a path v1 does not have', async () => {
      expectAnyError(await asViewer.raw('GET', '/brokers/no-such-config'), 404);
    });
  });

  test('422 INVALID_PAYLOAD lists the field errors for bad login bodies', async ({ api }) => {
    for (const bad of BAD_LOGIN_BODIES) {
      await test.step(bad.name, async () => {
        const reply =
          bad.raw === undefined
            ? await api.send('login', bad.json)
            : await api.send('login', undefined, {
                body: bad.raw,
                headers: { 'content-type': 'application/json' },
              });
        const body = expectError(reply, 422, 'INVALID_PAYLOAD');
        const listed = JSON.stringify(body.details);
        for (const field of bad.fields) {
          expect(listed, `details.errors should name the field "${field}"`).toContain(field);
        }
      });
    }
  });

  test('422 INVALID_PAYLOAD lists the field errors for bad refresh and revoke bodies', async ({ api }) => {
    for (const bad of BAD_REFRESH_BODIES) {
      await test.step(`refresh: ${bad.name}`, async () => {
        const body = expectError(await api.send('refresh', bad.json), 422, 'INVALID_PAYLOAD');
        for (const field of bad.fields) expect(JSON.stringify(body.details)).toContain(field);
      });
    }
    await test.step('revoke: empty object', async () => {
      const body = expectError(await api.send('revoke', {}), 422, 'INVALID_PAYLOAD');
      expect(JSON.stringify(body.details)).toContain('refresh_token');
    });
  });

  test('generated invalid login, refresh and revoke bodies are refused with 4xx, never 5xx', async ({
    api,
    suiteConfig,
    evidence,
  }, testInfo) => {
    // Few per route: every one of them spends the login or write budget of this client.
    const seed = suiteConfig.E2E_BAD_INPUT_SEED;
    const count = suiteConfig.badInputLimitedRuns;
    const outcomes: BadInputOutcome[] = [];
    for (const route of ['login', 'refresh', 'revoke'] as const) {
      await test.step(`${route}: ${count} generated inputs, seed ${seed}`, async () => {
        outcomes.push(await sendBadInputs(api, route, sampleBadInputs(route, seed, count)));
      });
    }
    const problems = outcomes.flatMap((outcome) => outcome.problems);
    await recordGeneratedCases(outcomes, problems, { suiteConfig, testInfo, evidence });
    expect(problems, `bad auth bodies not refused as the contract says (E2E_BAD_INPUT_SEED=${seed})`).toEqual(
      [],
    );
  });

  test('400 INVALID_EXPORT_ENDPOINT lists the allowed endpoints', async ({ asAdmin }) => {
    // Every export route, each a write the client's budget pays for: the CSV and PDF routes and the
    // legacy alias validate the endpoint each on their own.
    const bodies: [V1RouteId, Record<string, unknown>][] = [
      ['exportCsv', { endpoint: 'no-such-summary', filters: {} }],
      ['exportPdf', { endpoint: 'no-such-summary', filters: {} }],
      ['exportAlias', { endpoint: 'no-such-summary', format: 'csv', filters: {} }],
    ];
    for (const [route, body] of bodies) {
      await test.step(route, async () => {
        const error = expectError(await asAdmin.send(route, body), 400, 'INVALID_EXPORT_ENDPOINT');
        const { allowed } = InvalidExportEndpointDetails.parse(error.details);
        expect(sortedList(allowed), 'details.allowed').toEqual(sortedList(EXPORT_ENDPOINTS));
      });
    }
  });

  test('error answers carry a trace id: header equals body, a sent x-trace-id is echoed', async ({
    api,
    request,
    target,
    evidence,
  }) => {
    const seen: { failure: string; sent: string | null; header: string | null; body: string | null }[] = [];
    // Requests outside the rate budgets only: every refusal the suite provokes anywhere (the matrix's
    // 401s and 403s, the 422 bodies, the refused tokens) is checked by expectError for the echo of
    // the x-trace-id its client sent, so a 403 or 422 sent here again would only spend a write or a login.
    const failures = [
      {
        name: '401',
        send: (id: string) => api.send('getScope', undefined, { token: null, headers: { 'x-trace-id': id } }),
        status: 401,
        code: 'UNAUTHORIZED',
      },
      {
        name: '401-post',
        send: (id: string) =>
          api.send('portfolioSummary', ANALYTICS_BODY, { token: null, headers: { 'x-trace-id': id } }),
        status: 401,
        code: 'UNAUTHORIZED',
      },
    ] as const;
    for (const failure of failures) {
      await test.step(`${failure.name} ${failure.code} echoes the sent x-trace-id`, async () => {
        const sent = `e2e-auth-trace-${failure.name}-${randomBytes(6).toString('hex')}`;
        const reply = await failure.send(sent);
        seen.push({
          failure: `${failure.status} ${failure.code}`,
          sent,
          header: reply.headers['x-trace-id'] ?? null,
          body: traceIdInBody(reply.text()),
        });
        const body = expectError(reply, failure.status, failure.code);
        expect(body.trace_id).toBe(sent);
        expect(reply.headers['x-trace-id']).toBe(sent);
      });
    }
    await test.step('404 echoes the sent x-trace-id', async () => {
      const sent = `e2e-auth-trace-404-${randomBytes(6).toString('hex')}`;
      const reply = await api.raw('GET', '/no-such-route', { token: null, headers: { 'x-trace-id': sent } });
      seen.push({
        failure: '404',
        sent,
        header: reply.headers['x-trace-id'] ?? null,
        body: traceIdInBody(reply.text()),
      });
      expect(expectAnyError(reply, 404).trace_id).toBe(sent);
    });
    await test.step('a request without x-trace-id still gets one, in header and body alike', async () => {
      // Straight through the transport: the client would add an x-trace-id of its own.
      const reply = await playwrightTransport(request).send({
        method: 'GET',
        url: `${target.apiBase}${V1_PATHS.supervisorsScope}`,
        headers: { accept: 'application/json' },
        timeoutMs: DEFAULT_TIMEOUT_MS,
      });
      seen.push({
        failure: '401 (none sent)',
        sent: null,
        header: reply.headers['x-trace-id'] ?? null,
        body: traceIdInBody(reply.text()),
      });
      const body = expectError(reply, 401, 'UNAUTHORIZED');
      expect(body.trace_id.length).toBeGreaterThan(0);
    });
    await evidence('trace-ids', seen);
  });
});

function traceIdInBody(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' &&
      body !== null &&
      'trace_id' in body &&
      typeof body.trace_id === 'string'
      ? body.trace_id
      : null;
  } catch {
    return null;
  }
}
