import { describe, expect, it } from 'vitest';
import { contractMonthKey, datasetFromRecords } from './dataset.ts';
import { monthIndexOf } from './normalize.ts';
import { carteraRecord, contractRecord, gestorRecord, paymentRecord } from './tiny-records.ts';

describe('datasetFromRecords: cartera', () => {
  const ds = datasetFromRecords({
    contratos: [
      contractRecord({ id: '7', supervisor: '  ANA  ' }),
      contractRecord({ id: '8', supervisor: ' ' }),
    ],
    cartera: [
      carteraRecord({ id: '', month: '04/2025' }),
      carteraRecord({ id: 'C-7', month: '4/2025', tramo: '4.0', cuota: '100', vencido: '50,5', via: 'cob' }),
      carteraRecord({ id: '7', month: 'abril', tramo: '1' }),
      carteraRecord({ id: '8', month: '05/2025', tramo: 'x', un: ' ', via: 'BANCO BASA' }),
      carteraRecord({ id: '9', month: '2025-06-30', cierre: '2025/06/30' }),
    ],
  });

  it('skips rows with a blank id or no gestion month, with a warning each', () => {
    expect(ds.cartera.map((r) => r.contractId)).toEqual(['7', '8', '9']);
    expect(ds.warnings.filter((w) => w.startsWith('cartera.csv')).length).toBeGreaterThanOrEqual(2);
  });

  it('normalizes each cell', () => {
    const [first, second, third] = ds.cartera;
    expect(first).toMatchObject({
      gestionMonth: '04/2025',
      monthIndex: monthIndexOf(2025, 4),
      year: '2025',
      tramoText: '4.0',
      tramo: 4,
      montoCuota: 100,
      montoVencido: 50.5,
      debt: 150.5,
      viaCobro: 'COBRADOR',
      supervisor: 'ANA',
    });
    expect(second).toMatchObject({ tramo: 0, un: 'S/D', viaCobro: 'DEBITO', supervisor: 'S/D' });
    // Unknown contract -> S/D supervisor; fecha_cierre with slashes still yields a closing month.
    expect(third).toMatchObject({ gestionMonth: '06/2025', supervisor: 'S/D', closingMonth: '06/2025' });
  });

  it('numbers kept rows by position', () => {
    expect(ds.cartera.map((r) => r.index)).toEqual([0, 1, 2]);
  });
});

describe('datasetFromRecords: payments, contracts, gestores', () => {
  const ds = datasetFromRecords({
    cartera: [carteraRecord({ id: '1', month: '04/2025' })],
    cobranzas: [
      paymentRecord({ id: '1', month: '4/2025', amount: '100', vp: ' ' }),
      paymentRecord({ id: '1', month: '04/2025', amount: '20,5', vp: 'DEBITO' }),
      paymentRecord({ id: '1', month: '05/2025', amount: '0' }),
      paymentRecord({ id: '', month: '05/2025', amount: '10' }),
      paymentRecord({ id: '1', month: '13/2025', amount: '10' }),
    ],
    contratos: [
      contractRecord({ id: 'K-2', date: '15/03/2024', cuota: '211000,00', culminacion: '2025-12-05' }),
      contractRecord({ id: '3', date: 'sometime' }),
    ],
    gestores: [
      gestorRecord('1', '2025-04-01', 'ANA'),
      gestorRecord('1', '2025-04-15 00:00:00', 'BETO'),
      gestorRecord('2', '2025-04-01', ''),
    ],
  });

  it('builds payment months from Mes/Año, drops blank ids and bad months, blank VP is S/D', () => {
    expect(ds.payments.map((p) => [p.month, p.amount, p.viaPago])).toEqual([
      ['04/2025', 100, 'S/D'],
      ['04/2025', 20.5, 'DEBITO'],
      ['05/2025', 0, 'COBRADOR'],
    ]);
  });

  it('ignores zero payments in paid amounts but keeps them per contract', () => {
    const april = ds.indexes.paidByContractMonth.get(contractMonthKey('1', monthIndexOf(2025, 4)));
    expect(april?.total).toBe(120.5);
    expect(april?.vias).toEqual([
      { via: 'S/D', amount: 100 },
      { via: 'DEBITO', amount: 20.5 },
    ]);
    expect(ds.indexes.paidByContractMonth.has(contractMonthKey('1', monthIndexOf(2025, 5)))).toBe(false);
    expect(ds.indexes.paymentsByContract.get('1')?.length).toBe(3);
    expect(ds.indexes.rowPaid[0]?.total).toBe(120.5);
  });

  it('normalizes contracts', () => {
    expect(ds.contracts.get('2')).toMatchObject({
      saleMonth: '03/2024',
      montoCuota: 211000,
      culminationMonth: '12/2025',
      supervisor: 'SUP',
      brokersSupervisor: 'SUP',
    });
    expect(ds.contracts.get('3')?.saleMonth).toBeNull();
  });

  it('takes the later gestor row of a (contract, month); a blank name is S/D', () => {
    expect(ds.indexes.gestorByContractMonth.get(contractMonthKey('1', monthIndexOf(2025, 4)))).toBe('BETO');
    expect(ds.indexes.gestorByContractMonth.get(contractMonthKey('2', monthIndexOf(2025, 4)))).toBe('S/D');
    expect(ds.indexes.rowGestor[0]).toBe('BETO');
  });
});

describe('datasetFromRecords: indexes', () => {
  const ds = datasetFromRecords({
    cartera: [
      carteraRecord({ id: '1', month: '05/2025', tramo: '1', via: 'DEBITO' }),
      carteraRecord({ id: '1', month: '04/2025', tramo: '2', via: 'COBRADOR' }),
      carteraRecord({ id: '1', month: '05/2025', tramo: '5', via: 'COBRADOR' }),
      carteraRecord({ id: '1', month: '07/2025', tramo: '4', via: 'DEBITO' }),
      carteraRecord({ id: '2', month: '12/2025', tramo: '0', via: 'COBRADOR' }),
      carteraRecord({ id: '2', month: '1/2026', tramo: '4', via: 'COB' }),
      carteraRecord({ id: '2', month: '9/2025', tramo: '0', via: 'DEBITO' }),
    ],
  });

  it('finds the previous snapshot over the whole history (highest tramo of a duplicated month)', () => {
    expect(ds.indexes.previousTramo).toEqual([2, null, 2, 5, 0, 0, null]);
  });

  it('groups duplicate (contract, month) rows onto their first row', () => {
    expect(ds.indexes.rowUnit).toEqual([0, 1, 0, 3, 4, 5, 6]);
  });

  it('contract via is COBRADOR only with strictly more COBRADOR snapshots', () => {
    // Contract 1: 2 COBRADOR vs 2 DEBITO -> DEBITO; contract 2: 2 vs 1 -> COBRADOR.
    expect(ds.indexes.contractVia.get('1')).toBe('DEBITO');
    expect(ds.indexes.contractVia.get('2')).toBe('COBRADOR');
  });

  it('latest month is by month order, not text order', () => {
    expect(ds.indexes.latestMonth).toBe('01/2026');
    expect(ds.indexes.monthIndexes[0]).toBe(monthIndexOf(2025, 4));
  });

  it('sums each contract debt', () => {
    expect(ds.indexes.carteraDebtByContract.get('1')).toBe(0);
  });
});
