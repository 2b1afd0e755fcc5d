// What worker-scoped fixtures fetch or measure, kept once per run. Playwright starts a new worker
// process after every failed test, and on a system with known defects (about twenty on the customer's
// system) every start would fetch the analytics baselines, draw the parity cases and measure the
// generator ceiling again: seconds each, and requests the target answers again for nothing. The first
// worker of the run stores the value in a file named by the run id and the target; later workers read
// it back, checked with the value's own schema (a file that does not parse is computed afresh). Files
// live beside the stored sessions and are removed with them at the end of the run.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';

/** The folder of a run's cached values (one file per name). */
export function runCacheDir(runId: string, dir: string = tmpdir()): string {
  return path.join(dir, 'cobranzas-suite', `cache-${runId}`);
}

function fileName(key: string): string {
  return `${key.replace(/[^a-zA-Z0-9._-]+/g, '_')}.json`;
}

/**
 * `compute()` once per run and key: the stored value when a file for `key` exists and parses with
 * `schema`, otherwise computed and stored. Without a run id (a worker started outside a Playwright
 * run) nothing is stored. `key` must name everything the value depends on (the target, the options).
 */
export async function cachedForRun<S extends z.ZodType>(
  runId: string | undefined,
  key: string,
  schema: S,
  compute: () => Promise<z.output<S>>,
): Promise<z.output<S>> {
  if (!runId) return compute();
  const file = path.join(runCacheDir(runId), fileName(key));
  const stored = readStored(file, schema);
  if (stored.found) return stored.value;
  const value = await compute();
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed: a worker killed half-way never leaves half a file for the next.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(value), { mode: 0o600 });
  renameSync(partial, file);
  return value;
}

function readStored<S extends z.ZodType>(
  file: string,
  schema: S,
): { found: true; value: z.output<S> } | { found: false } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { found: false };
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? { found: true, value: parsed.data } : { found: false };
  } catch {
    return { found: false };
  }
}

export function removeRunCache(runId: string, dir: string = tmpdir()): void {
  rmSync(runCacheDir(runId, dir), { recursive: true, force: true });
}
