// What the command-line tools in cli/ share: the usage error, argument parsing that answers a bad
// option with the usage line, and the entry point that turns main's result into the exit code
// (2 and one line on stderr when main throws: misconfigured, misused or unreachable).
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';

/** The command line is wrong; the message says how (and usually ends with the usage line). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util parseArgs; an unknown or malformed option becomes a UsageError ending with `usage`. */
export function parseCommandLine<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

/**
 * The stderr line for an error main threw: a ConfigError or UsageError already names what to fix,
 * so its message stands alone; anything else is labelled with the tool (`<label> error: ...`).
 */
export function cliErrorLine(label: string, error: unknown): string {
  if (error instanceof ConfigError || error instanceof UsageError) return error.message;
  return `${label} error: ${String(error)}`;
}

/**
 * Runs `main` with the command-line arguments when `moduleUrl` (the caller's import.meta.url) is
 * the script node was started with, so tests can import the module without running it.
 */
export function runWhenMain(
  moduleUrl: string,
  main: (argv: string[]) => Promise<number>,
  label: string,
): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${cliErrorLine(label, error)}\n`);
      process.exitCode = 2;
    },
  );
}
