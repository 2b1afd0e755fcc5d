// An empty v1 summary where the legacy has data, said plainly with where the answer came from:
// "POST /api/v1/analytics/brokers/summary -> HTTP 200 (trace_id ...) for {}: 0 rows, the legacy
// answers 386 for the same filters".
import { contentError, describeReply } from '../clients/expect-ok.ts';
import type { HttpReply, HttpTransport } from '../clients/transport.ts';
import type { AnalyticsFiltersInput } from '../contract/filters.ts';
import { type AnySummary, isEmptySummary } from '../parity/invariants.ts';
import { legacySummaryFor } from '../perf/degraded.ts';
import { emptyAgainstLegacy } from './baselines.ts';

/** "for {...}: 0 rows, the legacy answers 386 for the same filters" (or that the legacy could not be asked). */
async function emptyAnswerDetail(
  summary: AnySummary,
  filters: AnalyticsFiltersInput,
  transport: HttpTransport,
  legacyBase: string,
): Promise<string> {
  const said = `for ${JSON.stringify(filters)}`;
  const legacy = await legacySummaryFor(transport, legacyBase, summary.endpoint, JSON.stringify(filters));
  return legacy === undefined
    ? `${said}: an empty ${summary.endpoint} summary (the legacy could not be asked for the same filters)`
    : `${said}: ${emptyAgainstLegacy(summary, legacy)}`;
}

/**
 * What is wrong with an empty v1 answer: the legacy's count for the same filters, or that the legacy
 * could not be asked (an empty answer proves nothing either way).
 */
export async function emptyAnswerProblem(
  reply: HttpReply,
  summary: AnySummary,
  filters: AnalyticsFiltersInput,
  transport: HttpTransport,
  legacyBase: string,
): Promise<string> {
  return `${describeReply(reply)} ${await emptyAnswerDetail(summary, filters, transport, legacyBase)}`;
}

/**
 * Fails with a ContractError naming the empty answer and the legacy's count for the same filters when
 * `summary` has no data: a check built on its rows would otherwise stop on a precondition ("no
 * sales") that hides the defect.
 */
export async function requireData(
  reply: HttpReply,
  summary: AnySummary,
  filters: AnalyticsFiltersInput,
  transport: HttpTransport,
  legacyBase: string,
): Promise<void> {
  if (!isEmptySummary(summary)) return;
  throw contentError(reply, await emptyAnswerDetail(summary, filters, transport, legacyBase));
}
