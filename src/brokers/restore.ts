// The restore step of the brokers gate's brokersConfig guard and the auth gate's brokersState guard,
// apart from Playwright so it can be unit-tested: put each part of the state back when it differs
// from its snapshot, and prove it by reading it again.
import type { V1Client } from '../clients/v1-client.ts';
import type { CommissionRules, PrizeRules, SupervisorsScope } from '../contract/v1.ts';
import { sameContent } from './canonical.ts';

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * Reads the part; when it differs from `snapshot` (canonical JSON), writes the snapshot and reads
 * again. Returns undefined when the part ends equal to the snapshot, else a problem line naming the
 * part and what the server holds (a failed read or write is a problem too, never thrown).
 */
export async function restorePart<T>(
  name: string,
  snapshot: T,
  read: () => Promise<T>,
  write: (value: T) => Promise<unknown>,
): Promise<string | undefined> {
  try {
    if (sameContent(await read(), snapshot)) return undefined;
    await write(snapshot);
    const after = await read();
    if (!sameContent(after, snapshot)) {
      return `${name}: after the restore the server holds ${JSON.stringify(after)}, expected ${JSON.stringify(snapshot)}`;
    }
    return undefined;
  } catch (error) {
    return `${name}: ${firstLine(error)}`;
  }
}

/** The brokers configuration a guard snapshots: one per target, read and written as admin. */
export interface BrokersConfigSnapshot {
  scope: SupervisorsScope;
  commissions: CommissionRules;
  prizes: PrizeRules;
}

/** What reading and restoring the configuration needs (a V1Client logged in as admin). */
export type BrokersConfigClient = Pick<
  V1Client,
  'getScope' | 'setScope' | 'getCommissions' | 'setCommissions' | 'getPrizes' | 'setPrizes'
>;

/** The supervisors scope, commission rules and prize rules, in that order. */
export async function readBrokersConfig(admin: BrokersConfigClient): Promise<BrokersConfigSnapshot> {
  const scope = await admin.getScope();
  const commissions = await admin.getCommissions();
  const prizes = await admin.getPrizes();
  return { scope, commissions, prizes };
}

/** Puts each part of the configuration back (restorePart); one problem line per part that did not take. */
export async function restoreBrokersConfig(
  admin: BrokersConfigClient,
  before: BrokersConfigSnapshot,
): Promise<string[]> {
  const problems = [
    await restorePart(
      'supervisors scope',
      before.scope,
      () => admin.getScope(),
      (value) => admin.setScope(value),
    ),
    await restorePart(
      'commission rules',
      before.commissions,
      () => admin.getCommissions(),
      (value) => admin.setCommissions(value),
    ),
    await restorePart(
      'prize rules',
      before.prizes,
      () => admin.getPrizes(),
      (value) => admin.setPrizes(value),
    ),
  ];
  return problems.filter((problem): problem is string => problem !== undefined);
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
