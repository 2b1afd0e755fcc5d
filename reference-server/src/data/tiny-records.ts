// Builders for the KPI unit tests: raw CSV records (legacy column names) with sensible defaults, so
// tests can describe tiny datasets row by row and still go through every normalization rule, and
// complete filter objects from partial ones.

import { emptyFilters } from '../kpis/filters.ts';
import { type AnalyticsFilters, FILTER_KEYS } from '../kpis/types.ts';
import type { CsvRecord } from './dataset.ts';

export interface CarteraSpec {
  id: string;
  /** `Fecha gestion` cell. */
  month: string;
  tramo?: string;
  cuota?: string;
  vencido?: string;
  via?: string;
  un?: string;
  cierre?: string;
  fechaContrato?: string;
}

export function carteraRecord(spec: CarteraSpec): CsvRecord {
  return {
    UN: spec.un ?? 'ODONTOLOGIA',
    id_contrato: spec.id,
    fecha_contrato: spec.fechaContrato ?? '',
    via_de_cobro: spec.via ?? 'COBRADOR',
    monto_cuota: spec.cuota ?? '0',
    fecha_cierre: spec.cierre ?? '',
    monto_vencido: spec.vencido ?? '0',
    tramo: spec.tramo ?? '0',
    categoria_tramo: 'Vigentes',
    'Fecha gestion': spec.month,
  };
}

export interface PaymentSpec {
  id: string;
  /** `MM/YYYY` or `M/YYYY`, split into the Mes and Año columns. */
  month: string;
  amount: string;
  vp?: string;
  un?: string;
}

export function paymentRecord(spec: PaymentSpec): CsvRecord {
  const [mes = '', anio = ''] = spec.month.split('/');
  return {
    Año: anio,
    Mes: mes,
    Dia: '1',
    id: '1',
    UN: spec.un ?? 'ODONTOLOGIA',
    contract_id: spec.id,
    VP: spec.vp ?? 'COBRADOR',
    monto: spec.amount,
  };
}

export interface ContractSpec {
  id: string;
  date?: string;
  cuota?: string;
  supervisor?: string;
  un?: string;
  culminacion?: string;
}

export function contractRecord(spec: ContractSpec): CsvRecord {
  return {
    id: spec.id,
    date: spec.date ?? '2024-01-01',
    monto_cuota: spec.cuota ?? '0',
    status: '5',
    Vendedor: 'V',
    Supervisor: spec.supervisor ?? 'SUP',
    UN: spec.un ?? 'ODONTOLOGIA',
    fecha_de_culminacion: spec.culminacion ?? '',
  };
}

export function gestorRecord(id: string, fromDate: string, gestor: string): CsvRecord {
  return { Gestor: gestor, contract_id: id, from_date: fromDate };
}

/** A complete filter object from a partial one (missing keys = all). */
export function filtersOf(partial: Partial<AnalyticsFilters> = {}): AnalyticsFilters {
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = [...(partial[key] ?? [])];
  return filters;
}
