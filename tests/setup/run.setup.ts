// The run's set-up (Playwright's setup-project idiom): one login per role whose sessions every gate
// reuses, so a run spends the target's login budget once, and — when writes are allowed — the state
// snapshot (configuration and each test user's preferences) saved to the evidence folder before any
// test writes. Problems are recorded, not thrown: a failed setup would skip every gate, so each test
// that needs what is missing fails instead, naming the cause.
import { fetchReferenceState } from '../../src/brokers/reference-state.ts';
import {
  type RoleSessions,
  runSnapshotFile,
  saveRunSnapshot,
  takeRunSnapshot,
} from '../../src/brokers/run-snapshot.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { ROLES } from '../../src/contract/permissions.ts';
import { credentialsFor, test as setup } from '../../src/fixtures.ts';
import {
  currentRunId,
  newRunId,
  type SetupRecord,
  setupRecordFile,
  writeSetupRecord,
} from '../../src/run/setup-record.ts';

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

setup(
  'log in once per role and save the configuration and preferences as found',
  async ({ api, request, suiteConfig, target, evidence }, testInfo) => {
    const runId = currentRunId() ?? newRunId();
    const record: SetupRecord = { apiBase: target.apiBase, sessions: {} };
    const roleSessions: RoleSessions = {};
    for (const role of ROLES) {
      const { username, password } = credentialsFor(suiteConfig, role);
      try {
        const pair = await setup.step(`log in as ${role}`, () => api.login(username, password));
        record.sessions[role] = pair;
        roleSessions[role] = { username, client: api.withToken(pair.access_token) };
      } catch (error) {
        record.sessions[role] = { error: firstLine(error) };
      }
    }

    if (suiteConfig.writesAllowed) {
      const admin = roleSessions.admin;
      if (!admin) {
        record.snapshot = {
          error: 'no admin session to read the configuration with (the admin login failed)',
        };
      } else {
        try {
          const snapshot = await setup.step('save the state snapshot before the first write', () =>
            takeRunSnapshot(target.apiBase, admin.client, roleSessions),
          );
          const file = runSnapshotFile(suiteConfig.EVIDENCE_DIR, runId);
          saveRunSnapshot(file, snapshot);
          record.snapshot = { file };
        } catch (error) {
          record.snapshot = { error: firstLine(error) };
        }
      }
    }
    if (target.mode === 'reference') {
      record.referenceState = await fetchReferenceState(playwrightTransport(request), target.apiBase);
    }
    writeSetupRecord(setupRecordFile(runId), record);

    const problems = Object.entries(record.sessions)
      .flatMap(([role, session]) => ('error' in session ? [`login as ${role}: ${session.error}`] : []))
      .concat(
        record.snapshot && 'error' in record.snapshot ? [`state snapshot: ${record.snapshot.error}`] : [],
      );
    for (const problem of problems)
      testInfo.annotations.push({ type: 'setup-problem', description: problem });
    await evidence('run-setup', {
      logins: ROLES.filter((role) => record.sessions[role] && !('error' in (record.sessions[role] ?? {}))),
      snapshot: record.snapshot ?? 'not taken: writes are not allowed on this target',
      problems,
    });
  },
);
