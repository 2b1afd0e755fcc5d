import { EXPORT_ENDPOINTS } from '../../src/contract/endpoints.ts';
import type { AnalyticsFiltersInput } from '../../src/contract/filters.ts';
import { withinTolerance } from '../../src/contract/tolerances.ts';
import { expect, fetchSummary, invariantFilterSets, test } from '../../src/gate-fixtures/analytics.ts';
import { isEmptySummary, subsetViolations, summaryViolations } from '../../src/parity/invariants.ts';

// Filter semantics (docs/contract.md "Analytics filters", docs/kpis.md "Filters").
const NO_SUCH_VALUE = '__NO_SUCH_VALUE__';

/** Tramo as the KPIs read it: float then truncated, unparseable = 0 (docs/kpis.md). */
function tramoNumber(text: string): number {
  const value = Number.parseFloat(text.replace(',', '.'));
  return Number.isFinite(value) ? Math.trunc(value) : 0;
}

test.describe('analytics filters', { tag: ['@analytics', '@runbook-verificacion'] }, () => {
  test('a filtered summary is a subset of the unfiltered one', async ({ asViewer, baselines, evidence }) => {
    const compared: string[] = [];
    try {
      await baselines.eachEndpoint(async (endpoint, all, values) => {
        for (const set of invariantFilterSets(values)) {
          if (Object.keys(set.filters).length === 0) continue;
          const filtered = await fetchSummary(asViewer, endpoint, set.filters);
          compared.push(`${endpoint} / ${set.name}${isEmptySummary(filtered) ? ' (empty)' : ''}`);
          expect(
            subsetViolations(filtered, all),
            `${endpoint} with ${set.name} exceeds the unfiltered answer`,
          ).toEqual([]);
        }
      });
    } finally {
      await evidence('subset-checks', compared);
    }
  });

  test('a filter on a value that does not exist gives an empty but valid summary', async ({
    asViewer,
    tolerance,
  }) => {
    const absentMonth = '01/1990';
    for (const endpoint of EXPORT_ENDPOINTS) {
      const sets: AnalyticsFiltersInput[] = [
        { un: [NO_SUCH_VALUE] },
        { supervisor: [NO_SUCH_VALUE] },
        // brokers filters by sale month, the others by gestion month
        endpoint === 'brokers' ? { contract_month: [absentMonth] } : { gestion_month: [absentMonth] },
      ];
      for (const filters of sets) {
        await test.step(`${endpoint} ${JSON.stringify(filters)}`, async () => {
          // The typed client parses the answer with the contract schema: a 4xx/5xx or a bad shape throws.
          const summary = await fetchSummary(asViewer, endpoint, filters);
          expect(isEmptySummary(summary), `${endpoint} with ${JSON.stringify(filters)} is not empty`).toBe(
            true,
          );
          expect(summaryViolations(summary, tolerance, filters.gestion_month ?? [])).toEqual([]);
        });
      }
    }
  });

  test('categoria follows the tramo rule: VIGENTE is tramo <= 3, MOROSO is tramo >= 4', async ({
    asViewer,
    baselines,
    tolerance,
    evidence,
  }) => {
    const baseline = baselines.need('portfolio', 'rendimiento');
    const tramos = {
      VIGENTE: baseline.tramos.filter((tramo) => tramoNumber(tramo) <= 3),
      MOROSO: baseline.tramos.filter((tramo) => tramoNumber(tramo) >= 4),
    };
    const figures: Record<string, unknown> = {};
    for (const categoria of ['VIGENTE', 'MOROSO'] as const) {
      await test.step(categoria, async () => {
        expect(tramos[categoria].length, `the data has no ${categoria} tramo`).toBeGreaterThan(0);
        const byCategoria = await asViewer.rendimientoSummary({ categoria: [categoria] });
        const byTramo = await asViewer.rendimientoSummary({ tramo: tramos[categoria] });
        const portfolio = await asViewer.portfolioSummary({ categoria: [categoria] });
        figures[categoria] = {
          tramos: tramos[categoria],
          rendimientoByCategoria: {
            totalContracts: byCategoria.totalContracts,
            totalDebt: byCategoria.totalDebt,
          },
          rendimientoByTramo: { totalContracts: byTramo.totalContracts, totalDebt: byTramo.totalDebt },
          portfolioByCategoria: { total: portfolio.total, totalDebt: portfolio.totalDebt },
        };
        const strays = Object.keys(byCategoria.tramoStats).filter(
          (tramo) => !tramos[categoria].includes(tramo),
        );
        expect(strays, `rendimiento categoria ${categoria} includes tramo(s) of the other categoria`).toEqual(
          [],
        );
        expect(
          byCategoria.totalContracts,
          `rendimiento: categoria ${categoria} vs tramo ${tramos[categoria]}`,
        ).toBe(byTramo.totalContracts);
        const sameDebt = withinTolerance(
          portfolio.totalDebt,
          byTramo.totalDebt,
          tolerance.absTol,
          tolerance.relTol,
        );
        expect(
          sameDebt,
          `portfolio categoria ${categoria} debt ${portfolio.totalDebt} vs rendimiento tramo ${tramos[categoria]} debt ${byTramo.totalDebt}`,
        ).toBe(true);
        expect(
          portfolio.total,
          `portfolio categoria ${categoria} total vs the unfiltered ${categoria} count`,
        ).toBe(categoria === 'VIGENTE' ? baseline.portfolio.vigente : baseline.portfolio.moroso);
      });
    }
    await evidence('categoria-vs-tramo', figures);
  });

  test('the via_pago filter restricts rendimiento paid to that channel', async ({
    asViewer,
    baselines,
    tolerance,
    evidence,
  }) => {
    const baseline = baselines.need('rendimiento');
    const matrix = baseline.rendimiento.matrixStats;
    const figures: Record<string, { expectedPaid: number; totalPaid: number }> = {};
    expect(baseline.viasPago.length, 'the data has no via de pago').toBeGreaterThan(0);
    for (const viaPago of baseline.viasPago) {
      await test.step(viaPago, async () => {
        // matrixStats[via_cobro][via_pago] of the unfiltered answer: what that channel paid.
        const expectedPaid = Object.values(matrix).reduce((total, row) => total + (row[viaPago] ?? 0), 0);
        const filtered = await asViewer.rendimientoSummary({ via_pago: [viaPago] });
        figures[viaPago] = { expectedPaid, totalPaid: filtered.totalPaid };
        expect(
          withinTolerance(filtered.totalPaid, expectedPaid, tolerance.absTol, tolerance.relTol),
          `rendimiento via_pago ${viaPago}: totalPaid ${filtered.totalPaid}, but that channel paid ${expectedPaid} ` +
            `(unfiltered totalPaid ${baseline.rendimiento.totalPaid})`,
        ).toBe(true);
        const otherChannels = Object.values(filtered.matrixStats).flatMap((row) =>
          Object.entries(row).filter(([channel, paid]) => channel !== viaPago && paid !== 0),
        );
        expect(otherChannels, `rendimiento via_pago ${viaPago} still counts other channels`).toEqual([]);
      });
    }
    await evidence('via-pago', figures);
  });
});
