import { describe, expect, it } from 'vitest';
import { ALL_PASSED_INSTRUCTION, type RehearsalReport, type RehearsalStep } from '../src/rehearsal/steps.ts';
import { rehearsalEvidenceProblems, rehearsalProblems } from './rehearsal-check.ts';

const step = (id: string, onFailure: string): RehearsalStep => ({
  id,
  runbook: `runbook ${id}`,
  run: { kind: 'playwright', projects: ['smoke'] },
  onFailure,
});
const STEPS = [step('a', 'do A'), step('b', 'do B'), step('c', 'do C')];

function report(steps: [string, boolean][], stoppedAt: string | null, instruction: string): RehearsalReport {
  return {
    target: 'reference',
    steps: steps.map(([id, passed]) => ({ id, passed, seconds: 1, detail: passed ? 'ok' : 'failed: x' })),
    stoppedAt,
    instruction,
  };
}

describe('rehearsalProblems', () => {
  it('accepts a clean rehearsal that passed every step in order', () => {
    const clean = report(
      [
        ['a', true],
        ['b', true],
        ['c', true],
      ],
      null,
      ALL_PASSED_INSTRUCTION,
    );
    expect(rehearsalProblems(0, clean, { steps: STEPS })).toEqual([]);
  });

  it('flags a clean rehearsal with a missing step, a failed step, a stop or a non-zero exit', () => {
    const broken = report(
      [
        ['a', true],
        ['c', false],
      ],
      'c',
      'do C',
    );
    expect(rehearsalProblems(1, broken, { steps: STEPS })).toEqual([
      'steps run: expected a,b,c, got a,c',
      'step c: failed (failed: x)',
      'stopped at c, expected null',
      `instruction: expected "${ALL_PASSED_INSTRUCTION}"`,
      'exit code 1, expected 0',
    ]);
  });

  it('accepts a fault rehearsal that stopped at the named step with its instruction', () => {
    const stopped = report(
      [
        ['a', true],
        ['b', false],
      ],
      'b',
      'do B',
    );
    expect(rehearsalProblems(1, stopped, { steps: STEPS, stopAt: 'b' })).toEqual([]);
  });

  it('flags a fault rehearsal that stopped at another step with another instruction', () => {
    const early = report([['a', false]], 'a', 'do A');
    expect(rehearsalProblems(1, early, { steps: STEPS, stopAt: 'b' })).toEqual([
      'steps run: expected a,b, got a',
      'step a: failed (failed: x)',
      'stopped at a, expected b',
      'instruction: expected "do B"',
    ]);
  });

  it('flags a fault rehearsal that passed everything', () => {
    const green = report(
      [
        ['a', true],
        ['b', true],
        ['c', true],
      ],
      null,
      ALL_PASSED_INSTRUCTION,
    );
    const problems = rehearsalProblems(0, green, { steps: STEPS, stopAt: 'b' });
    expect(problems).toContain('step b: passed');
    expect(problems).toContain('exit code 0, expected 1');
  });

  it('refuses an expectation naming an unknown step', () => {
    expect(rehearsalProblems(1, report([], null, ''), { steps: STEPS, stopAt: 'z' })).toEqual([
      'no rehearsal step is called z',
    ]);
  });
});

describe('rehearsalEvidenceProblems', () => {
  const pass = (gate: string) => ({ gate, verdict: 'pass' as const });

  it('accepts passing evidence from every step of a clean rehearsal', () => {
    expect(
      rehearsalEvidenceProblems({ steps: STEPS }, [pass('a-smoke'), pass('b-auth'), pass('c-perf')]),
    ).toEqual([]);
  });

  it('flags a step without evidence and a passed step with a gate that did not pass', () => {
    const records = [pass('a-smoke'), { gate: 'a-auth', verdict: 'inconclusive' as const }, pass('c-perf')];
    expect(rehearsalEvidenceProblems({ steps: STEPS }, records)).toEqual([
      'step a: a-auth: inconclusive',
      'step b: no evidence record b-<gate>',
    ]);
  });

  it('wants a fail from the step that stopped the rehearsal and nothing from the steps after it', () => {
    expect(
      rehearsalEvidenceProblems({ steps: STEPS, stopAt: 'b' }, [
        pass('a-smoke'),
        { gate: 'b-x', verdict: 'fail' },
      ]),
    ).toEqual([]);
    expect(
      rehearsalEvidenceProblems({ steps: STEPS, stopAt: 'b' }, [
        pass('a-smoke'),
        pass('b-x'),
        pass('c-perf'),
      ]),
    ).toEqual(['step b: no failed gate in b-x: pass', 'evidence of steps after the stop: c']);
  });
});
