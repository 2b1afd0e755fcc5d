// npm run cutover:monitor
// The runbook's T+0..T+30 window monitor (src/cutover/monitor.ts) on CUTOVER_METRICS_URL for
// CUTOVER_WINDOW_MINUTES at CUTOVER_INTERVAL_SECONDS, one JSON line per event in CUTOVER_OUT_FILE,
// CUTOVER_ROLLBACK_CMD run once on a failed window; the gate's evidence record goes to
// EVIDENCE_DIR/cutover-window.json and a one-line summary to stdout.
// Exit 0 pass, 1 fail, 2 inconclusive or misconfigured.
import { runWhenMain } from '../src/cli/command-line.ts';
import { loadConfig } from '../src/config.ts';
import { cutoverEvidenceRecord } from '../src/cutover/evidence.ts';
import { runMonitor } from '../src/cutover/monitor.ts';
import { MonitorConfigError, type MonitorOptions, monitorOptionsFromConfig } from '../src/cutover/options.ts';
import { defaultMonitorDeps } from '../src/cutover/real-deps.ts';
import { suiteVersion } from '../src/evidence/suite-version.ts';
import { writeEvidence } from '../src/evidence/writer.ts';
import { targetForCli } from '../src/targets/resolve.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  let options: MonitorOptions;
  try {
    options = monitorOptionsFromConfig(config);
  } catch (error) {
    if (!(error instanceof MonitorConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const result = await runMonitor(options, defaultMonitorDeps());
  const record = cutoverEvidenceRecord(result, options, targetForCli(config), suiteVersion());
  const evidence = await writeEvidence(config.EVIDENCE_DIR, record, []);
  const { verdict, exitCode, reasons, counts, samplesTaken, plannedSamples, rollback, outFile } = result;
  const summary = {
    verdict,
    exitCode,
    reasons,
    counts,
    samplesTaken,
    plannedSamples,
    rollback,
    outFile,
    evidence,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return result.exitCode;
}

runWhenMain(import.meta.url, main, 'cutover monitor');
