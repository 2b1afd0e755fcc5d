import { describe, expect, it } from 'vitest';
import { datasetFromRecords } from '../data/dataset.ts';
import { carteraRecord, contractRecord, filtersOf } from '../data/tiny-records.ts';
import { moraTrend } from './mora.ts';

const snap = (id: string, month: string, tramo: string, cuota = '0', un = 'ODONTOLOGIA') =>
  carteraRecord({ id, month, tramo, cuota, un });

// Hand-computed per month (transitions / vigente base / cuotas of the transitions):
// 12/2024: E vigente                                    -> 0 / 1
// 01/2025: E 0 -> 4                                     -> 1 / 0, cuota 70
// 04/2025: A, B, D, F vigente                           -> 0 / 4
// 05/2025: A 0->5, D 1->max(2,4)=4, F 2->7; C first     -> 3 / 7 (V1..V7), cuotas 100, 300, 90
// 06/2025: B 3 (04/2025, a gap month) -> 4; A 5->6 no   -> 1 / 1 (V1), cuota 50
const ds = datasetFromRecords({
  contratos: [contractRecord({ id: '1', supervisor: 'ANA' })],
  cartera: [
    snap('1', '04/2025', '0', '100'),
    snap('1', '05/2025', '5', '100'),
    snap('1', '06/2025', '6', '100'),
    snap('2', '04/2025', '3', '50'),
    snap('2', '06/2025', '4', '50'),
    snap('3', '05/2025', '4', '999'),
    snap('4', '04/2025', '1', '300'),
    snap('4', '05/2025', '2', '200'),
    snap('4', '05/2025', '4', '300'),
    snap('5', '12/2024', '0', '70'),
    snap('5', '1/2025', '4', '70'),
    snap('6', '04/2025', '2', '90', 'OFTALMOLOGIA'),
    snap('6', '05/2025', '7', '90', 'OFTALMOLOGIA'),
    ...['11', '12', '13', '14', '15', '16', '17'].map((id) => snap(id, '05/2025', '0')),
    snap('11', '06/2025', '1'),
  ],
});

describe('moraTrend', () => {
  it('counts vigente -> moroso transitions against the vigente base, months in order', () => {
    const m = moraTrend(ds, filtersOf());
    expect(m.labels).toEqual(['12/2024', '01/2025', '04/2025', '05/2025', '06/2025']);
    expect(m.moroso_transition_count).toEqual([0, 1, 0, 3, 1]);
    expect(m.vigente_base_count).toEqual([1, 0, 4, 7, 1]);
    // 01/2025 has transitions but no base: pct is 0. 3/7*100 = 42.857142... -> 42.857.
    expect(m.moroso_transition_pct).toEqual([0, 0, 0, 42.857, 100]);
    expect(m.avg_cuota[0]).toBe(0);
    expect(m.avg_cuota[1]).toBe(70);
    expect(m.avg_cuota[3]).toBeCloseTo(490 / 3, 9);
    expect(m.avg_cuota[4]).toBe(50);
    expect(m.meta.cutoff).toBe('06/2025');
  });

  it('searches the previous snapshot over the whole history, not the filtered rows', () => {
    const m = moraTrend(ds, filtersOf({ gestion_month: ['05/2025'] }));
    expect(m.labels).toEqual(['05/2025']);
    expect(m.moroso_transition_count).toEqual([3]);
  });

  it('adds requested months with no data and echoes every key sorted', () => {
    const m = moraTrend(ds, filtersOf({ gestion_month: ['05/2025', '03/2025'], supervisor: ['ANA'] }));
    expect(m.labels).toEqual(['03/2025', '05/2025']);
    expect(m.moroso_transition_count).toEqual([0, 1]);
    expect(m.vigente_base_count).toEqual([0, 0]);
    expect(m.meta.filters).toEqual({
      un: [],
      anio: [],
      gestion_month: ['03/2025', '05/2025'],
      via_cobro: [],
      categoria: [],
      supervisor: ['ANA'],
    });
    expect(m.meta.cutoff).toBe('05/2025');
  });

  it('applies un and anio (year of the gestion month)', () => {
    const odonto = moraTrend(ds, filtersOf({ un: ['ODONTOLOGIA'], gestion_month: ['05/2025'] }));
    expect(odonto.moroso_transition_count).toEqual([2]);
    expect(odonto.avg_cuota).toEqual([200]);
    expect(moraTrend(ds, filtersOf({ anio: ['2024'] })).labels).toEqual(['12/2024']);
  });

  it('counts no transition when categoria is set without MOROSO (the base still counts)', () => {
    const vigente = moraTrend(ds, filtersOf({ categoria: ['VIGENTE'] }));
    expect(vigente.moroso_transition_count).toEqual([0, 0, 0, 0, 0]);
    expect(vigente.vigente_base_count).toEqual([1, 0, 4, 7, 1]);
    expect(moraTrend(ds, filtersOf({ categoria: ['MOROSO'] })).moroso_transition_count).toEqual([
      0, 1, 0, 3, 1,
    ]);
  });

  it('mora-pct-previous-base variant divides by the previous label base', () => {
    const m = moraTrend(ds, filtersOf(), { moraPctPreviousBase: true });
    // [0 (no previous), 1/1, 0/0, 3/4, 1/7] * 100
    expect(m.moroso_transition_pct).toEqual([0, 100, 0, 75, 14.286]);
  });

  it('vigente-off-by-one variant moves the boundary', () => {
    const m = moraTrend(ds, filtersOf({ gestion_month: ['05/2025'] }), { vigenteMaxTramo: 4 });
    // A 0->5 and F 2->7 transition; C and D (tramo 4) join the base of 7.
    expect(m.moroso_transition_count).toEqual([2]);
    expect(m.vigente_base_count).toEqual([9]);
  });
});
