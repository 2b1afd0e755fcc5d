import { describe, expect, it } from 'vitest';
import { normalizeBrokersSupervisor, normalizeScope, ruleSupervisorName } from './normalize.ts';

describe('normalizeScope (the contract: trimmed, upper-cased, de-duplicated, sorted)', () => {
  it('turns messy input into the stored form', () => {
    expect(
      normalizeScope(['  zz-e2e sup b ', 'ZZ-E2E SUP A', 'zz-e2e sup a', 'Zz-E2e Sup B', ' zz-e2e sup c']),
    ).toEqual(['ZZ-E2E SUP A', 'ZZ-E2E SUP B', 'ZZ-E2E SUP C']);
  });

  it('drops blanks and sorts by code unit (Ñ after Z)', () => {
    expect(normalizeScope(['', '   ', 'b', 'B ', 'a', 'ñ', 'Z'])).toEqual(['A', 'B', 'Z', 'Ñ']);
    expect(normalizeScope([])).toEqual([]);
  });

  it('keeps inner spacing (only the brokers KPI collapses it)', () => {
    expect(normalizeScope(['maria  gonzalez'])).toEqual(['MARIA  GONZALEZ']);
  });
});

describe('normalizeBrokersSupervisor (docs/kpis.md)', () => {
  it('upper-cases, collapses whitespace and strips trailing . - _ /', () => {
    expect(normalizeBrokersSupervisor('  juan   benitez.- ')).toBe('JUAN BENITEZ');
    expect(normalizeBrokersSupervisor('carlos acuña_/')).toBe('CARLOS ACUÑA');
    expect(normalizeBrokersSupervisor('FV-BROKER')).toBe('FV-BROKER');
  });

  it('reports a blank supervisor as S/D', () => {
    expect(normalizeBrokersSupervisor('   ')).toBe('S/D');
    expect(normalizeBrokersSupervisor('./')).toBe('S/D');
  });

  it('keeps __ALL__ in rules as the marker', () => {
    expect(ruleSupervisorName(' __ALL__ ')).toBe('__ALL__');
    expect(ruleSupervisorName('maria gonzalez.')).toBe('MARIA GONZALEZ');
  });
});
