// buildReferenceServer: the API v1 app and the legacy dashboard app over one shared state, built
// from a dataset folder. Usable with `app.inject()` (no ports) or listened on by main.ts.

import type { FastifyInstance } from 'fastify';
import { ACCESS_TTL_SECONDS } from './auth/tokens.ts';
import type { Dataset } from './data/dataset.ts';
import { loadDataset, loadLegacyConfig } from './data/load.ts';
import { parseFaults } from './faults.ts';
import { buildApiApp } from './http/api-app.ts';
import type { LatencyRule } from './http/latency.ts';
import { buildLegacyApp } from './http/legacy-app.ts';
import {
  DEFAULT_LOCKOUT,
  DEFAULT_LOGIN_LIMIT,
  DEFAULT_WRITE_LIMIT,
  type LockoutSpec,
  type RateLimitSpec,
} from './http/limits.ts';
import { createState, type ReferenceState } from './http/state.ts';

export interface ReferenceServerOptions {
  /** Legacy working-directory layout: the four CSVs and data/*.json. */
  datasetDir: string;
  /** An already loaded copy of datasetDir (tests share one); loaded from datasetDir otherwise. */
  dataset?: Dataset;
  /** Fault names; unknown names throw UnknownFaultError. */
  faults?: Iterable<string>;
  latency?: readonly LatencyRule[];
  /** Login limit per (client ip, username); default 10 per 60 s. */
  loginLimit?: RateLimitSpec;
  /** Write limit per (client ip, route, token subject or ip); default 30 per 60 s. */
  writeLimit?: RateLimitSpec;
  /** Default 5 failures -> blocked 15 minutes. */
  lockout?: Partial<LockoutSpec>;
  /** Access token lifetime; default the contract's 15 minutes. */
  accessTtlSeconds?: number;
  /** Marks the server as a production stand-in (reported by /__reference/*); behaviour is unchanged. */
  productionLike?: boolean;
  /** Fastify request logging (off by default; never logs headers or bodies). */
  logger?: boolean;
  /** Clock in epoch ms (tests move time instead of waiting). */
  now?: () => number;
  /** How injected latency waits (tests record instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ReferenceServer {
  api: FastifyInstance;
  legacy: FastifyInstance;
  state: ReferenceState;
  close(): Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Throws (naming the file and column) when the dataset folder is unusable. */
export function buildReferenceServer(options: ReferenceServerOptions): ReferenceServer {
  const faults = parseFaults([...(options.faults ?? [])]);
  const dataset = options.dataset ?? loadDataset(options.datasetDir);
  const state = createState({
    datasetDir: options.datasetDir,
    dataset,
    legacyConfig: loadLegacyConfig(options.datasetDir),
    faults,
    latency: options.latency ?? [],
    loginLimit: options.loginLimit ?? DEFAULT_LOGIN_LIMIT,
    writeLimit: options.writeLimit ?? DEFAULT_WRITE_LIMIT,
    lockout: { ...DEFAULT_LOCKOUT, ...options.lockout },
    accessTtlSeconds: options.accessTtlSeconds ?? ACCESS_TTL_SECONDS,
    productionLike: options.productionLike === true,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? realSleep,
  });
  const api = buildApiApp(state, { logger: options.logger });
  const legacy = buildLegacyApp(state, { logger: options.logger });
  return {
    api,
    legacy,
    state,
    close: async () => {
      await Promise.all([api.close(), legacy.close()]);
    },
  };
}
