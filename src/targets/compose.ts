// TARGET=compose: testcontainers brings up the system's compose stack, waits for both services'
// health endpoints, hands their mapped URLs to the run, and tears the stack down at the end.
import path from 'node:path';
import { DockerComposeEnvironment, getContainerRuntimeClient, Wait } from 'testcontainers';
import type { SuiteConfig } from '../config.ts';
import type { ResolvedTarget } from './target.ts';

export class ComposeUnavailableError extends Error {
  override name = 'ComposeUnavailableError';
}

export const OTHER_MODES_HINT =
  'Use TARGET=reference (the bundled reference server, no set-up) or TARGET=external with ' +
  'API_V1_BASE and LEGACY_BASE pointing at a running stack.';

/** The parts of a started compose environment the suite uses (so the wiring is unit-testable). */
export interface StartedStack {
  getContainer(name: string): { getHost(): string; getMappedPort(port: number): number };
  down(): Promise<unknown>;
}

export interface ComposeDriver {
  /** Resolves when a container engine answers; rejects otherwise. */
  checkEngine(): Promise<void>;
  up(plan: ComposePlan): Promise<StartedStack>;
}

export interface ComposePlan {
  directory: string;
  file: string;
  profile: string;
  startupTimeoutMs: number;
  /** Compose containers are named `<service>-1`. */
  waits: { container: string; path: string; port: number }[];
}

export function composePlan(config: SuiteConfig): ComposePlan {
  const composeFile = path.resolve(config.COMPOSE_FILE);
  return {
    directory: path.dirname(composeFile),
    file: path.basename(composeFile),
    profile: config.COMPOSE_PROFILE,
    startupTimeoutMs: config.COMPOSE_STARTUP_TIMEOUT_S * 1000,
    waits: [
      { container: `${config.COMPOSE_API_SERVICE}-1`, path: '/api/v1/health', port: config.COMPOSE_API_PORT },
      {
        container: `${config.COMPOSE_LEGACY_SERVICE}-1`,
        path: '/api/check-files',
        port: config.COMPOSE_LEGACY_PORT,
      },
    ],
  };
}

export const testcontainersDriver: ComposeDriver = {
  async checkEngine() {
    await getContainerRuntimeClient();
  },
  async up(plan) {
    let environment = new DockerComposeEnvironment(plan.directory, plan.file)
      .withProfiles(plan.profile)
      .withStartupTimeout(plan.startupTimeoutMs);
    for (const wait of plan.waits) {
      environment = environment.withWaitStrategy(wait.container, Wait.forHttp(wait.path, wait.port));
    }
    return environment.up();
  },
};

export interface StartedComposeTarget {
  target: ResolvedTarget;
  tearDown(): Promise<void>;
}

/** Fails within seconds, naming the other modes, when no container engine is reachable. */
export async function startComposeTarget(
  config: SuiteConfig,
  driver: ComposeDriver = testcontainersDriver,
  engineCheckTimeoutMs = 10_000,
): Promise<StartedComposeTarget> {
  const plan = composePlan(config);
  try {
    await withTimeout(driver.checkEngine(), engineCheckTimeoutMs, 'container engine check');
  } catch (error) {
    throw new ComposeUnavailableError(
      `TARGET=compose needs a container engine (Docker or Podman) and none is reachable: ${errorMessage(error)}. ${OTHER_MODES_HINT}`,
    );
  }
  const stack = await driver.up(plan);
  const [api, legacy] = plan.waits;
  if (!api || !legacy) throw new Error('compose plan lacks its two services');
  const urlOf = (wait: { container: string; port: number }) => {
    const container = stack.getContainer(wait.container);
    return `http://${container.getHost()}:${container.getMappedPort(wait.port)}`;
  };
  return {
    target: { mode: 'compose', apiBase: `${urlOf(api)}/api/v1`, legacyBase: urlOf(legacy) },
    tearDown: async () => {
      await stack.down();
    },
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
