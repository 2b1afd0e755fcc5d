import {
  exposesFile,
  exposesListing,
  LISTABLE_DIRECTORIES,
  RAW_DATA_FILES,
} from '../../src/contract/exposure.ts';
import { expect, test } from '../../src/fixtures.ts';

// Read-only and anonymous: safe against production. The real legacy dashboard serves its whole
// working directory (CSV exports, config JSON, caches, .env) to anyone.
test.describe('exposure', { tag: ['@smoke', '@security'] }, () => {
  test('no service hands raw data files or secrets to an anonymous client', async ({
    playwright,
    target,
    evidence,
  }) => {
    const context = await playwright.request.newContext({ extraHTTPHeaders: {} });
    const origins = { api: new URL(target.apiBase).origin, legacy: new URL(target.legacyBase).origin };
    const exposed: string[] = [];
    const checked: { url: string; status: number }[] = [];
    try {
      for (const [service, origin] of Object.entries(origins)) {
        for (const path of RAW_DATA_FILES) {
          const response = await context.get(`${origin}${path}`, { maxRedirects: 0, timeout: 10_000 });
          const body = await response.text();
          checked.push({ url: `${service} ${path}`, status: response.status() });
          if (exposesFile(response.status(), body)) {
            exposed.push(`${service} GET ${path} -> ${response.status()} (${body.length} bytes)`);
          }
        }
        for (const path of LISTABLE_DIRECTORIES) {
          const response = await context.get(`${origin}${path}`, { maxRedirects: 0, timeout: 10_000 });
          const body = await response.text();
          checked.push({ url: `${service} ${path}`, status: response.status() });
          if (exposesListing(response.status(), body)) {
            exposed.push(`${service} GET ${path} -> ${response.status()} lists the data folder`);
          }
        }
      }
    } finally {
      await context.dispose();
    }
    await evidence('exposure', { checked, exposed });
    expect(exposed, `raw data or secrets served to anonymous clients:\n${exposed.join('\n')}`).toEqual([]);
  });
});
