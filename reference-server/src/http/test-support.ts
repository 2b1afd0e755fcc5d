// Shared set-up for the HTTP layer's vitest files: the golden dataset loaded once per file, a
// server on a controllable clock, and login/request helpers over app.inject (no ports).

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../app.ts';
import type { Dataset } from '../data/dataset.ts';
import { loadDataset } from '../data/load.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const GOLDEN_DATASET_DIR = join(ROOT, 'fixtures', 'datasets', 'golden');
export const GOLDEN_EXPECTED_FILE = join(ROOT, 'fixtures', 'golden', 'golden', 'legacy_expected.json');

let golden: Dataset | undefined;
function goldenDataset(): Dataset {
  golden ??= loadDataset(GOLDEN_DATASET_DIR);
  return golden;
}

export interface TestServer extends ReferenceServer {
  /** Epoch ms the server sees; tests move it instead of waiting. */
  clock: { now: number };
  /** Injected delays (ms) in the order they were requested. */
  delays: number[];
}

export function testServer(options: Partial<ReferenceServerOptions> = {}): TestServer {
  const clock = { now: Date.parse('2026-02-01T12:00:00Z') };
  const delays: number[] = [];
  const server = buildReferenceServer({
    datasetDir: GOLDEN_DATASET_DIR,
    dataset: goldenDataset(),
    now: () => clock.now,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
  return { ...server, clock, delays };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  role: string;
  permissions: string[];
}

const PASSWORDS: Record<string, string> = {
  admin: 'admin123',
  analyst: 'analyst123',
  viewer: 'viewer123',
  'lockout-probe': 'lockout123',
};

export function post(
  app: FastifyInstance,
  url: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function get(
  app: FastifyInstance,
  url: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'GET',
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

export async function login(app: FastifyInstance, username: string): Promise<Tokens> {
  const res = await post(app, '/api/v1/auth/login', { username, password: PASSWORDS[username] ?? '' });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return res.json<Tokens>();
}

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
