// Runs once in the runner before any worker: brings up the compose stack when asked to, and
// returns the teardown, which also removes the sessions the setup project stored (they hold tokens
// and must not outlive the run, whichever tests ran) and what worker fixtures kept for the run. The
// reference server is Playwright's webServer (see playwright.config.ts).
import { loadConfig } from '../config.ts';
import { TARGET_ENV } from '../targets/target.ts';
import { removeRunCache } from './run-cache.ts';
import { currentRunId, removeSetupRecord, setupRecordFile } from './setup-record.ts';

function removeStoredSessions(): void {
  const runId = currentRunId();
  if (!runId) return;
  removeSetupRecord(setupRecordFile(runId));
  removeRunCache(runId);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const config = loadConfig();
  if (config.TARGET !== 'compose') return async () => removeStoredSessions();
  // Loaded only here: testcontainers costs about a CPU second to import, in every run otherwise.
  const { startComposeTarget } = await import('../targets/compose.ts');
  const started = await startComposeTarget(config, {
    log: (line) => process.stdout.write(`${line}\n`),
  });
  // Workers are spawned after global set-up and inherit the runner's environment.
  process.env[TARGET_ENV.composeApiBase] = started.target.apiBase;
  process.env[TARGET_ENV.composeLegacyBase] = started.target.legacyBase;
  return async () => {
    removeStoredSessions();
    await started.tearDown();
  };
}
