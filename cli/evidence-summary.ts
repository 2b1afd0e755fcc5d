// `npm run evidence:summary`: the evidence folder as a Markdown block for the system's cutover
// checklist (docs/runbook.md, "The evidence").
import { parseCommandLine, runWhenMain } from '../src/cli/command-line.ts';
import { loadConfig } from '../src/config.ts';
import { summarizeEvidenceDir } from '../src/evidence/summary.ts';

const USAGE = 'usage: npm run evidence:summary -- [EVIDENCE_DIR]';

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseCommandLine({ args: argv, options: {}, allowPositionals: true }, USAGE);
  const dir = positionals[0] ?? loadConfig().EVIDENCE_DIR;
  process.stdout.write(`${await summarizeEvidenceDir(dir, { generatedAt: new Date().toISOString() })}\n`);
  return 0;
}

runWhenMain(import.meta.url, main, 'evidence summary');
