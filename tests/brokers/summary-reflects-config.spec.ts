// The brokers summary follows the configuration (docs/kpis.md "Brokers summary"): the
// enabled supervisors scope, the commission factor of the first matching rule, and the prizes the
// rules' scales pay. Every expectation is computed by the suite (src/brokers/expected.ts) from the
// summary's own rows and the rules it posted; the brokersConfig guard restores the configuration.
import {
  expectedPrizeMaps,
  expectedRowCommission,
  FV_MEMBERS,
  MONEY_TOLERANCE,
  monthSupervisorKey,
} from '../../src/brokers/expected.ts';
import type { BrokersRow } from '../../src/contract/legacy.ts';
import type { BrokersSummary, CommissionRule, PrizeRule } from '../../src/contract/v1.ts';
import { needsWrites } from '../../src/exclusions.ts';
import { excludeWhen, expect, test } from '../../src/gate-fixtures/brokers.ts';

function rowKey(row: Pick<BrokersRow, 'month' | 'supervisor' | 'un' | 'via'>): string {
  return [row.month, row.supervisor, row.un, row.via].join(' | ');
}

/** The row the commission tests single out: the largest montoCuota (ties: first in summary order). */
function pickRow(summary: BrokersSummary): BrokersRow {
  let best: BrokersRow | undefined;
  for (const row of summary.rows)
    if (row.montoCuota > 0 && (!best || row.montoCuota > best.montoCuota)) best = row;
  if (!best) throw new Error('precondition: the brokers summary has no row with a montoCuota above 0');
  return best;
}

/** Rows whose commission is off the expected one by more than the tolerance, as readable lines. */
function commissionMismatches(rows: readonly BrokersRow[], rules: readonly CommissionRule[]): string[] {
  return rows
    .map((row) => ({ row, expected: expectedRowCommission(rules, row) }))
    .filter(({ row, expected }) => Math.abs(row.commission - expected) > MONEY_TOLERANCE)
    .map(
      ({ row, expected }) =>
        `${rowKey(row)}: commission ${row.commission}, expected ${expected} (montoCuota ${row.montoCuota})`,
    );
}

function prizeMismatches(actual: Record<string, number>, expected: Record<string, number>): string[] {
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  return keys
    .filter((key) => {
      const a = actual[key];
      const e = expected[key];
      return a === undefined || e === undefined || Math.abs(a - e) > MONEY_TOLERANCE;
    })
    .map(
      (key) =>
        `${key}: reported ${actual[key] ?? '(missing)'}, expected ${expected[key] ?? '(no such pair)'}`,
    );
}

test.describe('brokers summary reflects the configuration', { tag: ['@brokers'] }, () => {
  excludeWhen(needsWrites);
  test('a one-supervisor scope limits the brokers summary to that supervisor', async ({
    asAdmin,
    brokersSummaryWithRows,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    const before = await test.step('read the summary under the current scope', () =>
      brokersSummaryWithRows());
    const supervisors = [...new Set(before.rows.map((row) => row.supervisor))].sort();
    expect(
      supervisors.length,
      'precondition: the summary must show at least two supervisors for a scope to narrow it',
    ).toBeGreaterThanOrEqual(2);
    const chosen = supervisors.find((name) => !FV_MEMBERS.includes(name)) ?? supervisors[0] ?? '';

    await test.step(`enable only ${chosen}`, async () => {
      expect((await asAdmin.setScope({ supervisors: [chosen] })).supervisors).toEqual([chosen]);
    });
    const after = await test.step('read the summary again', () => asAdmin.brokersSummary());
    await test.step('only that supervisor has rows, exactly the rows it had before', async () => {
      const others = [...new Set(after.rows.map((row) => row.supervisor))].filter((name) => name !== chosen);
      expect(others, `supervisors outside the enabled scope [${chosen}] still have rows`).toEqual([]);
      expect(after.rows.length).toBeGreaterThan(0);
      expect(after.rows).toEqual(before.rows.filter((row) => row.supervisor === chosen));
      // `summary` and the prize maps are the legacy payload's; the contract's v1 answer may leave them out.
      if (after.summary) expect(after.summary.totalSupervisors).toBe(1);
      expect(Object.keys(after.prizeByMonthSup ?? {}).filter((key) => !key.endsWith(`__${chosen}`))).toEqual(
        [],
      );
    });
    await evidence('scope', {
      supervisorsBefore: supervisors,
      enabled: chosen,
      rowsBefore: before.rows.length,
      rowsAfter: after.rows.length,
    });
  });

  test('a commission rule with factor f pays montoCuota * f on its row and 0 on every other row', async ({
    asAdmin,
    brokersSummaryWithRows,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    const before = await test.step('pick a row that exists in the data', () => brokersSummaryWithRows());
    expect(before.rows.length, 'precondition: other rows are needed to show they earn 0').toBeGreaterThan(1);
    const target = pickRow(before);
    const factor = 1.75;
    // The only rule: the target row's exact supervisor, UN, via and sale month.
    const rules: CommissionRule[] = [
      {
        supervisors: [target.supervisor],
        uns: [target.un],
        vias: [target.via],
        months: [target.month],
        factor,
      },
    ];
    await test.step('make it the only commission rule', async () => {
      await asAdmin.setCommissions({ rules });
    });
    const after = await test.step('read the summary again', () => asAdmin.brokersSummary());
    await test.step(`the row ${rowKey(target)} earns montoCuota * ${factor}`, async () => {
      const row = after.rows.find((candidate) => rowKey(candidate) === rowKey(target));
      expect(row, `row ${rowKey(target)} is gone from the summary`).toBeDefined();
      const expected = (row?.montoCuota ?? 0) * factor;
      expect(
        Math.abs((row?.commission ?? Number.NaN) - expected),
        `commission ${row?.commission} for montoCuota ${row?.montoCuota} * factor ${factor} = ${expected}`,
      ).toBeLessThanOrEqual(MONEY_TOLERANCE);
    });
    await test.step('every other row earns 0', async () => {
      expect(commissionMismatches(after.rows, rules)).toEqual([]);
    });
    await evidence('commission', {
      row: rowKey(target),
      montoCuota: target.montoCuota,
      factor,
      commission: after.rows.find((row) => rowKey(row) === rowKey(target))?.commission,
      otherRows: after.rows.length - 1,
    });
  });

  test('the first matching commission rule wins over a later catch-all', async ({
    asAdmin,
    brokersSummaryWithRows,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    const before = await brokersSummaryWithRows();
    const target = pickRow(before);
    const rules: CommissionRule[] = [
      {
        supervisors: [target.supervisor],
        uns: [target.un],
        vias: [target.via],
        months: [target.month],
        factor: 2.5,
      },
      { supervisors: ['__ALL__'], uns: ['__ALL__'], vias: ['__ALL__'], months: [], factor: 1.1 },
    ];
    await test.step('a specific rule, then a catch-all', async () => {
      await asAdmin.setCommissions({ rules });
    });
    const after = await asAdmin.brokersSummary();
    await test.step('the specific row earns 2.5, every other row 1.1, times its montoCuota', async () => {
      const row = after.rows.find((candidate) => rowKey(candidate) === rowKey(target));
      expect(
        Math.abs((row?.commission ?? Number.NaN) - target.montoCuota * 2.5),
        `row ${rowKey(target)}: commission ${row?.commission} is not montoCuota * 2.5 (the first matching rule's factor)`,
      ).toBeLessThanOrEqual(MONEY_TOLERANCE);
      expect(commissionMismatches(after.rows, rules)).toEqual([]);
    });
    await evidence('first-rule-wins', { row: rowKey(target), rows: after.rows.length });
  });

  test('a prize rule with meta and scales pays the prize its scales give for the month and supervisor', async ({
    asAdmin,
    brokersSummaryWithRows,
    requireSnapshot,
    evidence,
  }) => {
    requireSnapshot();
    const before = await test.step('pick a (month, supervisor, UN) with sales', () =>
      brokersSummaryWithRows());
    // Sales per (month, supervisor, UN), over vias; the busiest one, a non-FV supervisor if possible.
    const sales = new Map<string, { month: string; supervisor: string; un: string; count: number }>();
    for (const row of before.rows) {
      const key = [row.month, row.supervisor, row.un].join('\u0000');
      const entry = sales.get(key) ?? { month: row.month, supervisor: row.supervisor, un: row.un, count: 0 };
      entry.count += row.count;
      sales.set(key, entry);
    }
    const candidates = [...sales.values()].sort((a, b) => b.count - a.count);
    const pick = candidates.find((entry) => !FV_MEMBERS.includes(entry.supervisor)) ?? candidates[0];
    if (!pick) throw new Error('precondition: the brokers summary has no sales');
    const monthSales = before.rows
      .filter((row) => row.month === pick.month && row.supervisor === pick.supervisor)
      .reduce((sum, row) => sum + row.count, 0);

    const rules: PrizeRule[] = [
      {
        // meta = the UN's sales: exactly 100%, which pays the 100 scale, not 150 nor 50.
        supervisors: [pick.supervisor],
        uns: [pick.un],
        months: [pick.month],
        meta: pick.count,
        scales: [
          { minPct: 150, prize: 900_000 },
          { minPct: 100, prize: 650_000 },
          { minPct: 50, prize: 300_000 },
        ],
      },
      {
        // Every month of that supervisor, all UNs: 25% of this meta in the chosen month pays 120 000,
        // less than the first rule: the pair gets the best prize over the rules.
        supervisors: [pick.supervisor],
        uns: ['__ALL__'],
        months: [],
        meta: monthSales * 4,
        scales: [{ minPct: 25, prize: 120_000 }],
      },
    ];
    await test.step('make them the only prize rules', async () => {
      await asAdmin.setPrizes({ rules });
    });
    const after = await test.step('read the summary again', () => asAdmin.brokersSummary());
    // Prizes belong to (month, supervisor), reported in these maps (docs/kpis.md): without them the
    // summary cannot show that it follows the prize rules.
    const { prizeByMonthSup, unifiedPrizeByMonthSup } = after;
    if (!prizeByMonthSup || !unifiedPrizeByMonthSup)
      throw new Error(
        'the v1 brokers summary carries no prizeByMonthSup / unifiedPrizeByMonthSup: the prizes the rules pay cannot be read',
      );
    const key = monthSupervisorKey(pick.month, pick.supervisor);
    await test.step(`${key} gets 650 000 (${pick.count} sales of meta ${pick.count} = 100%)`, async () => {
      expect(prizeByMonthSup[key], `${key}: the prize is not the 650 000 its scale gives`).toBe(650_000);
    });
    const expected = expectedPrizeMaps(after.rows, rules);
    await test.step('every (month, supervisor) gets the prize computed from its sales and the rules', async () => {
      expect(after.rows, 'prize rules must not change the rows').toEqual(before.rows);
      expect(prizeMismatches(prizeByMonthSup, expected.prizeByMonthSup)).toEqual([]);
      expect(prizeMismatches(unifiedPrizeByMonthSup, expected.unifiedPrizeByMonthSup)).toEqual([]);
    });
    await evidence('prize', {
      pair: key,
      un: pick.un,
      sales: pick.count,
      monthSales,
      reported: prizeByMonthSup[key],
      pairsChecked: Object.keys(expected.prizeByMonthSup).length,
    });
  });
});
