// npm run figures -- [results/report.json ...] [--ledger <pacing ledger>]
// Prints the figures of finished runs, one block per Playwright JSON report: wall time (in tests and
// outside them), tests by outcome, logins, writes, pacing waits and seconds, and the slowest tests
// with what each spent of the rate budgets. The ledger of a run is found by the run id in its report:
// <EVIDENCE_DIR>/pacing/<run id>.jsonl (kept there by the run header), else the machine's temporary
// folder; --ledger names it (one report only). Exit 0, or 2 when a file cannot be read.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine, runWhenMain, UsageError } from '../src/cli/command-line.ts';
import { loadConfig } from '../src/config.ts';
import {
  formatRunFigures,
  parseLedger,
  parsePlaywrightReport,
  runFigures,
  runIdOf,
} from '../src/reporting/run-figures.ts';
import { keptLedgerFile, pacingLedgerFile } from '../src/run/setup-record.ts';

export const USAGE =
  'usage: npm run figures -- [<report.json> ...] [--ledger <pacing ledger .jsonl>] [--slowest N]';

export async function main(
  argv: string[],
  stdout = (text: string) => process.stdout.write(text),
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      args: argv,
      allowPositionals: true,
      options: { ledger: { type: 'string' }, slowest: { type: 'string', default: '8' } },
    },
    USAGE,
  );
  const reports = positionals.length > 0 ? positionals : ['results/report.json'];
  if (values.ledger && reports.length > 1) throw new UsageError(`--ledger goes with one report\n${USAGE}`);
  const slowest = Number(values.slowest);
  if (!Number.isInteger(slowest) || slowest < 0) throw new UsageError(`--slowest must be a count\n${USAGE}`);
  const evidenceDir = loadConfig().EVIDENCE_DIR;
  for (const file of reports) {
    const report = parsePlaywrightReport(readFileSync(file, 'utf8'));
    const runId = runIdOf(report);
    const candidates = values.ledger
      ? [values.ledger]
      : runId
        ? [keptLedgerFile(evidenceDir, runId), pacingLedgerFile(runId)]
        : [];
    const ledgerFile = candidates.find((candidate) => existsSync(candidate));
    const ledger = ledgerFile ? parseLedger(readFileSync(ledgerFile, 'utf8')) : undefined;
    const lines = formatRunFigures(runFigures(report, ledger, slowest));
    stdout(`${path.resolve(file)}${ledgerFile ? ` (ledger ${ledgerFile})` : ''}\n${lines.join('\n')}\n`);
  }
  return 0;
}

runWhenMain(import.meta.url, main, 'figures');
