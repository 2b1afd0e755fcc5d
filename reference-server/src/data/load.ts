// File I/O at the edge: read a legacy working directory (the four CSV exports plus
// data/*.json brokers config) into a Dataset / BrokersConfig.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BrokersConfig, CommissionRule, PrizeRule, PrizeScale } from '../kpis/types.ts';
import {
  COBRANZAS_ID_COLUMNS,
  COBRANZAS_MONTH_COLUMNS,
  COBRANZAS_YEAR_COLUMNS,
  CONTRATOS_ID_COLUMNS,
  type CsvRecord,
  type Dataset,
  datasetFromRecords,
  pickColumn,
} from './dataset.ts';

const DATASET_FILES = {
  cartera: 'cartera.csv',
  cobranzas: 'cobranzas_prepagas.csv',
  contratos: 'contratos.csv',
  gestores: 'gestores.csv',
} as const;

/**
 * The legacy's analytics cache files, as /api/check-files reports them. The legacy keeps a
 * precomputed analytics cache beside the exports; the golden folder has none (both false).
 * We define them as `.cache/analytics.json` and `.cache/analytics_meta.json` under the folder.
 */
const ANALYTICS_CACHE_FILES = {
  analytics: join('.cache', 'analytics.json'),
  analytics_meta: join('.cache', 'analytics_meta.json'),
} as const;

const CONFIG_FILES = {
  supervisors: join('data', 'brokers_supervisors.json'),
  commissions: join('data', 'commissions_rules.json'),
  prizes: join('data', 'prizes_rules.json'),
} as const;

/** Required columns; an inner array lists accepted alternatives (first present wins). */
const REQUIRED_COLUMNS: Record<keyof typeof DATASET_FILES, readonly (readonly string[])[]> = {
  cartera: [['id_contrato'], ['Fecha gestion'], ['UN'], ['tramo'], ['monto_cuota'], ['monto_vencido']],
  cobranzas: [['monto'], COBRANZAS_ID_COLUMNS, COBRANZAS_MONTH_COLUMNS, COBRANZAS_YEAR_COLUMNS],
  contratos: [CONTRATOS_ID_COLUMNS],
  gestores: [['contract_id'], ['from_date'], ['Gestor']],
};

interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

/** Parse CSV text (optional UTF-8 BOM, header row, comma separated) into records. */
export function parseCsv(text: string): CsvTable {
  const rows: string[][] = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  const [header = [], ...body] = rows;
  const records = body.map((cells) => {
    const record: CsvRecord = {};
    header.forEach((name, i) => {
      record[name] = cells[i] ?? '';
    });
    return record;
  });
  return { header, records };
}

function readTable(dir: string, key: keyof typeof DATASET_FILES): CsvRecord[] {
  const file = DATASET_FILES[key];
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`${file}: file not found in ${dir}`);
  const { header, records } = parseCsv(readFileSync(path, 'utf8'));
  for (const alternatives of REQUIRED_COLUMNS[key]) {
    if (pickColumn(header, alternatives) === undefined) {
      const names = alternatives.map((n) => `"${n}"`).join(' or ');
      throw new Error(`${file}: missing required column ${names}`);
    }
  }
  return records;
}

/** Load and normalize a dataset folder; throws naming the file (and column) that is unusable. */
export function loadDataset(dir: string): Dataset {
  return datasetFromRecords({
    cartera: readTable(dir, 'cartera'),
    cobranzas: readTable(dir, 'cobranzas'),
    contratos: readTable(dir, 'contratos'),
    gestores: readTable(dir, 'gestores'),
  });
}

export interface CheckFilesResult {
  cartera: boolean;
  cobranzas: boolean;
  gestores: boolean;
  contratos: boolean;
  analytics: boolean;
  analytics_meta: boolean;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The legacy GET /api/check-files answer for a folder. */
export function checkFiles(dir: string): CheckFilesResult {
  return {
    cartera: isFile(join(dir, DATASET_FILES.cartera)),
    cobranzas: isFile(join(dir, DATASET_FILES.cobranzas)),
    gestores: isFile(join(dir, DATASET_FILES.gestores)),
    contratos: isFile(join(dir, DATASET_FILES.contratos)),
    analytics: isFile(join(dir, ANALYTICS_CACHE_FILES.analytics)),
    analytics_meta: isFile(join(dir, ANALYTICS_CACHE_FILES.analytics_meta)),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map((v) => String(v));
  if (typeof value === 'string' && value.trim() !== '') return [value];
  return [];
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'string') {
    const n = Number(value.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** The list of a config file: a bare list, or the object form `{"<key>": [...]}`. */
function configList(dir: string, file: string, key: string): unknown[] {
  const path = join(dir, file);
  if (!existsSync(path)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (Array.isArray(parsed)) return parsed;
  if (isRecord(parsed) && Array.isArray(parsed[key])) return parsed[key];
  throw new Error(`${file}: expected a list or {"${key}": [...]}`);
}

export function toCommissionRule(value: unknown): CommissionRule {
  const r = isRecord(value) ? value : {};
  const rule: CommissionRule = {
    supervisors: stringList(r.supervisors),
    uns: stringList(r.uns),
    vias: stringList(r.vias),
    months: stringList(r.months),
    factor: numberOf(r.factor),
  };
  // Kept so the commission-factor-ignored defect (reads `rate`) sees what the file holds.
  if ('rate' in r) Object.assign(rule, { rate: numberOf(r.rate) });
  return rule;
}

export function toPrizeRule(value: unknown): PrizeRule {
  const r = isRecord(value) ? value : {};
  const scales: PrizeScale[] = (Array.isArray(r.scales) ? r.scales : []).filter(isRecord).map((s) => ({
    minPct: numberOf(s.minPct),
    prize: numberOf(s.prize),
  }));
  return {
    supervisors: stringList(r.supervisors),
    uns: stringList(r.uns),
    months: stringList(r.months),
    meta: numberOf(r.meta),
    scales,
  };
}

/** The brokers config as the legacy stores it under `<dir>/data/` (missing file = empty list). */
export function loadLegacyConfig(dir: string): BrokersConfig {
  return {
    supervisors: stringList(configList(dir, CONFIG_FILES.supervisors, 'supervisors')),
    commissions: configList(dir, CONFIG_FILES.commissions, 'rules').map(toCommissionRule),
    prizes: configList(dir, CONFIG_FILES.prizes, 'rules').map(toPrizeRule),
  };
}
