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

const OUT_DIR = 'results/selftest';
const RUN_TIMEOUT_MS = 10 * 60_000;
const DATASET = 'fixtures/datasets/golden';
/** Data the suite has never seen (npm run dataset:generate): another period, other UNs and supervisors. */
const SECOND_DATASET = 'fixtures/datasets/second-2031';
// Three full runs share one server inside a few minutes: a login budget that the perf gate's login
// measurement (about 220 logins a run) cannot exhaust; the rate-limit test learns it from the env.
const SHARED_LOGIN_LIMIT = '1000/60';

interface RunSpec {
  name: string;
  kind: 'fault' | 'boundary' | 'clean';
  projects: string[];
  mustFail: string[];
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
    env: { TARGET: 'reference', REFERENCE_FAULTS: '', ...spec.env },
    runDir,
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

function specFor(entry: CatalogueEntry): RunSpec {
  return {
    name: entry.fault,
    kind: entry.kind,
    projects: entry.projects,
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
 * The whole suite twice more against one clean server: green, every test with the outcome it had in
 * the clean run, server state unchanged.
 */
async function stabilityCheck(cleanRun: Promise<RunOutcome | undefined>): Promise<string[]> {
  const server = await startReferenceProcess({
    dataset: DATASET,
    faults: '',
    latency: '',
    extraArgs: ['--login-limit', SHARED_LOGIN_LIMIT],
  });
  const outcomes: RunOutcome[] = [];
  try {
    const stateUrl = `${server.apiOrigin}/__reference/state`;
    const before = await getJson(stateUrl, ReferenceState);
    for (const run of [1, 2]) outcomes.push(await runAgainstShared(`stability-${run}`, sharedEnv(server)));
    const after = await getJson(stateUrl, ReferenceState);
    const clean = await cleanRun;
    return stabilityProblems({
      outcomes: clean ? [clean, ...outcomes] : outcomes,
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

async function sharedServerCheck(name: string, check: () => Promise<string[]>): Promise<'pass' | 'fail'> {
  const started = Date.now();
  const problems = await check().catch((error: unknown) => [`could not run: ${String(error)}`]);
  printLine(
    'check',
    name,
    (Date.now() - started) / 1000,
    problems.length === 0 ? 'pass' : `FAIL: ${problems.join('; ')}`,
  );
  return problems.length === 0 ? 'pass' : 'fail';
}

/**
 * After every run: no artifact under OUT_DIR (reports, test output, evidence, monitor lines) holds a
 * token the reference server issued (all start with its JWT header) or a suite password.
 */
async function secretScan(): Promise<'pass' | 'fail'> {
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
  process.stdout.write(
    `${'check'.padEnd(8)} ${`secrets (${scan.scannedFiles} files)`.padEnd(34)}                ${problems.length === 0 ? 'pass' : `FAIL: ${problems.slice(0, 10).join('; ')}`}\n`,
  );
  return problems.length === 0 ? 'pass' : 'fail';
}

type CheckResult = 'pass' | 'fail' | 'skipped';

async function main(): Promise<number> {
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
  if (unknown.length > 0) {
    process.stderr.write(`--faults: not in the catalogue: ${unknown.join(', ')}\n`);
    return 2;
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write(`--jobs ${values.jobs}: a whole number of at least 1\n`);
    return 2;
  }
  const started = Date.now();
  rmSync(OUT_DIR, { recursive: true, force: true });

  const specs: RunSpec[] = CATALOGUE.filter((entry) => !only || only.has(entry.fault)).map(specFor);
  const cleanSpec: RunSpec = {
    name: '(clean run, no fault)',
    kind: 'clean',
    projects: [],
    mustFail: [],
    excluded: CLEAN_RUN_EXCLUSIONS,
    env: {},
  };
  if (!values['skip-clean']) {
    specs.push(cleanSpec);
    // The default run compares with the recordings; the reference server's own legacy endpoints
    // are the live source, which must agree too.
    specs.push({
      name: '(clean live parity)',
      kind: 'clean',
      projects: ['analytics'],
      mustFail: [],
      excluded: [],
      env: { PARITY_SOURCE: 'live' },
    });
    if (!values['skip-second-dataset']) specs.push(secondDatasetSpec());
    // The cutover project is outside the default run: its clean window is judged on its own.
    specs.push({
      name: '(clean cutover window)',
      kind: 'clean',
      projects: ['cutover'],
      mustFail: [],
      excluded: [],
      env: { ...CLEAN_CUTOVER_WINDOW, CUTOVER_OUT_FILE: path.join(OUT_DIR, 'clean-cutover.jsonl') },
    });
  }

  const records: RunRecord[] = [];
  let cleanOutcome: (value: RunOutcome | undefined) => void = () => {};
  const cleanRun = new Promise<RunOutcome | undefined>((resolve) => {
    cleanOutcome = resolve;
  });
  if (!specs.includes(cleanSpec)) cleanOutcome(undefined);
  const runTask = (spec: RunSpec): ScheduledTask<CheckResult> => ({
    name: spec.name,
    alone: measuresLatency(spec.projects),
    run: async () => {
      const runDir = path.join(OUT_DIR, spec.name.replace(/[^\w-]+/g, '_'));
      const runStarted = Date.now();
      const outcome = await runSpec(spec, runDir);
      if (spec === cleanSpec) cleanOutcome(outcome);
      const verdict = judgeRun(spec, outcome);
      const record = { spec, verdict, outcome, seconds: (Date.now() - runStarted) / 1000 };
      records.push(record);
      printLine(
        spec.kind,
        spec.name,
        record.seconds,
        `${String(outcome.total).padStart(4)} tests  ${describeVerdict(verdict)}`,
      );
      return verdict.verdict === 'detected' || verdict.verdict === 'green' ? 'pass' : 'fail';
    },
  });

  const runShared = !values['skip-shared'] && !values['skip-clean'] && !only;
  const runRehearsals = runShared && !values['skip-rehearsal'];
  const checkTask = (
    name: string,
    alone: boolean,
    check: () => Promise<string[]>,
  ): ScheduledTask<CheckResult> => ({
    name,
    alone,
    run: () => sharedServerCheck(name, check),
  });
  // Shared runs first (the long, mostly idle cutover windows start early), runs measuring latency last.
  const tasks = [
    ...specs.map(runTask),
    ...(runRehearsals
      ? [checkTask(`rehearsal (${REHEARSAL_FAULT.fault})`, false, () => rehearsalCheck(REHEARSAL_FAULT))]
      : []),
    ...(runShared
      ? [
          checkTask('stability (clean run + 2, one server)', true, () => stabilityCheck(cleanRun)),
          checkTask('read-only (production-like)', true, readOnlyCheck),
        ]
      : []),
    ...(runRehearsals ? [checkTask('rehearsal (clean, 0.5 min window)', true, () => rehearsalCheck())] : []),
  ];
  const ordered = [...tasks.filter((task) => !task.alone), ...tasks.filter((task) => task.alone)];
  const outcomes = await runScheduled(ordered, jobs);
  const results = new Map(ordered.map((task, index) => [task.name, outcomes[index] ?? 'fail']));
  const checkResult = (prefix: string): CheckResult => {
    const matching = [...results].filter(([name]) => name.startsWith(prefix)).map(([, result]) => result);
    if (matching.length === 0) return 'skipped';
    return matching.includes('fail') ? 'fail' : 'pass';
  };

  const faults = records.filter((record) => record.spec.kind === 'fault');
  const count = (verdict: EntryVerdict['verdict']) =>
    faults.filter((record) => record.verdict.verdict === verdict).length;
  const boundaries = records.filter((record) => record.spec.kind === 'boundary');
  const falseAlarms = boundaries.filter((record) => record.verdict.verdict !== 'green').length;
  const cleanRuns = records.filter((record) => record.spec.kind === 'clean');
  const cleanGreen = cleanRuns.every((record) => record.verdict.verdict === 'green');
  const secrets = await secretScan();
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
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const ok =
    summary.detected === faults.length &&
    falseAlarms === 0 &&
    summary.clean_runs !== 'fail' &&
    secrets === 'pass' &&
    summary.rehearsal !== 'fail' &&
    summary.stability !== 'fail' &&
    summary.read_only !== 'fail';
  return ok ? 0 : 1;
}

process.exitCode = await main();
