// Fixtures of the brokers gate:
// - `brokersConfig`: snapshots the supervisors scope, commission and prize rules (raw, as the target
//   answered them) before the test, and the preferences of every session the test names with
//   trackPreferences; restores them after it — also when it failed — and reads them back: a restore
//   that did not take fails the test. restoreNow() undoes an accepted invalid probe at once.
// - `freshSessions`: new logins, each in its own request context (the "other browser" of the
//   cross-session checks).
// The run as a whole is checked by the teardown project (tests/setup/state.teardown.ts).
import { isDeepStrictEqual } from 'node:util';
import type { APIRequestContext, TestInfo } from '@playwright/test';
import { requireData } from '../analytics/empty-answer.ts';
import {
  assertRestored,
  type BrokersConfigSnapshot,
  parseConfig,
  parsePreferences,
  StateGuard,
} from '../brokers/restore.ts';
import { type BadInputOutcome, sendBadInputs } from '../clients/bad-input-reply.ts';
import { expectError } from '../clients/expect-ok.ts';
import type { HttpReply } from '../clients/transport.ts';
import { playwrightTransport } from '../clients/transport.ts';
import { V1Client } from '../clients/v1-client.ts';
import type { SuiteConfig } from '../config.ts';
import { type BadInputRoute, sampleBadInputs } from '../contract/bad-input.ts';
import type { V1RouteId } from '../contract/endpoints.ts';
import type { BrokersSummary, PreferencesFilters } from '../contract/v1.ts';
import { test as base, credentialsFor, expect, type Role } from '../fixtures.ts';
import { recordGeneratedCases } from '../reporting/annotations.ts';

interface BrokersConfigGuard {
  /** The configuration as the test found it. */
  readonly before: BrokersConfigSnapshot;
  /**
   * Records the preferences `client`'s session sees now; teardown restores them through the same
   * session and reads them back. Call before the first preferences write through that session.
   */
  trackPreferences(label: string, client: V1Client): Promise<PreferencesFilters>;
  /** Puts everything back now (an invalid probe the target accepted); throws if it did not take. */
  restoreNow(): Promise<void>;
}

interface FreshSession {
  role: Role;
  /** Authenticated with this session's own access token, on its own request context. */
  client: V1Client;
}

interface FreshSessions {
  /** A new login of `role` in a new request context (disposed after the test). */
  login(role: Role): Promise<FreshSession>;
}

interface BrokersFixtures {
  brokersConfig: BrokersConfigGuard;
  freshSessions: FreshSessions;
  /**
   * The admin's v1 brokers summary for the whole dataset, for checks built on its rows; with no rows
   * it fails saying so against the legacy ("0 rows, the legacy answers 386 for the same filters").
   */
  brokersSummaryWithRows: () => Promise<BrokersSummary>;
}

// ---------------------------------------------------------------- fixtures

export const test = base.extend<BrokersFixtures>({
  freshSessions: async ({ playwright, target, suiteConfig }, use, testInfo) => {
    const contexts: APIRequestContext[] = [];
    await use({
      async login(role) {
        const context = await playwright.request.newContext();
        contexts.push(context);
        const client = new V1Client(target.apiBase, playwrightTransport(context), {
          traceIdPrefix: `e2e-brokers-session${contexts.length}-${testInfo.testId.slice(0, 8)}`,
        });
        const { username, password } = credentialsFor(suiteConfig, role);
        const pair = await client.login(username, password);
        return { role, client: client.withToken(pair.access_token) };
      },
    });
    for (const context of contexts) await context.dispose();
  },

  brokersSummaryWithRows: async ({ asAdmin, request, target }, use) => {
    await use(async () => {
      const { summary, reply } = await asAdmin.summaryWithReply('brokers', {});
      if (summary.endpoint !== 'brokers') throw new Error(`asked for brokers, got ${summary.endpoint}`);
      await requireData(reply, summary, {}, playwrightTransport(request), target.legacyBase);
      return summary.payload;
    });
  },

  // Automatic: every brokers test is guarded, also one that forgets to name it. Depends on
  // freshSessions so that its teardown (the restore) runs while those sessions still exist.
  brokersConfig: [
    async ({ asAdmin, freshSessions: _sessions }, use) => {
      const guard = await StateGuard.take(asAdmin);
      const before = parseConfig(guard.rawConfig);
      await use({
        before,
        async trackPreferences(label, client) {
          return parsePreferences(await guard.trackPreferences(label, client)).filters;
        },
        async restoreNow() {
          assertRestored('brokersConfig guard (undoing an accepted probe)', await guard.restore());
        },
      });
      assertRestored('brokersConfig guard', await guard.restore());
    },
    { auto: true },
  ],
});

function statusAndCode(reply: HttpReply): string {
  try {
    const body: unknown = JSON.parse(reply.text());
    if (typeof body === 'object' && body !== null && 'error_code' in body)
      return `${reply.status} ${String(body.error_code)}`;
  } catch {
    // not JSON: the status says enough
  }
  return String(reply.status);
}

/**
 * Sends each named invalid body to `route`, one test step each, and expects 422 INVALID_PAYLOAD with
 * the error contract. Every body is sent (a wrong answer does not hide the next one). Bodies the
 * target accepted are undone through the guard once, after the last body, before the test goes on:
 * each body replaces the whole part on its own, so what an earlier one stored changes nothing for
 * the next, and one restore instead of one per accepted body spares the client's write budget
 * (a target with no validation at all accepts every body). Fails listing every body not refused;
 * returns "name: message" per refusal for the evidence.
 */
export async function expectInvalidPayloads(
  client: V1Client,
  route: V1RouteId,
  bodies: Readonly<Record<string, unknown>>,
  guard: Pick<BrokersConfigGuard, 'restoreNow'>,
): Promise<string[]> {
  const refused: string[] = [];
  const wrong: string[] = [];
  let accepted = 0;
  for (const [name, body] of Object.entries(bodies)) {
    await test.step(name, async () => {
      const reply = await client.send(route, body);
      try {
        const error = expectError(reply, 422, 'INVALID_PAYLOAD');
        refused.push(`${name}: ${error.message}`);
      } catch (problem) {
        const line = (problem instanceof Error ? problem.message : String(problem)).split('\n')[0] ?? '';
        if (reply.status >= 200 && reply.status < 300) {
          accepted += 1;
          wrong.push(`${name}: accepted with ${reply.status} (stored; undone by the guard): ${line}`);
        } else {
          wrong.push(`${name}: ${statusAndCode(reply)} instead of 422 INVALID_PAYLOAD: ${line}`);
        }
      }
    });
  }
  if (accepted > 0) await test.step('undo the accepted bodies', () => guard.restoreNow());
  expect(wrong, `invalid bodies to ${route} that were not refused with 422 INVALID_PAYLOAD`).toEqual([]);
  return refused;
}

/** What the generated-bodies check reads before and after: named parts, compared whole. */
interface WatchedParts {
  before: Readonly<Record<string, unknown>>;
  readNow: () => Promise<Record<string, unknown>>;
}

/**
 * Sends generated invalid bodies (E2E_BAD_INPUT_SEED; the limited count per route, each a write of the
 * client's budget) to each route as `client`, then reads the watched parts again. Fails listing every
 * answer that breaks the contract and every part that changed (the brokersConfig guard puts those
 * back); the annotation and the evidence say what was sent.
 */
export async function expectGeneratedBodiesRefused(
  client: V1Client,
  routes: readonly BadInputRoute[],
  parts: WatchedParts,
  context: {
    suiteConfig: SuiteConfig;
    evidence: (name: string, value: unknown) => Promise<void>;
    testInfo: TestInfo;
  },
): Promise<void> {
  const { suiteConfig, evidence, testInfo } = context;
  const seed = suiteConfig.E2E_BAD_INPUT_SEED;
  const count = suiteConfig.badInputLimitedRuns;
  const outcomes: BadInputOutcome[] = [];
  for (const route of routes) {
    await test.step(`${route}: ${count} generated inputs, seed ${seed}`, async () => {
      outcomes.push(await sendBadInputs(client, route, sampleBadInputs(route, seed, count)));
    });
  }
  const changed: string[] = [];
  await test.step(`unchanged: ${Object.keys(parts.before).join(', ')}`, async () => {
    const now = await parts.readNow();
    for (const [name, before] of Object.entries(parts.before)) {
      if (!isDeepStrictEqual(now[name], before))
        changed.push(`changed ${name}: ${JSON.stringify(before)} -> ${JSON.stringify(now[name])}`);
    }
  });
  const problems = [...outcomes.flatMap((outcome) => outcome.problems), ...changed];
  await recordGeneratedCases(outcomes, problems, { suiteConfig, testInfo, evidence });
  expect(problems, `invalid writes not refused, or stored (E2E_BAD_INPUT_SEED=${seed})`).toEqual([]);
}

export { excludeWhen } from '../fixtures.ts';
export { expect };
