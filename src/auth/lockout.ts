// The lockout test's verdict: the account must be unlocked before the test (else the failures that
// lock it cannot be counted: inconclusive, which fails) and the block must last the contract's
// 15 minutes (measured from blocked_until, within a tolerated clock difference).
import { LOCKOUT_MINUTES } from '../contract/limits.ts';

/** Tolerated clock difference between the suite and the target when judging blocked_until. */
const CLOCK_SKEW_MS = 60_000;

/** blocked_until as epoch ms: an ISO date, or epoch seconds / milliseconds. */
function epochMs(value: string | number): number {
  if (typeof value === 'number') return value > 1e12 ? value : value * 1000;
  return Date.parse(value);
}

export type LockoutObservation =
  | { kind: 'already-locked'; username: string; blockedUntil: string | number }
  | { kind: 'locked'; username: string; blockedUntil: string | number; observedAt: number };

export interface LockoutVerdict {
  verdict: 'pass' | 'fail' | 'inconclusive';
  reason: string;
  /** How long the block lasts from when it was observed, minutes (2 decimals); null when unknown. */
  blockedMinutes: number | null;
}

export function judgeLockout(observation: LockoutObservation): LockoutVerdict {
  const { username, blockedUntil } = observation;
  if (observation.kind === 'already-locked') {
    return {
      verdict: 'inconclusive',
      reason:
        `inconclusive, not a pass: ${username} was already locked until ${blockedUntil} before the test; ` +
        'the failed logins that lock it were not counted (unlock it, or wait, and run again)',
      blockedMinutes: null,
    };
  }
  const until = epochMs(blockedUntil);
  if (!Number.isFinite(until)) {
    return { verdict: 'fail', reason: `blocked_until ${blockedUntil} is not a date`, blockedMinutes: null };
  }
  const lastsMs = until - observation.observedAt;
  const blockedMinutes = Math.round(lastsMs / 600) / 100;
  if (lastsMs < LOCKOUT_MINUTES * 60_000 - CLOCK_SKEW_MS) {
    return {
      verdict: 'fail',
      reason:
        `blocked_until ${blockedUntil} is ${blockedMinutes} min after the block was seen: shorter than the ` +
        `contract's ${LOCKOUT_MINUTES} minutes (tolerance ${CLOCK_SKEW_MS / 1000} s of clock difference)`,
      blockedMinutes,
    };
  }
  return { verdict: 'pass', reason: `blocked for ${blockedMinutes} min`, blockedMinutes };
}
