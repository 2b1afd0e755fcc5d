// What the perf and cutover command-line tools share: the target they report in their evidence and
// the suite version. Outside Playwright nothing starts the reference server, so a run whose target
// the runner did not hand over is an external one (API_V1_BASE / LEGACY_BASE, or --api).
import { readFileSync } from 'node:fs';
import type { SuiteConfig } from '../config.ts';
import { resolveExternalTarget } from '../targets/external.ts';
import { resolveTarget } from '../targets/resolve.ts';
import type { ResolvedTarget } from '../targets/target.ts';

export function targetForCli(config: SuiteConfig, apiBase?: string): ResolvedTarget {
  let target: ResolvedTarget;
  try {
    target = resolveTarget(config);
  } catch {
    target = resolveExternalTarget(config);
  }
  if (apiBase === undefined) return target;
  // An explicit --api URL is whatever it points at: not a reference server the suite started.
  const { dataset: _dataset, ...rest } = target;
  return { ...rest, mode: 'external', apiBase: apiBase.replace(/\/+$/, '') };
}

let version: string | undefined;

/** package.json's version (the suite version every evidence record carries). */
export function suiteVersion(): string {
  if (version === undefined) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const parsed: unknown = JSON.parse(text);
    const found =
      typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : '';
    version = found === '' ? 'unknown' : found;
  }
  return version;
}
