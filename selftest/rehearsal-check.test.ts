import { describe, expect, it } from 'vitest';
import { ALL_PASSED_INSTRUCTION, type RehearsalStep } from '../src/rehearsal/steps.ts';
import { rehearsalEvidenceProblems, rehearsalProblems } from './rehearsal-check.ts';

const step = (id: string, onFailure: string): RehearsalStep => ({
  id,
  runbook: `runbook ${id}`,
  run: { kind: 'playwright', projects: ['smoke'] },
  onFailure,
});
const STEPS = [step('a', 'do A'), step('b', 'do B'), step('c', 'do C')];

const line = (passed: boolean, id: string) =>
  `${passed ? 'PASS' : 'FAIL'}  ${id.padEnd(18)}    1.0s  runbook ${id}  (x)`;

describe('rehearsalProblems', () => {
  it('accepts a clean rehearsal that passed every step in order', () => {
    const stdout = [line(true, 'a'), line(true, 'b'), line(true, 'c'), '', 'ALL STEPS PASSED'];
    stdout.push(`Instruccion del runbook: ${ALL_PASSED_INSTRUCTION}`);
    expect(rehearsalProblems({ exitCode: 0, stdout: stdout.join('\n') }, { steps: STEPS })).toEqual([]);
  });

  it('flags a clean rehearsal with a missing step, a failed step or a non-zero exit', () => {
    const stdout = [line(true, 'a'), line(false, 'c'), `Instruccion del runbook: do C`].join('\n');
    expect(rehearsalProblems({ exitCode: 1, stdout }, { steps: STEPS })).toEqual([
      'steps run: expected a,b,c, got a,c',
      'step c: failed',
      `instruction: expected "${ALL_PASSED_INSTRUCTION}"`,
      'no "ALL STEPS PASSED" line',
      'exit code 1, expected 0',
    ]);
  });

  it('accepts a fault rehearsal that stopped at the named step with its instruction', () => {
    const stdout = [line(true, 'a'), line(false, 'b'), 'STOPPED at b', 'Instruccion del runbook: do B'];
    expect(
      rehearsalProblems({ exitCode: 1, stdout: stdout.join('\n') }, { steps: STEPS, stopAt: 'b' }),
    ).toEqual([]);
  });

  it('flags a fault rehearsal that stopped at another step or gave another instruction', () => {
    const stdout = [line(false, 'a'), 'STOPPED at a', 'Instruccion del runbook: do A'].join('\n');
    expect(rehearsalProblems({ exitCode: 1, stdout }, { steps: STEPS, stopAt: 'b' })).toEqual([
      'steps run: expected a,b, got a',
      'step a: failed',
      'instruction: expected "do B"',
      'no "STOPPED at b" line',
    ]);
  });

  it('flags a fault rehearsal that passed everything', () => {
    const stdout = [line(true, 'a'), line(true, 'b'), line(true, 'c'), 'ALL STEPS PASSED'].join('\n');
    const problems = rehearsalProblems({ exitCode: 0, stdout }, { steps: STEPS, stopAt: 'b' });
    expect(problems).toContain('step b: passed');
    expect(problems).toContain('exit code 0, expected 1');
  });

  it('refuses an expectation naming an unknown step', () => {
    expect(rehearsalProblems({ exitCode: 1, stdout: '' }, { steps: STEPS, stopAt: 'z' })).toEqual([
      'no rehearsal step is called z',
    ]);
  });
});

describe('rehearsalEvidenceProblems', () => {
  const pass = (name: string) => ({ name, verdict: 'pass' });

  it('accepts one passing evidence file per step of a clean rehearsal', () => {
    expect(
      rehearsalEvidenceProblems({ steps: STEPS }, [
        pass('a-smoke.json'),
        pass('b-auth.json'),
        pass('c-perf.json'),
      ]),
    ).toEqual([]);
  });

  it('flags a step without evidence and a passed step with a failed gate', () => {
    const files = [
      pass('a-smoke.json'),
      { name: 'a-auth.json', verdict: 'inconclusive' },
      pass('c-perf.json'),
    ];
    expect(rehearsalEvidenceProblems({ steps: STEPS }, files)).toEqual([
      'step a: a-auth.json: inconclusive',
      'step b: no evidence file b-<gate>.json',
    ]);
  });

  it('wants a fail from the step that stopped the rehearsal and nothing from the steps after it', () => {
    expect(
      rehearsalEvidenceProblems({ steps: STEPS, stopAt: 'b' }, [
        pass('a-smoke.json'),
        { name: 'b-x.json', verdict: 'fail' },
      ]),
    ).toEqual([]);
    expect(
      rehearsalEvidenceProblems({ steps: STEPS, stopAt: 'b' }, [
        pass('a-smoke.json'),
        pass('b-x.json'),
        pass('c-perf.json'),
      ]),
    ).toEqual(['step b: no failed gate in b-x.json: pass', 'evidence of steps after the stop: c']);
  });
});
