import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson, sameContent } from './canonical.ts';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });

  it('writes scalars as JSON and leaves undefined members out', () => {
    expect(canonicalJson({ x: undefined, y: null, z: 'Ñ', n: 1.5, t: true })).toBe(
      '{"n":1.5,"t":true,"y":null,"z":"Ñ"}',
    );
    expect(canonicalJson([undefined])).toBe('[null]');
  });
});

describe('canonicalHash', () => {
  // Expected digests computed with Python's hashlib over the same text.
  it('is sha256 of the canonical text', () => {
    expect(canonicalHash([])).toBe('4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945');
    expect(canonicalHash({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(
      'aa0fff90b247460fff3592ff491ac879c69b05ee5efa14393d3154bd9199273f',
    );
  });

  it('ignores key order, not array order', () => {
    expect(canonicalHash({ a: 1, b: 2 })).toBe(canonicalHash({ b: 2, a: 1 }));
    expect(canonicalHash([1, 2])).not.toBe(canonicalHash([2, 1]));
    expect(sameContent({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(sameContent({ a: 1 }, { a: 1, b: 0 })).toBe(false);
  });
});
