import { describe, expect, it } from 'vitest';
import { nearestRank, percentile, summarize } from './percentiles.ts';

/** 1..n in a scrambled but deterministic order (multiplying by a unit mod a prime). */
function scrambled(n: number): number[] {
  const prime = 211;
  const values: number[] = [];
  for (let i = 1; i < prime; i++) {
    const value = (i * 37) % prime;
    if (value >= 1 && value <= n) values.push(value);
  }
  return values;
}

describe('nearestRank', () => {
  it('is ceil(p/100 * n), 1-based', () => {
    expect(nearestRank(95, 20)).toBe(19);
    expect(nearestRank(95, 200)).toBe(190);
    expect(nearestRank(99, 200)).toBe(198);
    expect(nearestRank(50, 1)).toBe(1);
    expect(nearestRank(95, 9)).toBe(9); // the customer's 9 samples: "p95" was the maximum
    expect(nearestRank(100, 7)).toBe(7);
    expect(nearestRank(0.1, 5)).toBe(1);
  });

  it('rejects percentiles outside (0, 100]', () => {
    expect(() => nearestRank(0, 10)).toThrow(RangeError);
    expect(() => nearestRank(100.5, 10)).toThrow(RangeError);
    expect(() => nearestRank(Number.NaN, 10)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('one sample is every percentile', () => {
    expect(summarize([42])).toEqual({ count: 1, min: 42, p50: 42, p95: 42, p99: 42, max: 42, mean: 42 });
  });

  it('n=20 (1..20): p50 is the 10th, p95 the 19th, p99 the 20th value', () => {
    expect(summarize(scrambled(20))).toEqual({
      count: 20,
      min: 1,
      p50: 10,
      p95: 19,
      p99: 20,
      max: 20,
      mean: 10.5,
    });
  });

  it('n=100 (1..100): p50=50, p95=95, p99=99', () => {
    const values = scrambled(100);
    expect(values).toHaveLength(100);
    expect(summarize(values)).toEqual({
      count: 100,
      min: 1,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
      mean: 50.5,
    });
  });

  it('n=200 with a 5% tail: the tail reaches p99 but not p95', () => {
    const samples = [...Array<number>(190).fill(100), ...Array<number>(10).fill(2000)];
    const summary = summarize(samples);
    expect(summary.p95).toBe(100);
    expect(summary.p99).toBe(2000);
    expect(summary.mean).toBe((190 * 100 + 10 * 2000) / 200);
  });

  it('n=200 with an 11-sample tail (5.5%): rank 190 falls in the tail', () => {
    const samples = [...Array<number>(189).fill(100), ...Array<number>(11).fill(2000)];
    expect(summarize(samples).p95).toBe(2000);
  });

  it('n=200 with a 10% tail of 1500 ms + base: p95 is the 10th slowest-group value', () => {
    const fast = Array.from({ length: 180 }, (_, i) => i + 1); // 1..180
    const slow = Array.from({ length: 20 }, (_, i) => 1501 + i); // 1501..1520
    const summary = summarize([...slow, ...fast]);
    expect(summary.p50).toBe(100);
    expect(summary.p95).toBe(1510);
    expect(summary.p99).toBe(1518);
    expect(summary.max).toBe(1520);
  });

  it('keeps fractional milliseconds and leaves the caller array unsorted', () => {
    const samples = [3.25, 1.5, 2.75];
    const summary = summarize(samples);
    expect(summary.p50).toBe(2.75);
    expect(summary.min).toBe(1.5);
    expect(samples).toEqual([3.25, 1.5, 2.75]);
  });

  it('rejects NaN, infinities and an empty set', () => {
    expect(() => summarize([1, Number.NaN, 3])).toThrow(/sample 1 is not a finite number/);
    expect(() => summarize([Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => percentile([], 95)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
  });
});
