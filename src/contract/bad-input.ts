// Bad input generated from the contract's grammar (docs/contract.md "Analytics filters", the auth
// bodies, the brokers config rules), seeded so a failing run is replayed exactly with the same
// E2E_BAD_INPUT_SEED. fast-check draws the inputs; the tests send each one and collect every answer
// that breaks the expectation, rather than stopping (and shrinking) at the first.
import fc from 'fast-check';
import type { V1RouteId } from './endpoints.ts';
import { EXPORT_ENDPOINTS } from './endpoints.ts';
import { FILTER_KEYS } from './filters.ts';

/**
 * What a correct API answers:
 * - `invalid-payload`: a value breaks the grammar (a bad month or year, a wrong type, a field out of
 *   bounds): 422 INVALID_PAYLOAD with the error contract;
 * - `client-error`: the body is not what the route reads at all (not JSON, not an object): any 4xx
 *   with the error contract;
 * - `no-server-error`: the contract does not fix the answer (very long lists): any
 *   status but 5xx, and a 4xx carries the error contract.
 */
type BadInputExpectation = 'invalid-payload' | 'client-error' | 'no-server-error';

export interface BadInput {
  /** What is wrong with it, for the report. */
  readonly label: string;
  readonly expectation: BadInputExpectation;
  /** Sent as JSON; when absent, `raw` is sent as the body (or nothing when both are absent). */
  readonly json?: unknown;
  readonly raw?: string;
}

const year = fc.integer({ min: 1990, max: 2099 });
const validMonth = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
/** Text that makes a value invalid when glued to it (no whitespace: servers may trim it away). */
const junk = fc.stringMatching(/^[a-z#%x-]{1,4}$/);

/** Strings that break `MM/YYYY` (month 01-12), each named by the rule it breaks. */
const invalidMonth: fc.Arbitrary<{ value: string; rule: string }> = fc.oneof(
  year.map((y) => ({ value: `00/${y}`, rule: 'month 00' })),
  fc
    .tuple(fc.integer({ min: 13, max: 99 }), year)
    .map(([m, y]) => ({ value: `${m}/${y}`, rule: 'month above 12' })),
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), year)
    .map(([m, y]) => ({ value: `${m}/${y}`, rule: 'one-digit month' })),
  fc
    .tuple(validMonth, fc.integer({ min: 0, max: 99 }))
    .map(([m, y]) => ({ value: `${m}/${String(y).padStart(2, '0')}`, rule: 'two-digit year' })),
  fc
    .tuple(validMonth, year, junk)
    .map(([m, y, tail]) => ({ value: `${m}/${y}${tail}`, rule: 'trailing text' })),
  fc.tuple(validMonth, year).map(([m, y]) => ({ value: `${y}-${m}`, rule: 'YYYY-MM instead of MM/YYYY' })),
  fc.tuple(validMonth, year).map(([m, y]) => ({ value: `${m}${y}`, rule: 'no separator' })),
);

/** Strings that break `YYYY`. */
const invalidYear: fc.Arbitrary<{ value: string; rule: string }> = fc.oneof(
  fc.integer({ min: 0, max: 99 }).map((y) => ({ value: String(y).padStart(2, '0'), rule: 'two-digit year' })),
  fc.integer({ min: 100, max: 999 }).map((y) => ({ value: String(y), rule: 'three-digit year' })),
  fc.integer({ min: 10000, max: 99999 }).map((y) => ({ value: String(y), rule: 'five-digit year' })),
  fc.tuple(year, junk).map(([y, tail]) => ({ value: `${y}${tail}`, rule: 'trailing text' })),
);

/** Values of the wrong JSON type where the contract wants a list of strings. */
const notAStringList: fc.Arbitrary<{ value: unknown; rule: string }> = fc.oneof(
  fc.integer().map((value) => ({ value, rule: 'a number, not a list' })),
  fc.boolean().map((value) => ({ value, rule: 'a boolean, not a list' })),
  fc.stringMatching(/^[A-Z]{1,8}$/).map((value) => ({ value, rule: 'a string, not a list' })),
  fc.constant({ value: { first: 'X' }, rule: 'an object, not a list' }),
  fc
    .array(fc.integer(), { minLength: 1, maxLength: 3 })
    .map((value) => ({ value, rule: 'a list of numbers, not strings' })),
);

/** Bodies that are not a JSON object. */
const notAnObject: fc.Arbitrary<BadInput> = fc.constantFrom<BadInput>(
  { label: 'body is a JSON list', expectation: 'client-error', raw: '[]' },
  { label: 'body is a JSON string', expectation: 'client-error', raw: '"filters"' },
  { label: 'body is a JSON number', expectation: 'client-error', raw: '1' },
  { label: 'body is not JSON', expectation: 'client-error', raw: '{"un": [' },
  { label: 'body is plain text', expectation: 'client-error', raw: 'gestion_month=13/2025' },
);

const filterKey = fc.constantFrom(...FILTER_KEYS);

/** Analytics filter bodies that break the grammar, the way a caller would get them wrong. */
const badFilters: fc.Arbitrary<BadInput> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('gestion_month', 'contract_month'), invalidMonth, fc.boolean(), validMonth, year)
      .map(
        ([key, bad, withValid, m, y]): BadInput => ({
          label: `${key} ${JSON.stringify(bad.value)} (${bad.rule})${withValid ? ' beside a valid month' : ''}`,
          expectation: 'invalid-payload',
          json: { [key]: withValid ? [`${m}/${y}`, bad.value] : [bad.value] },
        }),
      ),
  },
  {
    weight: 2,
    arbitrary: invalidYear.map(
      (bad): BadInput => ({
        label: `anio ${JSON.stringify(bad.value)} (${bad.rule})`,
        expectation: 'invalid-payload',
        json: { anio: [bad.value] },
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(filterKey, notAStringList).map(
      ([key, bad]): BadInput => ({
        label: `${key} is ${bad.rule}`,
        expectation: 'invalid-payload',
        json: { [key]: bad.value },
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('un', 'supervisor', 'gestion_month'), fc.integer({ min: 300, max: 1200 }))
      .map(
        ([key, length]): BadInput => ({
          label: `${key} lists ${length} values that match nothing`,
          expectation: 'no-server-error',
          // Well-formed values (absent months, absent names), so only the length is unusual.
          json: {
            [key]: Array.from({ length }, (_, i) =>
              key === 'gestion_month'
                ? `${String((i % 12) + 1).padStart(2, '0')}/${1000 + i}`
                : `ZZ-E2E-${i}`,
            ),
          },
        }),
      ),
  },
  { weight: 1, arbitrary: notAnObject },
  // No body or a JSON null is not drawn: with every filter defaulting to empty, a server may read it
  // as a call with no filter at all, whose answer the contract leaves open.
);

/**
 * What the customer's system answers 5xx or accepts: always sent first, whatever the seed. A call
 * with no filter at all (`{}`) is not among them: the contract leaves its answer open for v1
 * (docs/contract.md), so it is neither sent nor judged as bad input.
 */
export const KNOWN_BAD_FILTERS: readonly BadInput[] = [
  {
    label: 'gestion_month "13/2025" (month above 12)',
    expectation: 'invalid-payload',
    json: { gestion_month: ['13/2025'] },
  },
  {
    label: 'gestion_month "1/2025" (one-digit month)',
    expectation: 'invalid-payload',
    json: { gestion_month: ['1/2025'] },
  },
  {
    label: 'contract_month "13/2025" (month above 12)',
    expectation: 'invalid-payload',
    json: { contract_month: ['13/2025'] },
  },
  {
    label: 'contract_month "1/2025" (one-digit month)',
    expectation: 'invalid-payload',
    json: { contract_month: ['1/2025'] },
  },
  { label: 'anio "25" (two-digit year)', expectation: 'invalid-payload', json: { anio: ['25'] } },
];

/**
 * Well-formed filters that match nothing, beside a bad endpoint or format: the body then has exactly
 * the one fault its label names (`{}` would also make it a call with no filter, whose answer the
 * contract leaves open).
 */
const WELL_FORMED_FILTERS = { un: ['ZZ-E2E-NO-SUCH-UN'] };

/** Export bodies: a valid endpoint with bad filters, or a bad endpoint/format field. */
function badExportBodies(withFormat: boolean): fc.Arbitrary<BadInput> {
  const format = withFormat ? { format: 'csv' } : {};
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...EXPORT_ENDPOINTS),
          badFilters.filter((bad) => bad.json !== undefined),
        )
        .map(
          ([endpoint, bad]): BadInput => ({
            label: `endpoint ${endpoint}, filters: ${bad.label}`,
            expectation: bad.expectation,
            json: { endpoint, filters: bad.json, ...format },
          }),
        ),
    },
    {
      weight: 1,
      arbitrary: notAStringList.map(
        (bad): BadInput => ({
          label: `endpoint is ${bad.rule.replace(', not a list', '')}`,
          expectation: 'client-error',
          json: { endpoint: bad.value, filters: WELL_FORMED_FILTERS, ...format },
        }),
      ),
    },
    ...(withFormat
      ? [
          {
            weight: 1,
            arbitrary: fc.constantFrom('xls', 'CSV ', '', 'pdfx').map(
              (value): BadInput => ({
                label: `format ${JSON.stringify(value)}`,
                expectation: 'client-error',
                json: { endpoint: 'portfolio', filters: WELL_FORMED_FILTERS, format: value },
              }),
            ),
          },
        ]
      : []),
    { weight: 1, arbitrary: notAnObject },
  );
}

const tooLong = (min: number) => fc.integer({ min, max: min + 200 }).map((n) => 'x'.repeat(n));

/** Login bodies outside `{username, password}` (1..128 chars each). */
const badLoginBodies: fc.Arbitrary<BadInput> = fc.oneof(
  fc.constantFrom('username', 'password').chain((field) =>
    fc.oneof(
      fc.constant<BadInput>({
        label: `${field} empty`,
        expectation: 'invalid-payload',
        json: { username: 'x', password: 'x', [field]: '' },
      }),
      tooLong(129).map(
        (value): BadInput => ({
          label: `${field} of ${value.length} characters`,
          expectation: 'invalid-payload',
          json: { username: 'x', password: 'x', [field]: value },
        }),
      ),
      fc.constantFrom<unknown>(7, true, ['x'], { name: 'x' }).map(
        (value): BadInput => ({
          label: `${field} is ${JSON.stringify(value)}`,
          expectation: 'invalid-payload',
          json: { username: 'x', password: 'x', [field]: value },
        }),
      ),
      fc.constant<BadInput>({
        label: `${field} missing`,
        expectation: 'invalid-payload',
        json: field === 'username' ? { password: 'x' } : { username: 'x' },
      }),
    ),
  ),
  notAnObject,
);

/** Refresh and revoke bodies outside `{refresh_token}` (10..1024 chars). */
const badRefreshBodies: fc.Arbitrary<BadInput> = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map(
    (n): BadInput => ({
      label: `refresh_token of ${n} characters`,
      expectation: 'invalid-payload',
      json: { refresh_token: 'x'.repeat(n) },
    }),
  ),
  tooLong(1025).map(
    (value): BadInput => ({
      label: `refresh_token of ${value.length} characters`,
      expectation: 'invalid-payload',
      json: { refresh_token: value },
    }),
  ),
  fc.constantFrom<unknown>(7, true, ['x'.repeat(20)], { token: 'x' }).map(
    (value): BadInput => ({
      label: `refresh_token is ${JSON.stringify(value)}`,
      expectation: 'invalid-payload',
      json: { refresh_token: value },
    }),
  ),
  fc.constant<BadInput>({ label: 'refresh_token missing', expectation: 'invalid-payload', json: {} }),
  notAnObject,
);

const supervisorName = fc.stringMatching(/^ZZ-E2E [A-Z]{1,6}$/);

/** Supervisors-scope bodies outside `{supervisors: [str]}`. */
const badScopeBodies: fc.Arbitrary<BadInput> = fc.oneof(
  notAStringList.map(
    (bad): BadInput => ({
      label: `supervisors is ${bad.rule}`,
      expectation: 'invalid-payload',
      json: { supervisors: bad.value },
    }),
  ),
  fc.tuple(supervisorName, fc.integer()).map(
    ([name, n]): BadInput => ({
      label: 'a supervisor is a number',
      expectation: 'invalid-payload',
      json: { supervisors: [name, n] },
    }),
  ),
  fc.constant<BadInput>({ label: 'supervisors missing ({})', expectation: 'invalid-payload', json: {} }),
  notAnObject,
);

/** A commission rule the contract accepts: the base every invalid rule breaks one thing of. */
export const VALID_COMMISSION_RULE = {
  supervisors: ['ZZ-E2E SUP A'],
  uns: ['ODONTOLOGIA'],
  vias: ['COBRADOR'],
  months: ['01/2026'],
  factor: 1.5,
};
/** A prize rule the contract accepts. */
export const VALID_PRIZE_RULE = {
  supervisors: ['ZZ-E2E SUP A'],
  uns: ['ODONTOLOGIA'],
  months: ['01/2026'],
  meta: 4,
  scales: [{ minPct: 100, prize: 1000 }],
};

function withoutKey(rule: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...rule };
  delete copy[key];
  return copy;
}

function badRuleBodies(
  good: Record<string, unknown>,
  numberKeys: readonly string[],
  listKeys: readonly string[],
): fc.Arbitrary<BadInput> {
  return fc.oneof(
    fc.constantFrom(...numberKeys).map(
      (key): BadInput => ({
        label: `a rule without ${key}`,
        expectation: 'invalid-payload',
        json: { rules: [withoutKey(good, key)] },
      }),
    ),
    fc.tuple(fc.constantFrom(...numberKeys), fc.constantFrom<unknown>('1.5', 'one', null, [1], {})).map(
      ([key, value]): BadInput => ({
        label: `${key} is ${JSON.stringify(value)}`,
        expectation: 'invalid-payload',
        json: { rules: [{ ...good, [key]: value }] },
      }),
    ),
    fc.tuple(fc.constantFrom(...listKeys), notAStringList).map(
      ([key, bad]): BadInput => ({
        label: `${key} is ${bad.rule}`,
        expectation: 'invalid-payload',
        json: { rules: [{ ...good, [key]: bad.value }] },
      }),
    ),
    invalidMonth
      .filter((bad) => bad.value !== '__ALL__')
      .map(
        (bad): BadInput => ({
          label: `months ${JSON.stringify(bad.value)} (${bad.rule})`,
          expectation: 'invalid-payload',
          json: { rules: [{ ...good, months: [bad.value] }] },
        }),
      ),
    fc.constant<BadInput>({ label: 'rules missing ({})', expectation: 'invalid-payload', json: {} }),
    fc.constant<BadInput>({
      label: 'rules is an object, not a list',
      expectation: 'invalid-payload',
      json: { rules: { first: good } },
    }),
    notAnObject,
  );
}

const badCommissionBodies = badRuleBodies(VALID_COMMISSION_RULE, ['factor'], ['supervisors', 'uns', 'vias']);
const badPrizeBodies = badRuleBodies(VALID_PRIZE_RULE, ['meta'], ['supervisors', 'uns']);

/** Preference bodies outside `{filters: {supervisors, uns, vias, years, months}}`. */
const badPreferenceBodies: fc.Arbitrary<BadInput> = fc.oneof(
  fc.constantFrom<unknown>('ODONTOLOGIA', 7, true, ['ODONTOLOGIA']).map(
    (value): BadInput => ({
      label: `filters is ${JSON.stringify(value)}`,
      expectation: 'invalid-payload',
      json: { filters: value },
    }),
  ),
  fc.tuple(fc.constantFrom('supervisors', 'uns', 'vias', 'years', 'months'), notAStringList).map(
    ([key, bad]): BadInput => ({
      label: `filters.${key} is ${bad.rule}`,
      expectation: 'invalid-payload',
      json: { filters: { [key]: bad.value } },
    }),
  ),
  notAnObject,
);

/** The generator of each route that takes input. */
export const BAD_INPUT_BY_ROUTE = {
  portfolioSummary: badFilters,
  rendimientoSummary: badFilters,
  moraSummary: badFilters,
  brokersSummary: badFilters,
  exportCsv: badExportBodies(false),
  exportPdf: badExportBodies(false),
  exportAlias: badExportBodies(true),
  login: badLoginBodies,
  refresh: badRefreshBodies,
  revoke: badRefreshBodies,
  setScope: badScopeBodies,
  setCommissions: badCommissionBodies,
  setPrizes: badPrizeBodies,
  setPreferences: badPreferenceBodies,
} as const satisfies Partial<Record<V1RouteId, fc.Arbitrary<BadInput>>>;
export type BadInputRoute = keyof typeof BAD_INPUT_BY_ROUTE;

/**
 * `count` inputs for a route, the same for the same seed. Each route draws from its own seed
 * (the run's seed plus the route's position) so adding a route does not change the others.
 */
export function sampleBadInputs(route: BadInputRoute, seed: number, count: number): BadInput[] {
  if (count <= 0) return [];
  const offset = Object.keys(BAD_INPUT_BY_ROUTE).indexOf(route);
  return fc.sample(BAD_INPUT_BY_ROUTE[route], { seed: seed + offset, numRuns: count });
}
