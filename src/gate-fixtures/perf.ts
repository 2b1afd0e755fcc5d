// Fixtures of the perf gate (tests/perf): the gate's options (with the production rate cap), the
// generator ceiling measured once per worker, and reference servers of a test's own (latency
// injection, killed in teardown).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '../fixtures.ts';
import {
  type CeilingContext,
  measureCeilingContext,
  type PerfGateOptions,
  perfGateOptionsFromConfig,
} from '../perf/gate.ts';
import { READY_LINE, referenceServerArgs } from '../targets/reference.ts';

/** A reference server a test started for itself (not the run's target). */
export interface OwnReferenceServer {
  apiBase: string;
  legacyBase: string;
  /** The --latency spec it was started with. */
  latency: string;
}

interface OwnReferenceServerOptions {
  /** --latency endpoint=ms[,p=fraction] */
  latency: string;
  dataset: string;
  /** Folder the server is started from (the suite's root). */
  cwd: string;
  startTimeoutMs?: number;
}

const STOP_TIMEOUT_MS = 5_000;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Ends the server this fixture started, by its own pid: SIGTERM, then SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceful = await Promise.race([
    exited(child).then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!graceful) {
    child.kill('SIGKILL');
    await exited(child);
  }
}

/**
 * Start `node --import tsx reference-server/src/main.ts` on free loopback ports with the given latency
 * injection and no fault (a run's REFERENCE_FAULTS must not leak into it), and wait for its READY line.
 */
async function startOwnReferenceServer(
  options: OwnReferenceServerOptions,
  started: ChildProcess[],
): Promise<OwnReferenceServer> {
  const args = referenceServerArgs({ dataset: options.dataset, faults: '', latency: options.latency });
  // Spawned directly (no shell, no npx wrapper): the pid we end is the server's own.
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, REFERENCE_FAULTS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const lines = child.stdout ? createInterface({ input: child.stdout }) : undefined;
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`own reference server not READY within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: string | null) => {
      finish();
      reject(new Error(`own reference server exited (${code ?? signal}) before READY: ${stderr.trim()}`));
    };
    const finish = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines?.close();
      // Keep draining stdout so the server never blocks on a full pipe.
      child.stdout?.resume();
    };
    child.once('exit', onExit);
    lines?.on('line', (line) => {
      const match = READY_LINE.exec(line);
      if (!match) return;
      finish();
      resolve(match);
    });
  });
  const apiBase = ready.groups?.reference_api_base;
  const legacyBase = ready.groups?.reference_legacy_base;
  if (!apiBase || !legacyBase) throw new Error('own reference server printed a READY line without URLs');
  return { apiBase, legacyBase, latency: options.latency };
}

interface PerfWorkerFixtures {
  /** The perf gate's options for this target: config, resolved API base, rate cap off loopback. */
  perfOptions: PerfGateOptions;
  /** The generator ceiling against the target's /health, measured once per worker. */
  generatorCeiling: CeilingContext;
}

interface PerfTestFixtures {
  /** Start a reference server of the test's own with a latency injection; ended after the test. */
  ownReferenceServer: (latency: string) => Promise<OwnReferenceServer>;
}

export const test = base.extend<PerfTestFixtures, PerfWorkerFixtures>({
  perfOptions: [
    async ({ suiteConfig, target }, use) => {
      await use(perfGateOptionsFromConfig(suiteConfig, target.apiBase, { legacyBase: target.legacyBase }));
    },
    { scope: 'worker' },
  ],
  generatorCeiling: [
    async ({ perfOptions }, use) => {
      await use(await measureCeilingContext(perfOptions));
    },
    // Its own budget: warm-up (about a second under a rate cap) plus the measured seconds.
    { scope: 'worker', timeout: 60_000 },
  ],
  ownReferenceServer: async ({ suiteConfig }, use, testInfo) => {
    const started: ChildProcess[] = [];
    const cwd = path.dirname(testInfo.config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
    try {
      await use((latency) =>
        startOwnReferenceServer({ latency, dataset: suiteConfig.REFERENCE_DATASET, cwd }, started),
      );
    } finally {
      await Promise.all(started.map(stopChild));
    }
  },
});

export { excludeWhen, expect } from '../fixtures.ts';
