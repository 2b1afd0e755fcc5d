import { randomBytes } from 'node:crypto';
import { wrongKeyRefreshToken } from '../../src/auth/forged-tokens.ts';
import { type BadInputOutcome, sendBadInputs } from '../../src/clients/bad-input-reply.ts';
import { expectAnyError, expectError } from '../../src/clients/expect-ok.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { DEFAULT_TIMEOUT_MS } from '../../src/clients/v1-client.ts';
import { limitedRunsNote } from '../../src/config.ts';
import { sampleBadInputs } from '../../src/contract/bad-input.ts';
import { EXPORT_ENDPOINTS, V1_PATHS } from '../../src/contract/endpoints.ts';
import { InvalidExportEndpointDetails } from '../../src/contract/errors.ts';
import { MATRIX_REQUESTS } from '../../src/contract/permissions.ts';
import { expect, sortedList, test } from '../../src/gate-fixtures/auth.ts';
import { describeGeneratedCases, GENERATED_CASES_ANNOTATION } from '../../src/reporting/annotations.ts';

// docs/contract.md: every v1 error is {error_code, message, details, trace_id} with an x-trace-id
// header equal to trace_id, echoing the request's own x-trace-id. expectError checks all of that on
// every failure below (each request carries a generated x-trace-id); the last test checks it
// explicitly, including a request that sends none.

/** A login name no deployment has, new per run so repeated runs never build up a lockout on it. */
function unknownUsername(): string {
  return `e2e-unknown-${randomBytes(4).toString('hex')}`;
}

const ANALYTICS_BODY = MATRIX_REQUESTS.portfolioSummary.json;
const EXPORT_BODY = MATRIX_REQUESTS.exportCsv.json;

interface BadBody {
  name: string;
  /** JSON body, or a raw string when `raw` is set. */
  json?: unknown;
  raw?: string;
  /** Fields the error list must name. */
  fields: string[];
}

const LONG = 'u'.repeat(129);
const BAD_LOGIN_BODIES: BadBody[] = [
  { name: 'empty object', json: {}, fields: ['username', 'password'] },
  { name: 'password missing', json: { username: 'someone' }, fields: ['password'] },
  { name: 'username missing', json: { password: 'secret-1' }, fields: ['username'] },
  { name: 'empty strings', json: { username: '', password: '' }, fields: ['username', 'password'] },
  {
    name: 'username of 129 characters',
    json: { username: LONG, password: 'secret-1' },
    fields: ['username'],
  },
  { name: 'password of 129 characters', json: { username: 'someone', password: LONG }, fields: ['password'] },
  {
    name: 'number and list instead of strings',
    json: { username: 42, password: ['x'] },
    fields: ['username', 'password'],
  },
  { name: 'nulls', json: { username: null, password: null }, fields: ['username', 'password'] },
  { name: 'a JSON list instead of an object', json: ['someone', 'secret-1'], fields: [] },
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
    await test.step('login with credentials that match no account', async () => {
      const reply = await api.send('login', { username: unknownUsername(), password: 'not-the-password' });
      expectError(reply, 401, 'UNAUTHORIZED');
    });
    await test.step('refresh with a refresh token the server never issued', async () => {
      const forged = await wrongKeyRefreshToken('e2e-nobody');
      expectError(await api.send('refresh', { refresh_token: forged }), 401, 'UNAUTHORIZED');
    });
  });

  test('403 FORBIDDEN names the missing permission in details.required', async ({
    asViewer,
    asAnalyst,
    suiteConfig,
  }) => {
    await test.step('viewer exports a PDF: requires analytics:export', async () => {
      const body = expectError(await asViewer.send('exportPdf', EXPORT_BODY), 403, 'FORBIDDEN');
      expect(body.details).toMatchObject({ required: 'analytics:export' });
    });
    await test.step('analyst exports a CSV: requires analytics:export', async () => {
      const body = expectError(await asAnalyst.send('exportCsv', EXPORT_BODY), 403, 'FORBIDDEN');
      expect(body.details).toMatchObject({ required: 'analytics:export' });
    });
    // A config POST is a write even when refused; it re-posts the current scope so a broken check
    // changes nothing, and only where writes are allowed.
    if (suiteConfig.writesAllowed) {
      await test.step('viewer posts the supervisors scope: requires brokers:write_config', async () => {
        const current = await asViewer.getScope();
        const body = expectError(await asViewer.send('setScope', current), 403, 'FORBIDDEN');
        expect(body.details).toMatchObject({ required: 'brokers:write_config' });
      });
    }
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
    await test.step('128 characters is within the limit: checked as credentials (401), not refused (422)', async () => {
      const reply = await api.send('login', { username: unknownUsername().padEnd(128, 'x'), password: 'p' });
      expectError(reply, 401, 'UNAUTHORIZED');
    });
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
    testInfo.annotations.push({
      type: GENERATED_CASES_ANNOTATION,
      description: describeGeneratedCases(seed, outcomes, limitedRunsNote(suiteConfig)),
    });
    await evidence('generated-bad-input', {
      seed,
      sentPerRoute: Object.fromEntries(outcomes.map((outcome) => [outcome.route, outcome.sent])),
      problems,
    });
    expect(problems, `bad auth bodies not refused as the contract says (E2E_BAD_INPUT_SEED=${seed})`).toEqual(
      [],
    );
  });

  test('400 INVALID_EXPORT_ENDPOINT lists the allowed endpoints', async ({ asAdmin }) => {
    const body = expectError(
      await asAdmin.send('exportCsv', { endpoint: 'no-such-summary', filters: {} }),
      400,
      'INVALID_EXPORT_ENDPOINT',
    );
    const { allowed } = InvalidExportEndpointDetails.parse(body.details);
    expect(sortedList(allowed)).toEqual(sortedList(EXPORT_ENDPOINTS));
  });

  test('error answers carry a trace id: header equals body, a sent x-trace-id is echoed', async ({
    api,
    asViewer,
    request,
    target,
    evidence,
  }) => {
    const seen: { failure: string; sent: string | null; header: string | null; body: string | null }[] = [];
    const failures = [
      {
        name: '401',
        send: (id: string) => api.send('getScope', undefined, { token: null, headers: { 'x-trace-id': id } }),
        status: 401,
        code: 'UNAUTHORIZED',
      },
      {
        name: '403',
        send: (id: string) => asViewer.send('exportCsv', EXPORT_BODY, { headers: { 'x-trace-id': id } }),
        status: 403,
        code: 'FORBIDDEN',
      },
      {
        name: '422',
        send: (id: string) => api.send('login', {}, { headers: { 'x-trace-id': id } }),
        status: 422,
        code: 'INVALID_PAYLOAD',
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
