// `npm run selftest`: proves the suite. For each catalogue entry it runs the named gate(s) against
// a reference server with that fault planted and checks the right test failed (boundaries: stayed
// green), then runs the whole suite with no fault and checks it is green. Last line: JSON summary.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig, SECRET_VARIABLES } from '../src/config.ts';
import { describeFindings, jwtHeaderMarker, scanRunArtifacts } from '../src/evidence/scan-run.ts';
import { rehearsalSteps } from '../src/rehearsal/steps.ts';
import type { RunOutcome } from '../src/runner/outcome.ts';
import { runPlaywright } from '../src/runner/playwright-run.ts';
import { startReferenceProcess } from '../src/targets/reference-process.ts';
import { TARGET_ENV } from '../src/targets/target.ts';
import { CLEAN_CUTOVER_WINDOW } from './catalogue/cutover.ts';
import { CLEAN_RUN_EXCLUSIONS } from './catalogue/exemptions.ts';
import { CATALOGUE, type CatalogueEntry } from './catalogue.ts';
import { grepForTitles } from './focus.ts';
import { checkRehearsal } from './rehearsal-check.ts';
import { describeFailure, type EntryVerdict, judgeRun } from './report.ts';
import { runScheduled, type ScheduledTask } from './schedule.ts';
import {
  ReferenceRequestLog,
  ReferenceState,
  readOnlyProblems,
  stabilityProblems,
  writesIn,
} from './shared-server.ts';
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
  mustFail: string[];
  mustPass?: string[];
  /** Tests this run may skip (the catalogue's exclusions); any other skip fails a clean or boundary run. */
  excluded: string[];
  env: Record<string, string>;
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
    env: { TARGET: 'reference', REFERENCE_FAULTS: '', ...spec.env },
    runDir,
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

/**
 * A fault run runs only the tests its entry names (selftest/focus.ts); a boundary runs its whole
 * gates, since any test of them may raise the false alarm it must not.
 */
function specFor(entry: CatalogueEntry): RunSpec {
  return {
    name: entry.fault,
    kind: entry.kind,
    projects: entry.projects,
    ...(entry.kind === 'fault'
      ? { grep: grepForTitles([...entry.mustFail, ...(entry.mustPass ?? [])]) }
      : {}),
    mustFail: entry.mustFail,
    excluded: entry.excluded ?? [],
    ...(entry.mustPass ? { mustPass: entry.mustPass } : {}),
    env: { REFERENCE_FAULTS: entry.fault, ...entry.env },
  };
}

/** Runs that measure latency (the perf gate, or every gate) run with nothing else beside them. */
function measuresLatency(projects: string[]): boolean {
  return projects.length === 0 || projects.includes('perf');
}

function describeVerdict(verdict: EntryVerdict): string {
  switch (verdict.verdict) {
    case 'detected':
      return `detected (${verdict.failed.map((failure) => `${failure.kind}`).join(', ')})`;
    case 'collateral':
      return `DETECTED BUT ${verdict.notPassed.map((t) => `"${t}"`).join(', ')} did not pass`;
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

async function runAgainstShared(name: string, env: Record<string, string>): Promise<RunOutcome> {
  const runDir = path.join(OUT_DIR, name);
  return runSpec({ name, kind: 'clean', projects: [], mustFail: [], excluded: [], env }, runDir);
}

function sharedEnv(server: { apiBase: string; legacyBase: string }): Record<string, string> {
  return {
    [TARGET_ENV.apiBase]: server.apiBase,
    [TARGET_ENV.legacyBase]: server.legacyBase,
    REFERENCE_LOGIN_LIMIT: SHARED_LOGIN_LIMIT,
  };
}

/**
 * The clean run and one more whole-suite run against one clean server: both green, every test with
 * the same outcome in both, server state unchanged across the two. The clean run is judged as a clean
 * run too (`runClean`), so it is not run a third time on a server of its own.
 */
async function stabilityCheck(
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
    const again = await runAgainstShared('stability-2', sharedEnv(server));
    const after = await getJson(stateUrl, ReferenceState);
    return stabilityProblems({
      outcomes: [clean, again],
      fingerprintBefore: before.fingerprint,
      fingerprintAfter: after.fingerprint,
    });
  } finally {
    await server.stop();
  }
}

/** The suite against a production-like server: green, exclusions reported, no write received. */
async function readOnlyCheck(): Promise<string[]> {
  const server = await startReferenceProcess({
    dataset: DATASET,
    faults: '',
    latency: '',
    extraArgs: ['--login-limit', SHARED_LOGIN_LIMIT, '--production-like'],
  });
  try {
    const outcome = await runAgainstShared('read-only', { ...sharedEnv(server), ASSUME_PRODUCTION: '1' });
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
  };
}

const REHEARSAL_WINDOW = { windowMinutes: 0.5, intervalSeconds: 5 };
/** A defect the runbook's T-5.1 legacy-config verification must stop (before any cutover step). */
const REHEARSAL_FAULT = { fault: 'config-migration-drift', stopAt: 't-5-legacy-config' };

/** `npm run rehearsal -- --target reference`, clean or with one fault, judged from its report. */
function rehearsalCheck(fault?: typeof REHEARSAL_FAULT): Promise<string[]> {
  const args = [
    '--target',
    'reference',
    '--window-minutes',
    String(REHEARSAL_WINDOW.windowMinutes),
    '--interval-seconds',
    String(REHEARSAL_WINDOW.intervalSeconds),
    ...(fault ? ['--faults', fault.fault] : []),
  ];
  const outDir = path.join(OUT_DIR, fault ? `rehearsal-${fault.fault}` : 'rehearsal-clean');
  const expected = { steps: rehearsalSteps(REHEARSAL_WINDOW), ...(fault ? { stopAt: fault.stopAt } : {}) };
  return checkRehearsal(args, outDir, expected, RUN_TIMEOUT_MS * 2);
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
  env: Record<string, string> = {},
): Promise<{ outcome: RunOutcome; result: CheckResult }> {
  const runDir = path.join(OUT_DIR, spec.name.replace(/[^\w-]+/g, '_'));
  const started = Date.now();
  const outcome = await runSpec({ ...spec, env: { ...spec.env, ...env } }, runDir);
  const verdict = judgeRun(spec, outcome);
  const seconds = (Date.now() - started) / 1000;
  ledger.records.push({ spec, verdict, outcome, seconds });
  ledger.timings.push({ phase: phaseOf(spec), name: spec.name, seconds });
  printLine(
    spec.kind,
    spec.name,
    seconds,
    `${String(outcome.total).padStart(4)} tests  ${describeVerdict(verdict)}`,
  );
  return { outcome, result: verdict.verdict === 'detected' || verdict.verdict === 'green' ? 'pass' : 'fail' };
}

function runTask(spec: RunSpec, ledger: Ledger): ScheduledTask<CheckResult> {
  return {
    name: spec.name,
    alone: measuresLatency(spec.projects),
    run: async () => (await executeRun(spec, ledger)).result,
  };
}

function checkTask(
  name: string,
  phase: string,
  alone: boolean,
  ledger: Ledger,
  check: () => Promise<string[]>,
): ScheduledTask<CheckResult> {
  return {
    name,
    alone,
    run: async () => {
      const started = Date.now();
      const problems = await check().catch((error: unknown) => [`could not run: ${String(error)}`]);
      const seconds = (Date.now() - started) / 1000;
      ledger.timings.push({ phase, name, seconds });
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
 * Every run and check, in the order they start: concurrent ones first (the long, mostly idle cutover
 * windows start early), then those measuring latency, each alone. The whole-suite clean run is the
 * stability check's first run unless the shared-server checks are skipped.
 */
function plan(options: Options, ledger: Ledger): ScheduledTask<CheckResult>[] {
  const specs = CATALOGUE.filter((entry) => !options.only || options.only.has(entry.fault)).map(specFor);
  if (!options.skipClean) {
    specs.push(...otherCleanSpecs());
    if (!options.skipSecondDataset) specs.push(secondDatasetSpec());
    if (options.skipShared) specs.push(CLEAN_SPEC);
  }
  const rehearsals = !options.skipShared && !options.skipRehearsal;
  const tasks = [
    ...specs.map((spec) => runTask(spec, ledger)),
    ...(rehearsals
      ? [
          checkTask(`rehearsal (${REHEARSAL_FAULT.fault})`, 'rehearsal', false, ledger, () =>
            rehearsalCheck(REHEARSAL_FAULT),
          ),
        ]
      : []),
    ...(options.skipShared
      ? []
      : [
          checkTask('stability (clean run + 1, one server)', 'stability', true, ledger, () =>
            stabilityCheck(async (env) => (await executeRun(CLEAN_SPEC, ledger, env)).outcome),
          ),
          checkTask('read-only (production-like)', 'read-only', true, ledger, readOnlyCheck),
        ]),
    ...(rehearsals
      ? [checkTask('rehearsal (clean, 0.5 min window)', 'rehearsal', true, ledger, () => rehearsalCheck())]
      : []),
  ];
  return [...tasks.filter((task) => !task.alone), ...tasks.filter((task) => task.alone)];
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
  const tasks = plan(options, ledger);
  const outcomes = await runScheduled(tasks, options.jobs);
  const results = new Map(tasks.map((task, index) => [task.name, outcomes[index] ?? 'fail']));
  const secrets = await secretScan(ledger);
  const { summary, ok } = summarize(ledger, results, secrets, options.jobs, started);
  for (const line of timingTable(ledger.timings)) process.stdout.write(`timing   ${line}\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
