import { describe, expect, it } from 'vitest';
import { gateVerdict, resultKind } from './gate-verdict.ts';
import { gateSummaryLines } from './run-header.ts';

const ran = (titles: string[]) => ({ checked: titles, failures: [], inconclusive: [], excluded: [] });

describe('gate verdict', () => {
  it('every check ran and passed: pass', () => {
    expect(gateVerdict(ran(['a', 'b']))).toEqual({ verdict: 'pass', reasons: [] });
  });

  it('checks excluded and the rest passed: partial with how many ran, never pass', () => {
    const gate = {
      ...ran(['a', 'b', 'c']),
      excluded: ['b excluded: read-only run', 'c excluded: off loopback'],
    };
    expect(gateVerdict(gate)).toEqual({
      verdict: 'partial',
      reasons: ['partial: 1 of 3 checks ran', 'b excluded: read-only run', 'c excluded: off loopback'],
    });
    expect(gateSummaryLines(new Map([['brokers', gate]]))).toEqual(['brokers: partial: 1 of 3 checks ran']);
  });

  it('a failure wins over exclusions, an inconclusive test or no test run is inconclusive', () => {
    expect(gateVerdict({ ...ran(['a', 'b']), failures: ['a: boom'], excluded: ['b'] }).verdict).toBe('fail');
    expect(gateVerdict({ ...ran(['a', 'b']), inconclusive: ['a: already locked'], excluded: ['b'] })).toEqual(
      {
        verdict: 'inconclusive',
        reasons: ['a: already locked'],
      },
    );
    expect(gateVerdict({ ...ran(['a']), excluded: ['a'] }).verdict).toBe('inconclusive');
  });

  it('the run summary line of a complete gate says how many checks ran', () => {
    expect(gateSummaryLines(new Map([['smoke', ran(['a', 'b'])]]))).toEqual([
      'smoke: pass (2 of 2 checks ran)',
    ]);
  });
});

describe('result kind', () => {
  it('a test that failed on its own inconclusive verdict counts as inconclusive, never a plain failure or pass', () => {
    const inconclusive = [{ type: 'inconclusive', description: 'the account was already locked' }];
    expect(resultKind('failed', inconclusive)).toBe('inconclusive');
    expect(resultKind('passed', inconclusive)).toBe('inconclusive');
    expect(resultKind('failed', [])).toBe('failed');
    expect(resultKind('skipped', [{ type: 'excluded' }])).toBe('excluded');
    expect(resultKind('passed', [])).toBe('passed');
  });
});
