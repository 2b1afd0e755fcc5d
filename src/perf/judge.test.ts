import { describe, expect, it } from 'vitest';
import { budgetFor, combineVerdicts, exitCodeFor, judgeEndpoint } from './judge.ts';

const fill = (count: number, ms: number) => Array<number>(count).fill(ms);
const BASE = { non2xx: 0, errors: 0, budgetMs: 1200, minSamples: 200 };

describe('judgeEndpoint', () => {
  it('passes a p95 within budget even with a 5% tail (nearest rank 190 of 200)', () => {
    const judgement = judgeEndpoint({ ...BASE, samples: [...fill(190, 100), ...fill(10, 2000)] });
    expect(judgement.verdict).toBe('pass');
    expect(judgement.summary?.p95).toBe(100);
    expect(judgement.summary?.p99).toBe(2000);
    expect(judgement.reasons).toEqual(['p95 100 ms <= budget 1200 ms over 200 samples']);
  });

  it('fails a p95 over budget (an 11-sample tail reaches rank 190)', () => {
    const judgement = judgeEndpoint({ ...BASE, samples: [...fill(189, 100), ...fill(11, 1500)] });
    expect(judgement.verdict).toBe('fail');
    expect(judgement.reasons).toEqual(['p95 1500 ms > budget 1200 ms']);
  });

  it('fails on non-2xx responses, with the error rate', () => {
    const judgement = judgeEndpoint({ ...BASE, samples: fill(200, 100), non2xx: 3 });
    expect(judgement.verdict).toBe('fail');
    expect(judgement.errorRatePct).toBe(1.5); // 3 / 203
    expect(judgement.reasons[0]).toBe(
      '3 non-2xx, 0 errors/timeouts and 0 degraded 2xx in 203 requests (1.5% > 0% allowed)',
    );
  });

  it('fails on timeouts; tolerates failures within PERF_MAX_ERROR_RATE_PCT', () => {
    expect(judgeEndpoint({ ...BASE, samples: fill(200, 100), errors: 1 }).verdict).toBe('fail');
    expect(judgeEndpoint({ ...BASE, samples: fill(200, 100), non2xx: 3, maxErrorRatePct: 2 }).verdict).toBe(
      'pass',
    );
  });

  it('is inconclusive below the minimum sample count', () => {
    const judgement = judgeEndpoint({ ...BASE, samples: fill(150, 100) });
    expect(judgement.verdict).toBe('inconclusive');
    expect(judgement.reasons).toEqual(['only 150 samples, at least 200 needed for a meaningful p95']);
    expect(judgement.summary?.count).toBe(150);
  });

  it('counts requests cut off in flight apart from the answered samples', () => {
    const judgement = judgeEndpoint({ ...BASE, samples: fill(116, 100), inFlightAgesMs: fill(4, 300) });
    expect(judgement.reasons).toEqual([
      'only 116 samples (+4 cut off in flight), at least 200 needed for a meaningful p95',
    ]);
  });

  it('fails below the minimum when the breach is already certain, else stays inconclusive', () => {
    // 11 slow of a padded 200: ranks 190..200 are all slow.
    const certain = judgeEndpoint({ ...BASE, samples: [...fill(89, 100), ...fill(11, 1500)] });
    expect(certain.verdict).toBe('fail');
    expect(certain.reasons[0]).toContain('even if the rest were instant it would be 1500 ms > 1200 ms');
    const open = judgeEndpoint({ ...BASE, samples: [...fill(90, 100), ...fill(10, 1500)] });
    expect(open.verdict).toBe('inconclusive');
  });

  it('does not report a p95 when the generator was saturated (>= 80% of its ceiling)', () => {
    const samples = fill(200, 2);
    const saturated = judgeEndpoint({ ...BASE, samples, achievedRps: 12_000, generatorCeilingRps: 15_000 });
    expect(saturated.verdict).toBe('inconclusive');
    expect(saturated.saturated).toBe(true);
    expect(saturated.reasons[0]).toMatch(
      /^generator saturated: 12000 req\/s >= 80% of the generator ceiling 15000/,
    );
    const below = judgeEndpoint({ ...BASE, samples, achievedRps: 11_999, generatorCeilingRps: 15_000 });
    expect(below.verdict).toBe('pass');
    const slowAndSaturated = judgeEndpoint({
      ...BASE,
      samples: fill(200, 1500),
      achievedRps: 13_000,
      generatorCeilingRps: 15_000,
    });
    expect(slowAndSaturated.verdict).toBe('inconclusive');
    const erroring = judgeEndpoint({
      ...BASE,
      samples,
      non2xx: 1,
      achievedRps: 13_000,
      generatorCeilingRps: 15_000,
    });
    expect(erroring.verdict).toBe('fail');
  });

  it('a rate-limited endpoint is inconclusive, not a latency pass or an error fail', () => {
    const judgement = judgeEndpoint({ ...BASE, samples: fill(9, 80), non2xx: 1, rateLimited: 1 });
    expect(judgement.verdict).toBe('inconclusive');
    expect(judgement.errorRatePct).toBe(0);
    expect(judgement.reasons).toEqual([
      'rate limited: 1 x 429, the target refused this load so its p95 is unknown',
      'only 9 samples, at least 200 needed for a meaningful p95',
    ]);
  });

  it('bounds the p95 with requests cut off in flight', () => {
    // 20 unanswered of 220: the upper bound's rank 209 falls among them (unbounded).
    const open = judgeEndpoint({ ...BASE, samples: fill(200, 100), inFlightAgesMs: fill(20, 50) });
    expect(open.verdict).toBe('inconclusive');
    expect(open.p95Bounds).toEqual({ lower: 100, upper: null });
    // 5 unanswered of 205: rank 195 is still an answered sample.
    const bounded = judgeEndpoint({ ...BASE, samples: fill(200, 100), inFlightAgesMs: fill(5, 50) });
    expect(bounded.verdict).toBe('pass');
    expect(bounded.p95Bounds).toEqual({ lower: 100, upper: 100 });
    // 20 requests already waiting 1500 ms: the p95 is at least 1500 whatever they answer.
    const slow = judgeEndpoint({ ...BASE, samples: fill(200, 100), inFlightAgesMs: fill(20, 1500) });
    expect(slow.verdict).toBe('fail');
    expect(slow.reasons).toEqual(['p95 1500 ms > budget 1200 ms']);
  });

  it('no successful response at all is a failure with the errors, inconclusive on latency', () => {
    const judgement = judgeEndpoint({ ...BASE, samples: [], non2xx: 200 });
    expect(judgement.verdict).toBe('fail');
    expect(judgement.summary).toBeNull();
  });
});

describe('gate helpers', () => {
  it('combines verdicts: any fail, else any inconclusive, else pass; nothing measured is inconclusive', () => {
    expect(combineVerdicts(['pass', 'inconclusive', 'fail'])).toBe('fail');
    expect(combineVerdicts(['pass', 'inconclusive'])).toBe('inconclusive');
    expect(combineVerdicts(['pass', 'pass'])).toBe('pass');
    expect(combineVerdicts([])).toBe('inconclusive');
  });

  it('maps verdicts to exit codes 0/1/2', () => {
    expect([exitCodeFor('pass'), exitCodeFor('fail'), exitCodeFor('inconclusive')]).toEqual([0, 1, 2]);
  });

  it('takes a per-endpoint budget override before the default', () => {
    expect(budgetFor('mora', 1200, { mora: 800 })).toBe(800);
    expect(budgetFor('portfolio', 1200, { mora: 800 })).toBe(1200);
  });
});
