// npm run perf -- [--out FILE] [--api URL]
// The runbook's perf_smoke_api_v1.py, measured honestly: every v1 analytics summary (and login)
// under autocannon, p50/p95/p99 nearest-rank over every response, budget per endpoint. Prints the
// table and writes the gate's evidence record (EVIDENCE_DIR/perf.json, or --out FILE).
// Exit 0 pass, 1 fail, 2 inconclusive or misconfigured. The token and password are never printed.
import { parseCommandLine, runWhenMain } from '../src/cli/command-line.ts';
import { enableRatePacing } from '../src/clients/rate-pacing.ts';
import { loadConfig } from '../src/config.ts';
import { redact } from '../src/evidence/redact.ts';
import { suiteVersion } from '../src/evidence/suite-version.ts';
import { writeEvidence } from '../src/evidence/writer.ts';
import { runPerfGate } from '../src/perf/gate.ts';
import { perfGateOptionsFromConfig } from '../src/perf/gate-options.ts';
import { exitCodeFor } from '../src/perf/judge.ts';
import { formatPerfTable, perfEvidenceRecord, writeJsonFile } from '../src/perf/report.ts';
import { targetForCli } from '../src/targets/resolve.ts';

const USAGE = 'usage: npm run perf -- [--out FILE] [--api URL]';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: { out: { type: 'string' }, api: { type: 'string' } },
      allowPositionals: false,
    },
    USAGE,
  );
  const config = loadConfig();
  const target = targetForCli(config, values.api);
  // The gate's login shares the target's rate budget with the suite's runs and the other tools.
  enableRatePacing(config, target.apiBase, (line) => process.stderr.write(`${line}\n`));
  const options = perfGateOptionsFromConfig(config, target.apiBase, {
    legacyBase: target.legacyBase,
    log: (line) => process.stderr.write(`[perf] ${line}\n`),
  });
  for (const [name, reason] of Object.entries(options.excludedEndpoints ?? {})) {
    process.stdout.write(`excluded: ${name}: ${reason}\n`);
  }
  const result = await runPerfGate(options);
  process.stdout.write(
    `${formatPerfTable(result.rows, {
      verdict: result.verdict,
      reasons: result.reasons,
      generatorCeilingRps: result.generator?.rps ?? null,
      connections: options.connections,
      caps: {
        maxRps: result.settings.maxRps,
        maxRpsSource: result.settings.maxRpsSource,
        durationSeconds: result.settings.durationSeconds,
      },
    })}\n`,
  );
  const record = perfEvidenceRecord(result, target, suiteVersion());
  const secrets = [config.E2E_ADMIN_PASSWORD];
  let out: string;
  if (values.out === undefined) {
    out = await writeEvidence(config.EVIDENCE_DIR, record, secrets);
  } else {
    out = values.out;
    await writeJsonFile(out, redact(record, secrets));
  }
  process.stdout.write(`evidence: ${out}\n`);
  return exitCodeFor(result.verdict);
}

runWhenMain(import.meta.url, main, 'perf smoke');
