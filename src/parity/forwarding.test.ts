import { describe, expect, it } from 'vitest';
import { describeForwarding, FORWARDING_VERDICT, forwardingEvidence } from './forwarding.ts';
import type { LegacyAnswer } from './legacy-mapping.ts';

const legacyBody = {
  totalDebt: 10,
  totalPaid: 5,
  meta: { source: 'api', signature: '/analytics/x|cartera:1796048578.67', cutoff: '01/2026', filters: {} },
};
const answer = (body: unknown, status = 200): LegacyAnswer => ({
  call: { method: 'GET', path: '/analytics/performance/by-management-month', query: { un: ['A'] } },
  status,
  body,
});

describe('forwardingEvidence', () => {
  it("names a v1 answer that carries the legacy's own signature", () => {
    const v1 = { ...legacyBody, totalDebt: 11 };
    expect(forwardingEvidence(v1, [answer(legacyBody)])).toMatch(/legacy's meta.signature/);
  });

  it('names a v1 answer without a signature of its own that equals the legacy outside meta', () => {
    const v1 = { totalPaid: 5, totalDebt: 10, meta: { source: 'api-v1', cutoff: null, filters: {} } };
    expect(forwardingEvidence(v1, [answer(legacyBody)])).toMatch(/outside meta/);
  });

  it('does not hold an exact match against a v1 that signs its answers itself', () => {
    const v1 = {
      totalDebt: 10,
      totalPaid: 5,
      meta: { source: 'api-v1', signature: 'v1-own', cutoff: null, filters: {} },
    };
    expect(forwardingEvidence(v1, [answer(legacyBody)])).toBeUndefined();
  });

  it('ignores legacy error answers and different answers', () => {
    expect(forwardingEvidence(legacyBody, [answer(legacyBody, 400)])).toBeUndefined();
    const v1 = { totalDebt: 12, totalPaid: 5, meta: { source: 'api-v1', cutoff: null, filters: {} } };
    expect(forwardingEvidence(v1, [answer(legacyBody)])).toBeUndefined();
  });
});

describe('describeForwarding', () => {
  it('gives one line per endpoint with its count and first evidence', () => {
    const lines = describeForwarding(
      [
        { case: 'a', endpoint: 'mora', evidence: 'same signature' },
        { case: 'b', endpoint: 'mora', evidence: 'same signature' },
        { case: 'c', endpoint: 'portfolio', evidence: 'same signature' },
      ],
      new Map([
        ['mora', 6],
        ['portfolio', 12],
      ]),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`mora: ${FORWARDING_VERDICT} (2 of 6 case(s); a: same signature)`);
    expect(lines[1]).toContain('portfolio');
  });
});
