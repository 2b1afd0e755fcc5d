// The check against the bundled reference server in-process (app.inject, no ports): a clean server
// migrates its legacy config faithfully; config-migration-drift drops the last prize rule in v1.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReferenceServer, type ReferenceServer } from '../../reference-server/src/app.ts';
import { createReply, type HttpReply, type HttpTransport } from '../clients/transport.ts';
import { type LegacyConfigCheckOptions, runLegacyConfigCheck } from './legacy-config-check.ts';
import { LegacyConfigFileError } from './migration.ts';

const GOLDEN = path.join('fixtures', 'datasets', 'golden');
const API_BASE = 'http://api.reference.test/api/v1';
const LEGACY_BASE = 'http://legacy.reference.test';

interface Harness {
  transport: HttpTransport;
  sent: string[];
}

/** Routes each request to the in-process app its host names. */
function injectTransport(server: ReferenceServer): Harness {
  const sent: string[] = [];
  const transport: HttpTransport = {
    async send(request): Promise<HttpReply> {
      const url = new URL(request.url);
      sent.push(`${request.method} ${url.pathname}`);
      const app: FastifyInstance = url.host === 'api.reference.test' ? server.api : server.legacy;
      const headers: Record<string, string> = { ...request.headers };
      let payload: string | Buffer | undefined;
      if (request.json !== undefined) {
        payload = JSON.stringify(request.json);
        headers['content-type'] = 'application/json';
      } else if (request.body !== undefined) {
        payload = typeof request.body === 'string' ? request.body : Buffer.from(request.body);
      }
      const res = await app.inject({
        method: request.method === 'POST' ? 'POST' : 'GET',
        url: `${url.pathname}${url.search}`,
        headers,
        ...(payload === undefined ? {} : { payload }),
      });
      const replyHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) replyHeaders[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return createReply({
        status: res.statusCode,
        headers: replyHeaders,
        body: res.rawPayload,
        url: request.url,
        method: request.method,
      });
    },
  };
  return { transport, sent };
}

const servers: ReferenceServer[] = [];
function start(faults: string[] = []): Harness {
  const server = buildReferenceServer({ datasetDir: GOLDEN, faults });
  servers.push(server);
  return injectTransport(server);
}
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

function options(harness: Harness, extra: Partial<LegacyConfigCheckOptions>): LegacyConfigCheckOptions {
  return {
    apiBase: API_BASE,
    legacyBase: LEGACY_BASE,
    username: 'admin',
    password: 'admin123',
    source: 'endpoints',
    transport: harness.transport,
    now: () => new Date('2026-02-01T12:00:00Z'),
    ...extra,
  };
}

describe('runLegacyConfigCheck', () => {
  it('finds the clean reference migration identical to the legacy endpoints', async () => {
    const harness = start();
    const report = await runLegacyConfigCheck(options(harness, {}));
    expect(report.verdict).toBe('same');
    expect(report.legacy).toEqual({ source: 'endpoints', legacyBase: LEGACY_BASE });
    // The golden folder: 5 supervisors, 4 commission rules, 3 prize rules.
    expect(report.configs.map((c) => [c.config, c.same, c.v1.count, c.legacy.count])).toEqual([
      ['supervisors', true, 5, 5],
      ['commissions', true, 4, 4],
      ['prizes', true, 3, 3],
    ]);
    expect(harness.sent).toContain('POST /api/v1/auth/login');
    expect(report.checkedAt).toBe('2026-02-01T12:00:00.000Z');
  });

  it('finds it identical to the legacy files (object form under data/)', async () => {
    const harness = start();
    const report = await runLegacyConfigCheck(options(harness, { source: 'files', dir: GOLDEN }));
    expect(report.verdict).toBe('same');
    expect(report.legacy).toEqual({
      source: 'files',
      dir: path.resolve(GOLDEN, 'data'),
      forms: { supervisors: 'object', commissions: 'object', prizes: 'object' },
    });
    // Files are read, the legacy dashboard is not asked.
    expect(harness.sent.filter((line) => line.includes('/api/prizes'))).toEqual([]);
  });

  it('reports the prize rule config-migration-drift loses', async () => {
    for (const source of ['endpoints', 'files'] as const) {
      const report = await runLegacyConfigCheck(
        options(start(['config-migration-drift']), { source, dir: GOLDEN }),
      );
      expect(report.verdict, source).toBe('different');
      const prizes = report.configs.find((c) => c.config === 'prizes');
      expect(prizes?.v1.count, source).toBe(2);
      expect(prizes?.legacy.count, source).toBe(3);
      expect(prizes?.firstDifference?.index, source).toBe(2);
      expect(report.configs.filter((c) => !c.same).map((c) => c.config)).toEqual(['prizes']);
    }
  });

  it('stops on a wrong folder before sending any request', async () => {
    const harness = start();
    await expect(
      runLegacyConfigCheck(options(harness, { source: 'files', dir: path.join(GOLDEN, 'missing') })),
    ).rejects.toBeInstanceOf(LegacyConfigFileError);
    expect(harness.sent).toEqual([]);
  });

  it('fails on a refused login and never puts the token or password in its report', async () => {
    const harness = start();
    await expect(runLegacyConfigCheck(options(harness, { password: 'wrong-password' }))).rejects.toThrow(
      /401/,
    );
    const report = await runLegacyConfigCheck(options(start(), {}));
    const text = JSON.stringify(report);
    expect(text).not.toContain('admin123');
    expect(text).not.toMatch(/eyJ/);
  });
});
