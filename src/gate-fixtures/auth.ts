// Fixtures of the auth gate: fresh logins for tests that consume tokens (never the worker's shared
// sessions), the reference server's unlock switch with a teardown that always runs, and a guard
// that snapshots the brokers configuration and preferences and restores them if a test changed them.
import { z } from 'zod';
import type { AccessClaims } from '../auth/forged-tokens.ts';
import {
  assertRestored,
  type RawBrokersConfig,
  readRawConfig,
  readRawPreferences,
  StateGuard,
} from '../brokers/restore.ts';
import { parseReply } from '../clients/expect-ok.ts';
import { playwrightTransport } from '../clients/transport.ts';
import { V1Client } from '../clients/v1-client.ts';
import type { SuiteConfig } from '../config.ts';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../contract/permissions.ts';
import type { TokenPair } from '../contract/v1.ts';
import { test as base, credentialsFor } from '../fixtures.ts';

/** Claims of the configured admin account, for forged tokens that try to pass as it. */
export function adminClaims(config: SuiteConfig): AccessClaims {
  return { sub: config.E2E_ADMIN_USER, role: 'admin', permissions: ROLE_PERMISSIONS.admin };
}

/** A sorted copy: permission lists are compared as sets (the contract fixes no order). */
export function sortedList(list: readonly unknown[]): string[] {
  return list.map(String).sort();
}

const UnlockResult = z.object({ ok: z.literal(true), username: z.string(), was_blocked: z.boolean() });
type UnlockResult = z.output<typeof UnlockResult>;

/** The reference server's own switches (reference target only). */
export interface ReferenceControl {
  /** POST /__reference/unlock: clears the account's failures, block and login-limit attempts. */
  unlock(username: string): Promise<UnlockResult>;
}

/** The configuration and every role's preferences, raw as the target answers them. */
export interface BrokersSnapshot {
  config: RawBrokersConfig;
  preferences: Record<Role, unknown>;
}

interface BrokersStateGuard {
  /** The configuration and every role's preferences before the test. */
  before: BrokersSnapshot;
  /** The same, read now. */
  read(): Promise<BrokersSnapshot>;
}

interface AuthFixtures {
  /** A new login (its own session) for `role`: for tests that refresh, revoke or misuse tokens. */
  freshLogin: (role: Role) => Promise<TokenPair>;
  /** Present only when the target is the reference server. */
  reference: ReferenceControl | undefined;
  /** Unlock `username` after the test, pass or fail (reference target; elsewhere a no-op). */
  unlockAfterTest: (username: string) => void;
  /** Snapshot of brokers config + preferences; restored after the test if it changed (a restore that did not take fails the test). */
  brokersState: BrokersStateGuard;
}

export const test = base.extend<AuthFixtures>({
  freshLogin: async ({ api, suiteConfig }, use) => {
    await use((role) => {
      const { username, password } = credentialsFor(suiteConfig, role);
      return api.login(username, password);
    });
  },
  reference: async ({ request, target }, use, testInfo) => {
    if (target.mode !== 'reference') {
      await use(undefined);
      return;
    }
    // The /__reference/ routes live at the API server's root, outside /api/v1.
    const control = new V1Client(new URL(target.apiBase).origin, playwrightTransport(request), {
      traceIdPrefix: `e2e-reference-${testInfo.testId}`,
    });
    await use({
      async unlock(username) {
        const reply = await control.raw('POST', '/__reference/unlock', { token: null, json: { username } });
        return parseReply(reply, UnlockResult);
      },
    });
  },
  unlockAfterTest: async ({ reference }, use) => {
    const usernames = new Set<string>();
    await use((username) => {
      usernames.add(username);
    });
    for (const username of usernames) await reference?.unlock(username);
  },
  brokersState: async ({ asAdmin, asAnalyst, asViewer, suiteConfig }, use) => {
    const clients: Record<Role, V1Client> = { admin: asAdmin, analyst: asAnalyst, viewer: asViewer };
    const guard = await StateGuard.take(asAdmin);
    const preferences = {} as Record<Role, unknown>;
    for (const role of ROLES) preferences[role] = await guard.trackPreferences(role, clients[role]);
    const read = async (): Promise<BrokersSnapshot> => {
      const config = await readRawConfig(asAdmin);
      const current = {} as Record<Role, unknown>;
      for (const role of ROLES) current[role] = await readRawPreferences(clients[role]);
      return { config, preferences: current };
    };
    await use({ before: { config: guard.rawConfig, preferences }, read });
    if (!suiteConfig.writesAllowed) return;
    // Restore whatever differs (a broken permission check or a faulty store may have changed it).
    assertRestored('brokersState guard', await guard.restore());
  },
});

export { excludeWhen, expect } from '../fixtures.ts';
