// What a run points at, as every gate reports it (run header, evidence).
export type TargetMode = 'reference' | 'external' | 'compose';

export interface ResolvedTarget {
  mode: TargetMode;
  apiBase: string;
  legacyBase: string;
  frontendUrl?: string;
  /** The dataset the target serves, when the suite knows it (reference target only). */
  dataset?: string;
}

/** Environment variables through which the runner hands the started target to its workers. */
export const TARGET_ENV = {
  apiBase: 'REFERENCE_API_BASE',
  legacyBase: 'REFERENCE_LEGACY_BASE',
  composeApiBase: 'COMPOSE_API_BASE',
  composeLegacyBase: 'COMPOSE_LEGACY_BASE',
  /** One id per `playwright test` run: names its stored sessions and its state snapshot. */
  runId: 'SUITE_RUN_ID',
} as const;
