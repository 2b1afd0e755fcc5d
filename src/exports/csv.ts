/**
 * CSV exports (`/analytics/export/csv`): `text/csv`, UTF-8 (optional BOM), header row, comma
 * separated, every row as wide as the header. Anything else is refused with the reason, so a
 * test failure says what the export got wrong rather than "expected 12 rows, got 0".
 */
import { CsvError, parse } from 'csv-parse/sync';
import { checkContentType, ExportFormatError } from './export-error.ts';

export interface CsvExport {
  readonly header: string[];
  readonly rows: Record<string, string>[];
}

export interface CsvParseOptions {
  /** The response's Content-Type; `null` = header absent (refused); omitted = not checked. */
  readonly contentType?: string | null;
  /** Columns that must be in the header. */
  readonly requiredColumns?: readonly string[];
}

function decode(body: Uint8Array | ArrayBuffer | string): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  try {
    // fatal: invalid UTF-8 throws instead of becoming U+FFFD; the decoder drops a leading BOM.
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ExportFormatError('CSV export is not valid UTF-8');
  }
}

/** Parse a CSV export into its header and rows keyed by column name. Throws ExportFormatError. */
export function parseCsvExport(
  body: Uint8Array | ArrayBuffer | string,
  options: CsvParseOptions = {},
): CsvExport {
  if (options.contentType !== undefined) checkContentType(options.contentType, 'text/csv', ['utf-8', 'utf8']);
  const text = decode(body);
  if (text.trim() === '') throw new ExportFormatError('CSV export is empty: no header row');
  let records: string[][];
  try {
    records = parse(text, { delimiter: ',', bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      throw new ExportFormatError(`CSV export has ragged rows: ${error.message}`);
    }
    throw new ExportFormatError(`CSV export does not parse: ${(error as Error).message}`);
  }
  const [header, ...dataRows] = records;
  if (!header) throw new ExportFormatError('CSV export is empty: no header row');
  if (header.length === 1 && /[;\t]/.test(header[0] ?? '')) {
    throw new ExportFormatError(
      `CSV header ${JSON.stringify(header[0])} is one column: expected comma-separated`,
    );
  }
  const blank = header.findIndex((name) => name.trim() === '');
  if (blank >= 0)
    throw new ExportFormatError(`CSV header column ${blank + 1} is blank: ${JSON.stringify(header)}`);
  const duplicate = header.find((name, index) => header.indexOf(name) !== index);
  if (duplicate !== undefined)
    throw new ExportFormatError(`CSV header repeats column ${JSON.stringify(duplicate)}`);
  const missing = (options.requiredColumns ?? []).filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new ExportFormatError(
      `CSV header lacks ${missing.map((name) => JSON.stringify(name)).join(', ')}: ${JSON.stringify(header)}`,
    );
  }
  const rows = dataRows.map((record) =>
    Object.fromEntries(header.map((name, index) => [name, record[index] ?? ''])),
  );
  return { header, rows };
}

// JSON's number grammar: no blanks, no thousands separators, no decimal comma, no NaN/Infinity.
const STRICT_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A CSV cell as a number, strictly (JSON number grammar); anything else throws naming `where`. */
export function parseCsvNumber(cell: string | undefined, where = 'CSV cell'): number {
  if (cell === undefined || !STRICT_NUMBER.test(cell)) {
    throw new ExportFormatError(`${where}: ${JSON.stringify(cell ?? null)} is not a number`);
  }
  return Number(cell);
}
