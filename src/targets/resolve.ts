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
        throw new Error('TARGET=compose but the compose stack was not started by global set-up');
      return { mode: 'compose', apiBase, legacyBase };
    }
  }
}
