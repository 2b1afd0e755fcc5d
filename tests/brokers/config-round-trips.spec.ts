// Runbook minimum functional check "Brokers config: GET/POST supervisors, commissions, prizes":
// a distinctive configuration is posted, read back and compared exactly (supervisors after the
// contract's normalization), and invalid bodies are refused with the error contract. The
// brokersConfig guard puts the original configuration back after every test.
import { normalizeScope } from '../../src/brokers/normalize.ts';
import { VALID_COMMISSION_RULE, VALID_PRIZE_RULE } from '../../src/contract/bad-input.ts';
import type { CommissionRule, PrizeRule } from '../../src/contract/v1.ts';
import { needsWrites } from '../../src/exclusions.ts';
import {
  excludeWhen,
  expect,
  expectGeneratedBodiesRefused,
  expectInvalidPayloads,
  test,
} from '../../src/gate-fixtures/brokers.ts';

interface RulesRoundTrip<Rule> {
  /** Distinctive rules, unlike the stored ones. */
  rules: Rule[];
  /** The rules as the test found them. */
  before: { rules: Rule[] };
  post: (body: { rules: Rule[] }) => Promise<{ rules: Rule[] }>;
  read: () => Promise<{ rules: Rule[] }>;
  /** A field that tells the posted rules apart, and its values in the posted order. */
  order: { by: string; of: (rule: Rule) => number; expected: number[] };
}

/** Rules are stored exactly as posted: the POST answers them, a GET returns them in the same order. */
async function expectRulesRoundTrip<Rule>({ rules, before, post, read, order }: RulesRoundTrip<Rule>) {
  expect(rules).not.toEqual(before.rules);

  await test.step('POST answers the rules as posted', async () => {
    expect(await post({ rules }), 'the POST answer is not the rules as posted').toStrictEqual({ rules });
  });
  await test.step('GET returns the same rules, in the posted order', async () => {
    const stored = await read();
    expect(stored.rules.map(order.of), `rule order (by ${order.by}) differs from the posted order`).toEqual(
      order.expected,
    );
    expect(stored, 'the stored rules are not the rules as posted').toStrictEqual({ rules });
  });
}

test.describe('brokers configuration round trips', { tag: ['@brokers'] }, () => {
  excludeWhen(needsWrites);
  test('supervisors scope round trip stores the contract normalization (trimmed, upper-cased, de-duplicated, sorted)', async ({
    asAdmin,
    brokersConfig,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    // Spaces, lower case, mixed case and duplicates, in no particular order.
    const posted = [
      '  zz-e2e sup b ',
      'ZZ-E2E SUP A',
      'zz-e2e sup a',
      'Zz-E2e Sup B',
      ' zz-e2e ñandú c',
      'ZZ-E2E SUP A',
    ];
    const expected = normalizeScope(posted);
    expect(expected).not.toEqual(brokersConfig.before.scope.supervisors);

    await test.step('POST answers the normalized scope', async () => {
      const answer = await asAdmin.setScope({ supervisors: posted });
      expect(answer.supervisors, 'the POST answer is not the contract normalization of the input').toEqual(
        expected,
      );
    });
    await test.step('GET returns exactly the normalized scope', async () => {
      const stored = await asAdmin.getScope();
      expect(stored.supervisors, 'the stored scope is not the contract normalization of the input').toEqual(
        expected,
      );
    });
    await evidence('scope-round-trip', { posted, expected });
  });

  test('commission rules round trip keeps every rule, field and the rule order', async ({
    asAdmin,
    brokersConfig,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    // Distinctive: lower-case names (rules are stored exactly, not normalized), unsorted months,
    // a zero factor, __ALL__ markers, an empty months list.
    const rules: CommissionRule[] = [
      {
        supervisors: ['ZZ-E2E SUP A', 'zz-e2e sup b'],
        uns: ['ODONTOLOGIA'],
        vias: ['COBRADOR'],
        months: ['12/2025', '01/2026'],
        factor: 1.234,
      },
      {
        supervisors: ['__ALL__'],
        uns: ['MEDICINA ESTETICA', 'ODONTOLOGIA'],
        vias: ['DEBITO'],
        months: [],
        factor: 0,
      },
      {
        supervisors: ['ZZ-E2E SUP C'],
        uns: ['__ALL__'],
        vias: ['__ALL__'],
        months: ['__ALL__'],
        factor: 7.5,
      },
    ];
    await expectRulesRoundTrip({
      rules,
      before: brokersConfig.before.commissions,
      post: (body) => asAdmin.setCommissions(body),
      read: () => asAdmin.getCommissions(),
      order: { by: 'factor', of: (rule) => rule.factor, expected: [1.234, 0, 7.5] },
    });
    await evidence('commissions-round-trip', { posted: rules.length });
  });

  test('prize rules round trip keeps every rule, field, scale and the rule order', async ({
    asAdmin,
    brokersConfig,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    // Scales deliberately not sorted by minPct: they must come back as listed.
    const rules: PrizeRule[] = [
      {
        supervisors: ['ZZ-E2E SUP A'],
        uns: ['ODONTOLOGIA', 'MEDICINA ESTETICA'],
        months: ['02/2026'],
        meta: 3,
        scales: [
          { minPct: 120, prize: 5_100_000 },
          { minPct: 70, prize: 2_750_000.5 },
        ],
      },
      { supervisors: ['__ALL__'], uns: ['__ALL__'], months: [], meta: 12.5, scales: [] },
      {
        supervisors: ['zz-e2e sup b'],
        uns: [],
        months: ['__ALL__'],
        meta: 0,
        scales: [
          { minPct: 0, prize: 1 },
          { minPct: 100, prize: 2 },
          { minPct: 50, prize: 3 },
        ],
      },
    ];
    await expectRulesRoundTrip({
      rules,
      before: brokersConfig.before.prizes,
      post: (body) => asAdmin.setPrizes(body),
      read: () => asAdmin.getPrizes(),
      order: { by: 'meta', of: (rule) => rule.meta, expected: [3, 12.5, 0] },
    });
    await evidence('prizes-round-trip', { posted: rules.length });
  });
});

const goodCommission = VALID_COMMISSION_RULE;
const goodPrize = VALID_PRIZE_RULE;
const { factor: _factor, ...commissionWithoutFactor } = goodCommission;
const { meta: _meta, ...prizeWithoutMeta } = goodPrize;

const INVALID_BODIES = {
  setScope: {
    'supervisors is a string, not a list': { supervisors: 'ZZ-E2E SUP A' },
    'a supervisor is a number': { supervisors: ['ZZ-E2E SUP A', 7] },
    'supervisors missing': {},
  },
  setCommissions: {
    'factor missing': { rules: [commissionWithoutFactor] },
    'factor is text': { rules: [{ ...goodCommission, factor: 'one and a half' }] },
    'supervisors is a string, not a list': { rules: [{ ...goodCommission, supervisors: 'ZZ-E2E SUP A' }] },
    'month not MM/YYYY': { rules: [{ ...goodCommission, months: ['2026-01'] }] },
    'rules is an object, not a list': { rules: { first: goodCommission } },
  },
  setPrizes: {
    'meta missing': { rules: [prizeWithoutMeta] },
    'meta is text': { rules: [{ ...goodPrize, meta: 'four' }] },
    'scales is an object, not a list': { rules: [{ ...goodPrize, scales: { minPct: 100, prize: 1000 } }] },
    'a scale without prize': { rules: [{ ...goodPrize, scales: [{ minPct: 100 }] }] },
    'a scale minPct is text': { rules: [{ ...goodPrize, scales: [{ minPct: 'high', prize: 1000 }] }] },
  },
} as const;

test.describe('brokers configuration validation', { tag: ['@brokers'] }, () => {
  excludeWhen(needsWrites);
  const cases = [
    ['supervisors scope', 'setScope'],
    ['commission rules', 'setCommissions'],
    ['prize rules', 'setPrizes'],
  ] as const;
  for (const [what, route] of cases) {
    test(`invalid ${what} are refused with 422 INVALID_PAYLOAD and change nothing`, async ({
      asAdmin,
      brokersConfig,
      requireSnapshot,
      evidence,
    }) => {
      requireSnapshot();
      const refused = await expectInvalidPayloads(asAdmin, route, INVALID_BODIES[route], brokersConfig);
      await test.step('the stored configuration is unchanged', async () => {
        expect(await asAdmin.getScope()).toStrictEqual(brokersConfig.before.scope);
        expect(await asAdmin.getCommissions()).toStrictEqual(brokersConfig.before.commissions);
        expect(await asAdmin.getPrizes()).toStrictEqual(brokersConfig.before.prizes);
      });
      await evidence('refused', refused);
    });
  }
});

test.describe('brokers configuration validation, generated bodies', { tag: ['@brokers'] }, () => {
  excludeWhen(needsWrites);
  // The preference routes' generated bodies are the preferences project's (preferences.spec.ts).
  test('generated invalid config bodies are refused with 422 and change nothing', async ({
    asAdmin,
    brokersConfig,
    requireSnapshot,
    suiteConfig,
    evidence,
  }, testInfo) => {
    requireSnapshot();
    const { scope, commissions, prizes } = brokersConfig.before;
    await expectGeneratedBodiesRefused(
      asAdmin,
      ['setScope', 'setCommissions', 'setPrizes'],
      {
        before: { scope, commissions, prizes },
        readNow: async () => ({
          scope: await asAdmin.getScope(),
          commissions: await asAdmin.getCommissions(),
          prizes: await asAdmin.getPrizes(),
        }),
      },
      { suiteConfig, evidence, testInfo },
    );
  });
});
