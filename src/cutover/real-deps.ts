// The monitor's real I/O: undici fetch, the wall clock, the out file, the shell hook, stderr.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fetch as undiciFetch } from 'undici';
import { redactText } from '../evidence/redact.ts';
import type { MonitorDeps } from './monitor.ts';
import { runShellCommand } from './rollback.ts';

export function defaultMonitorDeps(): MonitorDeps {
  const made = new Set<string>();
  return {
    fetch: (url, init) => undiciFetch(url, init),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    appendLine: async (file, line) => {
      const folder = path.dirname(path.resolve(file));
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        made.add(folder);
      }
      // Defence in depth: nothing secret is written on purpose, tokens are stripped anyway.
      await appendFile(file, `${redactText(line, [])}\n`, 'utf8');
    },
    runRollback: runShellCommand,
    log: (line) => process.stderr.write(`[cutover] ${line}\n`),
  };
}
