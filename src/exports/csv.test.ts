import { describe, expect, it } from 'vitest';
import { parseCsvExport, parseCsvNumber } from './csv.ts';
import { checkContentType, ExportFormatError } from './export-error.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseCsvExport', () => {
  it('parses header and rows keyed by column, with quoted commas and accents', () => {
    const csv = parseCsvExport(
      utf8('supervisor,un,count\r\n"ACUÑA, CARLOS",ODONTOLOGIA,3\r\nFVBROKEREAS,PREVISION,1\r\n'),
    );
    expect(csv.header).toEqual(['supervisor', 'un', 'count']);
    expect(csv.rows).toEqual([
      { supervisor: 'ACUÑA, CARLOS', un: 'ODONTOLOGIA', count: '3' },
      { supervisor: 'FVBROKEREAS', un: 'PREVISION', count: '1' },
    ]);
  });

  it('drops a UTF-8 BOM from bytes and from strings', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b\n1,2\n')]);
    expect(parseCsvExport(bytes).header).toEqual(['a', 'b']);
    expect(parseCsvExport('\uFEFFa,b\n1,2\n').header).toEqual(['a', 'b']);
  });

  it('accepts a header-only export as zero rows', () => {
    expect(parseCsvExport('a,b\n')).toEqual({ header: ['a', 'b'], rows: [] });
  });

  it('refuses ragged rows naming the line', () => {
    expect(() => parseCsvExport('a,b,c\n1,2,3\n4,5\n')).toThrow(/ragged rows.*line 3/);
  });

  it('refuses invalid UTF-8, an empty body, semicolons, blank or repeated columns, missing columns', () => {
    expect(() => parseCsvExport(new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a]))).toThrow(
      'CSV export is not valid UTF-8',
    );
    expect(() => parseCsvExport(' \n')).toThrow('CSV export is empty: no header row');
    expect(() => parseCsvExport('a;b\n1;2\n')).toThrow(/one column: expected comma-separated/);
    expect(() => parseCsvExport('a,,c\n1,2,3\n')).toThrow('CSV header column 2 is blank');
    expect(() => parseCsvExport('a,a\n1,2\n')).toThrow('CSV header repeats column "a"');
    expect(() => parseCsvExport('a,b\n1,2\n', { requiredColumns: ['a', 'total'] })).toThrow(
      'CSV header lacks "total"',
    );
  });

  it('checks the content type when given', () => {
    expect(parseCsvExport('a\n1\n', { contentType: 'text/csv; charset=utf-8' }).rows).toEqual([{ a: '1' }]);
    expect(parseCsvExport('a\n1\n', { contentType: 'Text/CSV' }).rows).toHaveLength(1);
    expect(() => parseCsvExport('a\n1\n', { contentType: 'application/json' })).toThrow(
      'wrong content-type "application/json": expected text/csv',
    );
    expect(() => parseCsvExport('a\n1\n', { contentType: 'text/csv; charset=latin1' })).toThrow(
      /wrong charset/,
    );
    expect(() => parseCsvExport('a\n1\n', { contentType: null })).toThrow(
      'missing content-type: expected text/csv',
    );
  });
});

describe('checkContentType', () => {
  it('accepts a quoted charset and any other parameter', () => {
    expect(() =>
      checkContentType('text/csv; header=present; charset="UTF-8"', 'text/csv', ['utf-8']),
    ).not.toThrow();
    expect(() => checkContentType('application/pdf', 'application/pdf')).not.toThrow();
    expect(() => checkContentType('text/plain', 'application/pdf')).toThrow(ExportFormatError);
  });
});

describe('parseCsvNumber', () => {
  it('accepts JSON-style numbers', () => {
    expect(parseCsvNumber('0')).toBe(0);
    expect(parseCsvNumber('-12')).toBe(-12);
    expect(parseCsvNumber('702610000.0')).toBe(702610000);
    expect(parseCsvNumber('1.5e3')).toBe(1500);
  });

  it('refuses anything else, naming the cell', () => {
    for (const cell of [
      '',
      ' 1',
      '1 ',
      '1.234.567',
      '1,5',
      'NaN',
      'Infinity',
      '0x10',
      '+1',
      '.5',
      '1.',
      '007',
      'Gs. 5',
    ]) {
      expect(() => parseCsvNumber(cell, 'row 2 total')).toThrow(
        `row 2 total: ${JSON.stringify(cell)} is not a number`,
      );
    }
    expect(() => parseCsvNumber(undefined)).toThrow('CSV cell: null is not a number');
  });
});
