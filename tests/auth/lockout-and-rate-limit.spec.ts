import { judgeLockout, type LockoutVerdict } from '../../src/auth/lockout.ts';
import { expectError } from '../../src/clients/expect-ok.ts';
import { withoutPacing } from '../../src/clients/rate-pacing.ts';
import type { HttpReply } from '../../src/clients/transport.ts';
import type { V1Client } from '../../src/clients/v1-client.ts';
import { AuthBlockedDetails, RateLimitedDetails } from '../../src/contract/errors.ts';
import { LOCKOUT_FAILURES, LOCKOUT_MINUTES } from '../../src/contract/limits.ts';
import { needsDestructive } from '../../src/exclusions.ts';
import { excludeWhen, expect, type ReferenceControl, test } from '../../src/gate-fixtures/auth.ts';
import { INCONCLUSIVE_ANNOTATION } from '../../src/reporting/annotations.ts';

// Destructive (reference target or ALLOW_DESTRUCTIVE=1): a dedicated account is locked on purpose and
// the login limit is driven to its 429. Serial: both share the login limiter and lockout store.

/** A login name no deployment has, used only to drive the login rate limit. */
const RATE_LIMIT_PROBE_USER = 'ratelimit-probe';

function errorCodeOf(reply: HttpReply): string {
  try {
    const body: unknown = JSON.parse(reply.text());
    return typeof body === 'object' && body !== null && 'error_code' in body ? String(body.error_code) : '-';
  } catch {
    return '-';
  }
}

/** One lockout attempt as the evidence lists it. */
interface LockoutAttempt {
  attempt: number;
  // `credentials`, not `password`: the evidence writer redacts any field named password.
  credentials: 'wrong' | 'right';
  status: number;
  error_code: string;
}

/** Logins of the lockout account with the right or a wrong password, each recorded for the evidence. */
function recordedLogins(api: V1Client, username: string, password: string) {
  const attempts: LockoutAttempt[] = [];
  const login = async (attempt: number, which: 'wrong' | 'right'): Promise<HttpReply> => {
    const reply = await api.send('login', {
      username,
      password: which === 'right' ? password : `${password}-wrong`,
    });
    attempts.push({ attempt, credentials: which, status: reply.status, error_code: errorCodeOf(reply) });
    return reply;
  };
  return { attempts, login };
}

/** Reference target: the lock is lifted and the account proven usable again; says what was done. */
async function unlockAndLogIn(
  reference: ReferenceControl,
  api: V1Client,
  username: string,
  password: string,
): Promise<string> {
  await test.step('reference: unlock and prove the account logs in again', async () => {
    expect((await reference.unlock(username)).was_blocked).toBe(true);
    const pair = await api.login(username, password);
    expect(pair.token_type).toBe('bearer');
  });
  return 'unlocked through /__reference/unlock; the account logged in again';
}

test.describe('lockout and login rate limit', { tag: ['@auth', '@destructive'] }, () => {
  excludeWhen(needsDestructive);
  test.describe.configure({ mode: 'serial' });

  test(`the lockout account is blocked with 403 AUTH_BLOCKED after ${LOCKOUT_FAILURES} failed logins, for ${LOCKOUT_MINUTES} minutes`, async ({
    api,
    suiteConfig,
    target,
    reference,
    unlockAfterTest,
    evidence,
  }, testInfo) => {
    const username = suiteConfig.E2E_LOCKOUT_USER;
    const password = suiteConfig.E2E_LOCKOUT_PASSWORD;
    unlockAfterTest(username);
    const { attempts, login } = recordedLogins(api, username, password);

    if (reference)
      await test.step('reference: start from an unlocked account', () => reference.unlock(username));

    const baseline =
      await test.step('the account logs in with its password (credentials right, failures reset)', () =>
        login(0, 'right'));
    /** Inconclusive is said as such (annotation, evidence) and fails like any failed check. */
    const failUnlessPass = (verdict: LockoutVerdict) => {
      if (verdict.verdict === 'inconclusive')
        testInfo.annotations.push({ type: INCONCLUSIVE_ANNOTATION, description: verdict.reason });
      expect(verdict.verdict, verdict.reason).toBe('pass');
    };
    if (baseline.status === 403 && errorCodeOf(baseline) === 'AUTH_BLOCKED') {
      // Locked by an earlier run on this target: the block is visible, the count that caused it is not.
      const { blocked_until } = AuthBlockedDetails.parse(expectError(baseline, 403, 'AUTH_BLOCKED').details);
      const verdict = judgeLockout({ kind: 'already-locked', username, blockedUntil: blocked_until });
      await evidence('lockout', { username, verdict: verdict.verdict, reason: verdict.reason, attempts });
      failUnlessPass(verdict);
    }
    expect(
      baseline.status,
      `${username} cannot log in with E2E_LOCKOUT_PASSWORD (error_code ${errorCodeOf(baseline)})`,
    ).toBe(200);

    await test.step(`${LOCKOUT_FAILURES} logins with a wrong password are refused with 401`, async () => {
      for (let attempt = 1; attempt <= LOCKOUT_FAILURES; attempt += 1) {
        const reply = await login(attempt, 'wrong');
        // The last failure may already answer with the block; the ones before must not.
        if (attempt === LOCKOUT_FAILURES && reply.status === 403) expectError(reply, 403, 'AUTH_BLOCKED');
        else expectError(reply, 401, 'UNAUTHORIZED');
      }
    });

    const blockedUntil =
      await test.step('then even the right password answers 403 AUTH_BLOCKED with details.blocked_until', async () => {
        const reply = await login(LOCKOUT_FAILURES + 1, 'right');
        const observedAt = Date.now();
        const { blocked_until } = AuthBlockedDetails.parse(expectError(reply, 403, 'AUTH_BLOCKED').details);
        return { value: blocked_until, observedAt };
      });
    const verdict = judgeLockout({
      kind: 'locked',
      username,
      blockedUntil: blockedUntil.value,
      observedAt: blockedUntil.observedAt,
    });

    const restored = reference
      ? await unlockAndLogIn(reference, api, username, password)
      : `${target.mode} target: ${username} stays locked until ${blockedUntil.value}`;
    await evidence('lockout', {
      username,
      failures_before_block: LOCKOUT_FAILURES,
      blocked_until: blockedUntil.value,
      blocked_minutes_from_now: verdict.blockedMinutes,
      verdict: verdict.verdict,
      reason: verdict.reason,
      attempts,
      restored,
    });
    await test.step(`the block lasts the contract's ${LOCKOUT_MINUTES} minutes`, () =>
      failUnlessPass(verdict));
  });

  test('login answers 429 RATE_LIMITED no later than the configured limit + 1 attempts', async ({
    api,
    suiteConfig,
    target,
    reference,
    unlockAfterTest,
    evidence,
  }) => {
    const { limit, windowSeconds } = suiteConfig.loginRateLimit;
    const maxAttempts = limit + 1;
    unlockAfterTest(RATE_LIMIT_PROBE_USER);
    const probe = () => api.send('login', { username: RATE_LIMIT_PROBE_USER, password: 'not-the-password' });

    if (reference)
      await test.step('reference: start with no attempts counted', () =>
        reference.unlock(RATE_LIMIT_PROBE_USER));

    const statuses = new Map<string, number>();
    const limited =
      await test.step(`burst of up to ${maxAttempts} failed logins for ${RATE_LIMIT_PROBE_USER}`, () =>
        // The burst is the point here: login pacing counts these attempts but does not space them.
        withoutPacing('login', async () => {
          for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
            const reply = await probe();
            const key = `${reply.status} ${errorCodeOf(reply)}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            if (reply.status === 429) return { attempt, reply };
            // Before the limit: wrong credentials, or the probe name's own lockout; nothing else.
            if (reply.status === 403) expectError(reply, 403, 'AUTH_BLOCKED');
            else expectError(reply, 401, 'UNAUTHORIZED');
          }
          return undefined;
        }));
    expect(
      limited,
      `no 429 within ${maxAttempts} logins (configured login limit ${limit}/${windowSeconds}s)`,
    ).toBeDefined();
    if (!limited) return;

    const details =
      await test.step('the 429 follows the error contract with details {limit, window_seconds, scope}', () => {
        const parsed = RateLimitedDetails.parse(expectError(limited.reply, 429, 'RATE_LIMITED').details);
        expect(
          { limit: parsed.limit, window_seconds: parsed.window_seconds },
          'the target reports another login limit than configured (E2E_LOGIN_RATE_LIMIT)',
        ).toEqual({ limit, window_seconds: windowSeconds });
        return parsed;
      });

    let restored: string;
    if (reference) {
      await test.step('reference: clear the attempts and prove logins are answered again', async () => {
        await reference.unlock(RATE_LIMIT_PROBE_USER);
        expectError(await probe(), 401, 'UNAUTHORIZED');
      });
      restored = 'attempts cleared through /__reference/unlock; the next login was answered 401';
    } else {
      // Not waited out here: this project runs last, and the burst is in the per-target pacing
      // history (withoutPacing counts it), so any later login — the next run's, a CLI's — waits for
      // the window instead of meeting a 429.
      restored = `${target.mode} target: not waited out; the burst is in the pacing history, later logins wait for its window`;
    }
    await evidence('login-rate-limit', {
      username: RATE_LIMIT_PROBE_USER,
      configured: { limit, window_seconds: windowSeconds },
      first_429_at_attempt: limited.attempt,
      max_attempts: maxAttempts,
      details,
      retry_after: limited.reply.headers['retry-after'] ?? null,
      answers: Object.fromEntries(statuses),
      restored,
    });
  });
});
