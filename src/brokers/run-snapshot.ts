// The run's state snapshot: the brokers configuration and each test user's preferences, the JSON text
// the target answered (restores post it back byte for byte), saved to the evidence folder before the
// run's first write. The teardown
// project compares the target with it at the end of the run (and puts back what differs); if the run
// dies half-way, `npm run restore -- --from <file>` puts it back from the file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '../contract/permissions.ts';
import { sameContent } from './canonical.ts';
import {
  CONFIG_PARTS,
  type RawClient,
  type RawJson,
  rawJson,
  readRaw,
  readRawConfig,
  readRawPreferences,
  restorePart,
  restorePreferences,
  writeRaw,
} from './restore.ts';

/**
 * A part in the file: the answer's JSON text. Files of earlier versions of the suite hold the parsed
 * value instead (never a string: every part is an object); it is read as its JSON text.
 */
const SavedPart = z.unknown().transform((saved, context): RawJson => {
  const text = typeof saved === 'string' ? saved : JSON.stringify(saved);
  try {
    return rawJson(text);
  } catch {
    context.addIssue({ code: 'custom', message: 'not JSON text' });
    return z.NEVER;
  }
});

export const RunSnapshot = z.strictObject({
  kind: z.literal('cobranzas-suite-state-snapshot'),
  apiBase: z.string(),
  takenAt: z.string(),
  config: z.strictObject({ scope: SavedPart, commissions: SavedPart, prizes: SavedPart }),
  /** Per role: the account whose preferences these are, and its GET /brokers/preferences answer. */
  preferences: z.partialRecord(z.enum(ROLES), z.strictObject({ username: z.string(), value: SavedPart })),
});
export type RunSnapshot = z.output<typeof RunSnapshot>;

/** A session per role, with the account it is logged in as. */
export type RoleSessions = Partial<Record<Role, { username: string; client: RawClient }>>;

/** `<evidence dir>/state-snapshots/<run id>.json`: kept, never overwritten by a later run. */
export function runSnapshotFile(evidenceDir: string, runId: string): string {
  return path.join(evidenceDir, 'state-snapshots', `${runId}.json`);
}

/** Reads the configuration (as admin) and each session's preferences; throws if any cannot be read. */
export async function takeRunSnapshot(
  apiBase: string,
  admin: RawClient,
  sessions: RoleSessions,
): Promise<RunSnapshot> {
  const config = await readRawConfig(admin);
  const preferences: RunSnapshot['preferences'] = {};
  for (const role of ROLES) {
    const session = sessions[role];
    if (session)
      preferences[role] = { username: session.username, value: await readRawPreferences(session.client) };
  }
  return {
    kind: 'cobranzas-suite-state-snapshot',
    apiBase,
    takenAt: new Date().toISOString(),
    config,
    preferences,
  };
}

/** Written with each part as its JSON text (the bytes a restore posts back). */
export function saveRunSnapshot(file: string, snapshot: RunSnapshot): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const asText = {
    ...snapshot,
    config: {
      scope: snapshot.config.scope.text,
      commissions: snapshot.config.commissions.text,
      prizes: snapshot.config.prizes.text,
    },
    preferences: Object.fromEntries(
      Object.entries(snapshot.preferences).map(([role, saved]) => [
        role,
        { username: saved.username, value: saved.value.text },
      ]),
    ),
  };
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(asText, null, 2)}\n`, 'utf8');
  renameSync(temporary, file);
}

export function loadRunSnapshot(file: string): RunSnapshot {
  const parsed = RunSnapshot.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is not a state snapshot of this suite: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export interface PartVerdict {
  part: string;
  verdict: 'as found' | 'restored' | 'left changed';
  /** restored: what the target held; left changed: why the restore did not take. */
  detail?: string;
}

async function checkPart(
  part: string,
  snapshot: RawJson,
  read: () => Promise<RawJson>,
  restore: () => Promise<string | undefined>,
): Promise<PartVerdict> {
  let held: string;
  try {
    const current = await read();
    if (current.text === snapshot.text) return { part, verdict: 'as found' };
    held = sameContent(current.value, snapshot.value)
      ? `the same content in other JSON text: ${current.text} (saved: ${snapshot.text})`
      : `the target held ${current.text}`;
  } catch (error) {
    held = `the target's value could not be read: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  }
  const problem = await restore();
  return problem
    ? { part, verdict: 'left changed', detail: problem }
    : { part, verdict: 'restored', detail: held };
}

/**
 * Compares every part with the snapshot and puts back each one that differs (restorePart: written and
 * read back even when the current value cannot be read). Preferences are restored through each role's
 * own session; a role the snapshot has but `sessions` lacks is left changed, named.
 */
export async function checkAndRestore(
  snapshot: RunSnapshot,
  admin: RawClient,
  sessions: RoleSessions,
): Promise<PartVerdict[]> {
  const verdicts: PartVerdict[] = [];
  for (const part of CONFIG_PARTS) {
    const before = snapshot.config[part.key];
    verdicts.push(
      await checkPart(
        part.name,
        before,
        () => readRaw(admin, part.read),
        () =>
          restorePart(
            part.name,
            before,
            () => readRaw(admin, part.read),
            (text) => writeRaw(admin, part.write, text),
          ),
      ),
    );
  }
  for (const role of ROLES) {
    const saved = snapshot.preferences[role];
    if (!saved) continue;
    const label = `${role} (${saved.username})`;
    const session = sessions[role];
    if (!session || session.username !== saved.username) {
      verdicts.push({
        part: `preferences of ${label}`,
        verdict: 'left changed',
        detail: `no session of ${saved.username} to read or restore them with`,
      });
      continue;
    }
    verdicts.push(
      await checkPart(
        `preferences of ${label}`,
        saved.value,
        () => readRawPreferences(session.client),
        () => restorePreferences(label, session.client, saved.value),
      ),
    );
  }
  return verdicts;
}

/** "as found" when every part was; "restored" when the check had to put something back; else "left changed". */
export function overallStateVerdict(verdicts: readonly PartVerdict[]): PartVerdict['verdict'] {
  if (verdicts.some((verdict) => verdict.verdict === 'left changed')) return 'left changed';
  if (verdicts.some((verdict) => verdict.verdict === 'restored')) return 'restored';
  return 'as found';
}
