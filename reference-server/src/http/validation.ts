// Request body validation for API v1; every failure becomes 422 INVALID_PAYLOAD with
// `details.errors` = FastAPI-style field errors `{loc, msg, type}`.

import { isStrictMonth } from '../data/normalize.ts';
import { emptyFilters } from '../kpis/filters.ts';
import type { AnalyticsFilters, CommissionRule, PrizeRule, PrizeScale } from '../kpis/types.ts';
import { FILTER_KEYS } from '../kpis/types.ts';
import { ApiError, type FieldError, invalidPayload } from './errors.ts';

type Loc = (string | number)[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text of a request body; '' means no body. Bad JSON is 422, as FastAPI answers it. */
export function parseJsonBody(raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch (error) {
    const msg = error instanceof Error ? error.message : 'invalid JSON';
    throw invalidPayload([{ loc: ['body'], msg: `JSON decode error: ${msg}`, type: 'json_invalid' }]);
  }
}

function objectBody(body: unknown, errors: FieldError[]): Record<string, unknown> {
  if (isRecord(body)) return body;
  errors.push({ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' });
  return {};
}

function stringField(
  record: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
  errors: FieldError[],
): string {
  const value = record[key];
  const loc: Loc = ['body', key];
  if (value === undefined || value === null) {
    errors.push({ loc, msg: 'Field required', type: 'missing' });
    return '';
  }
  if (typeof value !== 'string') {
    errors.push({ loc, msg: 'Input should be a valid string', type: 'string_type' });
    return '';
  }
  if (value.length < min)
    errors.push({ loc, msg: `String should have at least ${min} characters`, type: 'string_too_short' });
  if (value.length > max)
    errors.push({ loc, msg: `String should have at most ${max} characters`, type: 'string_too_long' });
  return value;
}

function fail(errors: FieldError[]): void {
  if (errors.length > 0) throw invalidPayload(errors);
}

export function validateLogin(body: unknown): { username: string; password: string } {
  const errors: FieldError[] = [];
  const record = objectBody(body, errors);
  const username = stringField(record, 'username', 1, 128, errors);
  const password = stringField(record, 'password', 1, 128, errors);
  fail(errors);
  return { username, password };
}

export function validateRefreshBody(body: unknown): string {
  const errors: FieldError[] = [];
  const token = stringField(objectBody(body, errors), 'refresh_token', 10, 1024, errors);
  fail(errors);
  return token;
}

function stringList(value: unknown, loc: Loc, errors: FieldError[], required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) errors.push({ loc, msg: 'Field required', type: 'missing' });
    return [];
  }
  if (!Array.isArray(value)) {
    errors.push({ loc, msg: 'Input should be a valid list', type: 'list_type' });
    return [];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else errors.push({ loc: [...loc, i], msg: 'Input should be a valid string', type: 'string_type' });
  });
  return out;
}

/**
 * The analytics filter body: every key a list of strings (absent/null = []), values trimmed, blanks
 * dropped, de-duplicated and sorted (the legacy's set semantics); unknown keys ignored.
 * `gestion_month`/`contract_month` must be MM/YYYY (01-12) unless `strictMonths` is off
 * (the invalid-month-accepted fault); `anio` must be YYYY.
 */
export function parseFilters(body: unknown, strictMonths: boolean, loc: Loc = ['body']): AnalyticsFilters {
  const errors: FieldError[] = [];
  const filters = emptyFilters();
  if (body === undefined || body === null) return filters;
  if (!isRecord(body))
    throw invalidPayload([{ loc, msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  for (const key of FILTER_KEYS) {
    const values = stringList(body[key], [...loc, key], errors, false)
      .map((v) => v.trim())
      .filter((v) => v !== '');
    filters[key] = [...new Set(values)].sort();
  }
  filters.anio.forEach((year, i) => {
    if (!/^\d{4}$/.test(year))
      errors.push({ loc: [...loc, 'anio', i], msg: 'anio must be YYYY', type: 'value_error' });
  });
  if (strictMonths) {
    for (const key of ['gestion_month', 'contract_month'] as const) {
      filters[key].forEach((month, i) => {
        if (!isStrictMonth(month)) {
          errors.push({
            loc: [...loc, key, i],
            msg: `${key} must be MM/YYYY (month 01-12)`,
            type: 'value_error',
          });
        }
      });
    }
  }
  fail(errors);
  return filters;
}

const PREFERENCE_KEYS = ['supervisors', 'uns', 'vias', 'years', 'months'] as const;
export type PreferenceFilters = Record<(typeof PREFERENCE_KEYS)[number], string[]>;

export function emptyPreferences(): PreferenceFilters {
  return { supervisors: [], uns: [], vias: [], years: [], months: [] };
}

/** `{filters: {supervisors, uns, vias, years, months}}`; missing lists = [], unknown keys ignored. */
export function validatePreferences(body: unknown): PreferenceFilters {
  const errors: FieldError[] = [];
  const record = objectBody(body, errors);
  const out = emptyPreferences();
  const filters = record.filters;
  if (!isRecord(filters)) {
    if (errors.length === 0) {
      errors.push({ loc: ['body', 'filters'], msg: 'Input should be a valid dictionary', type: 'dict_type' });
    }
  } else {
    for (const key of PREFERENCE_KEYS)
      out[key] = stringList(filters[key], ['body', 'filters', key], errors, false);
  }
  fail(errors);
  return out;
}

export function validateSupervisors(body: unknown): string[] {
  const errors: FieldError[] = [];
  const list = stringList(objectBody(body, errors).supervisors, ['body', 'supervisors'], errors, true);
  fail(errors);
  return list;
}

/** The contract's scope normalization: trimmed, upper-cased, blanks dropped, de-duplicated, sorted. */
export function normalizeScope(supervisors: readonly string[]): string[] {
  const clean = supervisors.map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  return [...new Set(clean)].sort();
}

const RULE_MONTH = (value: string): boolean => value === '__ALL__' || isStrictMonth(value);

function finiteNumber(value: unknown, loc: Loc, errors: FieldError[], min = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.push({
      loc,
      msg: value === undefined ? 'Field required' : 'Input should be a valid number',
      type: value === undefined ? 'missing' : 'float_type',
    });
    return 0;
  }
  if (value < min)
    errors.push({ loc, msg: `Input should be greater than or equal to ${min}`, type: 'greater_than_equal' });
  return value;
}

function ruleMonths(value: unknown, loc: Loc, errors: FieldError[]): string[] {
  const months = stringList(value, loc, errors, true);
  months.forEach((m, i) => {
    if (!RULE_MONTH(m))
      errors.push({ loc: [...loc, i], msg: 'month must be MM/YYYY or __ALL__', type: 'value_error' });
  });
  return months;
}

function rulesList(body: unknown, errors: FieldError[]): unknown[] {
  const rules = objectBody(body, errors).rules;
  if (Array.isArray(rules)) return rules;
  if (errors.length === 0) {
    errors.push({
      loc: ['body', 'rules'],
      msg: rules === undefined ? 'Field required' : 'Input should be a valid list',
      type: rules === undefined ? 'missing' : 'list_type',
    });
  }
  return [];
}

/** `{rules: [commission rule]}`; each rule needs every field of the legacy shape. */
export function validateCommissionRules(body: unknown): CommissionRule[] {
  const errors: FieldError[] = [];
  const rules = rulesList(body, errors).map((raw, i): CommissionRule => {
    const loc: Loc = ['body', 'rules', i];
    if (!isRecord(raw)) {
      errors.push({ loc, msg: 'Input should be a valid dictionary', type: 'dict_type' });
      return { supervisors: [], uns: [], vias: [], months: [], factor: 0 };
    }
    return {
      supervisors: stringList(raw.supervisors, [...loc, 'supervisors'], errors, true),
      uns: stringList(raw.uns, [...loc, 'uns'], errors, true),
      vias: stringList(raw.vias, [...loc, 'vias'], errors, true),
      months: ruleMonths(raw.months, [...loc, 'months'], errors),
      factor: finiteNumber(raw.factor, [...loc, 'factor'], errors),
    };
  });
  fail(errors);
  return rules;
}

/** `{rules: [prize rule]}`; scales are `{minPct, prize}` with numbers >= 0. */
export function validatePrizeRules(body: unknown): PrizeRule[] {
  const errors: FieldError[] = [];
  const rules = rulesList(body, errors).map((raw, i): PrizeRule => {
    const loc: Loc = ['body', 'rules', i];
    if (!isRecord(raw)) {
      errors.push({ loc, msg: 'Input should be a valid dictionary', type: 'dict_type' });
      return { supervisors: [], uns: [], months: [], meta: 0, scales: [] };
    }
    const scalesLoc: Loc = [...loc, 'scales'];
    let scales: PrizeScale[] = [];
    if (!Array.isArray(raw.scales)) {
      errors.push({
        loc: scalesLoc,
        msg: raw.scales === undefined ? 'Field required' : 'Input should be a valid list',
        type: raw.scales === undefined ? 'missing' : 'list_type',
      });
    } else {
      scales = raw.scales.map((scale, j) => {
        if (!isRecord(scale)) {
          errors.push({
            loc: [...scalesLoc, j],
            msg: 'Input should be a valid dictionary',
            type: 'dict_type',
          });
          return { minPct: 0, prize: 0 };
        }
        return {
          minPct: finiteNumber(scale.minPct, [...scalesLoc, j, 'minPct'], errors),
          prize: finiteNumber(scale.prize, [...scalesLoc, j, 'prize'], errors),
        };
      });
    }
    return {
      supervisors: stringList(raw.supervisors, [...loc, 'supervisors'], errors, true),
      uns: stringList(raw.uns, [...loc, 'uns'], errors, true),
      months: ruleMonths(raw.months, [...loc, 'months'], errors),
      meta: finiteNumber(raw.meta, [...loc, 'meta'], errors),
      scales,
    };
  });
  fail(errors);
  return rules;
}

// ---------------------------------------------------------------- the customer's validators (faults)

/**
 * bad-month-500: the customer's filter validator raises ValueError for a month number outside 1-12
 * or a year that is not YYYY, and its error handler cannot serialise the error: 500. A one-digit
 * month passes that validator.
 */
export function raiseValueErrorFor(body: unknown): void {
  if (!isRecord(body)) return;
  const values = (key: string): unknown[] => (Array.isArray(body[key]) ? body[key] : []);
  const badMonth = [...values('gestion_month'), ...values('contract_month')].some((value) => {
    const match = typeof value === 'string' ? /^(\d{1,2})\/\d{4}$/.exec(value.trim()) : null;
    return match !== null && (Number(match[1]) < 1 || Number(match[1]) > 12);
  });
  const badYear = values('anio').some((value) => typeof value === 'string' && !/^\d{4}$/.test(value.trim()));
  if (badMonth || badYear) {
    throw new ApiError('INTERNAL_ERROR', 'Object of type ValueError is not JSON serializable');
  }
}

/** config-not-validated: `{rules: [...]}` stored as given, any dictionaries (no rule schema). */
export function unvalidatedRules(body: unknown): unknown[] {
  const errors: FieldError[] = [];
  const rules = rulesList(body, errors);
  rules.forEach((rule, i) => {
    if (!isRecord(rule))
      errors.push({
        loc: ['body', 'rules', i],
        msg: 'Input should be a valid dictionary',
        type: 'dict_type',
      });
  });
  fail(errors);
  return rules;
}
