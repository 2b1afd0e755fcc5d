// The normalized in-memory dataset and its per-dataset indexes. `datasetFromRecords` turns
// raw CSV records (column name -> cell text) into a Dataset applying every normalization rule
// of docs/kpis.md; the CSV loader and the unit tests both go through it.

import {
  antiquityMonths,
  monthFromDate,
  monthIndexOfText,
  NO_DATA,
  normalizeBrokersSupervisor,
  normalizeContractId,
  normalizeViaCobro,
  parseAntiquityDate,
  parseInteger,
  parseNumber,
  parseNumberOrNull,
  textOrNoData,
  type ViaCobro,
} from './normalize.ts';

export type CsvRecord = Record<string, string | undefined>;

export interface RawRecords {
  cartera: CsvRecord[];
  cobranzas: CsvRecord[];
  contratos: CsvRecord[];
  gestores: CsvRecord[];
}

export interface CarteraRow {
  /** Position in `Dataset.cartera` (file order of the kept rows). */
  index: number;
  contractId: string;
  gestionMonth: string;
  monthIndex: number;
  /** Year of the gestion month, as text (`anio` filter). */
  year: string;
  un: string;
  /** The tramo cell as written (trimmed): `"4"` and `"4.0"` are different filter values. */
  tramoText: string;
  tramo: number;
  montoCuota: number;
  montoVencido: number;
  debt: number;
  viaCobro: ViaCobro;
  fechaContrato: string;
  fechaCierre: string;
  /** Month of `fecha_cierre` (null when unparseable). */
  closingMonth: string | null;
  /** Portfolio supervisor: the contract's Supervisor trimmed, S/D when blank or unknown. */
  supervisor: string;
}

export interface Payment {
  contractId: string;
  month: string;
  monthIndex: number;
  year: number;
  amount: number;
  viaPago: string;
  un: string;
}

export interface Contract {
  id: string;
  /** The `date` cell as written (the mora-3M antiquity rule reads it with its own parser). */
  date: string;
  saleMonth: string | null;
  saleMonthIndex: number | null;
  montoCuota: number;
  /** Portfolio supervisor (trimmed, S/D when blank). */
  supervisor: string;
  /** Brokers supervisor (upper-cased, whitespace collapsed, trailing punctuation removed). */
  brokersSupervisor: string;
  un: string;
  culminationMonth: string | null;
  culminationMonthIndex: number | null;
  status: string;
}

interface GestorAssignment {
  contractId: string;
  month: string;
  monthIndex: number;
  gestor: string;
}

/** Payments of one (contract, month): total and per via de pago. */
interface PaidCell {
  total: number;
  /** Amount per via de pago, in order of first payment. */
  vias: { via: string; amount: number }[];
}

interface DatasetIndexes {
  /** Snapshots of each contract in month order (file order within a month). */
  carteraByContract: Map<string, CarteraRow[]>;
  /** Payments by `contractMonthKey(contract, monthIndex)`. */
  paidByContractMonth: Map<string, PaidCell>;
  /** Gestor by `contractMonthKey(contract, monthIndex)`. */
  gestorByContractMonth: Map<string, string>;
  paymentsByContract: Map<string, Payment[]>;
  /** Gestion month indexes present in cartera, ascending. */
  monthIndexes: number[];
  /** Latest gestion month in cartera (null when cartera is empty). */
  latestMonth: string | null;
  /**
   * For each cartera row (by `index`): the tramo of the contract's most recent snapshot in a
   * month before the row's month (highest tramo when that month has duplicates), or null.
   */
  previousTramo: (number | null)[];
  /** Brokers "contract via": majority via de cobro over the contract's snapshots, S/D without any. */
  contractVia: Map<string, ViaCobro | typeof NO_DATA>;
  /** Sum of the debt of each contract's snapshots (a planted defect reads it). */
  carteraDebtByContract: Map<string, number>;
  /** Per cartera row (by `index`): the payments of its (contract, month), or null. */
  rowPaid: (PaidCell | null)[];
  /** Per cartera row: the Gestor of its (contract, month), S/D when none. */
  rowGestor: string[];
  /** Per cartera row: the index of the first row with the same (contract, month) (itself when unique). */
  rowUnit: number[];
  /**
   * Per cartera row: the brokers Mora 3M antiquity (whole months from the contract's `date`
   * to the row's `fecha_cierre`) and that closing month; null when either date is unreadable
   * by the legacy's parser or the contract is unknown.
   */
  rowAntiquity: (RowAntiquity | null)[];
}

interface RowAntiquity {
  months: number;
  closingMonth: string;
  closingYear: string;
}

export interface Dataset {
  cartera: CarteraRow[];
  payments: Payment[];
  contracts: Map<string, Contract>;
  gestores: GestorAssignment[];
  indexes: DatasetIndexes;
  /** Row-level problems met while normalizing (skipped or defaulted rows). */
  warnings: string[];
}

export function contractMonthKey(contractId: string, monthIndex: number): string {
  return `${contractId}|${monthIndex}`;
}

/** The first column of `names` present in the record set's header (or in a record). */
export function pickColumn(header: readonly string[], names: readonly string[]): string | undefined {
  return names.find((name) => header.includes(name));
}

export const COBRANZAS_ID_COLUMNS = ['contract_id', 'id_contrato'] as const;
export const COBRANZAS_MONTH_COLUMNS = ['Mes', 'mes', 'month'] as const;
export const COBRANZAS_YEAR_COLUMNS = ['Año', 'Ano', 'year'] as const;
export const CONTRATOS_ID_COLUMNS = ['id', 'contract_id'] as const;

function headerOf(records: readonly CsvRecord[]): string[] {
  const names = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) names.add(key);
  return [...names];
}

function cobranzasMonth(monthCell: string | undefined, yearCell: string | undefined): string | null {
  const month = parseNumberOrNull(monthCell);
  const year = parseNumberOrNull(yearCell);
  if (month === null || year === null || !Number.isInteger(month) || !Number.isInteger(year)) return null;
  if (month < 1 || month > 12 || year < 1000 || year > 9999) return null;
  return `${String(month).padStart(2, '0')}/${year}`;
}

function normalizeContracts(records: readonly CsvRecord[], warnings: string[]): Map<string, Contract> {
  const idColumn = pickColumn(headerOf(records), CONTRATOS_ID_COLUMNS) ?? 'id';
  const contracts = new Map<string, Contract>();
  records.forEach((record, i) => {
    const id = normalizeContractId(record[idColumn]);
    if (id === '') {
      warnings.push(`contratos.csv row ${i + 2}: blank contract id, skipped`);
      return;
    }
    const date = (record.date ?? '').trim();
    const saleMonth = monthFromDate(date);
    const culminationMonth = monthFromDate(record.fecha_de_culminacion);
    if (record.monto_cuota !== undefined && parseNumberOrNull(record.monto_cuota) === null) {
      warnings.push(
        `contratos.csv row ${i + 2}: monto_cuota "${record.monto_cuota}" is not a number, 0 used`,
      );
    }
    contracts.set(id, {
      id,
      date,
      saleMonth,
      saleMonthIndex: saleMonth === null ? null : monthIndexOfText(saleMonth),
      montoCuota: parseNumber(record.monto_cuota),
      supervisor: textOrNoData(record.Supervisor),
      brokersSupervisor: normalizeBrokersSupervisor(record.Supervisor),
      un: textOrNoData(record.UN),
      culminationMonth,
      culminationMonthIndex: culminationMonth === null ? null : monthIndexOfText(culminationMonth),
      status: (record.status ?? '').trim(),
    });
  });
  return contracts;
}

function normalizeCartera(
  records: readonly CsvRecord[],
  contracts: Map<string, Contract>,
  warnings: string[],
): CarteraRow[] {
  const rows: CarteraRow[] = [];
  records.forEach((record, i) => {
    const contractId = normalizeContractId(record.id_contrato);
    if (contractId === '') {
      warnings.push(`cartera.csv row ${i + 2}: blank contract id, skipped`);
      return;
    }
    const gestionMonth = monthFromDate(record['Fecha gestion']);
    const monthIndex = gestionMonth === null ? null : monthIndexOfText(gestionMonth);
    if (gestionMonth === null || monthIndex === null) {
      warnings.push(
        `cartera.csv row ${i + 2}: Fecha gestion "${record['Fecha gestion']}" is not a month, skipped`,
      );
      return;
    }
    for (const column of ['monto_cuota', 'monto_vencido', 'tramo'] as const) {
      if (parseNumberOrNull(record[column]) === null) {
        warnings.push(
          `cartera.csv row ${i + 2}: ${column} "${record[column] ?? ''}" is not a number, 0 used`,
        );
      }
    }
    const montoCuota = parseNumber(record.monto_cuota);
    const montoVencido = parseNumber(record.monto_vencido);
    const tramo = parseInteger(record.tramo);
    const fechaCierre = (record.fecha_cierre ?? '').trim();
    rows.push({
      index: rows.length,
      contractId,
      gestionMonth,
      monthIndex,
      year: gestionMonth.slice(3),
      un: textOrNoData(record.UN),
      tramoText: (record.tramo ?? '').trim(),
      tramo,
      montoCuota,
      montoVencido,
      debt: montoCuota + montoVencido,
      viaCobro: normalizeViaCobro(record.via_de_cobro),
      fechaContrato: (record.fecha_contrato ?? '').trim(),
      fechaCierre,
      closingMonth: monthFromDate(fechaCierre),
      supervisor: contracts.get(contractId)?.supervisor ?? NO_DATA,
    });
  });
  return rows;
}

function normalizePayments(records: readonly CsvRecord[], warnings: string[]): Payment[] {
  const header = headerOf(records);
  const idColumn = pickColumn(header, COBRANZAS_ID_COLUMNS) ?? 'contract_id';
  const monthColumn = pickColumn(header, COBRANZAS_MONTH_COLUMNS) ?? 'Mes';
  const yearColumn = pickColumn(header, COBRANZAS_YEAR_COLUMNS) ?? 'Año';
  const payments: Payment[] = [];
  records.forEach((record, i) => {
    const contractId = normalizeContractId(record[idColumn]);
    if (contractId === '') {
      warnings.push(`cobranzas_prepagas.csv row ${i + 2}: blank contract id, skipped`);
      return;
    }
    const month = cobranzasMonth(record[monthColumn], record[yearColumn]);
    const monthIndex = month === null ? null : monthIndexOfText(month);
    if (month === null || monthIndex === null) {
      warnings.push(`cobranzas_prepagas.csv row ${i + 2}: month/year is not valid, skipped`);
      return;
    }
    if (parseNumberOrNull(record.monto) === null) {
      warnings.push(
        `cobranzas_prepagas.csv row ${i + 2}: monto "${record.monto ?? ''}" is not a number, 0 used`,
      );
    }
    const amount = parseNumber(record.monto);
    payments.push({
      contractId,
      month,
      monthIndex,
      year: Number(month.slice(3)),
      amount,
      viaPago: textOrNoData(record.VP),
      un: textOrNoData(record.UN),
    });
  });
  return payments;
}

function normalizeGestores(records: readonly CsvRecord[], warnings: string[]): GestorAssignment[] {
  const out: GestorAssignment[] = [];
  records.forEach((record, i) => {
    const contractId = normalizeContractId(record.contract_id);
    const month = monthFromDate(record.from_date);
    const monthIndex = month === null ? null : monthIndexOfText(month);
    if (contractId === '' || month === null || monthIndex === null) {
      warnings.push(`gestores.csv row ${i + 2}: blank contract id or bad from_date, skipped`);
      return;
    }
    out.push({ contractId, month, monthIndex, gestor: textOrNoData(record.Gestor) });
  });
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function rowAntiquityOf(row: CarteraRow, contract: Contract | undefined): RowAntiquity | null {
  if (!contract) return null;
  const sale = parseAntiquityDate(contract.date);
  const closing = parseAntiquityDate(row.fechaCierre);
  if (!sale || !closing) return null;
  return {
    months: antiquityMonths(sale, closing),
    closingMonth: `${String(closing.month).padStart(2, '0')}/${closing.year}`,
    closingYear: String(closing.year),
  };
}

/** Each contract's rows in month order, the months present, and each contract's total debt. */
function indexCartera(cartera: readonly CarteraRow[]) {
  const carteraByContract = new Map<string, CarteraRow[]>();
  const months = new Set<number>();
  const carteraDebtByContract = new Map<string, number>();
  for (const row of cartera) {
    pushTo(carteraByContract, row.contractId, row);
    months.add(row.monthIndex);
    carteraDebtByContract.set(row.contractId, (carteraDebtByContract.get(row.contractId) ?? 0) + row.debt);
  }
  // Stable sort keeps file order within a month.
  for (const list of carteraByContract.values()) list.sort((a, b) => a.monthIndex - b.monthIndex);
  return { carteraByContract, months, carteraDebtByContract };
}

/** Per row, the highest tramo of the month before; per contract, its usual via (more rows wins). */
function walkContractHistories(
  cartera: readonly CarteraRow[],
  carteraByContract: ReadonlyMap<string, CarteraRow[]>,
) {
  const previousTramo: (number | null)[] = new Array<number | null>(cartera.length).fill(null);
  const contractVia = new Map<string, ViaCobro | typeof NO_DATA>();
  for (const [contractId, list] of carteraByContract) {
    let cobrador = 0;
    let debito = 0;
    // Highest tramo of the month before the current one, walking the contract's history.
    let prevMonthMax: number | null = null;
    let currentMonth = Number.NaN;
    let currentMax: number | null = null;
    for (const row of list) {
      if (row.viaCobro === 'COBRADOR') cobrador += 1;
      else debito += 1;
      if (row.monthIndex !== currentMonth) {
        prevMonthMax = currentMax ?? prevMonthMax;
        currentMonth = row.monthIndex;
        currentMax = null;
      }
      previousTramo[row.index] = prevMonthMax;
      currentMax = currentMax === null ? row.tramo : Math.max(currentMax, row.tramo);
    }
    contractVia.set(contractId, cobrador > debito ? 'COBRADOR' : 'DEBITO');
  }
  return { previousTramo, contractVia };
}

/** Payments per contract, and the paid amount (per via) of each (contract, month). */
function indexPayments(payments: readonly Payment[]) {
  const paidByContractMonth = new Map<string, PaidCell>();
  const paymentsByContract = new Map<string, Payment[]>();
  for (const payment of payments) {
    pushTo(paymentsByContract, payment.contractId, payment);
    // Zero payments are ignored by paid amounts; anuales still counts them as transactions.
    if (payment.amount === 0) continue;
    const key = contractMonthKey(payment.contractId, payment.monthIndex);
    let cell = paidByContractMonth.get(key);
    if (!cell) {
      cell = { total: 0, vias: [] };
      paidByContractMonth.set(key, cell);
    }
    cell.total += payment.amount;
    const viaCell = cell.vias.find((v) => v.via === payment.viaPago);
    if (viaCell) viaCell.amount += payment.amount;
    else cell.vias.push({ via: payment.viaPago, amount: payment.amount });
  }
  return { paidByContractMonth, paymentsByContract };
}

/** Per cartera row: its payments, gestor, unit (first row of its contract and month) and antiquity. */
function indexRows(
  cartera: readonly CarteraRow[],
  contracts: ReadonlyMap<string, Contract>,
  paidByContractMonth: ReadonlyMap<string, PaidCell>,
  gestorByContractMonth: ReadonlyMap<string, string>,
) {
  const rowPaid: (PaidCell | null)[] = [];
  const rowGestor: string[] = [];
  const rowUnit: number[] = [];
  const rowAntiquity: (RowAntiquity | null)[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const row of cartera) {
    const key = contractMonthKey(row.contractId, row.monthIndex);
    rowPaid[row.index] = paidByContractMonth.get(key) ?? null;
    rowGestor[row.index] = gestorByContractMonth.get(key) ?? NO_DATA;
    const first = firstRowOfKey.get(key);
    if (first === undefined) firstRowOfKey.set(key, row.index);
    rowUnit[row.index] = first ?? row.index;
    rowAntiquity[row.index] = rowAntiquityOf(row, contracts.get(row.contractId));
  }
  return { rowPaid, rowGestor, rowUnit, rowAntiquity };
}

/** Indexes over normalized rows; `cartera[i].index` must be `i`. */
function buildIndexes(
  cartera: readonly CarteraRow[],
  payments: readonly Payment[],
  gestores: readonly GestorAssignment[],
  contracts: ReadonlyMap<string, Contract>,
): DatasetIndexes {
  const { carteraByContract, months, carteraDebtByContract } = indexCartera(cartera);
  const { previousTramo, contractVia } = walkContractHistories(cartera, carteraByContract);
  const { paidByContractMonth, paymentsByContract } = indexPayments(payments);
  // A later row for the same (contract, month) wins, as a dict built in file order would.
  const gestorByContractMonth = new Map<string, string>();
  for (const g of gestores) gestorByContractMonth.set(contractMonthKey(g.contractId, g.monthIndex), g.gestor);
  const rows = indexRows(cartera, contracts, paidByContractMonth, gestorByContractMonth);
  const monthIndexes = [...months].sort((a, b) => a - b);
  const last = monthIndexes[monthIndexes.length - 1];
  return {
    carteraByContract,
    paidByContractMonth,
    gestorByContractMonth,
    paymentsByContract,
    monthIndexes,
    latestMonth:
      last === undefined ? null : (cartera.find((r) => r.monthIndex === last)?.gestionMonth ?? null),
    previousTramo,
    contractVia,
    carteraDebtByContract,
    ...rows,
  };
}

/** Normalize raw CSV records (header names as in the legacy files) into an indexed Dataset. */
export function datasetFromRecords(raw: Partial<RawRecords>): Dataset {
  const warnings: string[] = [];
  const contracts = normalizeContracts(raw.contratos ?? [], warnings);
  const cartera = normalizeCartera(raw.cartera ?? [], contracts, warnings);
  const payments = normalizePayments(raw.cobranzas ?? [], warnings);
  const gestores = normalizeGestores(raw.gestores ?? [], warnings);
  return {
    cartera,
    payments,
    contracts,
    gestores,
    indexes: buildIndexes(cartera, payments, gestores, contracts),
    warnings,
  };
}
