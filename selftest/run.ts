// `npm run selftest`: proves the suite. For each catalogue entry it runs the named gate(s) against
// a reference server with that fault planted and checks the right test failed (boundaries: stayed
// green), then runs the whole suite with no fault and checks it is green. Last line: JSON summary.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig, SECRET_VARIABLES } from '../src/config.ts';
import { describeFindings, jwtHeaderMarker, scanRunArtifacts } from '../src/evidence/scan-run.ts';
import { TARGET_INDEPENDENT_TAG } from '../src/perf/target-independent.ts';
import { rehearsalSteps } from '../src/rehearsal/steps.ts';
import type { RunOutcome } from '../src/runner/outcome.ts';
import { runPlaywright, runPlaywrightBatch } from '../src/runner/playwright-run.ts';
import { mergeOutcomes, type RunPart, splitByLatency } from '../src/runner/run-parts.ts';
import type { ReferenceServerOptions } from '../src/targets/reference.ts';
import { type RunningReferenceServer, startReferenceProcess } from '../src/targets/reference-process.ts';
import { TARGET_ENV } from '../src/targets/target.ts';
import { batchEnv, batchesOf } from './batches.ts';
import { CLEAN_CUTOVER_WINDOW } from './catalogue/cutover.ts';
import { CLEAN_RUN_EXCLUSIONS } from './catalogue/exemptions.ts';
import { CATALOGUE, type CatalogueEntry } from './catalogue.ts';
import { grepForTitles, needsRunSetup } from './focus.ts';
import { type ReferenceHost, startReferenceHost } from './reference-host.ts';
import { checkRehearsal } from './rehearsal-check.ts';
import { describeFailure, type EntryVerdict, judgeRun } from './report.ts';
import { RunSlots, type StepKind } from './schedule.ts';
import {
  ReferenceRequestLog,
  ReferenceState,
  readOnlyProblems,
  stabilityProblems,
  writesIn,
} from './shared-server.ts';
import { DEFAULT_PROJECTS, listSuiteTests } from './suite-tests.ts';
import { cpuSecondsWithChildren, type TimedRun, timingTable } from './timing.ts';

const OUT_DIR = 'results/selftest';
const RUN_TIMEOUT_MS = 10 * 60_000;
const DATASET = 'fixtures/datasets/golden';
/** Data the suite has never seen (npm run dataset:generate): another period, other UNs and supervisors. */
const SECOND_DATASET = 'fixtures/datasets/second-2031';
// Two full runs share one server inside a few minutes: a login budget that the perf gate's login
// measurement (about 220 logins a run) cannot exhaust; the rate-limit test learns it from the env.
const SHARED_LOGIN_LIMIT = '1000/60';

interface RunSpec {
  name: string;
  kind: 'fault' | 'boundary' | 'clean';
  projects: string[];
  /** Only the tests this pattern selects (and the setup and teardown projects); all when absent. */
  grep?: string;
  /** Tests left out of the run (not run, so neither judged nor skipped). */
  grepInvert?: string;
  mustFail: string[];
  mustPass?: string[];
  /** What each named test's failure must say (CatalogueEntry.failsWith). */
  failsWith?: RegExp;
  /** Tests this run may skip (the catalogue's exclusions); any other skip fails a clean or boundary run. */
  excluded: string[];
  env: Record<string, string>;
  /** Options the run's own reference server is started with (the self-test starts it), e.g. a shorter window. */
  serverArgs?: string[];
  /** 'playwright': the run starts its server as a developer's run does (playwright.config.ts's webServer). */
  server?: 'playwright';
  /** False: the named tests alone, without the setup and teardown projects (see needsRunSetup). */
  runSetup?: boolean;
}

interface RunRecord {
  spec: RunSpec;
  verdict: EntryVerdict;
  outcome: RunOutcome;
  seconds: number;
}

/** The self-test owns the target: a caller's TARGET or faults must not leak into a run. */
function runSpec(spec: RunSpec, runDir: string): Promise<RunOutcome> {
  return runPlaywright({
    projects: spec.projects,
    ...(spec.grep ? { grep: spec.grep } : {}),
    ...(spec.grepInvert ? { grepInvert: spec.grepInvert } : {}),
    env: { TARGET: 'reference', REFERENCE_FAULTS: '', ...spec.env },
    runDir,
    timeoutMs: RUN_TIMEOUT_MS,
    // A fault run is judged from its JSON report alone; boundary and clean runs keep the HTML report
    // an operator's run writes (the secret scan reads it).
    html: spec.kind !== 'fault',
    ...(spec.runSetup === false ? { runSetup: false } : {}),
  });
}

/**
 * The slot a run part takes (selftest/schedule.ts): the perf gate alone; a cutover window, which
 * mostly waits on its timers (about a quarter of a core), in a timer-bound slot of its own; the rest
 * shared.
 */
function slotKindOf(part: RunPart): StepKind {
  if (part.measuresLatency) return 'exclusive';
  return part.projects.every((project) => project === 'cutover') ? 'timer-bound' : 'shared';
}

interface PartsRun {
  outcome: RunOutcome;
  /** Seconds the run's Playwright runs took, waits for a slot left out. */
  seconds: number;
  /** Of those, seconds with the machine to itself. */
  aloneSeconds: number;
}

/**
 * One run in parts (src/runner/run-parts.ts): the gates that may share the machine in a shared slot,
 * then the perf gate (and what must follow it) in an exclusive one; one outcome for them all.
 */
async function runInParts(
  spec: RunSpec,
  runDir: string,
  machine: Machine,
  priority: number,
): Promise<PartsRun> {
  const parts = splitByLatency(spec.projects.length === 0 ? DEFAULT_PROJECTS : spec.projects);
  const outcomes: RunOutcome[] = [];
  let seconds = 0;
  let aloneSeconds = 0;
  for (const part of parts) {
    const partDir = parts.length > 1 ? path.join(runDir, part.projects.join('+')) : runDir;
    const outcome = await machine.slots.run(
      slotKindOf(part),
      async () => {
        const started = Date.now();
        try {
          return await withServer(spec, part, machine.host, (env) =>
            runSpec({ ...spec, projects: part.projects, env: { ...spec.env, ...env } }, partDir),
          );
        } finally {
          const took = (Date.now() - started) / 1000;
          seconds += took;
          if (part.measuresLatency) aloneSeconds += took;
        }
      },
      priority,
    );
    outcomes.push(outcome);
  }
  return { outcome: mergeOutcomes(outcomes), seconds, aloneSeconds };
}

/** Where the runs run: the slots they take, the process that serves their reference servers. */
interface Machine {
  slots: RunSlots;
  host: ReferenceHost;
}

/**
 * The reference server options a run's Playwright server would get from the suite's configuration
 * (src/targets/reference.ts), and the run's own (`serverArgs`).
 */
function serverOptionsFor(spec: RunSpec, projects: readonly string[]): ReferenceServerOptions {
  const config = parseConfig({ ...process.env, TARGET: 'reference', REFERENCE_FAULTS: '', ...spec.env });
  const { limit, windowSeconds } = config.REFERENCE_LOGIN_LIMIT;
  return {
    dataset: config.REFERENCE_DATASET,
    faults: config.REFERENCE_FAULTS,
    latency: config.REFERENCE_LATENCY,
    extraArgs: [
      '--login-limit',
      `${limit}/${windowSeconds}`,
      // The cutover window judges the target's own traffic: its dashboard's simulated users.
      ...(projects.includes('cutover') ? ['--user-traffic'] : []),
      ...(spec.serverArgs ?? []),
    ],
  };
}

/**
 * The run's reference server. A run the caller points at a server of its own (env) uses it. A run
 * that measures latency, a cutover window, or one that must go through Playwright's own server
 * start (`server: 'playwright'`), gets a server process of its own: Playwright's, or the self-test's when the run
 * needs options the configuration does not pass. Every other run gets a fresh server from the
 * self-test's reference host (reference-server/src/instances.ts): same state isolation, no start
 * of a process, its modules and its dataset for each run.
 */
async function withServer<T>(
  spec: RunSpec,
  part: RunPart,
  host: ReferenceHost,
  run: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (spec.env[TARGET_ENV.apiBase]) return run({});
  // A cutover window judges traffic its server's simulated users send on a timer: in the shared
  // host another run's load would delay those timers and thin the window's traffic.
  const ownProcess =
    part.measuresLatency || part.projects.includes('cutover') || spec.server === 'playwright';
  if (ownProcess && !spec.serverArgs) return run({});
  const options = serverOptionsFor(spec, part.projects);
  const server = ownProcess ? await startReferenceProcess(options) : await host.start(options);
  try {
    return await run({ [TARGET_ENV.apiBase]: server.apiBase, [TARGET_ENV.legacyBase]: server.legacyBase });
  } finally {
    await server.stop();
  }
}

/**
 * A fault run runs only the tests its entry names (selftest/focus.ts); a boundary runs its whole
 * gates, since any test of them may raise the false alarm it must not, but for the tests that never
 * load the target (TARGET_INDEPENDENT_TAG): no planted behaviour reaches them; the clean run and the
 * stability check run them.
 */
function specFor(entry: CatalogueEntry): RunSpec {
  return {
    ...(entry.kind === 'fault' && !needsRunSetup(entry) ? { runSetup: false } : {}),
    name: entry.fault,
    kind: entry.kind,
    projects: entry.projects,
    ...(entry.kind === 'fault'
      ? { grep: grepForTitles([...entry.mustFail, ...(entry.mustPass ?? [])]) }
      : { grepInvert: TARGET_INDEPENDENT_TAG }),
    mustFail: entry.mustFail,
    excluded: entry.excluded ?? [],
    ...(entry.mustPass ? { mustPass: entry.mustPass } : {}),
    ...(entry.failsWith ? { failsWith: entry.failsWith } : {}),
    env: { REFERENCE_FAULTS: entry.fault, ...entry.env },
    ...(entry.serverArgs ? { serverArgs: entry.serverArgs } : {}),
  };
}

function describeVerdict(verdict: EntryVerdict): string {
  switch (verdict.verdict) {
    case 'detected':
      return `detected (${verdict.failed.map((failure) => `${failure.kind}`).join(', ')})`;
    case 'collateral':
      return `DETECTED BUT ${verdict.notPassed.map((t) => `"${t}"`).join(', ')} did not pass`;
    case 'unrelated-failure':
      return `FAILED FOR ANOTHER REASON than the fault (its failure must say ${verdict.symptom}): ${verdict.failed.map(describeFailure).join('; ')}`;
    case 'missed':
      return `MISSED: expected failure of ${verdict.missing.map((t) => `"${t}"`).join(', ')}; failed: ${verdict.failed.map((t) => `"${t}"`).join(', ') || 'nothing'}`;
    case 'green':
      return 'green';
    case 'false-alarm':
      return `FALSE ALARM: ${verdict.failed.map(describeFailure).join(', ')}`;
    case 'unlisted-skip':
      return `UNLISTED SKIP: ${verdict.skipped.map((t) => `"${t}"`).join(', ')}`;
    case 'broken-run':
      return `BROKEN RUN: ${verdict.reason}`;
  }
}

async function getJson<T>(url: string, schema: { parse(data: unknown): T }): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return schema.parse(await response.json());
}

function sharedEnv(server: { apiBase: string; legacyBase: string }): Record<string, string> {
  return {
    [TARGET_ENV.apiBase]: server.apiBase,
    [TARGET_ENV.legacyBase]: server.legacyBase,
    REFERENCE_LOGIN_LIMIT: SHARED_LOGIN_LIMIT,
  };
}

/** A check made of runs: its steps take slots like the runs do; it adds up their seconds. */
interface CheckContext {
  machine: Machine;
  priority: number;
  /** Counts a step's seconds into the check's (waits for a slot left out). */
  took(run: PartsRun): void;
}

/** A whole-suite run that is part of a check, not judged on its own. */
async function checkRun(
  context: CheckContext,
  name: string,
  env: Record<string, string>,
  leaveOut?: string,
): Promise<RunOutcome> {
  const spec: RunSpec = {
    name,
    kind: 'clean',
    projects: [],
    mustFail: [],
    excluded: [],
    env,
    ...(leaveOut ? { grepInvert: leaveOut } : {}),
  };
  const run = await runInParts(spec, path.join(OUT_DIR, name), context.machine, context.priority);
  context.took(run);
  return run.outcome;
}

/**
 * The clean run and one more whole-suite run against one clean server: both green, every test with
 * the same outcome in both (the second leaves out the tests that never load the target), server state
 * unchanged across the two. The clean run is judged as a clean run too (`runClean`), so it is not run
 * a third time on a server of its own.
 */
async function stabilityCheck(
  context: CheckContext,
  runClean: (env: Record<string, string>) => Promise<RunOutcome>,
): Promise<string[]> {
  const server = await startReferenceProcess({
    dataset: DATASET,
    faults: '',
    latency: '',
    extraArgs: ['--login-limit', SHARED_LOGIN_LIMIT],
  });
  try {
    const stateUrl = `${server.apiOrigin}/__reference/state`;
    const before = await getJson(stateUrl, ReferenceState);
    const clean = await runClean(sharedEnv(server));
    // The tests that never load the target ran in the clean run; on the same server again they
    // would prove nothing about it, and they hold the machine alone for about 17 s.
    const again = await checkRun(context, 'stability-2', sharedEnv(server), TARGET_INDEPENDENT_TAG);
    const after = await getJson(stateUrl, ReferenceState);
    return stabilityProblems({
      outcomes: [clean, again],
      fingerprintBefore: before.fingerprint,
      fingerprintAfter: after.fingerprint,
      leftOutAfterFirst: listSuiteTests()
        .filter((test) => test.tags.includes(TARGET_INDEPENDENT_TAG))
        .map((test) => test.title),
    });
  } finally {
    await server.stop();
  }
}

/**
 * The read-only run's perf gate sends fewer requests: it is capped at 20 requests a second off
 * loopback (as against production), and what this check proves is that none of its requests writes;
 * its p95 is still judged, over PERF_SAMPLES answers as always.
 */
const READ_ONLY_PERF = { PERF_SAMPLES: '40', PERF_WARMUP_REQUESTS: '5' };

/** The suite against a production-like server: green, exclusions reported, no write received. */
async function readOnlyCheck(context: CheckContext): Promise<string[]> {
  const server = await startReferenceProcess({
    dataset: DATASET,
    faults: '',
    latency: '',
    extraArgs: ['--login-limit', SHARED_LOGIN_LIMIT, '--production-like'],
  });
  try {
    // What this check proves is about requests to the target: the tests that never load it stay out.
    const outcome = await checkRun(
      context,
      'read-only',
      { ...sharedEnv(server), ASSUME_PRODUCTION: '1', ...READ_ONLY_PERF },
      TARGET_INDEPENDENT_TAG,
    );
    const log = await getJson(`${server.apiOrigin}/__reference/requests`, ReferenceRequestLog);
    return readOnlyProblems(outcome, writesIn(log));
  } finally {
    await server.stop();
  }
}

/**
 * A correct system loaded with data the suite has never seen passes: the gates whose probes depend on
 * the data (smoke's dataset files, brokers, analytics with live parity: there is no recording of this
 * dataset) against the reference server loaded with the second dataset, green with no skip. Auth is
 * data-free and perf runs alone for minutes; both stay out to keep this run cheap.
 */
function secondDatasetSpec(): RunSpec {
  return {
    name: '(clean run, second dataset)',
    kind: 'clean',
    projects: ['smoke', 'brokers', 'analytics'],
    mustFail: [],
    excluded: [],
    env: { REFERENCE_DATASET: SECOND_DATASET, PARITY_SOURCE: 'live' },
    // The one run that starts its server the way `npx playwright test` does: that path stays proven.
    server: 'playwright',
  };
}

const REHEARSAL_WINDOW = { windowMinutes: 0.5, intervalSeconds: 5 };
/** A defect the runbook's T-5.1 legacy-config verification must stop (before any cutover step). */
const REHEARSAL_FAULT = { fault: 'config-migration-drift', stopAt: 't-5-legacy-config' };
/**
 * The rehearsal's three perf steps load each endpoint with fewer requests: this check proves the
 * runbook's order, stops and instructions; the perf verdicts are proven by the perf faults and
 * boundaries at the default PERF_SAMPLES.
 */
const REHEARSAL_PERF = { PERF_SAMPLES: '50' };

/** `npm run rehearsal -- --target reference`, clean or with one fault, judged from its report. */
function rehearsalCheck(context: CheckContext, fault?: typeof REHEARSAL_FAULT): Promise<string[]> {
  const args = [
    '--target',
    'reference',
    '--window-minutes',
    String(REHEARSAL_WINDOW.windowMinutes),
    '--interval-seconds',
    String(REHEARSAL_WINDOW.intervalSeconds),
    ...(fault ? ['--faults', fault.fault] : []),
    // The clean run has run them on this machine: the perf gate step loads the target alone.
    '--skip-measurement-honesty',
  ];
  const outDir = path.join(OUT_DIR, fault ? `rehearsal-${fault.fault}` : 'rehearsal-clean');
  const expected = { steps: rehearsalSteps(REHEARSAL_WINDOW), ...(fault ? { stopAt: fault.stopAt } : {}) };
  return checkRehearsal(args, outDir, expected, {
    timeoutMs: RUN_TIMEOUT_MS,
    env: REHEARSAL_PERF,
    inSlot: (kind, step) =>
      context.machine.slots.run(
        kind,
        async () => {
          const started = Date.now();
          await step();
          const seconds = (Date.now() - started) / 1000;
          context.took({
            outcome: mergeOutcomes([]),
            seconds,
            aloneSeconds: kind === 'exclusive' ? seconds : 0,
          });
        },
        context.priority,
      ),
  });
}

function printLine(kind: string, name: string, seconds: number, rest: string): void {
  process.stdout.write(`${kind.padEnd(8)} ${name.padEnd(34)} ${seconds.toFixed(1).padStart(6)}s ${rest}\n`);
}

type CheckResult = 'pass' | 'fail' | 'skipped';

/** What the runs and checks left: each run's record, and each run's and check's time. */
interface Ledger {
  records: RunRecord[];
  timings: TimedRun[];
}

function phaseOf(spec: RunSpec): string {
  return spec.kind === 'clean' ? 'clean' : `${spec.kind} ${spec.projects.join('+')}`;
}

/** One run, judged, recorded and printed; `env` points it at a server the caller started. */
async function executeRun(
  spec: RunSpec,
  ledger: Ledger,
  machine: Machine,
  { env = {}, priority = 0 }: { env?: Record<string, string>; priority?: number } = {},
): Promise<{ outcome: RunOutcome; result: CheckResult }> {
  const runDir = path.join(OUT_DIR, spec.name.replace(/[^\w-]+/g, '_'));
  const { outcome, seconds, aloneSeconds } = await runInParts(
    { ...spec, env: { ...spec.env, ...env } },
    runDir,
    machine,
    priority,
  );
  return { outcome, result: recordRun(spec, outcome, ledger, { seconds, aloneSeconds }) };
}

/** A run's verdict, recorded and printed. */
function recordRun(
  spec: RunSpec,
  outcome: RunOutcome,
  ledger: Ledger,
  time: { seconds: number; aloneSeconds: number; note?: string },
): CheckResult {
  const verdict = judgeRun(spec, outcome);
  ledger.records.push({ spec, verdict, outcome, seconds: time.seconds });
  ledger.timings.push({
    phase: phaseOf(spec),
    name: spec.name,
    seconds: time.seconds,
    aloneSeconds: time.aloneSeconds,
  });
  printLine(
    spec.kind,
    spec.name,
    time.seconds,
    `${String(outcome.total).padStart(4)} tests  ${describeVerdict(verdict)}${time.note ?? ''}`,
  );
  return verdict.verdict === 'detected' || verdict.verdict === 'green' ? 'pass' : 'fail';
}

/**
 * Whether a run may share one Playwright run with others (src/runner/fault-batch.ts): a fault run
 * without the setup and teardown projects, on a server of the self-test's host, measuring no latency.
 */
function batchable(spec: RunSpec): boolean {
  return (
    spec.kind === 'fault' &&
    spec.runSetup === false &&
    spec.grep !== undefined &&
    spec.server === undefined &&
    !spec.projects.includes('cutover') &&
    splitByLatency(spec.projects).every((part) => !part.measuresLatency)
  );
}

/**
 * Fault runs in one Playwright run, each on its own fresh server, each judged on its own projects.
 * A batch's seconds are shared out evenly between its runs in the timing table.
 */
function batchTask(specs: RunSpec[], index: number, ledger: Ledger, machine: Machine): Task {
  const name = `batch ${index + 1} (${specs.map((spec) => spec.name).join(', ')})`;
  const run = async (): Promise<CheckResult> => {
    let started = Date.now();
    const outcomes = await machine.slots.run('shared', async () => {
      started = Date.now();
      const servers = await Promise.all(
        specs.map((spec) => machine.host.start(serverOptionsFor(spec, spec.projects))),
      );
      try {
        return await runPlaywrightBatch(
          {
            env: { TARGET: 'reference', REFERENCE_FAULTS: '', ...batchEnv(specs[0] as RunSpec) },
            runDir: path.join(OUT_DIR, `batch-${index + 1}`),
            timeoutMs: RUN_TIMEOUT_MS,
            html: false,
          },
          specs.map((spec, at) => ({
            id: spec.name,
            faults: spec.env.REFERENCE_FAULTS ?? '',
            projects: spec.projects,
            grep: spec.grep ?? '',
            apiBase: (servers[at] as RunningReferenceServer).apiBase,
            legacyBase: (servers[at] as RunningReferenceServer).legacyBase,
          })),
        );
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
    });
    const seconds = (Date.now() - started) / 1000;
    const results = specs.map((spec) =>
      recordRun(spec, outcomes.get(spec.name) ?? mergeOutcomes([]), ledger, {
        seconds: seconds / specs.length,
        aloneSeconds: 0,
        note: `  (batch ${index + 1}: ${specs.length} faults, ${seconds.toFixed(1)} s)`,
      }),
    );
    return results.includes('fail') ? 'fail' : 'pass';
  };
  return { name, run };
}

interface Task {
  name: string;
  run: () => Promise<CheckResult>;
}

/**
 * Checks made of several runs in a row, and the long cutover windows, go first: they set the end.
 * The clean rehearsal, the longest row of runs, goes before them.
 */
const LONG_RUN_PRIORITY = 1;
const LONGEST_CHAIN_PRIORITY = 2;

function runTask(spec: RunSpec, ledger: Ledger, machine: Machine): Task {
  const priority = spec.projects.includes('cutover') ? LONG_RUN_PRIORITY : 0;
  return { name: spec.name, run: async () => (await executeRun(spec, ledger, machine, { priority })).result };
}

function checkTask(
  name: string,
  phase: string,
  ledger: Ledger,
  machine: Machine,
  check: (context: CheckContext) => Promise<string[]>,
  priority = LONG_RUN_PRIORITY,
): Task {
  return {
    name,
    run: async () => {
      let seconds = 0;
      let aloneSeconds = 0;
      const context: CheckContext = {
        machine,
        priority,
        took: (run) => {
          seconds += run.seconds;
          aloneSeconds += run.aloneSeconds;
        },
      };
      const problems = await check(context).catch((error: unknown) => [`could not run: ${String(error)}`]);
      ledger.timings.push({ phase, name, seconds, aloneSeconds });
      printLine('check', name, seconds, problems.length === 0 ? 'pass' : `FAIL: ${problems.join('; ')}`);
      return problems.length === 0 ? 'pass' : 'fail';
    },
  };
}

/**
 * After every run: no artifact under OUT_DIR (reports, test output, evidence, monitor lines) holds a
 * token the reference server issued (all start with its JWT header) or a suite password.
 */
async function secretScan(ledger: Ledger): Promise<'pass' | 'fail'> {
  const started = Date.now();
  const config = parseConfig({ ...process.env, TARGET: 'reference' });
  const secrets = [
    jwtHeaderMarker({ alg: 'HS256', typ: 'JWT' }),
    ...SECRET_VARIABLES.map((name) => config[name]),
  ];
  const scan = await scanRunArtifacts([OUT_DIR], secrets);
  const problems = [
    ...describeFindings(scan),
    ...scan.absent.map((dir) => `${dir} absent`),
    ...scan.unreadable.map((file) => `${file} unreadable`),
  ];
  const seconds = (Date.now() - started) / 1000;
  ledger.timings.push({ phase: 'secret scan', name: `${scan.scannedFiles} files`, seconds });
  printLine(
    'check',
    `secrets (${scan.scannedFiles} files)`,
    seconds,
    problems.length === 0 ? 'pass' : `FAIL: ${problems.slice(0, 10).join('; ')}`,
  );
  return problems.length === 0 ? 'pass' : 'fail';
}

interface Options {
  only: Set<string> | undefined;
  skipFaults: boolean;
  jobs: number;
  skipClean: boolean;
  skipShared: boolean;
  skipRehearsal: boolean;
  skipSecondDataset: boolean;
}

/** The command line, or the message that refuses it. */
function parseOptions(): Options | string {
  const { values } = parseArgs({
    options: {
      faults: { type: 'string' },
      only: { type: 'string' },
      jobs: { type: 'string', default: '3' },
      'skip-faults': { type: 'boolean', default: false },
      'skip-clean': { type: 'boolean', default: false },
      'skip-shared': { type: 'boolean', default: false },
      'skip-rehearsal': { type: 'boolean', default: false },
      'skip-second-dataset': { type: 'boolean', default: false },
    },
  });
  const selected = values.faults ?? values.only;
  const only = selected ? new Set(selected.split(',').map((name) => name.trim())) : undefined;
  const unknown = [...(only ?? [])].filter((name) => !CATALOGUE.some((entry) => entry.fault === name));
  if (unknown.length > 0) return `--faults: not in the catalogue: ${unknown.join(', ')}`;
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return `--jobs ${values.jobs}: a whole number of at least 1`;
  return {
    only,
    skipFaults: values['skip-faults'],
    jobs,
    skipClean: values['skip-clean'],
    skipShared: values['skip-shared'] || values['skip-clean'] || only !== undefined,
    skipRehearsal: values['skip-rehearsal'],
    skipSecondDataset: values['skip-second-dataset'],
  };
}

const CLEAN_SPEC: RunSpec = {
  name: '(clean run, no fault)',
  kind: 'clean',
  projects: [],
  mustFail: [],
  excluded: CLEAN_RUN_EXCLUSIONS,
  env: {},
};

/** Clean runs besides the whole-suite one, each judged like it (green, only listed skips). */
function otherCleanSpecs(): RunSpec[] {
  return [
    // The default run compares with the recordings; the reference server's own legacy endpoints
    // are the live source, which must agree too.
    {
      name: '(clean live parity)',
      kind: 'clean',
      projects: ['analytics'],
      mustFail: [],
      excluded: [],
      env: { PARITY_SOURCE: 'live' },
    },
    // The cutover project is outside the default run: its clean window is judged on its own.
    {
      name: '(clean cutover window)',
      kind: 'clean',
      projects: ['cutover'],
      mustFail: [],
      excluded: [],
      env: { ...CLEAN_CUTOVER_WINDOW, CUTOVER_OUT_FILE: path.join(OUT_DIR, 'clean-cutover.jsonl') },
    },
  ];
}

/**
 * Every run and check. All start at once and take slots (selftest/schedule.ts): the checks made of
 * several runs and the long cutover windows first, the perf runs whenever the machine is emptied for
 * them. The whole-suite clean run is the stability check's first run unless the shared-server checks
 * are skipped.
 */
function plan(options: Options, ledger: Ledger, machine: Machine): Task[] {
  const specs = CATALOGUE.filter(
    (entry) => !options.skipFaults && (!options.only || options.only.has(entry.fault)),
  ).map(specFor);
  if (!options.skipClean) {
    specs.push(...otherCleanSpecs());
    if (!options.skipSecondDataset) specs.push(secondDatasetSpec());
    if (options.skipShared) specs.push(CLEAN_SPEC);
  }
  const rehearsals = !options.skipShared && !options.skipRehearsal;
  return [
    ...(rehearsals
      ? [
          checkTask(
            'rehearsal (clean, 0.5 min window)',
            'rehearsal',
            ledger,
            machine,
            (context) => rehearsalCheck(context),
            LONGEST_CHAIN_PRIORITY,
          ),
          checkTask(`rehearsal (${REHEARSAL_FAULT.fault})`, 'rehearsal', ledger, machine, (context) =>
            rehearsalCheck(context, REHEARSAL_FAULT),
          ),
        ]
      : []),
    ...(options.skipShared
      ? []
      : [
          checkTask('stability (clean run + 1, one server)', 'stability', ledger, machine, (context) =>
            stabilityCheck(
              context,
              async (env) =>
                (await executeRun(CLEAN_SPEC, ledger, machine, { env, priority: context.priority })).outcome,
            ),
          ),
          checkTask('read-only (production-like)', 'read-only', ledger, machine, readOnlyCheck),
        ]),
    // The batches, longer than any single fault run, before them: a batch started last sets the end.
    ...batchesOf(specs.filter(batchable)).map((batch, index) => batchTask(batch, index, ledger, machine)),
    ...specs.filter((spec) => !batchable(spec)).map((spec) => runTask(spec, ledger, machine)),
  ];
}

/** The last line's figures; `ok` says whether the self-test passed. */
function summarize(
  ledger: Ledger,
  results: Map<string, CheckResult>,
  secrets: 'pass' | 'fail',
  jobs: number,
  started: number,
) {
  const checkResult = (prefix: string): CheckResult => {
    const matching = [...results].filter(([name]) => name.startsWith(prefix)).map(([, result]) => result);
    if (matching.length === 0) return 'skipped';
    return matching.includes('fail') ? 'fail' : 'pass';
  };
  const faults = ledger.records.filter((record) => record.spec.kind === 'fault');
  const count = (verdict: EntryVerdict['verdict']) =>
    faults.filter((record) => record.verdict.verdict === verdict).length;
  const boundaries = ledger.records.filter((record) => record.spec.kind === 'boundary');
  const falseAlarms = boundaries.filter((record) => record.verdict.verdict !== 'green').length;
  const cleanRuns = ledger.records.filter((record) => record.spec.kind === 'clean');
  const cleanGreen = cleanRuns.every((record) => record.verdict.verdict === 'green');
  const cpu = cpuSecondsWithChildren();
  const summary = {
    faults: faults.length,
    detected: count('detected'),
    broken: count('broken-run'),
    missed: count('missed'),
    unrelated_failures: count('unrelated-failure'),
    boundaries: boundaries.length,
    false_alarms: falseAlarms,
    clean_runs: cleanRuns.length === 0 ? 'skipped' : cleanGreen ? 'pass' : 'fail',
    stability: checkResult('stability'),
    read_only: checkResult('read-only'),
    rehearsal: checkResult('rehearsal'),
    secrets,
    jobs,
    seconds: Math.round((Date.now() - started) / 1000),
    ...(cpu === undefined ? {} : { cpu_seconds: Math.round(cpu) }),
  };
  const ok =
    summary.detected === faults.length &&
    falseAlarms === 0 &&
    summary.clean_runs !== 'fail' &&
    secrets === 'pass' &&
    summary.rehearsal !== 'fail' &&
    summary.stability !== 'fail' &&
    summary.read_only !== 'fail';
  return { summary, ok };
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    return 2;
  }
  const started = Date.now();
  rmSync(OUT_DIR, { recursive: true, force: true });
  const ledger: Ledger = { records: [], timings: [] };
  const host = await startReferenceHost();
  const machine: Machine = { slots: new RunSlots(options.jobs), host };
  const tasks = plan(options, ledger, machine);
  const outcomes = await Promise.all(tasks.map((task) => task.run())).finally(() => host.close());
  const results = new Map(tasks.map((task, index) => [task.name, outcomes[index] ?? 'fail']));
  const secrets = await secretScan(ledger);
  const { summary, ok } = summarize(ledger, results, secrets, options.jobs, started);
  for (const line of timingTable(ledger.timings)) process.stdout.write(`timing   ${line}\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
