import { describe, expect, it } from 'vitest';
import { restorePart } from './restore.ts';

/** A fake stored value; `mangle` models a server that stores something other than what it is sent. */
function store(initial: unknown, mangle: (value: unknown) => unknown = (value) => value) {
  const calls: string[] = [];
  let value = initial;
  return {
    calls,
    read: async () => {
      calls.push('read');
      return value;
    },
    write: async (next: unknown) => {
      calls.push('write');
      value = mangle(next);
    },
  };
}

describe('restorePart', () => {
  it('writes nothing when the part already equals the snapshot (key order aside)', async () => {
    const fake = store({ rules: [{ b: 1, a: 2 }] });
    expect(await restorePart('rules', { rules: [{ a: 2, b: 1 }] }, fake.read, fake.write)).toBeUndefined();
    expect(fake.calls).toEqual(['read']);
  });

  it('writes the snapshot back and confirms it by reading again', async () => {
    const fake = store({ rules: ['changed'] });
    expect(await restorePart('rules', { rules: ['original'] }, fake.read, fake.write)).toBeUndefined();
    expect(fake.calls).toEqual(['read', 'write', 'read']);
  });

  it('reports a restore that did not take, with what the server holds', async () => {
    const fake = store({ rules: ['changed'] }, (value) => ({
      rules: [...(value as { rules: string[] }).rules].reverse(),
    }));
    const problem = await restorePart('commission rules', { rules: ['a', 'b'] }, fake.read, fake.write);
    expect(problem).toBe(
      'commission rules: after the restore the server holds {"rules":["b","a"]}, expected {"rules":["a","b"]}',
    );
  });

  it('reports a failed read or write instead of throwing', async () => {
    const failing = async (): Promise<unknown> => {
      throw new Error('POST /brokers/prizes -> HTTP 429\nmore detail');
    };
    const fake = store({ rules: ['changed'] });
    expect(await restorePart('prize rules', { rules: [] }, fake.read, failing)).toBe(
      'prize rules: POST /brokers/prizes -> HTTP 429',
    );
    expect(await restorePart('prize rules', { rules: [] }, failing, fake.write)).toBe(
      'prize rules: POST /brokers/prizes -> HTTP 429',
    );
  });
});
