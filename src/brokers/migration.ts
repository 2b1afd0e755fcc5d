// The legacy configuration migration check (the runbook's verify_legacy_config_migration.py): the
// v1 brokers configuration against the legacy one, per config by count and canonical hash.
// Supervisors are compared after the contract's scope normalization (v1 stores them normalized,
// the legacy as typed); rules exactly, in order (the first matching commission rule wins, so order
// is part of the configuration).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { canonicalHash, canonicalJson } from './canonical.ts';
import { normalizeScope } from './normalize.ts';

const CONFIG_NAMES = ['supervisors', 'commissions', 'prizes'] as const;
export type ConfigName = (typeof CONFIG_NAMES)[number];

/** One side of the comparison. Rules stay `unknown` objects: whatever a side holds is hashed as is. */
export interface BrokersConfigSet {
  supervisors: readonly string[];
  commissions: readonly unknown[];
  prizes: readonly unknown[];
}

export interface ConfigDigest {
  count: number;
  sha256: string;
}

export interface ConfigComparison {
  config: ConfigName;
  same: boolean;
  v1: ConfigDigest;
  legacy: ConfigDigest;
  /** Supervisors only: normalized names one side has and the other lacks. */
  onlyInV1?: string[];
  onlyInLegacy?: string[];
  /** Rules only: the first position where the lists differ (null = that side has no rule there). */
  firstDifference?: { index: number; v1: unknown; legacy: unknown };
}

export interface MigrationComparison {
  same: boolean;
  configs: ConfigComparison[];
}

/** The list a config is compared as: supervisors normalized, rules as stored. */
function comparableList(name: ConfigName, set: BrokersConfigSet): readonly unknown[] {
  return name === 'supervisors' ? normalizeScope(set.supervisors) : set[name];
}

export function digestOf(list: readonly unknown[]): ConfigDigest {
  return { count: list.length, sha256: canonicalHash(list) };
}

function compareOne(
  name: ConfigName,
  v1Set: BrokersConfigSet,
  legacySet: BrokersConfigSet,
): ConfigComparison {
  const v1 = comparableList(name, v1Set);
  const legacy = comparableList(name, legacySet);
  const v1Digest = digestOf(v1);
  const legacyDigest = digestOf(legacy);
  const same = v1Digest.sha256 === legacyDigest.sha256 && v1Digest.count === legacyDigest.count;
  const result: ConfigComparison = { config: name, same, v1: v1Digest, legacy: legacyDigest };
  if (same) return result;
  if (name === 'supervisors') {
    const v1Names = new Set(v1.map(String));
    const legacyNames = new Set(legacy.map(String));
    result.onlyInV1 = [...v1Names].filter((item) => !legacyNames.has(item));
    result.onlyInLegacy = [...legacyNames].filter((item) => !v1Names.has(item));
    return result;
  }
  const length = Math.max(v1.length, legacy.length);
  for (let index = 0; index < length; index++) {
    if (canonicalJson(v1[index] ?? null) !== canonicalJson(legacy[index] ?? null)) {
      result.firstDifference = { index, v1: v1[index] ?? null, legacy: legacy[index] ?? null };
      break;
    }
  }
  return result;
}

/** Every config compared; `same` only when all three are. */
export function compareMigratedConfig(v1: BrokersConfigSet, legacy: BrokersConfigSet): MigrationComparison {
  const configs = CONFIG_NAMES.map((name) => compareOne(name, v1, legacy));
  return { same: configs.every((config) => config.same), configs };
}

// ---------------------------------------------------------------- legacy JSON files

/** The legacy dashboard's config files and the key of their object form (`{"rules": [...]}`). */
const LEGACY_CONFIG_FILES = {
  supervisors: { file: 'brokers_supervisors.json', key: 'supervisors' },
  commissions: { file: 'commissions_rules.json', key: 'rules' },
  prizes: { file: 'prizes_rules.json', key: 'rules' },
} as const satisfies Record<ConfigName, { file: string; key: string }>;

export type LegacyFileForm = 'list' | 'object';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A config folder the check cannot use: names the file and what is wrong with it. */
export class LegacyConfigFileError extends Error {
  override name = 'LegacyConfigFileError';
}

/** The list a legacy config file holds: a bare JSON list, or the object form `{"<key>": [...]}`. */
export function parseLegacyConfigText(
  name: ConfigName,
  text: string,
  source: string = LEGACY_CONFIG_FILES[name].file,
): { list: unknown[]; form: LegacyFileForm } {
  const { key } = LEGACY_CONFIG_FILES[name];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new LegacyConfigFileError(
      `${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const member = isRecord(parsed) ? parsed[key] : undefined;
  let list: unknown[];
  let form: LegacyFileForm;
  if (Array.isArray(parsed)) {
    list = parsed;
    form = 'list';
  } else if (Array.isArray(member)) {
    list = member;
    form = 'object';
  } else {
    throw new LegacyConfigFileError(`${source}: expected a JSON list or {"${key}": [...]}`);
  }
  list.forEach((item, index) => {
    const ok = name === 'supervisors' ? typeof item === 'string' : isRecord(item);
    if (!ok) {
      const wanted = name === 'supervisors' ? 'a string' : 'a rule object';
      throw new LegacyConfigFileError(
        `${source}: item ${index} is ${JSON.stringify(item)}, expected ${wanted}`,
      );
    }
  });
  return { list, form };
}

export interface LegacyConfigFolder {
  /** The folder the files were read from (LEGACY_CONFIG_DIR, or its data/ subfolder). */
  dir: string;
  config: BrokersConfigSet;
  forms: Record<ConfigName, LegacyFileForm>;
}

function hasAnyConfigFile(dir: string): boolean {
  return CONFIG_NAMES.some((name) => existsSync(path.join(dir, LEGACY_CONFIG_FILES[name].file)));
}

/**
 * Reads the three legacy config files from `dir`. A legacy working directory (the files under
 * `data/`, as the dashboard keeps them) is accepted too when `dir` itself holds none of them.
 * A missing or unreadable file is an error: a migration check must not compare against nothing.
 */
export function readLegacyConfigDir(dir: string): LegacyConfigFolder {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new LegacyConfigFileError(`legacy config folder ${dir}: not a folder`);
  }
  const dataDir = path.join(root, 'data');
  const folder = !hasAnyConfigFile(root) && existsSync(dataDir) && hasAnyConfigFile(dataDir) ? dataDir : root;
  const lists: Partial<Record<ConfigName, unknown[]>> = {};
  const forms: Partial<Record<ConfigName, LegacyFileForm>> = {};
  for (const name of CONFIG_NAMES) {
    const file = path.join(folder, LEGACY_CONFIG_FILES[name].file);
    if (!existsSync(file)) {
      throw new LegacyConfigFileError(
        `${file}: missing (LEGACY_CONFIG_DIR must hold ${CONFIG_NAMES.map((n) => LEGACY_CONFIG_FILES[n].file).join(', ')})`,
      );
    }
    const parsed = parseLegacyConfigText(name, readFileSync(file, 'utf8'), file);
    lists[name] = parsed.list;
    forms[name] = parsed.form;
  }
  return {
    dir: folder,
    config: {
      supervisors: (lists.supervisors ?? []).map(String),
      commissions: lists.commissions ?? [],
      prizes: lists.prizes ?? [],
    },
    forms: {
      supervisors: forms.supervisors ?? 'list',
      commissions: forms.commissions ?? 'list',
      prizes: forms.prizes ?? 'list',
    },
  };
}
