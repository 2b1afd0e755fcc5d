// What neither service may hand to an anonymous client, judged by content. The customer's legacy
// dashboard is a static file server over its whole working directory: besides the dataset exports
// it serves the API v1's SQLite database, the analytics cache, `.env`, the Python sources and
// directory listings. The probes name where a deployment of this system keeps those files; a 200
// counts as exposure only when its body is one of them (a SPA answering its index page for every
// path exposes nothing), and a served listing is followed one level so files the probe list does not
// name are found too.
import { gunzipSync } from 'node:zlib';

export type ExposureClass =
  | 'sqlite-database'
  | 'gzip-archive'
  | 'python-pickle'
  | 'python-source'
  | 'dotenv-secrets'
  | 'dataset-csv'
  | 'config-json'
  | 'directory-listing';

export interface ExposureProbe {
  readonly path: string;
  /** What a deployment keeps there (the report says what was actually served). */
  readonly holds: string;
}

/** The working directory of a deployment of the legacy dashboard, by what each file holds. */
export const EXPOSURE_PROBES: readonly ExposureProbe[] = [
  { path: '/cartera.csv', holds: 'dataset export' },
  { path: '/cobranzas_prepagas.csv', holds: 'dataset export' },
  { path: '/contratos.csv', holds: 'dataset export' },
  { path: '/gestores.csv', holds: 'dataset export' },
  { path: '/data/brokers_supervisors.json', holds: 'legacy brokers config' },
  { path: '/data/commissions_rules.json', holds: 'legacy brokers config' },
  { path: '/data/prizes_rules.json', holds: 'legacy brokers config' },
  { path: '/data/app_v1.db', holds: 'API v1 database (password and refresh-token hashes, audit log)' },
  { path: '/.cache/analytics_index.pkl.gz', holds: 'analytics cache (the whole index)' },
  { path: '/.cache/analytics.json', holds: 'analytics cache' },
  { path: '/.cache/analytics_meta.json', holds: 'analytics cache' },
  { path: '/.env', holds: 'secrets (JWT keys, database URL)' },
  { path: '/start_dashboard.py', holds: 'legacy source' },
  { path: '/db_config.py', holds: 'legacy source (database settings)' },
  { path: '/backend/app/main.py', holds: 'API v1 source' },
  { path: '/backend/app/core/config.py', holds: 'API v1 source (secret defaults)' },
  { path: '/scripts/migrate_legacy_config_to_db.py', holds: 'operations script' },
  { path: '/', holds: 'working directory listing' },
  { path: '/data/', holds: 'data folder listing' },
  { path: '/.cache/', holds: 'cache folder listing' },
  { path: '/backend/', holds: 'source folder listing' },
  { path: '/scripts/', holds: 'scripts folder listing' },
];

/** Entries followed per served listing (a listing of thousands of files is reported, not crawled). */
export const LISTING_FOLLOW_LIMIT = 40;

/** Column names of the customer's four CSV exports (docs/kpis.md "Datasets"). */
const DATASET_COLUMNS = [
  'id_contrato',
  'Fecha gestion',
  'monto_cuota',
  'monto_vencido',
  'contract_id',
  'from_date',
  'Gestor',
  'Supervisor',
  'fecha_de_culminacion',
  'monto',
];

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function isPickle(bytes: Uint8Array): boolean {
  // Protocol 2+ pickles open with PROTO (0x80) and the protocol number.
  return bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] >= 2 && bytes[1] <= 5;
}

function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

function isDirectoryListing(text: string): boolean {
  return /(Directory listing for|Index of)\s+\//i.test(text) && /<a\s+href=/i.test(text);
}

function isDotenv(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const assignments = lines.filter((line) => /^(export\s+)?[A-Z][A-Z0-9_]*=/.test(line));
  return assignments.length > 0 && assignments.length === lines.length;
}

function isPythonSource(text: string): boolean {
  const statements = text.match(/^(import [\w.]+|from [\w.]+ import |def \w+\(|class \w+[(:])/gm) ?? [];
  return statements.length >= 2;
}

function isDatasetCsv(text: string): boolean {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  if (!header.includes(',')) return false;
  const columns = header.split(',').map((column) => column.trim().replace(/^"|"$/g, ''));
  return columns.some((column) => DATASET_COLUMNS.includes(column));
}

function isConfigJson(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return (
      typeof value === 'object' &&
      value !== null &&
      (Array.isArray((value as { rules?: unknown }).rules) ||
        Array.isArray((value as { supervisors?: unknown }).supervisors))
    );
  } catch {
    return false;
  }
}

/**
 * What a body holds, when it is something no anonymous client may get; undefined for anything else
 * (an error page, the dashboard's own HTML, an empty body).
 */
export function classifyExposure(bytes: Uint8Array): ExposureClass | undefined {
  if (bytes.length === 0) return undefined;
  if (Buffer.from(bytes.subarray(0, SQLITE_MAGIC.length)).equals(SQLITE_MAGIC)) return 'sqlite-database';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return isPickle(gunzipSync(bytes)) ? 'python-pickle' : 'gzip-archive';
    } catch {
      return 'gzip-archive';
    }
  }
  if (isPickle(bytes)) return 'python-pickle';
  const text = textOf(bytes);
  if (isDirectoryListing(text)) return 'directory-listing';
  if (isDotenv(text)) return 'dotenv-secrets';
  if (isPythonSource(text)) return 'python-source';
  if (isDatasetCsv(text)) return 'dataset-csv';
  if (isConfigJson(text)) return 'config-json';
  return undefined;
}

/**
 * The paths a served listing links to, resolved against the listing's own path, inside the same
 * origin and below the listed folder (parent links and absolute URLs elsewhere are dropped).
 */
export function listedPaths(listingPath: string, html: string): string[] {
  const base = new URL(listingPath.endsWith('/') ? listingPath : `${listingPath}/`, 'http://listing.invalid');
  const found = new Set<string>();
  for (const match of html.matchAll(/<a\s+href="([^"]+)"/gi)) {
    const href = match[1];
    if (!href || href.startsWith('?') || href.startsWith('#')) continue;
    let resolved: URL;
    try {
      resolved = new URL(href, base);
    } catch {
      continue;
    }
    if (resolved.origin !== base.origin) continue;
    if (!resolved.pathname.startsWith(base.pathname) || resolved.pathname === base.pathname) continue;
    found.add(resolved.pathname);
  }
  return [...found].sort();
}

export interface ExposedFile {
  readonly service: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  readonly exposureClass: ExposureClass;
  /** Found through a served listing rather than probed by name. */
  readonly viaListing?: string;
}

export function describeExposed(file: ExposedFile): string {
  const via = file.viaListing ? ` (linked from the listing of ${file.viaListing})` : '';
  return `${file.service} GET ${file.path} -> ${file.status}, ${file.bytes} bytes: ${file.exposureClass}${via}`;
}
