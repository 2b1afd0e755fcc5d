// The migration check end to end, for the CLI (npm run verify:legacy-config): read the legacy
// configuration (files or endpoints), log in to v1 as admin, read its configuration, compare.
// The report holds URLs, counts, hashes and differing rules: never a token or a password.
import { LegacyClient } from '../clients/legacy-client.ts';
import type { HttpTransport } from '../clients/transport.ts';
import { V1Client } from '../clients/v1-client.ts';
import {
  type BrokersConfigSet,
  type ConfigComparison,
  type ConfigName,
  compareMigratedConfig,
  type LegacyFileForm,
  readLegacyConfigDir,
} from './migration.ts';

export type LegacySource = 'files' | 'endpoints';

export interface LegacyConfigCheckOptions {
  apiBase: string;
  legacyBase: string;
  username: string;
  password: string;
  source: LegacySource;
  /** Required for source 'files'. */
  dir?: string;
  transport: HttpTransport;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  now?: () => Date;
}

type LegacySide =
  | { source: 'files'; dir: string; forms: Record<ConfigName, LegacyFileForm> }
  | { source: 'endpoints'; legacyBase: string };

export interface LegacyConfigReport {
  check: 'legacy-config-migration';
  verdict: 'same' | 'different';
  v1: { apiBase: string };
  legacy: LegacySide;
  configs: ConfigComparison[];
  checkedAt: string;
}

/** The v1 configuration as an authenticated client reads it. */
export async function readV1Config(client: V1Client): Promise<BrokersConfigSet> {
  const scope = await client.getScope();
  const commissions = await client.getCommissions();
  const prizes = await client.getPrizes();
  return { supervisors: scope.supervisors, commissions: commissions.rules, prizes: prizes.rules };
}

/** The legacy dashboard's own configuration (GET /api/brokers-supervisors, /api/commissions, /api/prizes). */
export async function readLegacyEndpointsConfig(client: LegacyClient): Promise<BrokersConfigSet> {
  const supervisors = await client.getSupervisors();
  const commissions = await client.getCommissions();
  const prizes = await client.getPrizes();
  return { supervisors: supervisors.supervisors, commissions: commissions.rules, prizes: prizes.rules };
}

/** Throws LegacyConfigFileError (bad folder), ContractError (a reply off contract) or TransportError. */
export async function runLegacyConfigCheck(options: LegacyConfigCheckOptions): Promise<LegacyConfigReport> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  let legacy: BrokersConfigSet;
  let side: LegacySide;
  if (options.source === 'files') {
    if (options.dir === undefined) throw new Error('source "files" needs a folder (LEGACY_CONFIG_DIR)');
    // Files first: a wrong folder stops the check before any request.
    const folder = readLegacyConfigDir(options.dir);
    legacy = folder.config;
    side = { source: 'files', dir: folder.dir, forms: folder.forms };
  } else {
    const client = new LegacyClient(options.legacyBase, options.transport, {
      traceIdPrefix: 'verify-legacy-config-legacy',
      timeoutMs,
    });
    legacy = await readLegacyEndpointsConfig(client);
    side = { source: 'endpoints', legacyBase: client.baseUrl };
  }
  const anonymous = new V1Client(options.apiBase, options.transport, {
    traceIdPrefix: 'verify-legacy-config',
    timeoutMs,
  });
  const pair = await anonymous.login(options.username, options.password);
  const v1 = await readV1Config(anonymous.withToken(pair.access_token));
  const comparison = compareMigratedConfig(v1, legacy);
  return {
    check: 'legacy-config-migration',
    verdict: comparison.same ? 'same' : 'different',
    v1: { apiBase: anonymous.baseUrl },
    legacy: side,
    configs: comparison.configs,
    checkedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
}
