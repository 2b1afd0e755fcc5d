// The runbook's verification in its order (docs/runbook.md), each step
// with what the suite runs and what the runbook says to do when it fails.
import { z } from 'zod';
import { TARGET_INDEPENDENT_TAG } from '../perf/target-independent.ts';

interface PlaywrightStep {
  kind: 'playwright';
  projects: string[];
  grep?: string;
  /** Tests left out of this step (`--grep-invert`). */
  grepInvert?: string;
  env?: Record<string, string>;
}

export interface RehearsalStep {
  id: string;
  /** The runbook's own words for the step. */
  runbook: string;
  run: PlaywrightStep;
  /** The runbook's instruction when this step fails. */
  onFailure: string;
}

const NO_GO = 'No activar el flag de modulos v1: el cutover no empieza. Corregir y repetir desde T-5.';
const ROLLBACK =
  'Desactivar feature flag de modulos v1 y pasar a Rollback: tomar/confirmar snapshot DB previa, ' +
  '`docker compose --profile prod down`, restaurar snapshot DB, levantar version anterior y validar ' +
  '/api/v1/health, endpoints de brokers config y consistencia de preferencias por usuario.';
const KEEP_LEGACY =
  'Si falla analytics v1: mantener fallback legacy y reintentar por slices cuando error_rate_pct <= 2 y p95_ms en umbral; ' +
  `si no se recupera: ${ROLLBACK}`;

export interface RehearsalOptions {
  windowMinutes: number;
  intervalSeconds: number;
  /**
   * Leave the measurement-honesty tests (TARGET_INDEPENDENT_TAG: they load servers of their own,
   * never the target) out of the perf gate step too: for a driver that has just run them on this
   * machine (the self-test's clean run). Off, the perf gate step runs them once.
   */
  skipMeasurementHonesty?: boolean;
}

export function rehearsalSteps(options: RehearsalOptions): RehearsalStep[] {
  const window = {
    CUTOVER_WINDOW_MINUTES: String(options.windowMinutes),
    CUTOVER_INTERVAL_SECONDS: String(options.intervalSeconds),
  };
  const steps: RehearsalStep[] = [
    {
      id: 't-5-health',
      runbook: 'T-5.2 Validar /api/v1/health y /api/check-files',
      run: { kind: 'playwright', projects: ['smoke'], grep: '@runbook-T-5' },
      onFailure: NO_GO,
    },
    {
      id: 't-5-legacy-config',
      runbook: 'T-5.1 migrate_legacy_config_to_db.py + verify_legacy_config_migration.py',
      run: { kind: 'playwright', projects: ['brokers'], grep: '@runbook-T-5' },
      onFailure: `Re-ejecutar scripts/migrate_legacy_config_to_db.py y verificar otra vez. ${NO_GO}`,
    },
    {
      id: 't0-smoke',
      runbook: 'T0.2 Smoke rapido: login, brokers summary, brokers preferences roundtrip',
      run: { kind: 'playwright', projects: ['smoke', 'auth', 'brokers', 'preferences'], grep: '@runbook-T0' },
      onFailure: ROLLBACK,
    },
    {
      id: 'gate-functional',
      runbook: 'Verificacion funcional minima: auth login + refresh + revoke, brokers config y preferences',
      run: { kind: 'playwright', projects: ['auth'] },
      onFailure: ROLLBACK,
    },
    {
      id: 'gate-e2e-brokers',
      runbook: 'Gates de cierre tecnico 1: e2e_brokers_critical.py',
      run: { kind: 'playwright', projects: ['brokers', 'preferences'] },
      onFailure: ROLLBACK,
    },
    {
      id: 'gate-perf',
      runbook: 'Gates de cierre tecnico 2: perf_smoke_api_v1.py',
      run: {
        kind: 'playwright',
        projects: ['perf'],
        ...(options.skipMeasurementHonesty ? { grepInvert: TARGET_INDEPENDENT_TAG } : {}),
      },
      onFailure: KEEP_LEGACY,
    },
    {
      id: 'gate-parity',
      runbook: 'Gates de cierre tecnico 3: parity_check_analytics_v1.py',
      run: { kind: 'playwright', projects: ['analytics'] },
      onFailure: KEEP_LEGACY,
    },
    {
      id: 'gate-deploy-smoke',
      runbook: 'Gates de cierre tecnico 4: smoke_deploy_v1.py',
      run: { kind: 'playwright', projects: ['smoke'] },
      onFailure: ROLLBACK,
    },
    {
      id: 'window-monitor',
      runbook: `T+0 a T+30 monitoreo continuo (cutover_window_monitor.py, ventana de ${options.windowMinutes} min)`,
      run: { kind: 'playwright', projects: ['cutover'], env: window },
      onFailure: `Umbral incumplido en endpoint critico: ${ROLLBACK}`,
    },
    {
      id: 't30',
      runbook: 'T+30 parity_check_analytics_v1.py + perf_smoke_api_v1.py; registrar evidencia',
      // The measurement honesty tests ran at the perf gate step; they never load the target.
      run: { kind: 'playwright', projects: ['analytics', 'perf'], grepInvert: TARGET_INDEPENDENT_TAG },
      onFailure: KEEP_LEGACY,
    },
    {
      id: 't60',
      runbook: 'T+60 repetir paridad/perf (segundo ciclo estable: 2 ejecuciones consecutivas)',
      run: { kind: 'playwright', projects: ['analytics', 'perf'], grepInvert: TARGET_INDEPENDENT_TAG },
      onFailure: KEEP_LEGACY,
    },
  ];
  // Several steps run the same gate (smoke at T-5 and in the deploy smoke, parity at T+30 and T+60):
  // each step keeps its own evidence files, `<step id>-<gate>.json`.
  return steps.map((step) => ({
    ...step,
    run: { ...step.run, env: { ...step.run.env, EVIDENCE_PREFIX: evidencePrefix(step.id) } },
  }));
}

/** The evidence file prefix of a rehearsal step (EVIDENCE_PREFIX). */
export function evidencePrefix(stepId: string): string {
  return `${stepId}-`;
}

export const ALL_PASSED_INSTRUCTION = 'Todos los pasos cumplen: programar apagado legacy por flag (T+60.2).';

export interface StepOutcome {
  step: RehearsalStep;
  passed: boolean;
  seconds: number;
  detail: string;
}

export type StepExecutor = (step: RehearsalStep) => Promise<{ passed: boolean; detail: string }>;

/** Runs the steps in order and stops at the first failure (the runbook never skips ahead). */
export async function runRehearsal(
  steps: RehearsalStep[],
  execute: StepExecutor,
  onStep: (outcome: StepOutcome) => void = () => {},
  now: () => number = Date.now,
): Promise<{ outcomes: StepOutcome[]; failed?: StepOutcome; instruction: string }> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const started = now();
    const { passed, detail } = await execute(step);
    const outcome = { step, passed, detail, seconds: (now() - started) / 1000 };
    outcomes.push(outcome);
    onStep(outcome);
    if (!passed) return { outcomes, failed: outcome, instruction: step.onFailure };
  }
  return { outcomes, instruction: ALL_PASSED_INSTRUCTION };
}

/** `rehearsal.json` in the output folder: what ran, in order, and the instruction given. */
export const RehearsalReportSchema = z.object({
  target: z.string(),
  steps: z.array(z.object({ id: z.string(), passed: z.boolean(), seconds: z.number(), detail: z.string() })),
  stoppedAt: z.string().nullable(),
  instruction: z.string(),
});
export type RehearsalReport = z.infer<typeof RehearsalReportSchema>;

export function rehearsalReport(
  target: string,
  result: { outcomes: StepOutcome[]; failed?: StepOutcome; instruction: string },
): RehearsalReport {
  return {
    target,
    steps: result.outcomes.map(({ step, passed, seconds, detail }) => ({
      id: step.id,
      passed,
      seconds,
      detail,
    })),
    stoppedAt: result.failed?.step.id ?? null,
    instruction: result.instruction,
  };
}
