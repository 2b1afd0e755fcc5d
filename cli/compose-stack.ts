// The compose stack as Playwright's webServer for TARGET=compose (playwright.config.ts): brings the
// system's compose stack up with testcontainers (src/targets/compose.ts), prints
// `COMPOSE_READY api=<url> legacy=<url>` (Playwright hands the URLs to the workers through the
// environment), and keeps running until Playwright stops it at the end of the run (SIGTERM), then
// takes the stack down. It must live as long as the run: testcontainers' reaper removes the
// containers when the process that started them exits. Also runs alone:
// `TARGET=compose node --import tsx cli/compose-stack.ts` (Ctrl-C takes the stack down).
// Exit 0 after a clean tear-down, 2 when the stack could not be brought up (the reason on stderr).
import { parseCommandLine, runWhenMain } from '../src/cli/command-line.ts';
import { loadConfig } from '../src/config.ts';
import { startComposeTarget } from '../src/targets/compose.ts';
import { composeReadyLine } from '../src/targets/compose-web-server.ts';

const USAGE = 'usage: node --import tsx cli/compose-stack.ts [--retry-command "<command>"]';

/**
 * Resolves on the first SIGTERM or SIGINT. A signal listener does not keep node running: a timer
 * does, or the process would exit right after the READY line and leave the stack to nobody.
 */
function stopRequested(): Promise<string> {
  const keepAlive = setInterval(() => {}, 60_000);
  return new Promise((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => {
        clearInterval(keepAlive);
        resolve(signal);
      });
  });
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    { args: argv, options: { 'retry-command': { type: 'string' } } },
    USAGE,
  );
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const stop = stopRequested();
  const started = await startComposeTarget(loadConfig(), {
    log,
    ...(values['retry-command'] ? { retryCommand: values['retry-command'] } : {}),
  });
  log(composeReadyLine(started.target));
  const signal = await stop;
  log(`compose stack: ${signal} received, taking the stack down`);
  await started.tearDown();
  return 0;
}

runWhenMain(import.meta.url, main, 'compose-stack');
