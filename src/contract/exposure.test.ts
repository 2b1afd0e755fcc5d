import { describe, expect, it } from 'vitest';
import { exposesFile, exposesListing } from './exposure.ts';

describe('exposure judgement', () => {
  it('a raw file answered 200 with content is exposed; 404 or an empty 200 is not', () => {
    expect(exposesFile(200, 'id,date\n1,2025-01-01\n')).toBe(true);
    expect(exposesFile(404, 'id,date')).toBe(false);
    expect(exposesFile(401, '{"error_code":"UNAUTHORIZED"}')).toBe(false);
    expect(exposesFile(200, '  ')).toBe(false);
  });

  it('a directory answer is a listing only when it names the raw files', () => {
    expect(exposesListing(200, '<li><a href="/cartera.csv">cartera.csv</a></li>')).toBe(true);
    expect(exposesListing(200, '<html><body>Cobranzas BI</body></html>')).toBe(false);
    expect(exposesListing(404, 'cartera.csv')).toBe(false);
  });
});
