// Fixtures of the brokers gate:
// - `brokersConfig`: snapshots the supervisors scope, commission and prize rules before the test
//   (and the preferences of every session the test names with trackPreferences), restores them
//   after it — also when it failed — and reads them back: a restore that did not take fails the test.
// - `freshSessions`: new logins, each in its own request context (the "other browser" of the
//   cross-session checks).
// - the gate's start state: on the reference target, the first brokers test of a run records the
//   server's /__reference/state fingerprint, so the last one can prove the gate left it unchanged.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, TestInfo } from '@playwright/test';
import { z } from 'zod';
import { fetchReferenceState, ReferenceState } from '../brokers/reference-state.ts';
import {
  assertRestored,
  type BrokersConfigSnapshot,
  readBrokersConfig,
  restoreBrokersConfig,
  restorePart,
} from '../brokers/restore.ts';
import { expectError } from '../clients/expect-ok.ts';
import { playwrightTransport } from '../clients/transport.ts';
import { V1Client } from '../clients/v1-client.ts';
import type { V1RouteId } from '../contract/endpoints.ts';
import type { PreferencesFilters } from '../contract/v1.ts';
import { test as base, credentialsFor, type Role } from '../fixtures.ts';
import type { ResolvedTarget } from '../targets/target.ts';

interface BrokersConfigGuard {
  /** The configuration as the test found it. */
  readonly before: BrokersConfigSnapshot;
  /**
   * Records the preferences `client`'s session sees now; teardown restores them through the same
   * session and reads them back. Call before the first preferences write through that session.
   */
  trackPreferences(label: string, client: V1Client): Promise<PreferencesFilters>;
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
  /** Records the gate's start state (reference target, first test of the run); nothing to use. */
  gateStartState: undefined;
}

// ---------------------------------------------------------------- gate start state

const GateStart = z.object({ apiBase: z.string(), recordedBy: z.string(), state: ReferenceState });
export type GateStart = z.output<typeof GateStart>;

function gateStartFile(testInfo: TestInfo): string {
  return path.join(testInfo.project.outputDir, `${testInfo.project.name}-gate-start-state.json`);
}

// Also kept in memory: the output folder is shared with any other run started in the same tree.
let rememberedStart: GateStart | undefined;

/** The start state this run recorded for `target`, if any. */
export function readGateStart(testInfo: TestInfo, target: ResolvedTarget): GateStart | undefined {
  const file = gateStartFile(testInfo);
  let start: GateStart | undefined;
  if (existsSync(file)) {
    const parsed = GateStart.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) start = parsed.data;
  }
  start ??= rememberedStart;
  // The folder is cleared at the start of every run; a file from another server is not ours.
  return start?.apiBase === target.apiBase ? start : undefined;
}

async function recordGateStart(
  testInfo: TestInfo,
  target: ResolvedTarget,
  request: APIRequestContext,
): Promise<void> {
  if (readGateStart(testInfo, target)) return;
  const state = await fetchReferenceState(playwrightTransport(request), target.apiBase);
  const start: GateStart = { apiBase: target.apiBase, recordedBy: testInfo.testId, state };
  rememberedStart = start;
  mkdirSync(path.dirname(gateStartFile(testInfo)), { recursive: true });
  writeFileSync(gateStartFile(testInfo), `${JSON.stringify(start, null, 2)}\n`, 'utf8');
}

// ---------------------------------------------------------------- fixtures

export const test = base.extend<BrokersFixtures>({
  gateStartState: [
    async ({ target, request }, use, testInfo) => {
      if (target.mode === 'reference') await recordGateStart(testInfo, target, request);
      await use(undefined);
    },
    { auto: true },
  ],

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

  // Automatic: every brokers test is guarded, also one that forgets to name it. Depends on
  // freshSessions so that its teardown (the restore) runs while those sessions still exist.
  brokersConfig: [
    async ({ asAdmin, freshSessions: _sessions }, use) => {
      const before = await readBrokersConfig(asAdmin);
      const tracked: { label: string; client: V1Client; filters: PreferencesFilters }[] = [];
      await use({
        before,
        async trackPreferences(label, client) {
          const { filters } = await client.getPreferences();
          tracked.push({ label, client, filters });
          return filters;
        },
      });
      const problems: (string | undefined)[] = await restoreBrokersConfig(asAdmin, before);
      // Latest first: if two tracked sessions share a store, the earliest snapshot is the one left.
      for (const { label, client, filters } of [...tracked].reverse()) {
        problems.push(
          await restorePart(
            `preferences of ${label}`,
            filters,
            async () => (await client.getPreferences()).filters,
            (value) => client.setPreferences(value),
          ),
        );
      }
      assertRestored('brokersConfig guard', problems);
    },
    { auto: true },
  ],
});

/**
 * Sends each named invalid body to `route`, one test step each, and expects 422 INVALID_PAYLOAD with
 * the error contract; returns "name: message" per refusal for the evidence.
 */
export async function expectInvalidPayloads(
  client: V1Client,
  route: V1RouteId,
  bodies: Readonly<Record<string, unknown>>,
): Promise<string[]> {
  const refused: string[] = [];
  for (const [name, body] of Object.entries(bodies)) {
    await test.step(name, async () => {
      const error = expectError(await client.send(route, body), 422, 'INVALID_PAYLOAD');
      refused.push(`${name}: ${error.message}`);
    });
  }
  return refused;
}

export { excludeTest, expect } from '../fixtures.ts';
