// `npm run selftest`: proves the suite. For each catalogue entry it runs the named gate(s) against
// a reference server with that fault planted and checks the right test failed (boundaries: stayed
// green), then runs the whole suite with no fault and checks it is green. Last line: JSON summary.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CATALOGUE, type CatalogueEntry } from './catalogue.ts';
import { type EntryVerdict, judgeRun, readOutcome } from './report.ts';

const OUT_DIR = 'results/selftest';
const RUN_TIMEOUT_MS = 10 * 60_000;

interface RunSpec {
  name: string;
  kind: 'fault' | 'boundary' | 'clean';
  projects: string[];
  mustFail: string[];
  env: Record<string, string>;
}

interface RunRecord {
  spec: RunSpec;
  verdict: EntryVerdict;
  seconds: number;
  total: number;
}

function runPlaywright(spec: RunSpec, runDir: string): Promise<{ exitCode: number | null; report: unknown }> {
  const reportFile = path.join(runDir, 'report.json');
  const args = [
    'node_modules/@playwright/test/cli.js',
    'test',
    '--reporter=json',
    `--output=${path.join(runDir, 'test-output')}`,
    ...spec.projects.flatMap((project) => ['--project', project]),
  ];
  // The self-test owns the target: a caller's TARGET or faults must not leak into it.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TARGET: 'reference',
    REFERENCE_FAULTS: '',
    ...spec.env,
    PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile,
    EVIDENCE_DIR: path.join(runDir, 'evidence'),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      let report: unknown = {
        suites: [],
        errors: [{ message: `no report (exit ${exitCode}): ${stderr.trim()}` }],
      };
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch {
        // keep the placeholder: the run is judged broken with stderr as the reason
      }
      resolve({ exitCode, report });
    });
  });
}

function specFor(entry: CatalogueEntry): RunSpec {
  return {
    name: entry.fault,
    kind: entry.kind,
    projects: entry.projects,
    mustFail: entry.mustFail,
    env: { REFERENCE_FAULTS: entry.fault, ...entry.env },
  };
}

function describeVerdict(verdict: EntryVerdict): string {
  switch (verdict.verdict) {
    case 'detected':
      return `detected (${verdict.failed.length} failing test(s))`;
    case 'missed':
      return `MISSED: expected failure of ${verdict.missing.map((t) => `"${t}"`).join(', ')}; failed: ${verdict.failed.map((t) => `"${t}"`).join(', ') || 'nothing'}`;
    case 'green':
      return 'green';
    case 'false-alarm':
      return `FALSE ALARM: ${verdict.failed.map((t) => `"${t}"`).join(', ')}`;
    case 'broken-run':
      return `BROKEN RUN: ${verdict.reason}`;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'skip-clean': { type: 'boolean', default: false },
    },
  });
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const started = Date.now();
  rmSync(OUT_DIR, { recursive: true, force: true });

  const specs: RunSpec[] = CATALOGUE.filter((entry) => !only || only.has(entry.fault)).map(specFor);
  if (!values['skip-clean']) {
    specs.push({ name: '(clean run, no fault)', kind: 'clean', projects: [], mustFail: [], env: {} });
  }

  const records: RunRecord[] = [];
  for (const spec of specs) {
    const runDir = path.join(OUT_DIR, spec.name.replace(/[^\w-]+/g, '_'));
    mkdirSync(runDir, { recursive: true });
    const runStarted = Date.now();
    const { report } = await runPlaywright(spec, runDir);
    const outcome = readOutcome(report);
    const verdict = judgeRun(spec.kind, spec.mustFail, outcome);
    const record = { spec, verdict, seconds: (Date.now() - runStarted) / 1000, total: outcome.total };
    records.push(record);
    process.stdout.write(
      `${spec.kind.padEnd(8)} ${spec.name.padEnd(34)} ${record.seconds.toFixed(1).padStart(6)}s ${String(outcome.total).padStart(4)} tests  ${describeVerdict(verdict)}\n`,
    );
  }

  const faults = records.filter((record) => record.spec.kind === 'fault');
  const detected = faults.filter((record) => record.verdict.verdict === 'detected').length;
  const boundaries = records.filter((record) => record.spec.kind === 'boundary');
  const falseAlarms = boundaries.filter((record) => record.verdict.verdict !== 'green').length;
  const clean = records.find((record) => record.spec.kind === 'clean');
  const summary = {
    faults: faults.length,
    detected,
    boundaries: boundaries.length,
    false_alarms: falseAlarms,
    clean_run: clean ? (clean.verdict.verdict === 'green' ? 'pass' : 'fail') : 'skipped',
    seconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  const ok = detected === faults.length && falseAlarms === 0 && summary.clean_run !== 'fail';
  return ok ? 0 : 1;
}

process.exitCode = await main();
