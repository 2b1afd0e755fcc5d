import { describe, expect, it } from 'vitest';
import { toLegacyBrokersBody } from './endpoints.ts';
import {
  analyticsFilters,
  compactFilters,
  FILTER_KEYS,
  MONTH_YEAR_PATTERN,
  RUNBOOK_FILTERS,
  toLegacyQuery,
  YEAR_PATTERN,
} from './filters.ts';

describe('month and year formats', () => {
  it.each(['01/2026', '12/1999', '09/2025'])('MM/YYYY accepts %s', (value) => {
    expect(MONTH_YEAR_PATTERN.test(value)).toBe(true);
  });
  it.each(['1/2026', '13/2026', '00/2026', '01/26', '2026-01', '01/2026 ', '01-2026'])(
    'MM/YYYY rejects %j',
    (value) => {
      expect(MONTH_YEAR_PATTERN.test(value)).toBe(false);
    },
  );
  it('YYYY accepts four digits only', () => {
    expect(['2026', '1999'].map((value) => YEAR_PATTERN.test(value))).toEqual([true, true]);
    expect(['25', '20266', 'abcd', ' 2026'].map((value) => YEAR_PATTERN.test(value))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('filter bodies', () => {
  it('has the nine keys of the contract', () => {
    expect([...FILTER_KEYS].sort()).toEqual(
      [
        'anio',
        'categoria',
        'contract_month',
        'gestion_month',
        'supervisor',
        'tramo',
        'un',
        'via_cobro',
        'via_pago',
      ].sort(),
    );
  });

  it('fills every key with [] and keeps the values', () => {
    expect(analyticsFilters({ un: ['ODONTOLOGIA'] })).toEqual({
      un: ['ODONTOLOGIA'],
      anio: [],
      gestion_month: [],
      contract_month: [],
      via_cobro: [],
      via_pago: [],
      categoria: [],
      supervisor: [],
      tramo: [],
    });
  });

  it('refuses a bad month, a bad year and a misspelt key', () => {
    expect(() => analyticsFilters({ gestion_month: ['1/2026'] })).toThrow(/MM\/YYYY/);
    expect(() => analyticsFilters({ anio: ['26'] })).toThrow(/YYYY/);
    expect(() => analyticsFilters({ supervisors: ['X'] } as never)).toThrow(/supervisors/);
  });

  it('the runbook filter set is valid and compacts to itself', () => {
    expect(compactFilters(RUNBOOK_FILTERS)).toEqual({
      anio: ['2026'],
      gestion_month: ['01/2026'],
      contract_month: ['01/2026'],
      supervisor: ['FVBROKEREAS', 'FVBROKEREASCDE'],
      un: ['MEDICINA ESTETICA'],
      via_cobro: ['COBRADOR'],
    });
  });

  it('legacy query repeats a key per value', () => {
    expect(toLegacyQuery({ supervisor: ['A', 'B'], un: ['MEDICINA ESTETICA'] }).toString()).toBe(
      'un=MEDICINA+ESTETICA&supervisor=A&supervisor=B',
    );
  });

  it('legacy brokers body maps the five brokers filters and drops the rest', () => {
    expect(toLegacyBrokersBody(RUNBOOK_FILTERS)).toEqual({
      supervisors: ['FVBROKEREAS', 'FVBROKEREASCDE'],
      uns: ['MEDICINA ESTETICA'],
      vias: ['COBRADOR'],
      years: ['2026'],
      months: ['01/2026'],
    });
  });
});
