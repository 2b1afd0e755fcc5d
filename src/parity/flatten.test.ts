import { describe, expect, it } from 'vitest';
import { flatten } from './flatten.ts';

const values = (payload: unknown, options?: Parameters<typeof flatten>[1]) =>
  Object.fromEntries([...flatten(payload, options).leaves].map(([path, leaf]) => [path, leaf.value]));

describe('flatten', () => {
  it('names every scalar leaf by path, keeping types', () => {
    expect(
      values({
        total: 2204,
        ok: true,
        none: null,
        meta: { cutoff: '03/2026' },
        byGestion: { '01/2026': { total: 5 } },
        list: [1, 'two'],
      }),
    ).toEqual({
      total: 2204,
      ok: true,
      none: null,
      'meta.cutoff': '03/2026',
      'byGestion["01/2026"].total': 5,
      'list[0]': 1,
      'list[1]': 'two',
    });
  });

  it('gives keys containing dots their own segment (legacy tramo "5.0" is not tramo 5, key 0)', () => {
    expect(values({ tramoStats: { '5': { d: 1 }, '5.0': { d: 2 } } })).toEqual({
      'tramoStats["5"].d': 1,
      'tramoStats["5.0"].d': 2,
    });
  });

  it('produces no leaf for empty containers and undefined values, a root leaf for a scalar payload', () => {
    expect(values({ a: {}, b: [], c: undefined })).toEqual({});
    expect(values(42)).toEqual({ '': 42 });
  });

  it('drops excluded nodes with their subtree and lists them', () => {
    const result = flatten(
      { total: 1, meta: { signature: 'abc', filters: { un: ['X'] }, cutoff: '03/2026' } },
      { exclude: ['meta.signature', 'meta.filters'] },
    );
    expect([...result.leaves.keys()]).toEqual(['total', 'meta.cutoff']);
    expect(result.excluded).toEqual(['meta.signature', 'meta.filters']);
  });

  it('keys rows by identity so a missing row does not shift the others, and omits the key fields', () => {
    const rows = {
      rows: [
        { month: '04/2023', supervisor: 'A', un: 'X', via: 'DEBITO', count: 1 },
        { month: '04/2023', supervisor: 'B', un: 'X', via: 'DEBITO', count: 2 },
      ],
    };
    expect(
      values(rows, { arrayKeys: [{ array: 'rows', fields: ['month', 'supervisor', 'un', 'via'] }] }),
    ).toEqual({
      'rows[month="04/2023",supervisor="A",un="X",via="DEBITO"].count': 1,
      'rows[month="04/2023",supervisor="B",un="X",via="DEBITO"].count': 2,
    });
  });

  it('numbers repeated identities and treats a missing key field as null', () => {
    const rows = { rows: [{ k: 'a', n: 1 }, { k: 'a', n: 2 }, { n: 3 }] };
    expect(values(rows, { arrayKeys: [{ array: 'rows', fields: ['k'] }] })).toEqual({
      'rows[k="a"].n': 1,
      'rows[k="a",#2].n': 2,
      'rows[k=null].n': 3,
    });
  });

  it('falls back to positions when the keyed array holds non-objects', () => {
    expect(values({ rows: [1, 2] }, { arrayKeys: [{ array: 'rows', fields: ['k'] }] })).toEqual({
      'rows[0]': 1,
      'rows[1]': 2,
    });
  });

  it('keys parallel arrays by their label array; arrays of another length stay positional', () => {
    const mora = {
      labels: ['04/2025', '05/2025'],
      moroso_transition_count: [0, 3],
      other: [9],
    };
    expect(values(mora, { labelArrays: ['labels'] })).toEqual({
      'labels[labels="04/2025"]': '04/2025',
      'labels[labels="05/2025"]': '05/2025',
      'moroso_transition_count[labels="04/2025"]': 0,
      'moroso_transition_count[labels="05/2025"]': 3,
      'other[0]': 9,
    });
  });

  it('returns leaves in document order', () => {
    expect([...flatten({ b: 1, a: [{ c: 2 }] }).leaves.keys()]).toEqual(['b', 'a[0].c']);
  });
});
