import { describe, expect, it } from 'vitest';
import { changedStateParts, type ReferenceState, referenceStateUrl } from './reference-state.ts';

const state = (content: Record<string, unknown>): ReferenceState => ({
  fingerprint: '0'.repeat(64),
  content,
});

describe('reference state helpers', () => {
  it('puts /__reference/state at the root of the API app', () => {
    expect(referenceStateUrl('http://127.0.0.1:4010/api/v1')).toBe('http://127.0.0.1:4010/__reference/state');
  });

  it('names the parts that changed, one level deep, ignoring key order', () => {
    const before = state({
      v1_config: { supervisors: ['A'], commissions: [{ a: 1, b: 2 }], prizes: [] },
      preferences: {},
      lockouts: 0,
    });
    const after = state({
      v1_config: { supervisors: ['A', 'B'], commissions: [{ b: 2, a: 1 }], prizes: [] },
      preferences: { 'user:admin': { supervisors: ['X'] } },
      lockouts: 0,
    });
    expect(changedStateParts(before, after)).toEqual(['preferences.user:admin', 'v1_config.supervisors']);
    expect(changedStateParts(before, before)).toEqual([]);
  });
});
