import { describe, expect, it } from 'vitest';
import { classifyFailure, type StepLike } from './failure-kind.ts';

const step = (category: string, steps: StepLike[] = [], error?: string): StepLike => ({
  category,
  steps,
  ...(error ? { error: { message: error } } : {}),
});
const failed = (message: string, steps: StepLike[], stack?: string) => ({
  status: 'failed',
  errors: [{ message, ...(stack ? { stack } : {}) }],
  steps,
});

describe('why a test failed', () => {
  it('an expect that failed in the test body is an assertion', () => {
    const steps = [step('hook', [step('fixture')]), step('test.step', [step('expect', [], 'expected 200')])];
    expect(classifyFailure(failed('Error: expected 200', steps))).toEqual({
      kind: 'assertion',
      message: 'Error: expected 200',
      detail: 'Error: expected 200',
    });
  });

  it('keeps the first line as the message and the whole text, without colour codes, as the detail', () => {
    const steps = [step('test.step', [step('expect', [], 'parity')])];
    const text =
      '\u001b[31mError: mora parity run 1 of 2\u001b[39m\n- 16 drift(s); first: moroso_transition_count';
    expect(classifyFailure(failed(text, steps))).toEqual({
      kind: 'assertion',
      message: 'Error: mora parity run 1 of 2',
      detail: 'Error: mora parity run 1 of 2\n- 16 drift(s); first: moroso_transition_count',
    });
  });

  it("a ContractError or ExportFormatError thrown by the suite's checks is a contract failure", () => {
    const steps = [step('test.step', [], 'GET /health -> HTTP 500')];
    expect(classifyFailure(failed('GET /health', steps, 'ContractError: GET /health\n    at x')).kind).toBe(
      'contract',
    );
    expect(classifyFailure(failed('not a PDF', [], 'ExportFormatError: not a PDF')).kind).toBe('contract');
  });

  it('an error inside a fixture or hook is a set-up failure, even an expect there', () => {
    const inFixture = [step('hook', [step('fixture', [step('expect', [], 'login')], 'login')], 'login')];
    expect(classifyFailure(failed('login', inFixture)).kind).toBe('setup');
    const inHook = [step('hook', [], 'beforeAll')];
    expect(classifyFailure(failed('ContractError: x', inHook, 'ContractError: x')).kind).toBe('setup');
  });

  it('a timeout, an interrupted test or a refused connection measured nothing', () => {
    expect(
      classifyFailure({ status: 'timedOut', errors: [{ message: 'Test timeout' }], steps: [] }).kind,
    ).toBe('timeout');
    expect(classifyFailure({ status: 'interrupted', errors: [], steps: [] }).kind).toBe('timeout');
    const refused = [step('test.step', [], 'fetch failed')];
    expect(
      classifyFailure(
        failed('TypeError: fetch failed', refused, 'TypeError: fetch failed\ncause: ECONNREFUSED'),
      ).kind,
    ).toBe('connection');
  });

  it('any other exception is an error, not a check', () => {
    expect(
      classifyFailure(failed("TypeError: Cannot read 'rows'", [], "TypeError: Cannot read 'rows'")).kind,
    ).toBe('error');
  });
});
