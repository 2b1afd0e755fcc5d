// Degraded answers: a 2xx that is not the data. The customer's v1 answers 200 with
// `{"rows": [], "meta": {"source": "api-v1-fallback"}}` when its legacy call fails, and 200 with no
// rows where the legacy has hundreds; counting every 2xx as a success would let an outage under load
// pass perf and the cutover window. Each 2xx body a load collects is kept and judged after the load
// (not a sample; judging during it would delay the responses being timed): it
// must be JSON, must not say it fell back, must match the summary's schema; an empty summary counts
// once the legacy, asked for the same filters after the load, shows it has data.
import { describeIssues } from '../clients/expect-ok.ts';
import { LegacyClient } from '../clients/legacy-client.ts';
import { DEFAULT_RETRY_POLICY } from '../clients/retry.ts';
import type { HttpTransport } from '../clients/transport.ts';
import type { ExportEndpoint } from '../contract/endpoints.ts';
import { type AnalyticsFiltersInput, compactFilters } from '../contract/filters.ts';
import type { AnySummary } from '../parity/invariants.ts';
import { isEmptySummary, summarySchemaOf } from '../parity/invariants.ts';
import { legacyCallsFor, mergeLegacyAnswers } from '../parity/legacy-mapping.ts';
import { sendLegacyCall } from '../parity/sources.ts';

/** The body judgement: degraded with a reason, empty (to be checked against the legacy), or fine. */
export type BodyJudgement = { kind: 'degraded'; reason: string } | { kind: 'empty' } | { kind: 'ok' };

/** Words a `meta.source` uses when the answer is not the data (the customer's "api-v1-fallback"). */
const FALLBACK_SOURCE = /fallback|degraded|stale|cache-only/i;

/** Judge one 2xx body of a v1 analytics summary. */
export function judgeSummaryBody(endpoint: ExportEndpoint, text: string): BodyJudgement {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'degraded', reason: 'the 2xx body is not JSON' };
  }
  const meta = typeof body === 'object' && body !== null ? (body as { meta?: unknown }).meta : undefined;
  const source =
    typeof meta === 'object' && meta !== null ? (meta as { source?: unknown }).source : undefined;
  if (typeof source === 'string' && FALLBACK_SOURCE.test(source)) {
    return { kind: 'degraded', reason: `meta.source "${source}": a fallback, not the data` };
  }
  const parsed = summarySchemaOf(endpoint).safeParse(body);
  if (!parsed.success) {
    return {
      kind: 'degraded',
      reason: `breaks the ${endpoint} summary schema ${describeIssues(parsed.error).text}`,
    };
  }
  const summary = { endpoint, payload: parsed.data } as AnySummary;
  return isEmptySummary(summary) ? { kind: 'empty' } : { kind: 'ok' };
}

/**
 * The legacy's answer for the filters of a v1 request body (one legacy call, two for portfolio), as
 * the v1 summary it stands for; undefined when the legacy could not say (error answer, not
 * reachable, a body off the schema).
 */
export async function legacySummaryFor(
  transport: HttpTransport,
  legacyBase: string,
  endpoint: ExportEndpoint,
  requestBody: string,
): Promise<AnySummary | undefined> {
  try {
    const filters = compactFilters(JSON.parse(requestBody) as AnalyticsFiltersInput);
    const legacy = new LegacyClient(legacyBase, transport, { traceIdPrefix: 'e2e-degraded-check' });
    const answers = [];
    for (const call of legacyCallsFor({ name: 'degraded-check', endpoint, filters })) {
      const sent = await sendLegacyCall(legacy, call, DEFAULT_RETRY_POLICY);
      if (sent.status !== 200) return undefined;
      answers.push({ call, status: sent.status, body: sent.body });
    }
    const merged = mergeLegacyAnswers(endpoint, answers).payload;
    const parsed = summarySchemaOf(endpoint).safeParse(merged);
    return parsed.success ? ({ endpoint, payload: parsed.data } as AnySummary) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the legacy has data for the filters of a v1 request body; undefined when the legacy could
 * not say.
 */
export async function legacyHasData(
  transport: HttpTransport,
  legacyBase: string,
  endpoint: ExportEndpoint,
  requestBody: string,
): Promise<boolean | undefined> {
  const summary = await legacySummaryFor(transport, legacyBase, endpoint, requestBody);
  return summary === undefined ? undefined : !isEmptySummary(summary);
}

/** Degraded answers of one load: reason -> count, plus the empty answers by request body. */
export class DegradedTally {
  degraded = 0;
  readonly reasons: Record<string, number> = {};
  readonly emptyByRequest = new Map<string, number>();

  /** Bodies kept during the load and judged after it, so judging never delays the timed responses. */
  private readonly pending: [string, string | undefined][] = [];

  constructor(private readonly endpoint: ExportEndpoint) {}

  /** Keep one 2xx body (the load's onBody hook). */
  record(text: string, requestBody: string | undefined): void {
    this.pending.push([text, requestBody]);
  }

  /** Judge every body kept so far (after the load). */
  judgePending(): void {
    for (const [text, requestBody] of this.pending.splice(0)) this.judge(text, requestBody);
  }

  private judge(text: string, requestBody: string | undefined): void {
    const judged = judgeSummaryBody(this.endpoint, text);
    if (judged.kind === 'degraded') this.add(judged.reason, 1);
    else if (judged.kind === 'empty') {
      const key = requestBody ?? '';
      this.emptyByRequest.set(key, (this.emptyByRequest.get(key) ?? 0) + 1);
    }
  }

  add(reason: string, count: number): void {
    this.degraded += count;
    // Bounded: one entry per distinct reason, at most 20.
    if (reason in this.reasons || Object.keys(this.reasons).length < 20) {
      this.reasons[reason] = (this.reasons[reason] ?? 0) + count;
    }
  }

  /**
   * Ask the legacy about each distinct request whose v1 answer was empty (at most `limit`); those
   * it has data for become degraded. Returns what could not be checked.
   */
  async confirmEmpty(
    check: (requestBody: string) => Promise<boolean | undefined>,
    limit = 10,
  ): Promise<string[]> {
    this.judgePending();
    const unchecked: string[] = [];
    let asked = 0;
    for (const [requestBody, count] of this.emptyByRequest) {
      if (asked >= limit) {
        unchecked.push(`${count} empty answer(s) for ${requestBody} (over the ${limit} legacy checks)`);
        continue;
      }
      asked += 1;
      const hasData = await check(requestBody);
      if (hasData === true) this.add(`empty while the legacy has data for ${requestBody}`, count);
      else if (hasData === undefined)
        unchecked.push(`${count} empty answer(s) for ${requestBody}: the legacy could not be asked`);
    }
    return unchecked;
  }
}
