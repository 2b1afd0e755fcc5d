import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BrokersConfigSet,
  compareMigratedConfig,
  digestOf,
  LegacyConfigFileError,
  parseLegacyConfigText,
  readLegacyConfigDir,
} from './migration.ts';

const SHA256_OF_EMPTY_LIST = '4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945';

const commission = (factor: number) => ({
  supervisors: ['MARIA'],
  uns: ['ODONTOLOGIA'],
  vias: ['COBRADOR'],
  months: [],
  factor,
});
const prize = (meta: number) => ({
  supervisors: ['__ALL__'],
  uns: ['__ALL__'],
  months: [],
  meta,
  scales: [{ minPct: 100, prize: 1 }],
});

const v1: BrokersConfigSet = {
  supervisors: ['JUAN', 'MARIA'],
  commissions: [commission(1.5), commission(2)],
  prizes: [prize(2), prize(4), prize(6)],
};

describe('compareMigratedConfig', () => {
  it('finds no difference when supervisors differ only by the contract normalization and keys by order', () => {
    const legacy: BrokersConfigSet = {
      supervisors: ['maria ', 'MARIA', 'juan'],
      commissions: [
        { factor: 1.5, months: [], vias: ['COBRADOR'], uns: ['ODONTOLOGIA'], supervisors: ['MARIA'] },
        commission(2),
      ],
      prizes: [prize(2), prize(4), prize(6)],
    };
    const result = compareMigratedConfig(v1, legacy);
    expect(result.same).toBe(true);
    expect(result.configs.map((c) => [c.config, c.same, c.v1.count, c.legacy.count])).toEqual([
      ['supervisors', true, 2, 2],
      ['commissions', true, 2, 2],
      ['prizes', true, 3, 3],
    ]);
  });

  it('reports a prize rule lost in the migration: counts, hashes and the first missing rule', () => {
    const result = compareMigratedConfig({ ...v1, prizes: [prize(2), prize(4)] }, v1);
    expect(result.same).toBe(false);
    const prizes = result.configs.find((c) => c.config === 'prizes');
    expect(prizes?.same).toBe(false);
    expect(prizes?.v1.count).toBe(2);
    expect(prizes?.legacy.count).toBe(3);
    expect(prizes?.v1.sha256).not.toBe(prizes?.legacy.sha256);
    expect(prizes?.firstDifference).toEqual({ index: 2, v1: null, legacy: prize(6) });
    expect(result.configs.filter((c) => !c.same).map((c) => c.config)).toEqual(['prizes']);
  });

  it('treats reordered rules as a difference (the first matching rule wins)', () => {
    const result = compareMigratedConfig({ ...v1, commissions: [commission(2), commission(1.5)] }, v1);
    const commissions = result.configs.find((c) => c.config === 'commissions');
    expect(commissions?.same).toBe(false);
    expect(commissions?.v1.count).toBe(2);
    expect(commissions?.firstDifference).toEqual({ index: 0, v1: commission(2), legacy: commission(1.5) });
  });

  it('treats a changed field as a difference', () => {
    const result = compareMigratedConfig({ ...v1, commissions: [commission(1.5), commission(2.01)] }, v1);
    expect(result.configs.find((c) => c.config === 'commissions')?.firstDifference?.index).toBe(1);
  });

  it('names the supervisors only one side has', () => {
    const result = compareMigratedConfig(v1, { ...v1, supervisors: ['maria', 'carlos'] });
    const supervisors = result.configs.find((c) => c.config === 'supervisors');
    expect(supervisors?.same).toBe(false);
    expect(supervisors?.onlyInV1).toEqual(['JUAN']);
    expect(supervisors?.onlyInLegacy).toEqual(['CARLOS']);
  });

  it('digests an empty list as count 0 and sha256("[]")', () => {
    expect(digestOf([])).toEqual({ count: 0, sha256: SHA256_OF_EMPTY_LIST });
  });
});

describe('parseLegacyConfigText', () => {
  it('reads the bare-list form', () => {
    expect(parseLegacyConfigText('supervisors', '["A", "b "]')).toEqual({ list: ['A', 'b '], form: 'list' });
    expect(parseLegacyConfigText('prizes', JSON.stringify([prize(2)]))).toEqual({
      list: [prize(2)],
      form: 'list',
    });
  });

  it('reads the object form with its key, and a UTF-8 BOM', () => {
    expect(
      parseLegacyConfigText('commissions', `\uFEFF${JSON.stringify({ rules: [commission(1)] })}`),
    ).toEqual({ list: [commission(1)], form: 'object' });
    expect(parseLegacyConfigText('supervisors', '{"supervisors": ["X"]}')).toEqual({
      list: ['X'],
      form: 'object',
    });
  });

  it('refuses bad JSON, the wrong key and items of the wrong type, naming the file', () => {
    expect(() => parseLegacyConfigText('prizes', '{"rules": [')).toThrow(
      /prizes_rules\.json: not valid JSON/,
    );
    expect(() => parseLegacyConfigText('commissions', '{"supervisors": []}')).toThrow(
      /commissions_rules\.json: expected a JSON list or \{"rules": \[\.\.\.\]\}/,
    );
    expect(() => parseLegacyConfigText('supervisors', '["A", 3]')).toThrow(/item 1 is 3, expected a string/);
    expect(() => parseLegacyConfigText('commissions', '[[1]]')).toThrow(LegacyConfigFileError);
  });
});

describe('readLegacyConfigDir', () => {
  const made: string[] = [];
  const folder = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'legacy-config-'));
    made.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the three files, each in either form', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'brokers_supervisors.json'), '["maria", "JUAN"]');
    writeFileSync(path.join(dir, 'commissions_rules.json'), JSON.stringify({ rules: [commission(2)] }));
    writeFileSync(path.join(dir, 'prizes_rules.json'), JSON.stringify([prize(2), prize(4)]));
    const read = readLegacyConfigDir(dir);
    expect(read.dir).toBe(dir);
    expect(read.forms).toEqual({ supervisors: 'list', commissions: 'object', prizes: 'list' });
    expect(read.config).toEqual({
      supervisors: ['maria', 'JUAN'],
      commissions: [commission(2)],
      prizes: [prize(2), prize(4)],
    });
  });

  it('falls back to data/ in a legacy working directory', () => {
    const dir = folder();
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'brokers_supervisors.json'), '{"supervisors": []}');
    writeFileSync(path.join(dir, 'data', 'commissions_rules.json'), '[]');
    writeFileSync(path.join(dir, 'data', 'prizes_rules.json'), '{"rules": []}');
    const read = readLegacyConfigDir(dir);
    expect(read.dir).toBe(path.join(dir, 'data'));
    expect(read.config).toEqual({ supervisors: [], commissions: [], prizes: [] });
  });

  it('refuses a folder missing a file or that does not exist', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'brokers_supervisors.json'), '[]');
    writeFileSync(path.join(dir, 'commissions_rules.json'), '[]');
    expect(() => readLegacyConfigDir(dir)).toThrow(/prizes_rules\.json: missing/);
    expect(() => readLegacyConfigDir(path.join(dir, 'nope'))).toThrow(/not a folder/);
  });

  it('reads the golden dataset folder shipped with the suite (object form, under data/)', () => {
    const read = readLegacyConfigDir(path.join('fixtures', 'datasets', 'golden'));
    expect(read.forms).toEqual({ supervisors: 'object', commissions: 'object', prizes: 'object' });
    expect(read.config.supervisors).toHaveLength(5);
    expect(read.config.commissions).toHaveLength(4);
    expect(read.config.prizes).toHaveLength(3);
  });
});
