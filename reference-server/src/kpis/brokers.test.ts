import { describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../data/dataset.ts';
import { carteraRecord, contractRecord } from '../data/tiny-records.ts';
import {
  type BrokersRow,
  brokersSummary,
  commissionOf,
  normalizeBrokersRequest,
  prizeOf,
} from './brokers.ts';
import type { BrokersConfig, BrokersSummaryRequest, CommissionRule } from './types.ts';

const request = (r: Partial<BrokersSummaryRequest> = {}): BrokersSummaryRequest => ({
  supervisors: [],
  uns: [],
  years: [],
  months: [],
  vias: [],
  ...r,
});

const config: BrokersConfig = {
  supervisors: ['FVBROKEREAS', 'FVBROKEREASCDE', 'ana'],
  commissions: [
    {
      supervisors: ['FVBROKEREAS', 'FVBROKEREASCDE'],
      uns: ['ODONTOLOGIA'],
      vias: ['COBRADOR'],
      months: [],
      factor: 2,
    },
    { supervisors: ['__ALL__'], uns: ['__ALL__'], vias: ['DEBITO'], months: ['02/2026'], factor: 1.5 },
    { supervisors: ['__ALL__'], uns: ['__ALL__'], vias: ['__ALL__'], months: ['__ALL__'], factor: 1 },
  ],
  prizes: [
    {
      supervisors: ['FVBROKEREAS'],
      uns: ['ODONTOLOGIA'],
      months: [],
      meta: 2,
      scales: [
        { minPct: 50, prize: 100 },
        { minPct: 150, prize: 500 },
        { minPct: 100, prize: 300 },
      ],
    },
    {
      supervisors: ['__ALL__'],
      uns: ['__ALL__'],
      months: ['01/2026'],
      meta: 4,
      scales: [{ minPct: 75, prize: 200 }],
    },
    { supervisors: ['ANA'], uns: [], months: [], meta: 0, scales: [{ minPct: 0, prize: 999 }] },
  ],
};

const gestion = (id: string, month: string, via: string, vencido = '0', cuota = '0') =>
  carteraRecord({ id, month, via, vencido, cuota });

const ds = datasetFromRecords({
  contratos: [
    contractRecord({ id: '1', supervisor: 'FVBROKEREAS', date: '2026-01-05', cuota: '100' }),
    contractRecord({ id: '2', supervisor: 'fvbrokereas.', date: '2026-01-20', cuota: '200' }),
    contractRecord({ id: '3', supervisor: 'FVBROKEREASCDE', date: '2026-01-10', cuota: '300' }),
    contractRecord({ id: '4', supervisor: 'Ana', un: 'MEDICINA', date: '2026-02-03', cuota: '400' }),
    contractRecord({ id: '5', supervisor: 'LILIANA', date: '2026-01-02', cuota: '500' }),
    contractRecord({ id: '6', supervisor: 'ANA', un: 'MEDICINA', date: '15/12/2025', cuota: '60' }),
    contractRecord({ id: '7', supervisor: 'ANA', date: 'no date', cuota: '70' }),
  ],
  cartera: [
    // Contract 1: 2 COBRADOR vs 1 DEBITO -> COBRADOR; cartera debt 100 + 100 + 150 = 350.
    gestion('1', '01/2026', 'COBRADOR', '0', '100'),
    gestion('1', '02/2026', 'COBRADOR', '0', '100'),
    gestion('1', '03/2026', 'DEBITO', '50', '100'),
    // Contract 2: a tie -> DEBITO. Contract 3 has no snapshot -> S/D.
    gestion('2', '01/2026', 'COBRADOR'),
    gestion('2', '02/2026', 'DEBITO'),
    gestion('4', '02/2026', 'BANCO'),
    gestion('5', '01/2026', 'DEBITO'),
    gestion('6', '12/2025', 'COBRADOR'),
  ],
});

function row(
  month: string,
  supervisor: string,
  un: string,
  via: string,
  montoCuota: number,
  commission: number,
): BrokersRow {
  return {
    month,
    year: month.slice(3),
    monthPart: month.slice(0, 2),
    supervisor,
    un,
    via,
    count: 1,
    montoCuota,
    commission,
    mora3m: 0,
    prize: 0,
  };
}

describe('brokersSummary: rows, commissions, prizes', () => {
  it('groups the enabled supervisors sales by (month, supervisor, UN, via) in month order', () => {
    const b = brokersSummary(ds, request(), config);
    expect(b.rows).toEqual([
      row('12/2025', 'ANA', 'MEDICINA', 'COBRADOR', 60, 60),
      row('01/2026', 'FVBROKEREAS', 'ODONTOLOGIA', 'COBRADOR', 100, 200),
      row('01/2026', 'FVBROKEREAS', 'ODONTOLOGIA', 'DEBITO', 200, 200),
      row('01/2026', 'FVBROKEREASCDE', 'ODONTOLOGIA', 'S/D', 300, 300),
      row('02/2026', 'ANA', 'MEDICINA', 'DEBITO', 400, 600),
    ]);
    expect(b.summary).toEqual({ totalContracts: 5, totalSupervisors: 3 });
  });

  it('pays the best prize per (month, supervisor) and merges FVBROKEREAS(CDE) into FVBROKERS', () => {
    const b = brokersSummary(ds, request(), config);
    expect(b.prizeByMonthSup).toEqual({
      '12/2025__ANA': 0,
      '01/2026__FVBROKEREAS': 300,
      '01/2026__FVBROKEREASCDE': 0,
      '02/2026__ANA': 0,
    });
    expect(b.unifiedPrizeByMonthSup).toEqual({
      '12/2025__ANA': 0,
      '01/2026__FVBROKERS': 500,
      '02/2026__ANA': 0,
    });
  });

  it('reads supervisor and via spelled loosely', () => {
    const fv = brokersSummary(ds, request({ supervisors: ['fvbrokereas.'] }), config);
    expect(fv.rows.map((r) => [r.supervisor, r.via])).toEqual([
      ['FVBROKEREAS', 'COBRADOR'],
      ['FVBROKEREAS', 'DEBITO'],
    ]);
    expect(fv.summary).toEqual({ totalContracts: 2, totalSupervisors: 1 });
    expect(fv.unifiedPrizeByMonthSup).toEqual({ '01/2026__FVBROKERS': 300 });
    const cobrador = brokersSummary(ds, request({ vias: [' cobrador'] }), config);
    expect(cobrador.rows.map((r) => r.month)).toEqual(['12/2025', '01/2026']);
  });

  it('filters by UN, sale year, sale month and via (S/D included)', () => {
    const months = (r: Partial<BrokersSummaryRequest>) =>
      brokersSummary(ds, request(r), config).rows.map((x) => x.month);
    expect(months({ uns: ['MEDICINA'] })).toEqual(['12/2025', '02/2026']);
    expect(months({ years: ['2025'] })).toEqual(['12/2025']);
    expect(months({ months: ['02/2026'] })).toEqual(['02/2026']);
    expect(months({ vias: ['S/D'] })).toEqual(['01/2026']);
  });

  it('answers nothing for a supervisor outside the enabled scope', () => {
    expect(brokersSummary(ds, request({ supervisors: ['LILIANA'] }), config)).toEqual({
      rows: [],
      prizeByMonthSup: {},
      unifiedPrizeByMonthSup: {},
      summary: { totalContracts: 0, totalSupervisors: 0 },
    });
  });

  it('an empty scope enables every supervisor', () => {
    const b = brokersSummary(ds, request(), { ...config, supervisors: [] });
    expect(b.summary).toEqual({ totalContracts: 6, totalSupervisors: 4 });
  });

  it('brokers-scope-ignored variant lets a disabled supervisor in', () => {
    const b = brokersSummary(ds, request(), config, { brokersScopeIgnored: true });
    expect(b.summary.totalContracts).toBe(6);
    expect(b.rows).toContainEqual(row('01/2026', 'LILIANA', 'ODONTOLOGIA', 'DEBITO', 500, 500));
  });

  it('brokers-montocuota-from-debt variant sums cartera debt instead of the instalment', () => {
    const b = brokersSummary(ds, request({ months: ['01/2026'], vias: ['COBRADOR'] }), config, {
      brokersMontoCuotaFromDebt: true,
    });
    expect(b.rows.map((r) => [r.montoCuota, r.commission])).toEqual([[350, 200]]);
  });

  it('commission-factor-ignored variant pays no commission', () => {
    const b = brokersSummary(ds, request(), config, { commissionReadsRate: true });
    expect(b.rows.map((r) => r.commission)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('commissionOf / prizeOf', () => {
  const rules: CommissionRule[] = [
    { supervisors: ['A'], uns: ['U'], vias: ['COBRADOR'], months: ['01/2026'], factor: 3 },
    { supervisors: ['A'], uns: ['U'], vias: ['COBRADOR'], months: [], factor: 2 },
    { supervisors: ['A'], uns: [], vias: ['__ALL__'], months: [], factor: 9 },
  ];
  const sale = { supervisor: 'A', un: 'U', via: 'COBRADOR', month: '01/2026', montoCuota: 10 };

  it('uses the first matching rule in stored order; empty months match every month', () => {
    expect(commissionOf(rules, sale)).toBe(30);
    expect(commissionOf(rules, { ...sale, month: '02/2026' })).toBe(20);
    // Empty uns matches nothing (only months treat empty as "all").
    expect(commissionOf(rules, { ...sale, un: 'V' })).toBe(0);
    expect(commissionOf(rules, { ...sale, supervisor: 'B' })).toBe(0);
  });

  it('the rate variant reads `rate` when a rule has it', () => {
    const withRate: (CommissionRule & { rate: number })[] = [
      { supervisors: ['A'], uns: ['U'], vias: ['COBRADOR'], months: [], factor: 2, rate: 0.5 },
    ];
    expect(commissionOf(withRate, sale, { commissionReadsRate: true })).toBe(5);
    expect(commissionOf(rules, sale, { commissionReadsRate: true })).toBe(0);
  });

  it('pays the scale with the highest minPct reached; meta <= 0 rules are skipped', () => {
    const prizes = config.prizes;
    expect(prizeOf(prizes, 'FVBROKEREAS', '05/2025', new Map([['ODONTOLOGIA', 1]]))).toBe(100);
    expect(prizeOf(prizes, 'FVBROKEREAS', '05/2025', new Map([['ODONTOLOGIA', 3]]))).toBe(500);
    expect(prizeOf(prizes, 'FVBROKEREAS', '05/2025', new Map([['MEDICINA', 3]]))).toBe(0);
    expect(prizeOf(prizes, 'ANA', '05/2025', new Map([['MEDICINA', 3]]))).toBe(0);
    expect(prizeOf(prizes, 'ANA', '01/2026', new Map([['MEDICINA', 3]]))).toBe(200);
  });

  it('normalizes a request', () => {
    expect(
      normalizeBrokersRequest({ supervisors: ['maria  gonzalez-', ' '], vias: ['debito'], uns: [' U '] }),
    ).toEqual({ supervisors: ['MARIA GONZALEZ'], uns: ['U'], years: [], months: [], vias: ['DEBITO'] });
  });
});

describe('brokersSummary: Mora 3M', () => {
  const fv = (id: string, date: string, un = 'ODONTOLOGIA') =>
    contractRecord({ id, supervisor: 'FVBROKEREAS', date, un, cuota: '1' });
  const closing = (id: string, month: string, cierre: string, tramo: string, via: string) =>
    carteraRecord({ id, month, cierre, tramo, via });
  const moraDs = datasetFromRecords({
    contratos: [
      fv('1', '2026-01-05'),
      fv('2', '2026-01-20'),
      fv('7', '2025-09-10'),
      fv('8', '2025-10-20'),
      fv('9', '05/09/2025'),
      fv('10', '2025-07-01'),
      fv('11', '2025-06-30'),
      fv('12', '2025-09-10'),
      contractRecord({ id: '13', supervisor: 'FVBROKEREASCDE', date: '2025-09-10' }),
      fv('14', '2025-09-10 08:00:00'),
      fv('15', '2025-09-10', ''),
    ],
    cartera: [
      closing('1', '01/2026', '2026-01-31', '0', 'COBRADOR'),
      closing('2', '01/2026', '2026-01-31', '0', 'DEBITO'),
      closing('7', '01/2026', '2026-01-31', '5', 'COBRADOR'), // 4 months: counts
      closing('8', '01/2026', '2026-01-19', '4', 'COBRADOR'), // 3 months minus 1 (day 19 < 20): no
      closing('8', '02/2026', '2026/01/31', '6', 'COBRADOR'), // YYYY/MM/DD: no antiquity
      closing('9', '01/2026', '2026-01-31', '4', 'COBRADOR'), // 4 months: counts
      closing('9', '02/2026', '31/01/2026', '5', 'COBRADOR'), // same contract and month: counted once
      closing('10', '01/2026', '2026-01-31', '7', 'DEBITO'), // 6 months: counts, on the DEBITO row
      closing('11', '01/2026', '2026-01-31', '4', 'COBRADOR'), // 7 months: no
      closing('12', '01/2026', '2026-01-31', '3', 'COBRADOR'), // vigente: no
      closing('13', '01/2026', '2026-01-31', '5', 'COBRADOR'), // FVBROKEREASCDE has no 01/2026 sale row
      closing('14', '01/2026', '2026-01-31', '5', 'COBRADOR'), // sale date with a time: no antiquity
      closing('15', '01/2026', '2026-01-31', '4', 'COBRADOR'), // blank contract UN: the snapshot's UN
    ],
  });
  const scopeFree: BrokersConfig = { supervisors: [], commissions: [], prizes: [] };
  const mora = (r: Partial<BrokersSummaryRequest>, vigenteMaxTramo?: number) =>
    brokersSummary(moraDs, request(r), scopeFree, { vigenteMaxTramo }).rows.map((x) => [
      x.month,
      x.supervisor,
      x.via,
      x.mora3m,
    ]);

  it('counts distinct delinquent contracts closing in the row month with 4-6 months of antiquity', () => {
    expect(mora({ months: ['01/2026'] })).toEqual([
      ['01/2026', 'FVBROKEREAS', 'COBRADOR', 3],
      ['01/2026', 'FVBROKEREAS', 'DEBITO', 1],
    ]);
    expect(mora({ years: ['2026'], vias: ['cobrador'] })).toEqual([
      ['01/2026', 'FVBROKEREAS', 'COBRADOR', 3],
    ]);
  });

  it('reports Mora 3M only on rows with sales', () => {
    const all = brokersSummary(moraDs, request(), scopeFree);
    expect(all.rows.filter((r) => r.month !== '01/2026').every((r) => r.mora3m === 0)).toBe(true);
    expect(all.rows.some((r) => r.supervisor === 'FVBROKEREASCDE' && r.month === '01/2026')).toBe(false);
  });

  it('follows the vigente boundary of the variant', () => {
    // With tramo 4 vigente, contracts 9 (its tramo 5 row still counts) and 7 remain; 15 drops.
    expect(mora({ months: ['01/2026'] }, 4)).toEqual([
      ['01/2026', 'FVBROKEREAS', 'COBRADOR', 2],
      ['01/2026', 'FVBROKEREAS', 'DEBITO', 1],
    ]);
  });
});
