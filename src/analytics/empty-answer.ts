// An empty v1 summary where the legacy has data, said plainly with where the answer came from:
// "POST /api/v1/analytics/brokers/summary -> HTTP 200 (trace_id ...) for {}: 0 rows, the legacy
// answers 386 for the same filters".
import { describeReply } from '../clients/expect-ok.ts';
import type { HttpReply, HttpTransport } from '../clients/transport.ts';
import type { AnalyticsFiltersInput } from '../contract/filters.ts';
import type { AnySummary } from '../parity/invariants.ts';
import { legacySummaryFor } from '../perf/degraded.ts';
import { emptyAgainstLegacy } from './baselines.ts';

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
  const said = `${describeReply(reply)} for ${JSON.stringify(filters)}`;
  const legacy = await legacySummaryFor(transport, legacyBase, summary.endpoint, JSON.stringify(filters));
  return legacy === undefined
    ? `${said}: an empty ${summary.endpoint} summary (the legacy could not be asked for the same filters)`
    : `${said}: ${emptyAgainstLegacy(summary, legacy)}`;
}
