// Fixtures of the cutover window gate (tests/cutover): one monitored window per run, shared by the
// window's tests (see cutoverWindow).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, type SuiteConfig } from '../config.ts';
import { type CutoverWindowRun, runCutoverWindow } from '../cutover/window-run.ts';
import { test as base } from '../fixtures.ts';

/** How long the window fixture may take: the window, the traffic's stop, evidence, and a margin. */
function windowFixtureTimeoutMs(config: SuiteConfig): number {
  return (config.CUTOVER_WINDOW_MINUTES * 60 + config.CUTOVER_INTERVAL_SECONDS + 120) * 1000;
}

const CachedRunStamp = z.looseObject({ runnerPid: z.number() });

interface CutoverWorkerFixtures {
  /**
   * The window, monitored once per run. Playwright replaces a worker after a failed test; the next
   * worker of the same run reads the window from the project's output folder (emptied at the start of
   * every run) instead of monitoring a second window, so every test judges the same one.
   */
  cutoverWindow: CutoverWindowRun;
}

export const test = base.extend<object, CutoverWorkerFixtures>({
  cutoverWindow: [
    async ({ suiteConfig, target }, use, workerInfo) => {
      const cache = path.join(workerInfo.project.outputDir, 'cutover-window-run.json');
      let run: CutoverWindowRun | undefined;
      try {
        const json: unknown = JSON.parse(await readFile(cache, 'utf8'));
        // Written by runCutoverWindow in this folder; only its run stamp needs checking.
        if (CachedRunStamp.parse(json).runnerPid === process.ppid) run = json as CutoverWindowRun;
      } catch {
        // No window yet in this run.
      }
      if (run === undefined) {
        run = await runCutoverWindow(suiteConfig, target);
        await mkdir(path.dirname(cache), { recursive: true });
        await writeFile(cache, JSON.stringify(run), 'utf8');
      }
      await use(run);
    },
    { scope: 'worker', timeout: windowFixtureTimeoutMs(loadConfig()) },
  ],
});

export { expect } from '../fixtures.ts';
