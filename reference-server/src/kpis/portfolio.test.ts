import { describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../data/dataset.ts';
import { carteraRecord, contractRecord, filtersOf, paymentRecord } from '../data/tiny-records.ts';
import { portfolioSummary, portfolioTrend } from './portfolio.ts';

// r1..r5 (hand-computed below): contract 2 has a duplicate 04/2025 row; contract 3 is not in contratos.
const ds = datasetFromRecords({
  contratos: [
    contractRecord({ id: '1', supervisor: 'ANA' }),
    contractRecord({ id: '2', supervisor: ' BETO ', un: 'MEDICINA ESTETICA' }),
  ],
  cartera: [
    carteraRecord({ id: '1', month: '04/2025', tramo: '0', cuota: '100', vencido: '0', via: 'COBRADOR' }),
    carteraRecord({ id: '1', month: '5/2025', tramo: '4', cuota: '100', vencido: '50,5', via: 'COB' }),
    carteraRecord({
      id: '2',
      month: '04/2025',
      tramo: '4.0',
      cuota: '200',
      vencido: '200',
      via: 'BANCO BASA',
      un: 'MEDICINA ESTETICA',
    }),
    carteraRecord({
      id: '2',
      month: '04/2025',
      tramo: '1',
      cuota: '200',
      vencido: '0',
      via: 'DEBITO',
      un: 'MEDICINA ESTETICA',
    }),
    carteraRecord({ id: '3', month: '05/2025', tramo: '2', cuota: '50', vencido: '0', via: '', un: '' }),
  ],
  cobranzas: [
    paymentRecord({ id: '1', month: '04/2025', amount: '80', vp: 'COBRADOR' }),
    paymentRecord({ id: '1', month: '04/2025', amount: '20', vp: 'DEBITO' }),
    paymentRecord({ id: '2', month: '04/2025', amount: '150', vp: 'DEBITO' }),
    paymentRecord({ id: '2', month: '05/2025', amount: '999', vp: 'DEBITO' }),
    paymentRecord({ id: '3', month: '05/2025', amount: '0' }),
    paymentRecord({ id: '1', month: '05/2025', amount: '30,5', vp: 'COBRADOR' }),
  ],
});

describe('portfolioSummary', () => {
  it('counts snapshots, sums debt and the paid of each distinct (contract, month)', () => {
    const s = portfolioSummary(ds, filtersOf());
    expect(s).toMatchObject({ total: 5, vigente: 3, moroso: 2, cobrador: 2, debito: 3 });
    expect(s.totalDebt).toBe(900.5);
    // (1,04) 100 + (1,05) 30.5 + (2,04) 150 counted once despite its duplicate row; (2,05) has no snapshot.
    expect(s.totalPaid).toBe(280.5);
    expect(s.meta.source).toBe('api');
    expect(s.meta.cutoff).toBe('05/2025');
    expect(s.meta.filters).toEqual({});
  });

  it('applies un, gestion_month, via_cobro, categoria, supervisor', () => {
    expect(portfolioSummary(ds, filtersOf({ supervisor: ['ANA'] }))).toMatchObject({
      total: 2,
      totalPaid: 130.5,
    });
    expect(portfolioSummary(ds, filtersOf({ supervisor: ['BETO'] }))).toMatchObject({
      total: 2,
      totalDebt: 600,
    });
    expect(portfolioSummary(ds, filtersOf({ supervisor: ['S/D'] }))).toMatchObject({
      total: 1,
      totalDebt: 50,
    });
    expect(portfolioSummary(ds, filtersOf({ un: ['S/D'] }))).toMatchObject({ total: 1 });
    expect(portfolioSummary(ds, filtersOf({ categoria: ['MOROSO'] }))).toMatchObject({
      total: 2,
      totalDebt: 550.5,
      totalPaid: 180.5,
    });
    expect(portfolioSummary(ds, filtersOf({ via_cobro: ['DEBITO'] }))).toMatchObject({ total: 3, debito: 3 });
    const april = portfolioSummary(ds, filtersOf({ gestion_month: ['04/2025'] }));
    expect(april).toMatchObject({ total: 3, totalDebt: 700, totalPaid: 250 });
    expect(april.meta.cutoff).toBe('04/2025');
    expect(april.meta.filters).toEqual({ gestion_month: ['04/2025'] });
  });

  it('ignores tramo, via_pago, anio and contract_month', () => {
    const ignored = portfolioSummary(
      ds,
      filtersOf({ tramo: ['9'], via_pago: ['X'], anio: ['1999'], contract_month: ['01/1999'] }),
    );
    expect(ignored).toMatchObject({ total: 5, totalDebt: 900.5, totalPaid: 280.5 });
  });

  it('reports an empty selection with a null cutoff', () => {
    const none = portfolioSummary(ds, filtersOf({ un: ['NOPE'] }));
    expect(none).toMatchObject({ total: 0, totalDebt: 0, totalPaid: 0 });
    expect(none.meta.cutoff).toBeNull();
  });

  it('vigente-off-by-one variant moves tramo 4 into VIGENTE', () => {
    expect(portfolioSummary(ds, filtersOf(), { vigenteMaxTramo: 4 })).toMatchObject({
      vigente: 5,
      moroso: 0,
    });
    expect(portfolioSummary(ds, filtersOf(), { vigenteMaxTramo: 1 })).toMatchObject({
      vigente: 2,
      moroso: 3,
    });
  });
});

describe('portfolioTrend', () => {
  it('breaks the summary down by gestion month', () => {
    const t = portfolioTrend(ds, filtersOf());
    expect(t.byGestion).toEqual({
      '04/2025': {
        total: 3,
        vigente: 2,
        moroso: 1,
        cobrador: 1,
        debito: 2,
        debt: 700,
        paid: 250,
        paidContracts: 3,
      },
      '05/2025': {
        total: 2,
        vigente: 1,
        moroso: 1,
        cobrador: 1,
        debito: 1,
        debt: 200.5,
        paid: 30.5,
        paidContracts: 1,
      },
    });
    expect(t.meta.cutoff).toBe('05/2025');
  });

  it('orders months by year * 12 + month', () => {
    const months = datasetFromRecords({
      cartera: [
        carteraRecord({ id: '1', month: '01/2026' }),
        carteraRecord({ id: '1', month: '12/2025' }),
        carteraRecord({ id: '1', month: '9/2025' }),
      ],
    });
    const t = portfolioTrend(months, filtersOf());
    expect(Object.keys(t.byGestion)).toEqual(['09/2025', '12/2025', '01/2026']);
    expect(t.meta.cutoff).toBe('01/2026');
  });
});
