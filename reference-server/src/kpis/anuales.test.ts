import { describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../data/dataset.ts';
import { carteraRecord, contractRecord, filtersOf, paymentRecord } from '../data/tiny-records.ts';
import { anuales } from './anuales.ts';

// Cutoff = 03/2026 (latest gestion month). Cohort 2024: K1, K2, K5; cohort 2025: K3, K4.
const ds = datasetFromRecords({
  contratos: [
    contractRecord({ id: '1', date: '2024-01-10', cuota: '100', culminacion: '2025-12-05' }),
    // Sold DD/MM/YYYY with no instalment: the cartera instalment (mean of its 02/2026 rows) is used.
    contractRecord({ id: '2', date: '15/03/2024', cuota: '0', culminacion: '2026-02-20' }),
    contractRecord({ id: '3', date: '2025-06-01', cuota: '200' }),
    contractRecord({
      id: '4',
      date: '2025-07-01',
      cuota: '50',
      un: 'OFTALMOLOGIA',
      culminacion: '2026-06-01',
    }),
    contractRecord({ id: '5', date: '2024-05-01', cuota: '10', culminacion: '2026-01-10' }),
    contractRecord({ id: '6', date: 'unknown', cuota: '999' }),
  ],
  cartera: [
    carteraRecord({ id: '1', month: '12/2025', tramo: '0', cuota: '100' }),
    carteraRecord({ id: '1', month: '03/2026', tramo: '5', cuota: '100' }),
    carteraRecord({ id: '2', month: '02/2026', tramo: '1', cuota: '80' }),
    carteraRecord({ id: '2', month: '02/2026', tramo: '1', cuota: '120' }),
    carteraRecord({ id: '3', month: '03/2026', tramo: '3', cuota: '200' }),
    carteraRecord({ id: '5', month: '01/2026', tramo: '6', cuota: '10' }),
  ],
  cobranzas: [
    paymentRecord({ id: '1', month: '11/2025', amount: '0' }),
    paymentRecord({ id: '1', month: '12/2025', amount: '100' }),
    paymentRecord({ id: '1', month: '12/2025', amount: '50' }),
    paymentRecord({ id: '1', month: '01/2026', amount: '100' }),
    paymentRecord({ id: '1', month: '04/2026', amount: '100' }),
    paymentRecord({ id: '2', month: '01/2026', amount: '90' }),
    paymentRecord({ id: '3', month: '10/2025', amount: '200' }),
    paymentRecord({ id: '3', month: '11/2025', amount: '200' }),
  ],
});

const ZERO_CULMINATED = {
  culminados: 0,
  culminadosVigentes: 0,
  tkpContratoCulminado: 0,
  tkpPagoCulminado: 0,
  tkpContratoCulminadoVigente: 0,
  tkpPagoCulminadoVigente: 0,
  ltvCulminadoVigente: 0,
};

describe('anuales', () => {
  it('computes the yearly cohorts by hand', () => {
    const a = anuales(ds, filtersOf());
    expect(a.cutoff).toBe('03/2026');
    expect(a.meta.cutoff).toBe('03/2026');
    expect(a.rows).toEqual([
      {
        year: '2024',
        contracts: 3,
        // K1 is moroso at the cutoff; K2 and K5 have no cutoff snapshot and count as vigente.
        contractsVigentes: 2,
        tkpContrato: 70, // (100 + mean(80, 120) + 10) / 3
        tkpTransaccional: 68, // (0 + 100 + 50 + 100 + 90) / 5 transactions up to 03/2026 (a zero one included)
        tkpPago: 88, // months 11/2025 0, 12/2025 150, 01/2026 100, 04/2026 100 (year <= 2026), K2 90
        culminados: 3,
        culminadosVigentes: 2, // K5 is tramo 6 in its culmination month
        tkpContratoCulminado: 70,
        tkpPagoCulminado: 80, // K1 months <= 12/2025: 0, 150; K2 <= 02/2026: 90
        tkpContratoCulminadoVigente: 100,
        tkpPagoCulminadoVigente: 80,
        // Only K1 (K2's sale date is not YYYY-MM-DD): 23 months, expected 2300, collected 150.
        ltvCulminadoVigente: 1.5,
      },
      {
        year: '2025',
        contracts: 2,
        contractsVigentes: 2,
        tkpContrato: 125,
        tkpTransaccional: 200,
        tkpPago: 200,
        ...ZERO_CULMINATED,
      },
    ]);
  });

  it('filters by contract UN, sale year and sale month, echoing those three keys', () => {
    const oftalmo = anuales(ds, filtersOf({ un: ['OFTALMOLOGIA'], supervisor: ['ignored'] }));
    expect(oftalmo.rows).toEqual([
      {
        year: '2025',
        contracts: 1,
        contractsVigentes: 1,
        tkpContrato: 50,
        tkpTransaccional: 0,
        tkpPago: 0,
        ...ZERO_CULMINATED,
      },
    ]);
    expect(oftalmo.meta.filters).toEqual({ un: ['OFTALMOLOGIA'], anio: [], contract_month: [] });
    expect(anuales(ds, filtersOf({ anio: ['2024'] })).rows.map((r) => r.year)).toEqual(['2024']);
    const june = anuales(ds, filtersOf({ contract_month: ['06/2025'] }));
    expect(june.rows.map((r) => [r.year, r.contracts, r.tkpContrato])).toEqual([['2025', 1, 200]]);
  });

  it('answers an empty dataset with no rows', () => {
    const empty = anuales(datasetFromRecords({}), filtersOf());
    expect(empty.rows).toEqual([]);
    expect(empty.cutoff).toBeNull();
  });
});
