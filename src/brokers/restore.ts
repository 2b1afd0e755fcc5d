// Putting the target's brokers configuration and preferences back, for every guard of the suite (the
// brokers and auth gates' per-test guards, the run's teardown, `npm run restore`).
//
// Snapshots are the raw JSON the target answered, never our parse of it: a restore must work when the
// target holds something our schemas refuse (an invalid rule a faulty server stored), when the current
// value cannot be read, or when it does not parse. The snapshot is then written anyway, read back raw
// and compared canonically; a restore that did not take is reported with what is left.
import { z } from 'zod';
import { parseReply } from '../clients/expect-ok.ts';
import type { V1Client } from '../clients/v1-client.ts';
import type { V1RouteId } from '../contract/endpoints.ts';
import { BrokersPreferences, CommissionRules, PrizeRules, SupervisorsScope } from '../contract/v1.ts';
import { sameContent } from './canonical.ts';

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * Puts one part back to `snapshot`. Reads it first only to skip a write that is not needed: when the
 * read fails, does not parse or differs, the snapshot is written and read back. Returns undefined when
 * the part ends equal to the snapshot (canonical JSON), else a problem line naming the part and what
 * the server holds. Never throws.
 */
export async function restorePart(
  name: string,
  snapshot: unknown,
  read: () => Promise<unknown>,
  write: (value: unknown) => Promise<unknown>,
): Promise<string | undefined> {
  try {
    if (sameContent(await read(), snapshot)) return undefined;
  } catch {
    // Unreadable or unparseable now: that is a reason to write the snapshot, not to give up.
  }
  try {
    await write(snapshot);
  } catch (error) {
    return `${name}: writing the snapshot back failed: ${firstLine(error)}`;
  }
  let after: unknown;
  try {
    after = await read();
  } catch (error) {
    return `${name}: the snapshot was written but reading it back failed: ${firstLine(error)}`;
  }
  if (!sameContent(after, snapshot)) {
    return `${name}: after the restore the server holds ${JSON.stringify(after)}, expected ${JSON.stringify(snapshot)}`;
  }
  return undefined;
}

/** What reading and writing raw parts needs: any V1Client (admin for the configuration). */
export type RawClient = Pick<V1Client, 'send'>;

const AnyJson = z.unknown();

/** The route's 2xx JSON answer, unvalidated (a ContractError names status and trace id otherwise). */
export async function readRaw(client: RawClient, route: V1RouteId): Promise<unknown> {
  return parseReply(await client.send(route), AnyJson);
}

/** Posts `value` as is; any 2xx is accepted (the read back decides whether it took). */
export async function writeRaw(client: RawClient, route: V1RouteId, value: unknown): Promise<unknown> {
  return parseReply(await client.send(route, value), AnyJson);
}

/** The three parts of the brokers configuration: one per target, read and written as admin. */
export const CONFIG_PARTS = [
  { key: 'scope', name: 'supervisors scope', read: 'getScope', write: 'setScope', schema: SupervisorsScope },
  {
    key: 'commissions',
    name: 'commission rules',
    read: 'getCommissions',
    write: 'setCommissions',
    schema: CommissionRules,
  },
  { key: 'prizes', name: 'prize rules', read: 'getPrizes', write: 'setPrizes', schema: PrizeRules },
] as const;
type ConfigPartKey = (typeof CONFIG_PARTS)[number]['key'];

/** The configuration exactly as the target answered it. */
export type RawBrokersConfig = Record<ConfigPartKey, unknown>;

/** The configuration parsed with the contract's schemas (what tests compare with). */
export interface BrokersConfigSnapshot {
  scope: SupervisorsScope;
  commissions: CommissionRules;
  prizes: PrizeRules;
}

/** Reads the three parts raw; throws when one cannot be read (then nothing may be written). */
export async function readRawConfig(admin: RawClient): Promise<RawBrokersConfig> {
  const raw: Partial<RawBrokersConfig> = {};
  for (const part of CONFIG_PARTS) raw[part.key] = await readRaw(admin, part.read);
  return raw as RawBrokersConfig;
}

/** The raw configuration parsed by the contract's schemas; throws naming every part that does not parse. */
export function parseConfig(raw: RawBrokersConfig): BrokersConfigSnapshot {
  const problems: string[] = [];
  const parsed: Partial<Record<ConfigPartKey, unknown>> = {};
  for (const part of CONFIG_PARTS) {
    const result = part.schema.safeParse(raw[part.key]);
    if (result.success) parsed[part.key] = result.data;
    else problems.push(`${part.name}: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `the configuration the target holds does not match the contract:\n  ${problems.join('\n  ')}`,
    );
  }
  return parsed as unknown as BrokersConfigSnapshot;
}

/** Puts each part of the configuration back (restorePart); one problem line per part that did not take. */
export async function restoreRawConfig(admin: RawClient, before: RawBrokersConfig): Promise<string[]> {
  const problems: (string | undefined)[] = [];
  for (const part of CONFIG_PARTS) {
    problems.push(
      await restorePart(
        part.name,
        before[part.key],
        () => readRaw(admin, part.read),
        (value) => writeRaw(admin, part.write, value),
      ),
    );
  }
  return problems.filter((problem): problem is string => problem !== undefined);
}

/** A user's saved preferences, raw, as their own session reads them. */
export function readRawPreferences(client: RawClient): Promise<unknown> {
  return readRaw(client, 'getPreferences');
}

/** The raw preferences parsed by the contract's schema (what tests compare with). */
export function parsePreferences(raw: unknown): BrokersPreferences {
  return BrokersPreferences.parse(raw);
}

/** Puts a user's preferences back through their own session (the GET answer is the POST body). */
export function restorePreferences(
  label: string,
  client: RawClient,
  before: unknown,
): Promise<string | undefined> {
  return restorePart(
    `preferences of ${label}`,
    before,
    () => readRawPreferences(client),
    (value) => writeRaw(client, 'setPreferences', value),
  );
}

/** A guard's teardown verdict: throws naming every part left changed, so the test fails. */
export function assertRestored(guard: string, problems: readonly (string | undefined)[]): void {
  const failed = problems.filter((problem): problem is string => problem !== undefined);
  if (failed.length > 0) {
    throw new Error(
      `${guard}: the restore did not take, the target is left changed:\n  ${failed.join('\n  ')}`,
    );
  }
}

/**
 * The per-test guard's memory: the raw configuration and the raw preferences of each session it was
 * told about; restore() puts all of it back (latest tracked first: if two sessions share a store, the
 * earliest snapshot is the one left).
 */
export class StateGuard {
  private readonly tracked: { label: string; client: RawClient; raw: unknown }[] = [];

  constructor(
    private readonly admin: RawClient,
    readonly rawConfig: RawBrokersConfig,
  ) {}

  static async take(admin: RawClient): Promise<StateGuard> {
    return new StateGuard(admin, await readRawConfig(admin));
  }

  /** Records what `client`'s session sees now; returns it raw. */
  async trackPreferences(label: string, client: RawClient): Promise<unknown> {
    const raw = await readRawPreferences(client);
    this.tracked.push({ label, client, raw });
    return raw;
  }

  /** Every part put back; the problem lines of those that did not take. */
  async restore(): Promise<string[]> {
    const problems = await restoreRawConfig(this.admin, this.rawConfig);
    for (const { label, client, raw } of [...this.tracked].reverse()) {
      const problem = await restorePreferences(label, client, raw);
      if (problem) problems.push(problem);
    }
    return problems;
  }
}
