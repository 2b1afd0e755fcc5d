// TARGET=compose: testcontainers brings up the system's compose stack, waits for both services'
// health endpoints, hands their mapped URLs to the run, and tears the stack down at the end. A
// service that does not come up is named, with its last log lines and the commands to see it
// start and to retry.

import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DockerComposeEnvironment, getContainerRuntimeClient, Wait, type WaitStrategy } from 'testcontainers';
import type { SuiteConfig } from '../config.ts';
import { playwrightRetryCommand } from './compose-web-server.ts';
import type { ResolvedTarget } from './target.ts';

export class ComposeUnavailableError extends Error {
  override name = 'ComposeUnavailableError';
}

export class ComposeStartError extends Error {
  override name = 'ComposeStartError';
}

const OTHER_MODES_HINT =
  'Use TARGET=reference (the bundled reference server, no set-up) or TARGET=external with ' +
  'API_V1_BASE and LEGACY_BASE pointing at a running stack.';

/** Log lines of a service that did not come up, shown in the failure. */
const FAILED_SERVICE_LOG_LINES = 20;

/** The parts of a started compose environment the suite uses (so the wiring is unit-testable). */
interface StartedStack {
  getContainer(name: string): { getHost(): string; getMappedPort(port: number): number };
  down(): Promise<unknown>;
}

export interface ComposeDriver {
  /** Resolves when a container engine answers; rejects otherwise. */
  checkEngine(): Promise<void>;
  up(plan: ComposePlan): Promise<StartedStack>;
}

export interface ServiceWait {
  service: string;
  /** Compose containers are named `<service>-1`. */
  container: string;
  path: string;
  port: number;
}

export interface ComposePlan {
  directory: string;
  file: string;
  profile: string;
  startupTimeoutMs: number;
  waits: [api: ServiceWait, legacy: ServiceWait];
  /** The command that runs this suite again, for a failed start's message. */
  retryCommand: string;
}

export function composePlan(config: SuiteConfig, retryCommand = playwrightRetryCommand(config)): ComposePlan {
  const composeFile = path.resolve(config.COMPOSE_FILE);
  const wait = (service: string, healthPath: string, port: number): ServiceWait => ({
    service,
    container: `${service}-1`,
    path: healthPath,
    port,
  });
  return {
    directory: path.dirname(composeFile),
    file: path.basename(composeFile),
    profile: config.COMPOSE_PROFILE,
    startupTimeoutMs: config.COMPOSE_STARTUP_TIMEOUT_S * 1000,
    waits: [
      wait(config.COMPOSE_API_SERVICE, '/api/v1/health', config.COMPOSE_API_PORT),
      wait(config.COMPOSE_LEGACY_SERVICE, '/api/check-files', config.COMPOSE_LEGACY_PORT),
    ],
    retryCommand,
  };
}

/** The message of a service that did not come up: which, why, its last logs, what to run next. */
export function describeFailedStart(
  plan: ComposePlan,
  wait: ServiceWait,
  cause: string,
  logLines: readonly string[],
): string {
  const composeFile = path.join(plan.directory, plan.file);
  return [
    `compose service "${wait.service}" did not come up: GET ${wait.path} on its port ${wait.port} ` +
      `did not answer 2xx within ${plan.startupTimeoutMs / 1000} s (${cause})`,
    logLines.length > 0
      ? `last ${logLines.length} log lines of ${wait.service}:\n${logLines.map((line) => `  | ${line}`).join('\n')}`
      : `${wait.service} logged nothing`,
    `to watch it start: docker compose -f ${composeFile} --profile ${plan.profile} up ${wait.service}`,
    `to retry: ${plan.retryCommand}`,
  ].join('\n');
}

type EngineContainer = Parameters<WaitStrategy['waitUntilReady']>[0];

/** The last lines a container logged (stdout and stderr), without following. */
async function lastLogLines(container: EngineContainer, lines: number): Promise<string[]> {
  const raw = await container.logs({ stdout: true, stderr: true, tail: lines, follow: false });
  const { Tty } = (await container.inspect()).Config;
  let text: string;
  if (Tty) {
    text = raw.toString('utf8');
  } else {
    // Without a TTY the engine multiplexes stdout and stderr in one stream of framed chunks.
    const chunks: Buffer[] = [];
    const sink = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
    const source = new PassThrough();
    container.modem.demuxStream(source, sink, sink);
    source.end(raw);
    await new Promise((resolve) => source.on('end', resolve).resume());
    text = Buffer.concat(chunks).toString('utf8');
  }
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Wraps a service's wait so a failure names the service and shows what it logged. */
class DiagnosedWait implements WaitStrategy {
  constructor(
    private readonly inner: WaitStrategy,
    private readonly plan: ComposePlan,
    private readonly wait: ServiceWait,
  ) {}

  withStartupTimeout(startupTimeoutMs: number): this {
    this.inner.withStartupTimeout(startupTimeoutMs);
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.inner.isStartupTimeoutSet();
  }

  getStartupTimeout(): number {
    return this.inner.getStartupTimeout();
  }

  async waitUntilReady(...args: Parameters<WaitStrategy['waitUntilReady']>): Promise<void> {
    try {
      await this.inner.waitUntilReady(...args);
    } catch (error) {
      // Read before testcontainers removes the stack after a failed start.
      const logs = await lastLogLines(args[0], FAILED_SERVICE_LOG_LINES).catch((logError: unknown) => [
        `(its logs could not be read: ${errorMessage(logError)})`,
      ]);
      throw new ComposeStartError(describeFailedStart(this.plan, this.wait, errorMessage(error), logs));
    }
  }
}

const testcontainersDriver: ComposeDriver = {
  async checkEngine() {
    await getContainerRuntimeClient();
  },
  async up(plan) {
    let environment = new DockerComposeEnvironment(plan.directory, plan.file)
      .withProfiles(plan.profile)
      .withStartupTimeout(plan.startupTimeoutMs);
    for (const wait of plan.waits) {
      const http = Wait.forHttp(wait.path, wait.port, { abortOnContainerExit: true });
      environment = environment.withWaitStrategy(wait.container, new DiagnosedWait(http, plan, wait));
    }
    return environment.up();
  },
};

export interface StartedComposeTarget {
  target: ResolvedTarget;
  tearDown(): Promise<void>;
}

export interface ComposeStartOptions {
  driver?: ComposeDriver;
  engineCheckTimeoutMs?: number;
  /** Where the stack's timings go (the runner's console). */
  log?: (line: string) => void;
  retryCommand?: string;
}

/** Fails within seconds, naming the other modes, when no container engine is reachable. */
export async function startComposeTarget(
  config: SuiteConfig,
  {
    driver = testcontainersDriver,
    engineCheckTimeoutMs = 10_000,
    log = () => {},
    retryCommand,
  }: ComposeStartOptions = {},
): Promise<StartedComposeTarget> {
  const plan = composePlan(config, retryCommand);
  try {
    await withTimeout(driver.checkEngine(), engineCheckTimeoutMs, 'container engine check');
  } catch (error) {
    throw new ComposeUnavailableError(
      `TARGET=compose needs a container engine (Docker or Podman) and none is reachable: ${errorMessage(error)}. ${OTHER_MODES_HINT}`,
    );
  }
  const upStarted = Date.now();
  let stack: StartedStack;
  try {
    stack = await driver.up(plan);
  } catch (error) {
    if (error instanceof ComposeStartError) throw error;
    throw new ComposeStartError(
      `compose stack ${path.join(plan.directory, plan.file)} (profile ${plan.profile}) did not come up: ` +
        `${errorMessage(error)}\nto retry: ${plan.retryCommand}`,
    );
  }
  const tearDown = async () => {
    const downStarted = Date.now();
    await stack.down();
    log(`compose stack down in ${seconds(downStarted)} s`);
  };
  try {
    const [api, legacy] = plan.waits;
    const urlOf = (wait: ServiceWait) => {
      const container = stack.getContainer(wait.container);
      return `http://${container.getHost()}:${container.getMappedPort(wait.port)}`;
    };
    const target: ResolvedTarget = {
      mode: 'compose',
      apiBase: `${urlOf(api)}/api/v1`,
      legacyBase: urlOf(legacy),
    };
    log(
      `compose stack up, both services healthy in ${seconds(upStarted)} s: ` +
        `${api.service} ${target.apiBase}, ${legacy.service} ${target.legacyBase}`,
    );
    return { target, tearDown };
  } catch (error) {
    await tearDown();
    throw error;
  }
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
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
