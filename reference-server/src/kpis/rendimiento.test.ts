import { describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../data/dataset.ts';
import {
  carteraRecord,
  contractRecord,
  filtersOf,
  gestorRecord,
  paymentRecord,
} from '../data/tiny-records.ts';
import { rendimiento } from './rendimiento.ts';

// Units: (1,04) debt 100; (1,05) debt 150.5; (2,04) = two rows, debt 400 + 200; (3,05) debt 50.
const ds = datasetFromRecords({
  contratos: [
    contractRecord({ id: '1', supervisor: 'ANA' }),
    contractRecord({ id: '2', supervisor: 'BETO' }),
  ],
  cartera: [
    carteraRecord({ id: '1', month: '04/2025', tramo: '0', cuota: '100', via: 'COBRADOR' }),
    carteraRecord({ id: '1', month: '05/2025', tramo: '4', cuota: '100', vencido: '50,5', via: 'COBRADOR' }),
    carteraRecord({
      id: '2',
      month: '04/2025',
      tramo: '4.0',
      cuota: '200',
      vencido: '200',
      via: 'DEBITO',
      un: 'MEDICINA',
    }),
    carteraRecord({
      id: '2',
      month: '04/2025',
      tramo: '1',
      cuota: '200',
      vencido: '0',
      via: 'DEBITO',
      un: 'MEDICINA',
    }),
    carteraRecord({ id: '3', month: '05/2025', tramo: '2', cuota: '50', via: 'BANCO', un: '' }),
  ],
  cobranzas: [
    paymentRecord({ id: '1', month: '04/2025', amount: '80', vp: 'COBRADOR' }),
    paymentRecord({ id: '1', month: '04/2025', amount: '20', vp: 'DEBITO' }),
    paymentRecord({ id: '1', month: '05/2025', amount: '30,5', vp: 'COBRADOR' }),
    paymentRecord({ id: '2', month: '04/2025', amount: '150', vp: 'DEBITO' }),
    paymentRecord({ id: '3', month: '05/2025', amount: '0', vp: 'DEBITO' }),
  ],
  gestores: [
    gestorRecord('1', '2025-04-01', 'G1'),
    gestorRecord('2', '2025-04-03', 'G2'),
    gestorRecord('2', '2025-04-20', 'G3'),
    gestorRecord('1', '2025-05-01', ''),
  ],
});

describe('rendimiento', () => {
  it('sums debt and paid per (contract, month) unit with every breakdown', () => {
    const r = rendimiento(ds, filtersOf());
    expect(r).toMatchObject({ totalDebt: 900.5, totalPaid: 280.5, totalContracts: 4, totalContractsPaid: 3 });
    // The duplicated unit (2,04) keeps its first row's tramo text, UN and via.
    expect(r.tramoStats).toEqual({
      '0': { d: 100, p: 100 },
      '4': { d: 150.5, p: 30.5 },
      '4.0': { d: 600, p: 150 },
      '2': { d: 50, p: 0 },
    });
    expect(r.unStats).toEqual({
      ODONTOLOGIA: { d: 250.5, p: 130.5 },
      MEDICINA: { d: 600, p: 150 },
      'S/D': { d: 50, p: 0 },
    });
    expect(r.viaCStats).toEqual({ COBRADOR: { d: 250.5, p: 130.5 }, DEBITO: { d: 650, p: 150 } });
    expect(r.gestorStats).toEqual({
      G1: { d: 100, p: 100 },
      'S/D': { d: 200.5, p: 30.5 },
      G3: { d: 600, p: 150 },
    });
    expect(r.matrixStats).toEqual({ COBRADOR: { COBRADOR: 110.5, DEBITO: 20 }, DEBITO: { DEBITO: 150 } });
    expect(r.trendStats).toEqual({
      '04/2025': { d: 700, p: 250, c: 2, cp: 2 },
      '05/2025': { d: 200.5, p: 30.5, c: 2, cp: 1 },
    });
    expect(r.meta.cutoff).toBe('05/2025');
  });

  it('compares tramo as the raw cell text ("4" is not "4.0")', () => {
    expect(rendimiento(ds, filtersOf({ tramo: ['4'] }))).toMatchObject({
      totalDebt: 150.5,
      totalContracts: 1,
    });
    // Only the "4.0" row of the duplicated pair passes, so only its debt counts.
    expect(rendimiento(ds, filtersOf({ tramo: ['4.0'] }))).toMatchObject({
      totalDebt: 400,
      totalPaid: 150,
      totalContracts: 1,
    });
  });

  it('restricts paid (not the snapshots) to the selected via_pago', () => {
    const r = rendimiento(ds, filtersOf({ via_pago: ['DEBITO'] }));
    expect(r).toMatchObject({ totalDebt: 900.5, totalPaid: 170, totalContracts: 4, totalContractsPaid: 2 });
    expect(r.matrixStats).toEqual({ COBRADOR: { DEBITO: 20 }, DEBITO: { DEBITO: 150 } });
    expect(r.meta.filters).toEqual({ via_pago: ['DEBITO'] });
  });

  it('via-pago-ignored variant counts every payment', () => {
    const r = rendimiento(ds, filtersOf({ via_pago: ['DEBITO'] }), { ignoreViaPago: true });
    expect(r).toMatchObject({ totalPaid: 280.5, totalContractsPaid: 3 });
  });

  it('applies un, gestion_month, via_cobro, categoria, supervisor', () => {
    expect(rendimiento(ds, filtersOf({ supervisor: ['ANA'] }))).toMatchObject({ totalDebt: 250.5 });
    expect(rendimiento(ds, filtersOf({ un: ['MEDICINA'] }))).toMatchObject({ totalDebt: 600 });
    expect(rendimiento(ds, filtersOf({ via_cobro: ['DEBITO'] }))).toMatchObject({ totalDebt: 650 });
    expect(rendimiento(ds, filtersOf({ gestion_month: ['05/2025'] }))).toMatchObject({ totalDebt: 200.5 });
    // VIGENTE keeps r1, r4 (tramo 1 of the duplicated pair) and r5.
    expect(rendimiento(ds, filtersOf({ categoria: ['VIGENTE'] }))).toMatchObject({
      totalDebt: 350,
      totalContracts: 3,
    });
  });

  it('vigente-off-by-one variant changes the categoria filter', () => {
    expect(rendimiento(ds, filtersOf({ categoria: ['VIGENTE'] }), { vigenteMaxTramo: 4 })).toMatchObject({
      totalDebt: 900.5,
    });
  });
});
