import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  activeDeviations,
  type Deviation,
  DeviationRegistryError,
  findDeviation,
  isoDay,
  loadDeviations,
  parseDeviations,
} from './deviations.ts';
import { parsePath } from './path.ts';

describe('parseDeviations', () => {
  it('accepts an empty registry and complete entries', () => {
    expect(parseDeviations([])).toEqual([]);
    const entry = { path: 'rows[*].commission', endpoint: 'brokers', reason: 'agreed', until: '2026-06-30' };
    const regex = { path: '/^meta\\./', reason: 'x', until: '2026-06-30' };
    expect(parseDeviations([entry, regex])).toEqual([entry, regex]);
  });

  it('refuses an entry without an expiry and a pattern matching any path (a whole endpoint)', () => {
    const until = '2026-06-30';
    const refused = [
      { path: 'totalDebt', reason: 'forever' },
      { path: '**', endpoint: 'brokers', reason: 'everything', until },
      { path: '*', reason: 'every top-level field', until },
      { path: '/.*/', reason: 'every path', until },
      { path: '**.*', reason: 'every leaf', until },
    ];
    for (const entry of refused)
      expect(() => parseDeviations([entry]), entry.path).toThrow(DeviationRegistryError);
    expect(() => parseDeviations([refused[0]])).toThrow(/\[0\]\.until/);
    expect(() => parseDeviations([refused[1]])).toThrow(/matches any path/);
    expect(parseDeviations([{ path: 'rows[*].commission', reason: 'named field', until }])).toHaveLength(1);
  });

  it('rejects a missing or blank reason, a bad date, a bad pattern and unknown fields, naming each', () => {
    const bad = [
      { path: 'a', reason: '   ' },
      { path: 'a', reason: 'r', until: '30/06/2026' },
      { path: 'a', reason: 'r', until: '2026-02-30' },
      { path: 'a..b', reason: 'r' },
      { path: 'a', reason: 'r', untill: '2026-01-01' },
      { reason: 'r' },
    ];
    let message = '';
    try {
      parseDeviations(bad, 'fixtures/deviations.json');
    } catch (error) {
      expect(error).toBeInstanceOf(DeviationRegistryError);
      message = (error as Error).message;
    }
    expect(message).toContain('invalid deviation registry fixtures/deviations.json');
    expect(message).toContain('[0].reason: a reason is required');
    expect(message).toContain('[1].until: expected YYYY-MM-DD');
    expect(message).toContain('[2].until: not a calendar date');
    expect(message).toContain('[3].path: not a valid path pattern');
    expect(message).toMatch(/\[4\].*untill/);
    expect(message).toContain('[5].path');
  });

  it('rejects a registry that is not an array', () => {
    expect(() => parseDeviations({ path: 'a', reason: 'r' })).toThrow(DeviationRegistryError);
  });
});

describe('loadDeviations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deviations-'));

  it('loads the shipped registry, which is empty', async () => {
    const shipped = new URL('../../fixtures/deviations.json', import.meta.url);
    expect(JSON.parse(readFileSync(shipped, 'utf8'))).toEqual([]);
    expect(await loadDeviations(shipped.pathname)).toEqual([]);
  });

  it('fails clearly on a missing file and on invalid JSON', async () => {
    await expect(loadDeviations(join(dir, 'absent.json'))).rejects.toThrow(
      /cannot read the deviation registry .*\[\]/,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{');
    await expect(loadDeviations(broken)).rejects.toThrow(/is not JSON/);
  });
});

describe('activeDeviations', () => {
  const open: Deviation = { path: 'a', reason: 'a later expiry', until: '2026-12-31' };
  const lastDay: Deviation = { path: 'b', reason: 'until today', until: '2026-04-01' };
  const past: Deviation = { path: 'c', endpoint: 'mora', reason: 'old', until: '2026-03-31' };

  it('keeps entries through their until day and returns expired ones as errors with the dates', () => {
    const { active, expired } = activeDeviations([open, lastDay, past], '2026-04-01');
    expect(active).toEqual([open, lastDay]);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ deviation: past, until: '2026-03-31', today: '2026-04-01' });
    expect(expired[0]?.message).toBe(
      'deviation for "c" (endpoint mora) expired on 2026-03-31 (today 2026-04-01; reason was: old); ' +
        'renew or remove it in the registry',
    );
  });

  it('judges a Date by its UTC day', () => {
    expect(isoDay(new Date('2026-04-01T23:30:00Z'))).toBe('2026-04-01');
    expect(activeDeviations([lastDay], new Date('2026-04-02T00:00:01Z')).expired).toHaveLength(1);
    expect(() => isoDay('2026-4-1')).toThrow(RangeError);
  });
});

describe('findDeviation', () => {
  const list: Deviation[] = [
    { path: 'x', endpoint: 'brokers', reason: 'brokers only', until: '2026-12-31' },
    { path: 'rows[via="DEBITO"].**', reason: 'debit rows', until: '2026-12-31' },
  ];

  it('returns the first entry applying to the endpoint and matching any of the paths', () => {
    expect(findDeviation(list, 'brokers', [parsePath('x')])?.reason).toBe('brokers only');
    expect(findDeviation(list, 'mora', [parsePath('x')])).toBeUndefined();
    expect(
      findDeviation(list, undefined, [parsePath('y'), parsePath('rows[via="DEBITO",un="X"].count')])?.reason,
    ).toBe('debit rows');
    expect(findDeviation(list, 'mora', [parsePath('rows[via="COBRADOR"].count')])).toBeUndefined();
  });
});
