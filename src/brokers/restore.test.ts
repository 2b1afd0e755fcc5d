import { describe, expect, it } from 'vitest';
import type { CommissionRules, PrizeRules, SupervisorsScope } from '../contract/v1.ts';
import {
  assertRestored,
  type BrokersConfigClient,
  type BrokersConfigSnapshot,
  readBrokersConfig,
  restoreBrokersConfig,
  restorePart,
} from './restore.ts';

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

/** An admin client over an in-memory configuration; `dropPrizes` models a store that ignores prize writes. */
function fakeAdmin(initial: BrokersConfigSnapshot, dropPrizes = false) {
  const calls: string[] = [];
  const state = structuredClone(initial);
  const got = <T>(name: string, value: T): T => {
    calls.push(name);
    return structuredClone(value);
  };
  const client: BrokersConfigClient = {
    getScope: async () => got('getScope', state.scope),
    setScope: async (body: SupervisorsScope) => {
      calls.push('setScope');
      state.scope = body;
      return body;
    },
    getCommissions: async () => got('getCommissions', state.commissions),
    setCommissions: async (body: CommissionRules) => {
      calls.push('setCommissions');
      state.commissions = body;
      return body;
    },
    getPrizes: async () => got('getPrizes', state.prizes),
    setPrizes: async (body: PrizeRules) => {
      calls.push('setPrizes');
      if (!dropPrizes) state.prizes = body;
      return body;
    },
  };
  return { client, calls, state };
}

const ORIGINAL: BrokersConfigSnapshot = {
  scope: { supervisors: ['A', 'B'] },
  commissions: { rules: [] },
  prizes: { rules: [] },
};

describe('readBrokersConfig / restoreBrokersConfig', () => {
  it('reads scope, commissions and prizes', async () => {
    const fake = fakeAdmin(ORIGINAL);
    expect(await readBrokersConfig(fake.client)).toEqual(ORIGINAL);
    expect(fake.calls).toEqual(['getScope', 'getCommissions', 'getPrizes']);
  });

  it('writes back only the changed part and confirms it', async () => {
    const fake = fakeAdmin({ ...ORIGINAL, scope: { supervisors: ['CHANGED'] } });
    expect(await restoreBrokersConfig(fake.client, ORIGINAL)).toEqual([]);
    expect(fake.state).toEqual(ORIGINAL);
    expect(fake.calls).toEqual(['getScope', 'setScope', 'getScope', 'getCommissions', 'getPrizes']);
  });

  it('names the part whose restore did not take', async () => {
    const changed = { rules: [{ supervisors: ['X'], uns: [], months: [], meta: 1, scales: [] }] };
    const fake = fakeAdmin({ ...ORIGINAL, prizes: changed }, true);
    expect(await restoreBrokersConfig(fake.client, ORIGINAL)).toEqual([
      `prize rules: after the restore the server holds ${JSON.stringify(changed)}, expected {"rules":[]}`,
    ]);
  });
});

describe('assertRestored', () => {
  it('passes when every part was restored', () => {
    expect(() => assertRestored('brokersState guard', [undefined, undefined])).not.toThrow();
  });

  it('throws naming the guard and every part left changed', () => {
    expect(() =>
      assertRestored('brokersState guard', [undefined, 'prize rules: x', 'preferences of viewer: y']),
    ).toThrow(
      'brokersState guard: the restore did not take, the target is left changed:\n  prize rules: x\n  preferences of viewer: y',
    );
  });
});
