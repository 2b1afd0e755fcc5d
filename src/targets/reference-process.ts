// The one launcher of the reference server as a child process outside Playwright's webServer: the
// self-test's stability and read-only runs, the rehearsal, and the perf gate's servers of a test's
// own (latency injection). Spawned directly (no shell, no npx wrapper): the pid it ends is the
// server's own.
import { type ChildProcess, spawn } from 'node:child_process';
import { READY_LINE, type ReferenceServerOptions, referenceServerArgs } from './reference.ts';

export interface RunningReferenceServer {
  apiBase: string;
  legacyBase: string;
  /** The API service origin, where the reference-only /__reference/ routes live. */
  apiOrigin: string;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** Folder the server is started from (the suite's root); the caller's working folder if unset. */
  cwd?: string;
  startupTimeoutMs?: number;
}

const STOP_TIMEOUT_MS = 5_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited(child);
  clearTimeout(timer);
}

/**
 * Starts the server on free loopback ports and waits for its READY line. The caller's
 * REFERENCE_FAULTS never leaks in: faults are only the ones `options` names.
 */
export async function startReferenceProcess(
  options: ReferenceServerOptions,
  { cwd, startupTimeoutMs = 60_000 }: LaunchOptions = {},
): Promise<RunningReferenceServer> {
  const child = spawn(process.execPath, referenceServerArgs(options), {
    ...(cwd ? { cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REFERENCE_FAULTS: '' },
  });
  // Both pipes stay drained for the server's whole life, so it never blocks on a full pipe.
  let output = '';
  const ready = new Promise<{ apiBase: string; legacyBase: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reference server not ready after ${startupTimeoutMs} ms: ${output}`)),
      startupTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const match = READY_LINE.exec(output);
      if (match?.groups?.reference_api_base && match.groups.reference_legacy_base) {
        clearTimeout(timer);
        resolve({ apiBase: match.groups.reference_api_base, legacyBase: match.groups.reference_legacy_base });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`reference server exited with ${code ?? signal} before READY: ${output.trim()}`));
    });
  });
  try {
    const { apiBase, legacyBase } = await ready;
    return { apiBase, legacyBase, apiOrigin: new URL(apiBase).origin, stop: () => stopChild(child) };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
