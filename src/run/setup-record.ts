// What the setup project hands to the rest of a run (Playwright's documented idiom for authentication:
// a setup project logs in once and stores the sessions the other projects reuse). One file per run,
// named by the run id, in the machine's temporary folder with owner-only permissions (it holds tokens,
// so it stays out of the results folder), removed by the teardown project.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ReferenceState } from '../brokers/reference-state.ts';
import { ROLES } from '../contract/permissions.ts';
import { TokenPair } from '../contract/v1.ts';
import { TARGET_ENV } from '../targets/target.ts';

/** The login answer of the setup project (the tests of the login answer read it), or why it failed. */
const StoredSession = z.union([TokenPair, z.strictObject({ error: z.string() })]);

export const SetupRecord = z.strictObject({
  apiBase: z.string(),
  sessions: z.partialRecord(z.enum(ROLES), StoredSession),
  /** The state snapshot saved before the first write (writes allowed), or why there is none. */
  snapshot: z.union([z.strictObject({ file: z.string() }), z.strictObject({ error: z.string() })]).optional(),
  /** Reference target only: its /__reference/state at the start of the run. */
  referenceState: ReferenceState.optional(),
});
export type SetupRecord = z.output<typeof SetupRecord>;

/** The teardown's evidence name for its verdict on the target's state (the run header prints it). */
export const RUN_STATE_EVIDENCE = 'run-state';

/** This run's id, set by playwright.config.ts in the runner and inherited by its workers. */
export function currentRunId(environment = process.env): string | undefined {
  return environment[TARGET_ENV.runId] || undefined;
}

/** A new run id: the start time, usable in file names. */
export function newRunId(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

export function setupRecordFile(runId: string, dir: string = tmpdir()): string {
  return path.join(dir, 'cobranzas-suite', `run-${runId}.json`);
}

/** The run's pacing ledger (src/clients/rate-pacing.ts): every paced login and write, with its wait. */
export function pacingLedgerFile(runId: string, dir: string = tmpdir()): string {
  return path.join(dir, 'cobranzas-suite', `pacing-${runId}.jsonl`);
}

/** Where the run header keeps a copy of the run's ledger, beside the evidence (npm run figures reads it). */
export function keptLedgerFile(evidenceDir: string, runId: string): string {
  return path.join(evidenceDir, 'pacing', `${runId}.jsonl`);
}

export function writeSetupRecord(file: string, record: SetupRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The record, or undefined when the setup project did not run (e.g. `--no-deps`) or it is another target's. */
export function readSetupRecord(file: string, apiBase: string): SetupRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = SetupRecord.safeParse(JSON.parse(text));
  return parsed.success && parsed.data.apiBase === apiBase ? parsed.data : undefined;
}

export function removeSetupRecord(file: string): void {
  rmSync(file, { force: true });
}
