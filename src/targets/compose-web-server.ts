// TARGET=compose as Playwright's webServer: cli/compose-stack.ts brings the stack up and keeps it
// for the run (testcontainers' reaper removes the containers when the process that started them
// exits, so the stack's owner must outlive every worker), and its READY line's URLs reach the
// workers through the environment (named capture groups, as the reference server's do). Kept apart
// from ./compose.ts so that loading the Playwright config never imports testcontainers.
import type { SuiteConfig } from '../config.ts';
import { shellQuote } from './reference.ts';
import type { ResolvedTarget } from './target.ts';

/** The capture group names, upper-cased by Playwright: TARGET_ENV.composeApiBase / composeLegacyBase. */
export const COMPOSE_READY_LINE =
  /COMPOSE_READY api=(?<compose_api_base>\S+) legacy=(?<compose_legacy_base>\S+)/;

export function composeReadyLine(target: Pick<ResolvedTarget, 'apiBase' | 'legacyBase'>): string {
  return `COMPOSE_READY api=${target.apiBase} legacy=${target.legacyBase}`;
}

/** This run's Playwright command line with the compose settings it ran under (for a failed start's message). */
export function playwrightRetryCommand(config: SuiteConfig, argv = process.argv): string {
  const testAt = argv.indexOf('test');
  const args = testAt >= 0 ? argv.slice(testAt + 1) : [];
  return [
    'TARGET=compose',
    `COMPOSE_FILE=${config.COMPOSE_FILE}`,
    `COMPOSE_PROFILE=${config.COMPOSE_PROFILE}`,
    'npx playwright test',
    ...args,
  ].join(' ');
}

/** Time to take the stack down after the run before Playwright kills the process (the reaper then removes what is left). */
const TEAR_DOWN_TIMEOUT_MS = 120_000;

export function composeWebServer(config: SuiteConfig, retryCommand: string) {
  return {
    name: 'compose-stack',
    command: ['node', '--import', 'tsx', 'cli/compose-stack.ts', '--retry-command', retryCommand]
      .map(shellQuote)
      .join(' '),
    wait: { stdout: COMPOSE_READY_LINE },
    // Its timings ("compose stack up ... in N s", "compose stack down in N s") are in the run's output.
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    // The engine check, image pulls and both services' health waits, with a margin.
    timeout: config.COMPOSE_STARTUP_TIMEOUT_S * 1000 + 60_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: TEAR_DOWN_TIMEOUT_MS },
  };
}
