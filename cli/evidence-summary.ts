// `npm run evidence:summary`: the evidence folder as a Markdown block for the system's cutover
// checklist (docs/runbook.md, "The evidence").
import { loadConfig } from '../src/config.ts';
import { summarizeEvidenceDir } from '../src/evidence/summary.ts';

const dir = process.argv[2] ?? loadConfig().EVIDENCE_DIR;
process.stdout.write(`${await summarizeEvidenceDir(dir, { generatedAt: new Date().toISOString() })}\n`);
