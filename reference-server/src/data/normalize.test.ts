import { describe, expect, it } from 'vitest';
import {
  antiquityMonths,
  isStrictMonth,
  monthFromDate,
  monthIndexOf,
  monthIndexOfText,
  normalizeBrokersSupervisor,
  normalizeContractId,
  normalizeViaCobro,
  parseAntiquityDate,
  parseInteger,
  parseNumber,
  parseNumberOrNull,
  textOrNoData,
} from './normalize.ts';

describe('contract id', () => {
  it('keeps only the digits', () => {
    expect(normalizeContractId('C-00123')).toBe('00123');
    expect(normalizeContractId(' 41261')).toBe('41261');
    expect(normalizeContractId('#41151')).toBe('41151');
    expect(normalizeContractId('40798-')).toBe('40798');
    // The rule keeps every digit, so a float-looking id gets a trailing 0 (and matches nothing).
    expect(normalizeContractId('41053.0')).toBe('410530');
  });

  it('is empty for a blank or digit-less id', () => {
    expect(normalizeContractId('')).toBe('');
    expect(normalizeContractId('ABC')).toBe('');
    expect(normalizeContractId(undefined)).toBe('');
  });
});

describe('month from a date cell', () => {
  it.each([
    ['4/2025', '04/2025'],
    ['04/2025', '04/2025'],
    ['2025-04-15', '04/2025'],
    ['2025/04/15', '04/2025'],
    ['2025-04-15 10:30:00', '04/2025'],
    ['15-04-2025', '04/2025'],
    ['15/04/2025', '04/2025'],
    [' 12/2025 ', '12/2025'],
  ])('%s -> %s', (cell, month) => {
    expect(monthFromDate(cell)).toBe(month);
  });

  it.each(['', 'abril 2025', '2025-13-01', '13/2025', '2025-04', '0/2025'])('%s -> no month', (cell) => {
    expect(monthFromDate(cell)).toBeNull();
  });
});

describe('month order', () => {
  it('orders by year * 12 + month, not by text', () => {
    expect(monthIndexOf(2025, 12)).toBeLessThan(monthIndexOf(2026, 1));
    expect(monthIndexOfText('12/2025')).toBe(2025 * 12 + 12);
    expect(monthIndexOfText('1/2026')).toBe(2026 * 12 + 1);
    // As text "01/2026" < "12/2025"; by index it is later.
    expect(monthIndexOfText('01/2026')).toBeGreaterThan(
      monthIndexOfText('12/2025') ?? Number.POSITIVE_INFINITY,
    );
  });

  it('accepts only MM/YYYY with month 01-12 as a strict month', () => {
    expect(isStrictMonth('01/2025')).toBe(true);
    expect(isStrictMonth('1/2025')).toBe(false);
    expect(isStrictMonth('13/2025')).toBe(false);
    expect(isStrictMonth('00/2025')).toBe(false);
    expect(isStrictMonth('2025-01')).toBe(false);
  });
});

describe('numbers', () => {
  it('accepts a decimal comma', () => {
    expect(parseNumber('1234,5')).toBe(1234.5);
    expect(parseNumber('2121000,00')).toBe(2121000);
    expect(parseNumber(' 12 ')).toBe(12);
  });

  it('gives 0 (or null) when unparseable', () => {
    expect(parseNumber('abc')).toBe(0);
    expect(parseNumber('')).toBe(0);
    expect(parseNumber('1.234,5')).toBe(0);
    expect(parseNumberOrNull('x')).toBeNull();
  });

  it('parses integers (tramo) as a float then truncates', () => {
    expect(parseInteger('4.0')).toBe(4);
    expect(parseInteger('4.9')).toBe(4);
    expect(parseInteger('5,0')).toBe(5);
    expect(parseInteger('n/a')).toBe(0);
  });
});

describe('text cells', () => {
  it('normalizes via de cobro', () => {
    expect(normalizeViaCobro('COBRADOR')).toBe('COBRADOR');
    expect(normalizeViaCobro('cobrador ')).toBe('COBRADOR');
    expect(normalizeViaCobro('Cobrador')).toBe('COBRADOR');
    expect(normalizeViaCobro('COB')).toBe('COBRADOR');
    expect(normalizeViaCobro('BANCO BASA')).toBe('DEBITO');
    expect(normalizeViaCobro('')).toBe('DEBITO');
    expect(normalizeViaCobro('DEBITO')).toBe('DEBITO');
  });

  it('trims and defaults blanks to S/D', () => {
    expect(textOrNoData('  ODONTOLOGIA ')).toBe('ODONTOLOGIA');
    expect(textOrNoData('   ')).toBe('S/D');
    expect(textOrNoData(undefined)).toBe('S/D');
  });

  it('normalizes a brokers supervisor', () => {
    expect(normalizeBrokersSupervisor('fvbrokereas.')).toBe('FVBROKEREAS');
    expect(normalizeBrokersSupervisor('MARIA  GONZALEZ')).toBe('MARIA GONZALEZ');
    expect(normalizeBrokersSupervisor(' juan benitez -_/ ')).toBe('JUAN BENITEZ');
    expect(normalizeBrokersSupervisor('Carlos Acuña')).toBe('CARLOS ACUÑA');
    expect(normalizeBrokersSupervisor('')).toBe('S/D');
    expect(normalizeBrokersSupervisor('...')).toBe('S/D');
  });
});

describe('mora 3M antiquity', () => {
  it('reads only YYYY-MM-DD and DD/MM/YYYY', () => {
    expect(parseAntiquityDate('2025-01-15')).toEqual({ year: 2025, month: 1, day: 15 });
    expect(parseAntiquityDate('15/01/2025')).toEqual({ year: 2025, month: 1, day: 15 });
    expect(parseAntiquityDate('2025/01/15')).toBeNull();
    expect(parseAntiquityDate('2025-01-15 10:00:00')).toBeNull();
    expect(parseAntiquityDate('')).toBeNull();
  });

  it('counts whole months, minus one when the closing day is earlier, floored at 0', () => {
    const sale = { year: 2025, month: 1, day: 15 };
    expect(antiquityMonths(sale, { year: 2025, month: 5, day: 15 })).toBe(4);
    expect(antiquityMonths(sale, { year: 2025, month: 5, day: 14 })).toBe(3);
    expect(antiquityMonths(sale, { year: 2026, month: 1, day: 31 })).toBe(12);
    expect(antiquityMonths(sale, { year: 2024, month: 12, day: 1 })).toBe(0);
  });
});
