// Every expected figure below is worked out by hand from docs/kpis.md, in the comments.
import { describe, expect, it } from 'vitest';
import type { CommissionRule, PrizeRule } from '../contract/legacy.ts';
import {
  expectedPrize,
  expectedPrizeMaps,
  expectedRowCommission,
  firstCommissionRule,
  listMatches,
  prizeRuleMatchesSupervisor,
  scaleFor,
} from './expected.ts';

const specific: CommissionRule = {
  supervisors: ['juan benitez.'],
  uns: ['ODONTOLOGIA'],
  vias: ['COBRADOR'],
  months: ['01/2026'],
  factor: 2,
};
const debitAnyMonth: CommissionRule = {
  supervisors: ['__ALL__'],
  uns: ['__ALL__'],
  vias: ['DEBITO'],
  months: [],
  factor: 0.5,
};

describe('listMatches', () => {
  it('matches a listed value or __ALL__; an empty list only where allowed (months)', () => {
    expect(listMatches(['A', 'B'], 'B')).toBe(true);
    expect(listMatches(['A'], 'B')).toBe(false);
    expect(listMatches(['__ALL__'], 'B')).toBe(true);
    expect(listMatches([], 'B')).toBe(false);
    expect(listMatches([], '01/2026', true)).toBe(true);
  });
});

describe('commission of a row', () => {
  const row = { supervisor: 'JUAN BENITEZ', un: 'ODONTOLOGIA', via: 'COBRADOR', month: '01/2026' };

  it('is montoCuota * factor of the first matching rule (rule names brokers-normalized)', () => {
    // 'juan benitez.' normalizes to JUAN BENITEZ; 1000 * 2 = 2000.
    expect(expectedRowCommission([specific, debitAnyMonth], { ...row, montoCuota: 1000 })).toBe(2000);
  });

  it('is 0 when no rule matches', () => {
    // Month 02/2026 misses the first rule; COBRADOR misses the DEBITO rule.
    expect(
      expectedRowCommission([specific, debitAnyMonth], { ...row, month: '02/2026', montoCuota: 1000 }),
    ).toBe(0);
    expect(expectedRowCommission([], { ...row, montoCuota: 1000 })).toBe(0);
  });

  it('lets an empty months list match every month, but not an empty UN list', () => {
    // DEBITO row in 03/2026: 300 * 0.5 = 150.
    expect(
      expectedRowCommission([specific, debitAnyMonth], {
        ...row,
        via: 'DEBITO',
        month: '03/2026',
        montoCuota: 300,
      }),
    ).toBe(150);
    const noUns: CommissionRule = { ...debitAnyMonth, uns: [], vias: ['__ALL__'], factor: 9 };
    expect(expectedRowCommission([noUns], { ...row, montoCuota: 300 })).toBe(0);
  });

  it('takes the first rule in stored order, not the most specific', () => {
    const catchAll: CommissionRule = {
      supervisors: ['__ALL__'],
      uns: ['__ALL__'],
      vias: ['__ALL__'],
      months: ['__ALL__'],
      factor: 3,
    };
    expect(firstCommissionRule([catchAll, specific], row)).toBe(catchAll);
    expect(expectedRowCommission([catchAll, specific], { ...row, montoCuota: 10 })).toBe(30);
    expect(expectedRowCommission([specific, catchAll], { ...row, montoCuota: 10 })).toBe(20);
  });
});

describe('prize scales', () => {
  it('pays the scale with the highest minPct reached, whatever the listed order', () => {
    const scales = [
      { minPct: 150, prize: 900 },
      { minPct: 100, prize: 650 },
      { minPct: 50, prize: 300 },
    ];
    expect(scaleFor(scales, 100)).toBe(650);
    expect(scaleFor(scales, 149.9)).toBe(650);
    expect(scaleFor(scales, 49.9)).toBeNull();
    expect(scaleFor(scales, 400)).toBe(900);
  });

  it('takes the later of two equal minPct', () => {
    expect(
      scaleFor(
        [
          { minPct: 50, prize: 1 },
          { minPct: 50, prize: 2 },
        ],
        60,
      ),
    ).toBe(2);
  });
});

describe('prize rules and supervisors', () => {
  it('matches FVBROKERS with rules naming its members and the members with FVBROKERS rules', () => {
    expect(prizeRuleMatchesSupervisor(['FVBROKEREAS'], 'FVBROKERS')).toBe(true);
    expect(prizeRuleMatchesSupervisor(['FVBROKERS'], 'FVBROKEREASCDE')).toBe(true);
    expect(prizeRuleMatchesSupervisor(['FVBROKEREAS'], 'FVBROKEREASCDE')).toBe(false);
    expect(prizeRuleMatchesSupervisor(['maria'], 'MARIA')).toBe(true);
  });
});

// Rows: sales per (month, supervisor, UN, via).
const rows = [
  { month: '01/2026', supervisor: 'MARIA', un: 'ODONTOLOGIA', count: 3 },
  { month: '01/2026', supervisor: 'MARIA', un: 'ODONTOLOGIA', count: 1 },
  { month: '01/2026', supervisor: 'MARIA', un: 'MEDICINA ESTETICA', count: 2 },
  { month: '01/2026', supervisor: 'FVBROKEREAS', un: 'ODONTOLOGIA', count: 2 },
  { month: '01/2026', supervisor: 'FVBROKEREASCDE', un: 'ODONTOLOGIA', count: 1 },
  { month: '02/2026', supervisor: 'MARIA', un: 'ODONTOLOGIA', count: 5 },
];
const mariaOdontologiaJanuary: PrizeRule = {
  supervisors: ['MARIA'],
  uns: ['ODONTOLOGIA'],
  months: ['01/2026'],
  meta: 4,
  scales: [
    { minPct: 150, prize: 900 },
    { minPct: 100, prize: 650 },
    { minPct: 50, prize: 300 },
  ],
};
const everyone: PrizeRule = {
  supervisors: ['__ALL__'],
  uns: ['__ALL__'],
  months: [],
  meta: 10,
  scales: [{ minPct: 40, prize: 700 }],
};
const fvAnyMonth: PrizeRule = {
  supervisors: ['FVBROKEREAS'],
  uns: [],
  months: ['__ALL__'],
  meta: 2,
  scales: [{ minPct: 100, prize: 1000 }],
};
const zeroMeta: PrizeRule = {
  supervisors: ['__ALL__'],
  uns: ['__ALL__'],
  months: [],
  meta: 0,
  scales: [{ minPct: 0, prize: 99_999 }],
};

describe('expectedPrize', () => {
  it('counts the sales in the rule UNs over every via', () => {
    // MARIA 01/2026 ODONTOLOGIA: 3 + 1 = 4 of meta 4 -> 100% -> 650.
    const byUn = new Map([
      ['ODONTOLOGIA', 4],
      ['MEDICINA ESTETICA', 2],
    ]);
    expect(expectedPrize([mariaOdontologiaJanuary], 'MARIA', '01/2026', byUn)).toBe(650);
    // 1 of 4 -> 25%: no scale reached.
    expect(expectedPrize([mariaOdontologiaJanuary], 'MARIA', '01/2026', new Map([['ODONTOLOGIA', 1]]))).toBe(
      0,
    );
    // Another month: the rule does not apply.
    expect(expectedPrize([mariaOdontologiaJanuary], 'MARIA', '02/2026', byUn)).toBe(0);
  });

  it('skips rules with meta <= 0', () => {
    expect(expectedPrize([zeroMeta], 'MARIA', '01/2026', new Map([['ODONTOLOGIA', 4]]))).toBe(0);
  });
});

describe('expectedPrizeMaps', () => {
  it('gives each (month, supervisor) with sales its best prize over all rules', () => {
    const maps = expectedPrizeMaps(rows, [mariaOdontologiaJanuary, everyone, fvAnyMonth, zeroMeta]);
    expect(maps.prizeByMonthSup).toEqual({
      // R1: 4/4 = 100% -> 650; everyone: 6/10 = 60% -> 700; best 700.
      '01/2026__MARIA': 700,
      // fvAnyMonth: 2/2 = 100% -> 1000 (everyone: 2/10 = 20% -> nothing).
      '01/2026__FVBROKEREAS': 1000,
      // A rule naming FVBROKEREAS does not pay FVBROKEREASCDE; everyone: 10% -> nothing.
      '01/2026__FVBROKEREASCDE': 0,
      // Only everyone applies: 5/10 = 50% -> 700.
      '02/2026__MARIA': 700,
    });
    expect(maps.unifiedPrizeByMonthSup).toEqual({
      '01/2026__MARIA': 700,
      // Members merged: 3 sales; FVBROKERS matches the FVBROKEREAS rule: 3/2 = 150% -> 1000.
      '01/2026__FVBROKERS': 1000,
      '02/2026__MARIA': 700,
    });
  });

  it('reports 0 for every pair when there is no rule', () => {
    expect(expectedPrizeMaps(rows, []).prizeByMonthSup).toEqual({
      '01/2026__MARIA': 0,
      '01/2026__FVBROKEREAS': 0,
      '01/2026__FVBROKEREASCDE': 0,
      '02/2026__MARIA': 0,
    });
  });
});
