// npm run restore -- --from <evidence dir>/state-snapshots/<run id>.json [--timeout-ms N]
// Puts the target back as a run found it, from the state snapshot the run saved before its first
// write: for when the run died half-way (killed, machine lost) and its teardown never ran. Restores to
// the API the snapshot was taken from (its apiBase), logging in as the admin account for the brokers
// configuration and as each test user whose preferences the snapshot holds (the E2E_* credentials;
// a user whose name differs from the snapshot's is reported, not guessed). Each part is written raw
// and read back. Prints one JSON report; exit 0 when everything is as found, 1 when a part is left
// changed, 2 misconfigured or unreachable. Never prints a token or a password.
import { z } from 'zod';
import {
  checkAndRestore,
  loadRunSnapshot,
  overallStateVerdict,
  type RoleSessions,
} from '../src/brokers/run-snapshot.ts';
import { parseCommandLine, runWhenMain, UsageError } from '../src/cli/command-line.ts';
import { enableRatePacing } from '../src/clients/rate-pacing.ts';
import { type HttpTransport, undiciTransport } from '../src/clients/transport.ts';
import { V1Client } from '../src/clients/v1-client.ts';
import { loadConfig, type SuiteConfig } from '../src/config.ts';
import { ROLES } from '../src/contract/permissions.ts';
import { credentialsFor } from '../src/fixtures.ts';

export const USAGE = 'usage: npm run restore -- --from <state snapshot file> [--timeout-ms N]';

/** What main uses from outside; the unit tests give an in-process target. */
interface RestoreDependencies {
  stdout?: (text: string) => void;
  config?: SuiteConfig;
  transport?: HttpTransport;
}

export async function main(argv: string[], dependencies: RestoreDependencies = {}): Promise<number> {
  const stdout = dependencies.stdout ?? ((text: string) => process.stdout.write(text));
  const { values } = parseCommandLine(
    { args: argv, options: { from: { type: 'string' }, 'timeout-ms': { type: 'string', default: '15000' } } },
    USAGE,
  );
  if (!values.from) throw new UsageError(`--from is required\n${USAGE}`);
  const timeoutMs = z.coerce.number().int().positive().parse(values['timeout-ms']);
  const config = dependencies.config ?? loadConfig();
  const snapshot = loadRunSnapshot(values.from);
  enableRatePacing(config, snapshot.apiBase, (line) => process.stderr.write(`${line}\n`));
  const api = new V1Client(snapshot.apiBase, dependencies.transport ?? undiciTransport(), {
    traceIdPrefix: 'e2e-restore',
    timeoutMs,
  });

  const sessions: RoleSessions = {};
  const loginProblems: string[] = [];
  for (const role of ROLES) {
    if (role !== 'admin' && !snapshot.preferences[role]) continue;
    const { username, password } = credentialsFor(config, role);
    try {
      const pair = await api.login(username, password);
      sessions[role] = { username, client: api.withToken(pair.access_token) };
    } catch (error) {
      loginProblems.push(
        `${role} (${username}): ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
      );
    }
  }
  const admin = sessions.admin;
  if (!admin) throw new Error(`cannot log in as the admin account: ${loginProblems.join('; ')}`);
  const parts = await checkAndRestore(snapshot, admin.client, sessions);
  const verdict = overallStateVerdict(parts);
  stdout(
    `${JSON.stringify({ restore: values.from, apiBase: snapshot.apiBase, takenAt: snapshot.takenAt, verdict, parts, loginProblems }, null, 2)}\n`,
  );
  return verdict === 'left changed' ? 1 : 0;
}

runWhenMain(import.meta.url, main, 'restore');
