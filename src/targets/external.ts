import type { SuiteConfig } from '../config.ts';
import type { ResolvedTarget } from './target.ts';

/** Staging and production: the URLs the operator gives, nothing started or stopped. */
export function resolveExternalTarget(config: SuiteConfig): ResolvedTarget {
  return {
    mode: 'external',
    apiBase: config.API_V1_BASE.replace(/\/$/, ''),
    legacyBase: config.LEGACY_BASE.replace(/\/$/, ''),
    ...(config.FRONTEND_URL ? { frontendUrl: config.FRONTEND_URL } : {}),
  };
}
