// Every recorded legacy answer in fixtures/golden/golden/legacy_expected.json, recomputed by
// the pure KPI core on fixtures/datasets/golden and compared path by path with the parity
// tolerance (|a - b| <= 1.0 + 0.01 * max(1, |a|, |b|)); meta.signature is volatile.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset.ts';
import { checkFiles, loadDataset, loadLegacyConfig } from '../data/load.ts';
import { brokersSummary } from './brokers.ts';
import { legacyAnalytics, parseBrokersBody } from './legacy-analytics.ts';
import type { BrokersConfig } from './types.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DATASET_DIR = join(ROOT, 'fixtures', 'datasets', 'golden');
const EXPECTED_FILE = join(ROOT, 'fixtures', 'golden', 'golden', 'legacy_expected.json');

interface GoldenCase {
  case: string;
  method: string;
  path: string;
  query?: Record<string, string[]>;
  body?: unknown;
  body_raw?: string;
  status: number;
  response: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function queryOf(raw: Record<string, unknown>): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(raw)) {
    query[key] = Array.isArray(values) ? values.map((v) => String(v)) : [String(values)];
  }
  return query;
}

function readCases(): GoldenCase[] {
  const parsed: unknown = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${EXPECTED_FILE}: expected a list of cases`);
  return parsed.filter(isRecord).map((c) => ({
    case: String(c.case),
    method: String(c.method),
    path: String(c.path),
    query: isRecord(c.query) ? queryOf(c.query) : undefined,
    body: c.body,
    body_raw: typeof c.body_raw === 'string' ? c.body_raw : undefined,
    status: Number(c.status),
    response: c.response,
  }));
}

const VOLATILE = new Set(['meta.signature']);

/** Leaves by JSON path; empty objects/arrays are leaves too so `{}` vs missing is caught. */
function flatten(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, '[]');
    value.forEach((item, i) => {
      flatten(item, path === '' ? String(i) : `${path}.${i}`, out);
    });
  } else if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) out.set(path, '{}');
    for (const key of keys) flatten(value[key], path === '' ? key : `${path}.${key}`, out);
  } else if (!VOLATILE.has(path)) {
    out.set(path, value);
  }
  return out;
}

function withinTolerance(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1.0 + 0.01 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Float noise only: the recorded rules are reproduced, not merely approximated. */
function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Every mismatch between the recorded and computed JSON, as readable lines. */
function differences(expected: unknown, actual: unknown, close = withinTolerance): string[] {
  const want = flatten(expected);
  const got = flatten(actual);
  const problems: string[] = [];
  for (const [path, value] of want) {
    if (!got.has(path)) {
      problems.push(`missing ${path} (recorded ${JSON.stringify(value)})`);
      continue;
    }
    const ours = got.get(path);
    if (typeof value === 'number' && typeof ours === 'number') {
      if (!close(value, ours)) problems.push(`${path}: recorded ${value}, computed ${ours}`);
    } else if (value !== ours) {
      problems.push(`${path}: recorded ${JSON.stringify(value)}, computed ${JSON.stringify(ours)}`);
    }
  }
  for (const [path, value] of got) {
    if (!want.has(path)) problems.push(`extra ${path} (computed ${JSON.stringify(value)})`);
  }
  return problems;
}

const cases = readCases();
const HTTP_LEVEL = new Set([
  'ops_metrics',
  'legacy_commissions',
  'legacy_prizes',
  'legacy_brokers_supervisors',
]);
const analyticsCases = cases.filter((c) => c.path.startsWith('/analytics/') && !HTTP_LEVEL.has(c.case));
const brokersCases = cases.filter((c) => c.path === '/api/brokers/summary');

let ds: Dataset;
let config: BrokersConfig;

beforeAll(() => {
  ds = loadDataset(DATASET_DIR);
  config = loadLegacyConfig(DATASET_DIR);
});

describe('golden: legacy analytics GETs', () => {
  it('covers every recorded analytics case', () => {
    expect(analyticsCases.length + brokersCases.length + HTTP_LEVEL.size + 1).toBe(cases.length);
  });

  it.each(analyticsCases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    const answer = legacyAnalytics(ds, c.path, c.query ?? {});
    expect(answer.status).toBe(c.status);
    expect(differences(c.response, answer.body)).toEqual([]);
  });
});

describe('golden: legacy brokers summary', () => {
  it.each(brokersCases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    const parsed = parseBrokersBody(c.body_raw ?? JSON.stringify(c.body ?? {}));
    const answer = parsed.ok
      ? { status: 200, body: brokersSummary(ds, parsed.request, config) }
      : { status: parsed.status, body: parsed.body };
    expect(answer.status).toBe(c.status);
    expect(differences(c.response, answer.body)).toEqual([]);
  });
});

describe('golden: exact reproduction', () => {
  // The parity tolerance would hide rule-level drift (e.g. the LTV date rule moves values by
  // < 1%); every recorded number is in fact reproduced up to float noise.
  it('every recorded number of every analytics and brokers case, to 1e-6 relative', () => {
    const problems: string[] = [];
    for (const c of analyticsCases) {
      const body = legacyAnalytics(ds, c.path, c.query ?? {}).body;
      problems.push(...differences(c.response, body, nearlyEqual).map((p) => `${c.case}: ${p}`));
    }
    for (const c of brokersCases) {
      const parsed = parseBrokersBody(c.body_raw ?? JSON.stringify(c.body ?? {}));
      const body = parsed.ok ? brokersSummary(ds, parsed.request, config) : parsed.body;
      problems.push(...differences(c.response, body, nearlyEqual).map((p) => `${c.case}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});

describe('golden: check-files and legacy config', () => {
  const byName = (name: string): GoldenCase => {
    const found = cases.find((c) => c.case === name);
    if (!found) throw new Error(`golden case ${name} is missing`);
    return found;
  };

  it('check_files', () => {
    expect(differences(byName('check_files').response, checkFiles(DATASET_DIR))).toEqual([]);
  });

  it('legacy_commissions / legacy_prizes / legacy_brokers_supervisors match loadLegacyConfig', () => {
    expect(differences(byName('legacy_commissions').response, { rules: config.commissions })).toEqual([]);
    expect(differences(byName('legacy_prizes').response, { rules: config.prizes })).toEqual([]);
    expect(
      differences(byName('legacy_brokers_supervisors').response, { supervisors: config.supervisors }),
    ).toEqual([]);
  });
});
