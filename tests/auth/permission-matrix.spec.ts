import { expectError, parseReply } from '../../src/clients/expect-ok.ts';
import type { HttpReply } from '../../src/clients/transport.ts';
import type { V1Client } from '../../src/clients/v1-client.ts';
import { V1_ROUTE_IDS, V1_ROUTES, type V1RouteId } from '../../src/contract/endpoints.ts';
import { ForbiddenDetails } from '../../src/contract/errors.ts';
import {
  type Caller,
  expectedStatus,
  MATRIX_CELLS_SENT_ELSEWHERE,
  MATRIX_REQUESTS,
  PERMISSION_MATRIX,
  type ProtectedV1Route,
  READ_ROUTE_FOR_WRITE,
} from '../../src/contract/permissions.ts';
import { V1_RESPONSE_BY_ROUTE } from '../../src/contract/v1.ts';
import { needsWrites } from '../../src/exclusions.ts';
import type { TestFixtures } from '../../src/fixtures.ts';
import { excludeWhen, expect, test } from '../../src/gate-fixtures/auth.ts';

// The role x endpoint permission matrix: every v1 endpoint for each caller, expected 401 / 403 /
// 2xx from the contract's table (src/contract/permissions.ts). The routes that store something (the
// brokers configuration, the caller's preferences) are a test of their own per caller, excluded
// when the run may not write: a read-only run reports them not checked instead of a matrix that
// passes without them. Those writes re-post the value just read, so the matrix changes nothing even
// where a broken check lets a role through; the brokersState guard proves that (and restores if
// not). Every POST spends one of the client's 30 writes per 60 s (counted before authentication),
// so a 2xx cell that another test of the run sends with the same caller, route and expectation is
// left to that test (MATRIX_CELLS_SENT_ELSEWHERE).

const CALLERS = ['anonymous', 'viewer', 'analyst', 'admin'] as const satisfies readonly Caller[];

interface MatrixRow {
  endpoint: string;
  permission: string;
  expected: string;
  actual: string;
  verdict: 'ok' | 'MISMATCH' | 'not sent';
  note?: string;
}

/** A route that stores something (the brokers configuration, preferences), read back by its GET. */
function isStoringRoute(route: V1RouteId): route is keyof typeof READ_ROUTE_FOR_WRITE {
  return Object.hasOwn(READ_ROUTE_FOR_WRITE, route);
}

function isProtected(route: V1RouteId): route is ProtectedV1Route {
  return PERMISSION_MATRIX[route] !== null;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** The reply judged against the expected outcome; the error contract is checked on refusals. */
function judge(
  reply: HttpReply,
  expected: 401 | 403 | 'ok',
  permission: string | null,
): Omit<MatrixRow, 'endpoint' | 'permission' | 'expected'> {
  const actual = String(reply.status);
  try {
    if (expected === 'ok') {
      if (reply.status < 200 || reply.status >= 300)
        return { actual, verdict: 'MISMATCH', note: reply.text().slice(0, 160) };
      return { actual, verdict: 'ok' };
    }
    if (expected === 401) {
      expectError(reply, 401, 'UNAUTHORIZED');
      return { actual, verdict: 'ok' };
    }
    const body = expectError(reply, 403, 'FORBIDDEN');
    const { required } = ForbiddenDetails.parse(body.details);
    if (required !== permission)
      return { actual, verdict: 'MISMATCH', note: `details.required ${required}, expected ${permission}` };
    return { actual, verdict: 'ok' };
  } catch (error) {
    return { actual, verdict: 'MISMATCH', note: firstLine(error) };
  }
}

/** One row of the matrix: the route as `caller`, or why it is not sent. */
async function probeRoute(
  route: V1RouteId,
  caller: Caller,
  client: V1Client,
  asAdmin: V1Client,
): Promise<MatrixRow> {
  const { method, path } = V1_ROUTES[route];
  const permission = PERMISSION_MATRIX[route];
  const expected = expectedStatus(route, caller);
  const row = {
    endpoint: `${method} ${path}`,
    permission: permission ?? 'none',
    expected: expected === 'ok' ? '2xx' : String(expected),
  };
  if (route === 'login' || route === 'refresh' || route === 'revoke') {
    // Public, and a dummy body is no evidence about authorization: the flow tests cover them.
    return { ...row, actual: '-', verdict: 'not sent', note: 'public; see the login/refresh/revoke tests' };
  }
  const sentBy = MATRIX_CELLS_SENT_ELSEWHERE[caller]?.[route];
  if (sentBy !== undefined) {
    // Only a cell the contract expects to go through can be left to another test's 2xx.
    if (expected !== 'ok')
      throw new Error(`${row.endpoint} as ${caller} expects ${expected}: not a 2xx cell`);
    return { ...row, actual: '-', verdict: 'not sent', note: `2xx required by the test "${sentBy}"` };
  }
  if (!isProtected(route)) {
    const reply = await test.step(`${row.endpoint} (public)`, () => client.send(route));
    return { ...row, ...judge(reply, expected, null) };
  }
  const rawBody = isStoringRoute(route) ? await currentValueText(route, caller, client, asAdmin) : undefined;
  const reply = await test.step(`${row.endpoint} as ${caller}: expect ${row.expected}`, () =>
    rawBody === undefined
      ? client.send(route, MATRIX_REQUESTS[route].json)
      : client.send(route, undefined, { body: rawBody, headers: { 'content-type': 'application/json' } }));
  return { ...row, ...judge(reply, expected, permission) };
}

/**
 * The JSON text a write re-posts: the current value as read. Preferences are per user: the caller's
 * own (anonymous has none to read and sends the empty default); the brokers config is one, read as
 * admin. Posting the text as read makes a route that lets the caller through store the same bytes.
 */
async function currentValueText(
  route: keyof typeof READ_ROUTE_FOR_WRITE,
  caller: Caller,
  client: V1Client,
  asAdmin: V1Client,
): Promise<string | undefined> {
  const readRoute = READ_ROUTE_FOR_WRITE[route];
  const reader = route === 'setPreferences' ? (caller === 'anonymous' ? undefined : client) : asAdmin;
  if (!reader) return undefined;
  const current = await reader.send(readRoute);
  parseReply(current, V1_RESPONSE_BY_ROUTE[readRoute]);
  return current.text();
}

/** The routes that store something, and every other route (reads, summaries, exports). */
const STORING_ROUTES = V1_ROUTE_IDS.filter(isStoringRoute);
const OTHER_ROUTES = V1_ROUTE_IDS.filter((route) => !isStoringRoute(route));

/** The storing routes a caller's own test sends (the others are 2xx cells another test sends). */
function storingRoutesSentBy(caller: Caller): V1RouteId[] {
  return STORING_ROUTES.filter((route) => MATRIX_CELLS_SENT_ELSEWHERE[caller]?.[route] === undefined);
}

/** The run's session clients and the evidence attachment, as the fixtures hand them over. */
type MatrixFixtures = Pick<TestFixtures, 'api' | 'asViewer' | 'asAnalyst' | 'asAdmin' | 'evidence'>;

/** Each route as the caller, the rows kept as evidence, and every mismatch in one failure. */
async function checkMatrix(
  caller: Caller,
  routes: readonly V1RouteId[],
  { api, asViewer, asAnalyst, asAdmin, evidence }: MatrixFixtures,
): Promise<void> {
  const client = { anonymous: api, viewer: asViewer, analyst: asAnalyst, admin: asAdmin }[caller];
  const rows: MatrixRow[] = [];
  for (const route of routes) rows.push(await probeRoute(route, caller, client, asAdmin));
  await evidence('permission-matrix', { caller, rows });
  const mismatches = rows.filter((r) => r.verdict === 'MISMATCH');
  expect(
    mismatches.map(
      (r) => `${r.endpoint}: expected ${r.expected}, got ${r.actual}${r.note ? ` (${r.note})` : ''}`,
    ),
    `${caller}: endpoints that do not answer as the contract's permission table says`,
  ).toEqual([]);
}

test.describe('permission matrix', { tag: ['@auth'] }, () => {
  for (const caller of CALLERS) {
    test(`permission matrix: ${caller} gets exactly what the contract's role table allows on every v1 read and export endpoint`, async ({
      api,
      asAdmin,
      asAnalyst,
      asViewer,
      evidence,
    }) => {
      await checkMatrix(caller, OTHER_ROUTES, { api, asAdmin, asAnalyst, asViewer, evidence });
    });
  }
});

test.describe('permission matrix, configuration and preference writes', { tag: ['@auth'] }, () => {
  excludeWhen(needsWrites);
  // The admin's storing cells are all 2xx cells other tests send: no test of its own here.
  for (const caller of CALLERS.filter((c) => storingRoutesSentBy(c).length > 0)) {
    test(`permission matrix: ${caller} gets exactly what the contract's role table allows on the configuration and preference writes`, async ({
      api,
      asAdmin,
      asAnalyst,
      asViewer,
      brokersState,
      evidence,
    }) => {
      await checkMatrix(caller, storingRoutesSentBy(caller), { api, asAdmin, asAnalyst, asViewer, evidence });

      await test.step('the matrix changed no configuration and no preferences', async () => {
        expect(await brokersState.read()).toEqual(brokersState.before);
      });
    });
  }
});
