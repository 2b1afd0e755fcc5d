import { describe, expect, it } from 'vitest';
import { TARGET_INDEPENDENT_TAG } from '../perf/target-independent.ts';
import {
  ALL_PASSED_INSTRUCTION,
  RehearsalReportSchema,
  rehearsalReport,
  rehearsalSteps,
  runRehearsal,
} from './steps.ts';

const steps = rehearsalSteps({ windowMinutes: 1, intervalSeconds: 5 });

describe('rehearsal', () => {
  it('follows the runbook order: T-5, T0, technical gates, window, T+30, T+60', () => {
    expect(steps.map((step) => step.id)).toEqual([
      't-5-health',
      't-5-legacy-config',
      't0-smoke',
      'gate-functional',
      'gate-e2e-brokers',
      'gate-perf',
      'gate-parity',
      'gate-deploy-smoke',
      'window-monitor',
      't30',
      't60',
    ]);
    expect(steps.find((step) => step.id === 'window-monitor')?.run.env).toEqual({
      CUTOVER_WINDOW_MINUTES: '1',
      CUTOVER_INTERVAL_SECONDS: '5',
      EVIDENCE_PREFIX: 'window-monitor-',
    });
    // Every step keeps its own evidence files (T+30 and T+60 run the same gates).
    expect(steps.map((step) => step.run.env?.EVIDENCE_PREFIX)).toEqual([
      't-5-health-',
      't-5-legacy-config-',
      't0-smoke-',
      'gate-functional-',
      'gate-e2e-brokers-',
      'gate-perf-',
      'gate-parity-',
      'gate-deploy-smoke-',
      'window-monitor-',
      't30-',
      't60-',
    ]);
  });

  it('runs the measurement-honesty tests once, at the perf gate step, unless the driver has run them', () => {
    const leftOut = (list: typeof steps) =>
      list.filter((step) => step.run.grepInvert === TARGET_INDEPENDENT_TAG).map((step) => step.id);
    expect(leftOut(steps)).toEqual(['t30', 't60']);
    const skipping = rehearsalSteps({ windowMinutes: 1, intervalSeconds: 5, skipMeasurementHonesty: true });
    expect(leftOut(skipping)).toEqual(['gate-perf', 't30', 't60']);
  });

  it('stops at the first failed step with that step instruction', async () => {
    const ran: string[] = [];
    const result = await runRehearsal(steps, async (step) => {
      ran.push(step.id);
      return {
        passed: step.id !== 'gate-perf',
        detail: step.id === 'gate-perf' ? 'mora p95 1507 ms > 1200' : 'ok',
      };
    });
    expect(ran).toEqual([
      't-5-health',
      't-5-legacy-config',
      't0-smoke',
      'gate-functional',
      'gate-e2e-brokers',
      'gate-perf',
    ]);
    expect(result.failed?.step.id).toBe('gate-perf');
    expect(result.instruction).toMatch(/mantener fallback legacy/);
  });

  it('a T0 failure sends the team to rollback; all green schedules the legacy switch-off', async () => {
    const t0 = await runRehearsal(steps, async (step) => ({ passed: step.id !== 't0-smoke', detail: '' }));
    expect(t0.instruction).toMatch(/^Desactivar feature flag de modulos v1 y pasar a Rollback/);
    const green = await runRehearsal(steps, async () => ({ passed: true, detail: '' }));
    expect(green.failed).toBeUndefined();
    expect(green.outcomes).toHaveLength(11);
    expect(green.instruction).toBe(ALL_PASSED_INSTRUCTION);
  });
});

describe('rehearsalReport', () => {
  it('records the steps that ran, where it stopped and the instruction, and parses back', async () => {
    const result = await runRehearsal(
      steps,
      async (step) => ({
        passed: step.id !== 't0-smoke',
        detail: step.id === 't0-smoke' ? 'failed: login' : 'ok',
      }),
      () => {},
      () => 0,
    );
    const report = rehearsalReport('reference', result);
    expect(report).toEqual({
      target: 'reference',
      steps: [
        { id: 't-5-health', passed: true, seconds: 0, detail: 'ok' },
        { id: 't-5-legacy-config', passed: true, seconds: 0, detail: 'ok' },
        { id: 't0-smoke', passed: false, seconds: 0, detail: 'failed: login' },
      ],
      stoppedAt: 't0-smoke',
      instruction: steps[2]?.onFailure,
    });
    expect(RehearsalReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  });
});
