// The run's teardown (runs after every gate, pass or fail): the target must end with the brokers
// configuration and every test user's preferences exactly as the setup project saved them before the
// first write. What differs is put back now (raw, read back and compared) and the test fails naming
// it: a per-test guard let it through. On the reference target its whole state fingerprint
// (configuration, legacy configuration, preferences, lockouts) must match too. Last, the sessions
// the setup project stored (they hold tokens) are removed, whichever tests ran.
import { existsSync } from 'node:fs';
import { changedStateParts, fetchReferenceState } from '../../src/brokers/reference-state.ts';
import {
  checkAndRestore,
  loadRunSnapshot,
  overallStateVerdict,
  type RoleSessions,
} from '../../src/brokers/run-snapshot.ts';
import { readPacingLedger } from '../../src/clients/rate-pacing.ts';
import { playwrightTransport } from '../../src/clients/transport.ts';
import { ROLES } from '../../src/contract/permissions.ts';
import { needsWrittenRun } from '../../src/exclusions.ts';
import { credentialsFor, excludeWhen, expect, test as teardown } from '../../src/fixtures.ts';
import { removeRunCache } from '../../src/run/run-cache.ts';
import {
  currentRunId,
  pacingLedgerFile,
  RUN_STATE_EVIDENCE,
  readSetupRecord,
  removeSetupRecord,
  setupRecordFile,
} from '../../src/run/setup-record.ts';

teardown.describe(() => {
  excludeWhen(needsWrittenRun);

  teardown(
    'the run leaves the configuration and every preference as it found them',
    async ({ api, request, sessions, suiteConfig, target, evidence }) => {
      const runId = currentRunId();
      const record = runId ? readSetupRecord(setupRecordFile(runId), target.apiBase) : undefined;
      const saved = record?.snapshot;
      if (!saved) throw new Error('no state snapshot: the setup project did not run for this target');
      if ('error' in saved)
        throw new Error(`the setup project could not save the state snapshot: ${saved.error}`);
      const snapshot = loadRunSnapshot(saved.file);

      const roleSessions: RoleSessions = {};
      for (const role of ROLES) {
        try {
          roleSessions[role] = {
            username: credentialsFor(suiteConfig, role).username,
            client: api.withToken(await sessions.accessToken(role)),
          };
        } catch {
          // checkAndRestore names the preferences it had no session for.
        }
      }
      const admin = roleSessions.admin;
      if (!admin)
        throw new Error(
          `no admin session: nothing checked; restore with npm run restore -- --from ${saved.file}`,
        );
      const parts = await teardown.step('compare with the snapshot and put back what differs', () =>
        checkAndRestore(snapshot, admin.client, roleSessions),
      );
      const verdict = overallStateVerdict(parts);

      let referenceChanged: string[] = [];
      if (target.mode === 'reference' && record?.referenceState) {
        const end = await fetchReferenceState(playwrightTransport(request), target.apiBase);
        referenceChanged = changedStateParts(record.referenceState, end);
      }
      const pacing = runId ? readPacingLedger(pacingLedgerFile(runId)) : undefined;
      await evidence(RUN_STATE_EVIDENCE, { verdict, snapshot: saved.file, parts, referenceChanged, pacing });

      const notAsFound = parts
        .filter((part) => part.verdict !== 'as found')
        .map((part) => `${part.part}: ${part.verdict}${part.detail ? ` (${part.detail})` : ''}`);
      expect(
        notAsFound,
        verdict === 'left changed'
          ? `the run LEFT THE TARGET CHANGED; restore with: npm run restore -- --from ${saved.file}`
          : 'the run changed the target (a per-test guard let it through); the teardown put it back',
      ).toEqual([]);
      expect(referenceChanged, "the reference server's state fingerprint changed during the run").toEqual([]);
    },
  );
});

// Runs in read-only runs too: the stored tokens must not outlive the run, and a token left on disk
// fails the run, naming the file. What worker fixtures kept for the run goes with them.
teardown('the sessions the setup project stored are removed at the end of the run', async () => {
  const runId = currentRunId();
  if (!runId) throw new Error('no run id: playwright.config.ts gives every run one');
  const file = setupRecordFile(runId);
  removeSetupRecord(file);
  removeRunCache(runId);
  expect(existsSync(file), `the run's stored sessions are still on disk: ${file}`).toBe(false);
});
