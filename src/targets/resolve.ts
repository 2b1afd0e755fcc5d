import type { SuiteConfig } from '../config.ts';
import { resolveExternalTarget } from './external.ts';
import { resolveReferenceTarget } from './reference.ts';
import { type ResolvedTarget, TARGET_ENV } from './target.ts';

/** The target of this run, as seen from a worker (the runner started it, if it had to). */
export function resolveTarget(config: SuiteConfig, environment = process.env): ResolvedTarget {
  switch (config.TARGET) {
    case 'reference':
      return resolveReferenceTarget(config, environment);
    case 'external':
      return resolveExternalTarget(config);
    case 'compose': {
      const apiBase = environment[TARGET_ENV.composeApiBase];
      const legacyBase = environment[TARGET_ENV.composeLegacyBase];
      if (!apiBase || !legacyBase)
        throw new Error(
          'TARGET=compose but the compose stack was not started: run through `npx playwright test` (its webServer cli/compose-stack.ts brings the stack up)',
        );
      return { mode: 'compose', apiBase, legacyBase };
    }
  }
}

/** Where live parity reads the legacy outputs: PARITY_LEGACY_BASE, or the target's own legacy. */
export function parityLegacyBase(config: SuiteConfig, target: ResolvedTarget): string {
  return config.PARITY_LEGACY_BASE ?? target.legacyBase;
}

/**
 * The target a command-line tool reports. Outside Playwright nothing starts the reference server, so
 * a run whose target the runner did not hand over is an external one (API_V1_BASE / LEGACY_BASE, or
 * `apiBase` from --api).
 */
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
