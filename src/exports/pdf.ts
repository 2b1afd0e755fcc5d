/**
 * PDF exports (`/analytics/export/pdf`) must be real PDFs: `%PDF-` header, parsed by pdf.js
 * (through unpdf), at least one page. The real system once sent plain text as
 * `application/pdf`; that is refused here with "not a PDF: header ...". Also the one place
 * the suite formats money the way the contract's documents show it (`formatPyg`).
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { checkContentType, ExportFormatError } from './export-error.ts';

export interface PdfContent {
  readonly pages: number;
  /** Text of all pages, merged. */
  readonly text: string;
}

export interface PdfValidateOptions {
  /** The response's Content-Type; `null` = header absent (refused); omitted = not checked. */
  readonly contentType?: string | null;
}

const PDF_MAGIC = '%PDF-';

function startOf(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  return JSON.stringify(head);
}

/** Validate a PDF export and extract its text. Throws ExportFormatError saying what is wrong. */
export async function validatePdf(
  body: Uint8Array | ArrayBuffer,
  options: PdfValidateOptions = {},
): Promise<PdfContent> {
  if (options.contentType !== undefined) checkContentType(options.contentType, 'application/pdf');
  // pdf.js detaches or rejects Node Buffers; give it a private copy it may consume.
  const bytes = new Uint8Array(body instanceof ArrayBuffer ? body.slice(0) : body.slice());
  if (bytes.length === 0) throw new ExportFormatError('not a PDF: empty body');
  if (new TextDecoder('latin1').decode(bytes.subarray(0, PDF_MAGIC.length)) !== PDF_MAGIC) {
    throw new ExportFormatError(`not a PDF: header ${startOf(bytes)} does not start with "${PDF_MAGIC}"`);
  }
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    document = await getDocumentProxy(bytes, { verbosity: 0 });
  } catch (error) {
    const { name, message } = error as Error;
    throw new ExportFormatError(`not a PDF: the parser refused it (${name}: ${message})`);
  }
  try {
    if (document.numPages < 1) throw new ExportFormatError('PDF has no pages');
    const { totalPages, text } = await extractText(document, { mergePages: true });
    return { pages: totalPages, text };
  } catch (error) {
    if (error instanceof ExportFormatError) throw error;
    const { name, message } = error as Error;
    throw new ExportFormatError(`PDF text extraction failed (${name}: ${message})`);
  } finally {
    await document.destroy();
  }
}

/**
 * Guaraníes as the contract's documents show them: `Gs. 1.234.567` — rounded to a whole number
 * (half away from zero), dots between thousands, no decimals; negatives with a leading minus:
 * `-Gs. 1.234.567`.
 */
export function formatPyg(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`cannot format ${amount} as PYG`);
  const whole = Math.round(Math.abs(amount));
  if (!Number.isSafeInteger(whole)) throw new RangeError(`${amount} is too large to format exactly as PYG`);
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 && whole !== 0 ? '-' : ''}Gs. ${grouped}`;
}
