/** A CSV or PDF export that is not what the contract promises; the message says what was wrong. */
export class ExportFormatError extends Error {
  override name = 'ExportFormatError';
}

/**
 * Check a Content-Type header against the expected media type. `charset`, when present, must be
 * one of `charsets` (lower-case). `null` means the response had no Content-Type at all.
 */
export function checkContentType(
  contentType: string | null,
  expected: string,
  charsets: readonly string[] = [],
): void {
  if (contentType === null || contentType.trim() === '') {
    throw new ExportFormatError(`missing content-type: expected ${expected}`);
  }
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  if (mediaType.toLowerCase() !== expected) {
    throw new ExportFormatError(`wrong content-type "${contentType}": expected ${expected}`);
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
    if (name.toLowerCase() !== 'charset') continue;
    const charset = value.replace(/^"(.*)"$/, '$1').toLowerCase();
    if (!charsets.includes(charset)) {
      throw new ExportFormatError(
        `wrong charset in content-type "${contentType}": expected ${charsets.join(' or ') || 'no charset'}`,
      );
    }
  }
}
