import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { ExportFormatError } from './export-error.ts';
import { formatPyg, validatePdf } from './pdf.ts';

/** A real PDF made by pdfkit, one page per entry of `pages`. */
function makePdf(pages: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ autoFirstPage: false, compress: true });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    for (const text of pages) {
      document.addPage();
      document.fontSize(12).text(text);
    }
    document.end();
  });
}

describe('validatePdf', () => {
  it('extracts the text and page count of a real PDF given as a Buffer', async () => {
    const buffer = await makePdf(['Cartera UN: ODONTOLOGIA', 'Total deuda Gs. 702.610.000']);
    const content = await validatePdf(buffer, { contentType: 'application/pdf' });
    expect(content.pages).toBe(2);
    expect(content.text).toContain('Cartera UN: ODONTOLOGIA');
    expect(content.text).toContain('Total deuda Gs. 702.610.000');
    // the caller's buffer is untouched (pdf.js got a copy)
    expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('accepts an ArrayBuffer', async () => {
    const buffer = await makePdf(['hola']);
    const copy = new ArrayBuffer(buffer.byteLength);
    new Uint8Array(copy).set(buffer);
    expect((await validatePdf(copy)).text).toContain('hola');
  });

  it('refuses plain text sent as application/pdf (the real system defect) naming the header', async () => {
    const fake = Buffer.from('Reporte de cartera\nTotal: 2204\n');
    await expect(validatePdf(fake, { contentType: 'application/pdf' })).rejects.toThrow(
      'not a PDF: header "Reporte de carte" does not start with "%PDF-"',
    );
  });

  it('refuses a body that has the header but is not a PDF, with the parser exception', async () => {
    const fake = Buffer.from('%PDF-1.7\nthis is not really a pdf\n');
    const failure = validatePdf(fake);
    await expect(failure).rejects.toBeInstanceOf(ExportFormatError);
    await expect(failure).rejects.toThrow(/not a PDF: the parser refused it \(\w+: /);
  });

  it('refuses an empty body and a wrong content type', async () => {
    await expect(validatePdf(new Uint8Array())).rejects.toThrow('not a PDF: empty body');
    const real = await makePdf(['x']);
    await expect(validatePdf(real, { contentType: 'text/plain' })).rejects.toThrow(
      'wrong content-type "text/plain": expected application/pdf',
    );
  });
});

describe('formatPyg', () => {
  it('uses dots between thousands and no decimals', () => {
    expect(formatPyg(1234567)).toBe('Gs. 1.234.567');
    expect(formatPyg(702610000)).toBe('Gs. 702.610.000');
    expect(formatPyg(999)).toBe('Gs. 999');
    expect(formatPyg(1000)).toBe('Gs. 1.000');
    expect(formatPyg(0)).toBe('Gs. 0');
  });

  it('rounds half away from zero', () => {
    expect(formatPyg(159333.33333333334)).toBe('Gs. 159.333');
    expect(formatPyg(1999.5)).toBe('Gs. 2.000');
    expect(formatPyg(-1999.5)).toBe('-Gs. 2.000');
    expect(formatPyg(-0.4)).toBe('Gs. 0');
  });

  it('puts the minus in front', () => {
    expect(formatPyg(-1234567)).toBe('-Gs. 1.234.567');
  });

  it('refuses values it cannot format exactly', () => {
    expect(() => formatPyg(Number.NaN)).toThrow(RangeError);
    expect(() => formatPyg(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => formatPyg(1e20)).toThrow(/too large/);
  });
});
