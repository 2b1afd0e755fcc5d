import {
  classifyExposure,
  describeExposed,
  EXPOSURE_PROBES,
  type ExposedFile,
  LISTING_FOLLOW_LIMIT,
  listedPaths,
} from '../../src/contract/exposure.ts';
import { expect, test } from '../../src/fixtures.ts';

// Read-only and anonymous: safe against production. The real legacy dashboard serves its whole
// working directory (datasets, config JSON, the API v1 database, the analytics cache, .env, sources,
// listings) to anyone. Each answer is judged by what it holds, not by its path.
test.describe('exposure', { tag: ['@smoke', '@security'] }, () => {
  test('no service hands raw data files or secrets to an anonymous client', async ({
    playwright,
    target,
    evidence,
  }) => {
    const context = await playwright.request.newContext({ extraHTTPHeaders: {} });
    const origins = { api: new URL(target.apiBase).origin, legacy: new URL(target.legacyBase).origin };
    const exposed: ExposedFile[] = [];
    const checked: { url: string; status: number; class?: string }[] = [];
    try {
      for (const [service, origin] of Object.entries(origins)) {
        const seen = new Set<string>();
        const probe = async (path: string, viaListing?: string): Promise<void> => {
          if (seen.has(path)) return;
          seen.add(path);
          const response = await context.get(`${origin}${path}`, { maxRedirects: 0, timeout: 10_000 });
          const body = await response.body();
          const status = response.status();
          const exposureClass = response.ok() ? classifyExposure(body) : undefined;
          checked.push({
            url: `${service} ${path}`,
            status,
            ...(exposureClass ? { class: exposureClass } : {}),
          });
          if (!exposureClass) return;
          exposed.push({
            service,
            path,
            status,
            bytes: body.length,
            exposureClass,
            ...(viaListing ? { viaListing } : {}),
          });
          if (exposureClass === 'directory-listing' && viaListing === undefined) {
            // One level down: what the listing shows is what anyone can fetch.
            for (const linked of listedPaths(path, body.toString('utf8')).slice(0, LISTING_FOLLOW_LIMIT)) {
              await probe(linked, path);
            }
          }
        };
        for (const { path } of EXPOSURE_PROBES) await probe(path);
      }
    } finally {
      await context.dispose();
    }
    const report = exposed.map(describeExposed);
    await evidence('exposure', {
      checked,
      exposed: exposed.map((file) => ({ ...file, description: describeExposed(file) })),
    });
    expect(
      report,
      `raw data, sources or secrets served to anonymous clients (${report.length} files)`,
    ).toEqual([]);
  });
});
