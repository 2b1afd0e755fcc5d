import { describe, expect, it } from 'vitest';
import { judgeLockout } from './lockout.ts';

const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('judgeLockout', () => {
  it('an account locked before the test is inconclusive, never a pass', () => {
    const verdict = judgeLockout({
      kind: 'already-locked',
      username: 'lockout-probe',
      blockedUntil: '2026-11-30T12:10:00Z',
    });
    expect(verdict.verdict).toBe('inconclusive');
    expect(verdict.reason).toMatch(/^inconclusive, not a pass: lockout-probe was already locked until/);
  });

  it("a block shorter than the contract's 15 minutes fails; 15 minutes within a minute of clock difference passes", () => {
    const at = (until: string | number) =>
      judgeLockout({ kind: 'locked', username: 'u', blockedUntil: until, observedAt: NOW });
    expect(at('2026-11-30T12:01:00Z')).toMatchObject({ verdict: 'fail', blockedMinutes: 1 });
    expect(at('2026-11-30T12:00:05Z').reason).toContain("shorter than the contract's 15 minutes");
    expect(at('2026-11-30T12:14:00Z').verdict).toBe('pass');
    expect(at('2026-11-30T12:15:00Z')).toMatchObject({ verdict: 'pass', blockedMinutes: 15 });
    // Epoch seconds, as some servers answer it.
    expect(at(NOW / 1000 + 900).verdict).toBe('pass');
    expect(at('not a date').verdict).toBe('fail');
  });
});
