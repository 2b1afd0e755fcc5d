// The rollback hook (CUTOVER_ROLLBACK_CMD). Its text and output are never printed or recorded (they
// may hold credentials): only that it ran, its exit code or signal, whether it timed out, how long.
import { spawn } from 'node:child_process';

export interface RollbackOutcome {
  ran: true;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Set when the command could not be started at all. */
  error: string | null;
}

/** Run the hook through the shell in its own process group; on timeout end that group. */
export function runShellCommand(
  command: string,
  timeoutMs: number,
  environment: Record<string, string>,
): Promise<RollbackOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, ...environment },
    });
    // Only the group this hook started is ever signalled.
    const endGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      endGroup('SIGTERM');
      killTimer = setTimeout(() => endGroup('SIGKILL'), 5000);
    }, timeoutMs);
    let settled = false;
    const settle = (exitCode: number | null, signal: string | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({ ran: true, exitCode, signal, timedOut, durationMs: Date.now() - started, error });
    };
    child.once('error', (error) => settle(null, null, error.message));
    child.once('exit', (code, signal) => settle(code, signal, null));
  });
}

/** The log line for a hook's outcome (never its text). */
export function describeRollback(rollback: RollbackOutcome): string {
  if (rollback.error) return `rollback hook could not start: ${rollback.error}`;
  if (rollback.timedOut) return 'rollback hook timed out';
  return `rollback hook exited with ${rollback.exitCode ?? rollback.signal}`;
}
