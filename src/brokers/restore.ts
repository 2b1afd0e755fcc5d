// Putting the target's brokers configuration and preferences back, for every guard of the suite (the
// brokers and auth gates' per-test guards, the run's teardown, `npm run restore`).
//
// Snapshots are the JSON text the target answered, never our parse of it: a restore must work when the
// target holds something our schemas refuse (an invalid rule a faulty server stored), when the current
// value cannot be read, or when it does not parse. The snapshot's text is then posted back as it was
// read (a re-serialised parse would store `"factor": 1.0` as `1`), read back and compared; a restore
// that did not take is reported with what is left.
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

/** A JSON answer as the target sent it: `text` is what a restore posts back, `value` its parse. */
export interface RawJson {
  readonly text: string;
  readonly value: unknown;
}

/** Wraps JSON text; throws when it does not parse. */
export function rawJson(text: string): RawJson {
  return { text, value: JSON.parse(text) };
}

/**
 * Puts one part back to `snapshot`. Reads it first only to skip a write that is not needed (the same
 * JSON text): when the read fails, does not parse or differs — also only in its text, such as `1.0`
 * against `1` — the snapshot's text is posted as it was read, and read back. Returns undefined when the
 * part ends with the snapshot's content (canonical JSON), else a problem line naming the part and what
 * the server holds. Never throws.
 */
export async function restorePart(
  name: string,
  snapshot: RawJson,
  read: () => Promise<RawJson>,
  write: (text: string) => Promise<unknown>,
): Promise<string | undefined> {
  try {
    if ((await read()).text === snapshot.text) return undefined;
  } catch {
    // Unreadable or unparseable now: that is a reason to write the snapshot, not to give up.
  }
  try {
    await write(snapshot.text);
  } catch (error) {
    return `${name}: writing the snapshot back failed: ${firstLine(error)}`;
  }
  let after: RawJson;
  try {
    after = await read();
  } catch (error) {
    return `${name}: the snapshot was written but reading it back failed: ${firstLine(error)}`;
  }
  if (!sameContent(after.value, snapshot.value)) {
    return `${name}: after the restore the server holds ${after.text}, expected ${snapshot.text}`;
  }
  return undefined;
}

/** What reading and writing raw parts needs: any V1Client (admin for the configuration). */
export type RawClient = Pick<V1Client, 'send'>;

const AnyJson = z.unknown();

/** The route's 2xx JSON answer, unvalidated, with its text (a ContractError names status and trace id otherwise). */
export async function readRaw(client: RawClient, route: V1RouteId): Promise<RawJson> {
  const reply = await client.send(route);
  return { text: reply.text(), value: parseReply(reply, AnyJson) };
}

/** Posts `text` byte for byte as the JSON body; any 2xx is accepted (the read back decides whether it took). */
export async function writeRaw(client: RawClient, route: V1RouteId, text: string): Promise<unknown> {
  const reply = await client.send(route, undefined, {
    body: text,
    headers: { 'content-type': 'application/json' },
  });
  return parseReply(reply, AnyJson);
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
export type RawBrokersConfig = Record<ConfigPartKey, RawJson>;

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
    const result = part.schema.safeParse(raw[part.key].value);
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
        (text) => writeRaw(admin, part.write, text),
      ),
    );
  }
  return problems.filter((problem): problem is string => problem !== undefined);
}

/** A user's saved preferences, raw, as their own session reads them. */
export function readRawPreferences(client: RawClient): Promise<RawJson> {
  return readRaw(client, 'getPreferences');
}

/** The raw preferences parsed by the contract's schema (what tests compare with). */
export function parsePreferences(raw: RawJson): BrokersPreferences {
  return BrokersPreferences.parse(raw.value);
}

/** Puts a user's preferences back through their own session (the GET answer is the POST body). */
export function restorePreferences(
  label: string,
  client: RawClient,
  before: RawJson,
): Promise<string | undefined> {
  return restorePart(
    `preferences of ${label}`,
    before,
    () => readRawPreferences(client),
    (text) => writeRaw(client, 'setPreferences', text),
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
  private readonly tracked: { label: string; client: RawClient; raw: RawJson }[] = [];

  constructor(
    private readonly admin: RawClient,
    readonly rawConfig: RawBrokersConfig,
  ) {}

  static async take(admin: RawClient): Promise<StateGuard> {
    return new StateGuard(admin, await readRawConfig(admin));
  }

  /** Records what `client`'s session sees now; returns it raw. */
  async trackPreferences(label: string, client: RawClient): Promise<RawJson> {
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
