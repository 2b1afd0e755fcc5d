// Starts the reference server as a child process outside Playwright's webServer (the self-test's
// stability and read-only runs, the rehearsal, the measurement-honesty check) and stops it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { READY_LINE, type ReferenceServerOptions, referenceServerArgs } from './reference.ts';

export interface RunningReferenceServer {
  apiBase: string;
  legacyBase: string;
  /** The API service origin, where the reference-only /__reference/ routes live. */
  apiOrigin: string;
  stop(): Promise<void>;
}

export async function startReferenceProcess(
  options: ReferenceServerOptions,
  startupTimeoutMs = 60_000,
): Promise<RunningReferenceServer> {
  const child = spawn(process.execPath, referenceServerArgs(options), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REFERENCE_FAULTS: '' },
  });
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reference server exited with ${code} before READY: ${output.trim()}`));
    });
  });
  try {
    const { apiBase, legacyBase } = await ready;
    return {
      apiBase,
      legacyBase,
      apiOrigin: new URL(apiBase).origin,
      stop: async () => {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
