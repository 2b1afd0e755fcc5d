/**
 * The customer's recording format: `legacy_expected.json`, a list of recorded legacy calls (49 in the
 * golden folder). Each 200 answer of a parity endpoint becomes a case whose v1 filters are rebuilt
 * from the recorded query or body; the folder's name is the dataset.
 */
import { z } from 'zod';
import { type AnalyticsFiltersInput, FILTER_KEYS } from '../contract/filters.ts';
import {
  endpointOfLegacyPath,
  filtersFromLegacyBrokersBody,
  filtersFromLegacyQuery,
  type LegacyAnswer,
} from './legacy-mapping.ts';
import type { ParityEndpoint } from './profiles.ts';
import { answerOf, type RecordedCase, type Recording } from './recording.ts';
import { RecordingError } from './recording-error.ts';

export const LEGACY_EXPECTED_FILE = 'legacy_expected.json';

const StringLists = z.record(z.string(), z.array(z.string()));

/** One entry of the customer's legacy_expected.json. */
const LegacyExpectedEntry = z.looseObject({
  case: z.string().min(1),
  method: z.enum(['GET', 'POST']),
  path: z.string().startsWith('/'),
  query: StringLists.optional(),
  body: StringLists.optional(),
  body_raw: z.string().optional(),
  status: z.number().int(),
  response: z.unknown(),
});
const LegacyExpectedFile = z.array(LegacyExpectedEntry);

/** Canonical text of a filter set (keys in contract order, values sorted) to group recordings. */
function filtersKey(filters: AnalyticsFiltersInput): string {
  return JSON.stringify(FILTER_KEYS.map((key) => [...(filters[key] ?? [])].sort()));
}

/**
 * Cases from the customer's legacy_expected.json: every 200 answer of a parity endpoint, grouped by
 * endpoint and filters (a portfolio summary and trend with the same filters form one case; a second
 * recording of the same call becomes the case's Diffy repeat).
 */
export function casesFromLegacyExpected(data: unknown, dataset: string, source: string): Recording {
  const parsed = LegacyExpectedFile.safeParse(data);
  if (!parsed.success) {
    throw new RecordingError(
      `${source} is not a list of recorded legacy calls: ${parsed.error.issues[0]?.message}`,
    );
  }
  const groups = new Map<
    string,
    {
      endpoint: ParityEndpoint;
      filters: AnalyticsFiltersInput;
      names: string[];
      answers: LegacyAnswer[];
      repeats: LegacyAnswer[];
    }
  >();
  const skipped: { case: string; reason: string }[] = [];
  for (const entry of parsed.data) {
    const endpoint = endpointOfLegacyPath(entry.path);
    if (!endpoint) {
      skipped.push({
        case: entry.case,
        reason: `${entry.method} ${entry.path} has no v1 parity counterpart`,
      });
      continue;
    }
    if (entry.status !== 200) {
      skipped.push({
        case: entry.case,
        reason: `recorded error answer (HTTP ${entry.status}), not a parity case`,
      });
      continue;
    }
    const filters =
      entry.method === 'POST'
        ? filtersFromLegacyBrokersBody(entry.body ?? {})
        : filtersFromLegacyQuery(entry.query ?? {});
    const key = `${endpoint} ${filtersKey(filters)}`;
    const group = groups.get(key) ?? { endpoint, filters, names: [], answers: [], repeats: [] };
    groups.set(key, group);
    const answer = answerOf({
      method: entry.method,
      path: entry.path,
      query: entry.query,
      body: entry.body,
      status: entry.status,
      response: entry.response,
    });
    const target = group.answers.some((known) => known.call.path === entry.path)
      ? group.repeats
      : group.answers;
    if (target === group.repeats && group.repeats.some((known) => known.call.path === entry.path)) {
      skipped.push({ case: entry.case, reason: 'third recording of the same call' });
      continue;
    }
    target.push(answer);
    group.names.push(entry.case);
  }
  const cases = [...groups.values()].map(
    (group): RecordedCase => ({
      name: group.names[0] ?? '(unnamed)',
      endpoint: group.endpoint,
      filters: group.filters,
      answers: group.answers,
      // A repeat only helps when it covers the same calls as the answers.
      repeats: group.repeats.length === group.answers.length ? group.repeats : [],
      recordedAs: group.names,
    }),
  );
  return { dataset, source, cases, skipped };
}
