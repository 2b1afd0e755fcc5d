// Playwright fixtures: the target, clients per role (worker-scoped logins so the suite never trips
// the login rate limit by accident), the safety guards, and evidence attachments.
import { test as base, type TestInfo } from '@playwright/test';
import { LegacyClient } from './clients/legacy-client.ts';
import { enableRatePacing, setRatePacing } from './clients/rate-pacing.ts';
import { playwrightTransport } from './clients/transport.ts';
import { V1Client } from './clients/v1-client.ts';
import { loadConfig, loadSecrets, type SuiteConfig, type SuiteSettings } from './config.ts';
import type { Role } from './contract/permissions.ts';
import type { TokenPair } from './contract/v1.ts';
import type { Exclusion } from './exclusions.ts';
import { currentRunId, pacingLedgerFile, readSetupRecord, setupRecordFile } from './run/setup-record.ts';
import { resolveTarget } from './targets/resolve.ts';
import { type ResolvedTarget, TARGET_ENV } from './targets/target.ts';

export type { Role };

export interface Credentials {
  username: string;
  password: string;
}

export function credentialsFor(config: SuiteConfig, role: Role): Credentials {
  switch (role) {
    case 'admin':
      return { username: config.E2E_ADMIN_USER, password: config.E2E_ADMIN_PASSWORD };
    case 'analyst':
      return { username: config.E2E_ANALYST_USER, password: config.E2E_ANALYST_PASSWORD };
    case 'viewer':
      return { username: config.E2E_VIEWER_USER, password: config.E2E_VIEWER_PASSWORD };
  }
}

/** The run's sessions, one login per role. */
interface SessionPool {
  /**
   * The run's login answer for `role` (parsed by the contract's TokenPair schema): the setup
   * project's, else one login by this worker. The login tests read it instead of logging in again.
   */
  loginAnswer(role: Role): Promise<TokenPair>;
  accessToken(role: Role): Promise<string>;
  /** Every token this worker saw, so artifacts can be scanned for leaks. */
  issuedTokens(): string[];
}

/** Options set in playwright.config.ts (`use`): the configuration reaches the fixtures through them. */
export interface SuiteOptions {
  /** The run's settings, without passwords (they may be shown in reports). */
  suiteSettings: SuiteSettings | undefined;
  /**
   * The reference server this project's tests use instead of the run's (a self-test batch gives each
   * fault's projects its own: src/runner/fault-batch.ts); undefined: the run's target.
   */
  referenceUrls: ReferenceUrls | undefined;
}

export interface ReferenceUrls {
  apiBase: string;
  legacyBase: string;
}

interface WorkerFixtures extends SuiteOptions {
  /** The settings with the passwords the logins need, read from the environment, never from `use`. */
  suiteConfig: SuiteConfig;
  target: ResolvedTarget;
  sessions: SessionPool;
}

export interface TestFixtures {
  /** Anonymous v1 client on the test's own request context (calls show in the report). */
  api: V1Client;
  asAdmin: V1Client;
  asAnalyst: V1Client;
  asViewer: V1Client;
  legacy: LegacyClient;
  /**
   * Fails the test when the setup project could not save the run's state snapshot: no write without
   * it (nothing could put the target back if the run died half-way). Whether writes are allowed at
   * all is an exclusion, declared with excludeWhen(needsWrites).
   */
  requireSnapshot: () => void;
  /** Attach a JSON figure to the report and the gate's evidence. */
  evidence: (name: string, value: unknown) => Promise<void>;
}

/**
 * Declares the enclosing describe block (or spec file) not applicable when `exclusion` gives a reason
 * for this run's configuration. Decided while the files are collected, before any fixture or hook
 * runs, so an excluded test is reported as skipped with its reason and never fails first.
 */
export function excludeWhen(exclusion: Exclusion): void {
  const reason = exclusion(loadConfig());
  base.skip(reason !== undefined, reason);
}

/** A rate-pacing wait is the target's rule, not slowness of the test: its time is added. */
function extendRunningTestTimeout(delayMs: number): void {
  let info: TestInfo;
  try {
    info = base.info();
  } catch {
    return; // outside a test (worker set-up): nothing to extend
  }
  if (info.timeout > 0) info.setTimeout(info.timeout + delayMs);
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  suiteSettings: [undefined, { scope: 'worker', option: true }],
  referenceUrls: [undefined, { scope: 'worker', option: true }],
  suiteConfig: [
    async ({ suiteSettings }, use) => {
      if (!suiteSettings)
        throw new Error('no suiteSettings option: playwright.config.ts sets it in `use` for every project');
      await use({ ...suiteSettings, ...loadSecrets() });
    },
    { scope: 'worker' },
  ],
  target: [
    async ({ suiteConfig, referenceUrls }, use) => {
      const target = resolveTarget(
        suiteConfig,
        referenceUrls
          ? {
              ...process.env,
              [TARGET_ENV.apiBase]: referenceUrls.apiBase,
              [TARGET_ENV.legacyBase]: referenceUrls.legacyBase,
            }
          : process.env,
      );
      // The suite's own reference server is started with limits a run fits in; any other target's
      // (E2E_LOGIN_RATE_LIMIT, E2E_WRITE_RATE_LIMIT) are respected by spacing requests
      // (src/clients/rate-pacing.ts), counted in the run's ledger.
      if (suiteConfig.TARGET !== 'reference' || suiteConfig.writeRateLimit) {
        const runId = currentRunId();
        enableRatePacing(suiteConfig, target.apiBase, (line) => process.stdout.write(`${line}\n`), {
          onWait: extendRunningTestTimeout,
          ...(runId ? { ledgerFile: pacingLedgerFile(runId) } : {}),
        });
      }
      await use(target);
      setRatePacing(undefined);
    },
    { scope: 'worker' },
  ],
  sessions: [
    async ({ suiteConfig, target, playwright }, use) => {
      // The setup project logged in once per role for the whole run; a worker logs in itself only
      // when it has no stored session (the setup project did not run, e.g. `--no-deps`).
      const runId = currentRunId();
      const record = runId ? readSetupRecord(setupRecordFile(runId), target.apiBase) : undefined;
      const context = await playwright.request.newContext();
      const client = new V1Client(target.apiBase, playwrightTransport(context), {
        traceIdPrefix: 'e2e-login',
      });
      const answers = new Map<Role, Promise<TokenPair>>();
      const seen: string[] = [];
      const loginAnswer = (role: Role): Promise<TokenPair> => {
        let answer = answers.get(role);
        if (answer) return answer;
        const stored = record?.sessions[role];
        if (stored && 'error' in stored) {
          return Promise.reject(new Error(`the setup project could not log in as ${role}: ${stored.error}`));
        }
        if (stored) {
          answer = Promise.resolve(stored);
        } else {
          const { username, password } = credentialsFor(suiteConfig, role);
          answer = client.login(username, password);
          // A failed login must not be cached: the next test tries again and reports its own error.
          answer.catch(() => answers.delete(role));
        }
        answer.then((pair) => seen.push(pair.access_token, pair.refresh_token)).catch(() => undefined);
        answers.set(role, answer);
        return answer;
      };
      await use({
        loginAnswer,
        accessToken: (role) => loginAnswer(role).then((pair) => pair.access_token),
        issuedTokens: () => [...seen],
      });
      await context.dispose();
    },
    { scope: 'worker' },
  ],
  api: async ({ request, target }, use, testInfo) => {
    await use(
      new V1Client(target.apiBase, playwrightTransport(request), { traceIdPrefix: traceIdPrefix(testInfo) }),
    );
  },
  asAdmin: async ({ api, sessions }, use) => {
    await use(api.withToken(await sessions.accessToken('admin')));
  },
  asAnalyst: async ({ api, sessions }, use) => {
    await use(api.withToken(await sessions.accessToken('analyst')));
  },
  asViewer: async ({ api, sessions }, use) => {
    await use(api.withToken(await sessions.accessToken('viewer')));
  },
  legacy: async ({ request, target }, use) => {
    await use(new LegacyClient(target.legacyBase, playwrightTransport(request)));
  },
  requireSnapshot: async ({ target }, use) => {
    await use(() => {
      const runId = currentRunId();
      const snapshot = runId ? readSetupRecord(setupRecordFile(runId), target.apiBase)?.snapshot : undefined;
      if (snapshot && 'error' in snapshot) {
        throw new Error(`no write: the setup project could not save the state snapshot: ${snapshot.error}`);
      }
    });
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take a destructuring first argument.
  evidence: async ({}, use, testInfo) => {
    await use(async (name, value) => {
      await testInfo.attach(`evidence:${name}`, {
        body: JSON.stringify(value, null, 2),
        contentType: 'application/json',
      });
    });
  },
});

/** Letters, digits and dashes only: a server may refuse (and replace) a trace id with other characters. */
function slug(text: string, length: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, length);
}

function traceIdPrefix(testInfo: TestInfo): string {
  return `e2e-${slug(testInfo.project.name, 40)}-${slug(testInfo.title, 40)}`;
}

export { expect } from '@playwright/test';
