// Runs once in the runner before any worker: brings up the compose stack when asked to, and
// returns the teardown. The reference server is Playwright's webServer (see playwright.config.ts).
import { loadConfig } from '../config.ts';
import { startComposeTarget } from './compose.ts';
import { TARGET_ENV } from './target.ts';

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  const config = loadConfig();
  if (config.TARGET !== 'compose') return undefined;
  const started = await startComposeTarget(config, {
    log: (line) => process.stdout.write(`${line}\n`),
  });
  // Workers are spawned after global set-up and inherit the runner's environment.
  process.env[TARGET_ENV.composeApiBase] = started.target.apiBase;
  process.env[TARGET_ENV.composeLegacyBase] = started.target.legacyBase;
  return started.tearDown;
}
