/**
 * One parity execution: for every case, the legacy answer (live or recorded) and the v1 answer for
 * the same filters, compared by ./compare.ts with the endpoint's profile. Shared by the Playwright
 * gate (tests/analytics/parity.spec.ts) and `npm run parity:report` (cli/parity-report.ts).
 *
 * - Live legacy calls are retried for 5xx and network errors only (src/clients/retry.ts); every
 *   retry is returned for the evidence. v1 calls are never retried: v1's first answer is judged.
 * - A legacy answer that is not 200 fails its case; a 200 answer that breaks the legacy contract
 *   schema is still compared (so an empty `{meta}` reads as "nothing comparable") and the schema
 *   problem is added to the case's reasons.
 * - A case where v1 and the legacy both answer a well-formed summary with no data is listed as "no
 *   data on either side": not compared, and not counted as compared (the report's judge fails an
 *   endpoint none of whose cases had data).
 * - Diffy noise: with `learnNoise`, a live source calls the legacy twice per case (a recording uses
 *   its second recording of the same call, when it has one) and paths that differ between the two
 *   are skipped. The noise learnt is returned so the next execution reuses it.
 */

import { describeIssues } from '../clients/expect-ok.ts';
import type { RetryRecord } from '../clients/retry.ts';
import type { V1Client } from '../clients/v1-client.ts';
import { LEGACY_RESPONSE_BY_PATH } from '../contract/legacy.ts';
import type { ParityCase } from './case-set.ts';
import { compare, type EndpointReport, learnNoise } from './compare.ts';
import type { Deviation, ExpiredDeviation } from './deviations.ts';
import { type ForwardedCase, forwardingEvidence } from './forwarding.ts';
import { isEmptyPayload } from './invariants.ts';
import { describeTolerance, type ToleranceSpec } from './kinds.ts';
import {
  type LegacyAnswer,
  type LegacyCall,
  type MergedLegacy,
  mergeLegacyAnswers,
} from './legacy-mapping.ts';
import { type ParityEndpoint, parityOptions } from './profiles.ts';
import type { NoDataCase, ParityRun } from './report.ts';
import type { LegacyFetch, ParitySource } from './sources.ts';

export type V1Fetch = (parityCase: ParityCase) => Promise<unknown>;

/** The v1 summary of a case through the typed client (schema-checked). */
export function v1Fetch(client: V1Client): V1Fetch {
  return (parityCase) => {
    switch (parityCase.endpoint) {
      case 'portfolio':
        return client.portfolioSummary(parityCase.filters);
      case 'rendimiento':
        return client.rendimientoSummary(parityCase.filters);
      case 'mora':
        return client.moraSummary(parityCase.filters);
      case 'brokers':
        return client.brokersSummary(parityCase.filters);
    }
  };
}

interface ParityRetry extends RetryRecord {
  readonly case: string;
  readonly side: 'legacy';
}

interface CaseOutcome {
  readonly case: string;
  readonly endpoint: ParityEndpoint;
  readonly filters: ParityCase['filters'];
  readonly verdict: 'pass' | 'fail' | 'no-data';
  /** v1 paths left out because the recording has no counterpart (portfolio summary-only cases...). */
  readonly unrecorded: string[];
  readonly legacyCalls: number;
}

export interface ParityExecution {
  readonly run: ParityRun;
  readonly outcomes: CaseOutcome[];
  readonly retries: ParityRetry[];
  /** Noise paths per case (learnt in this execution or passed in). */
  readonly noise: Map<string, string[]>;
}

export interface ParityExecutionOptions {
  readonly source: ParitySource;
  readonly fetchV1: V1Fetch;
  /** Only these endpoints' cases (default: all). */
  readonly endpoints?: readonly ParityEndpoint[];
  readonly tolerance: ToleranceSpec;
  readonly deviations: readonly Deviation[];
  /** Expired registry entries (they fail the run even if no case used them). */
  readonly registryErrors?: readonly ExpiredDeviation[];
  readonly today?: string | Date;
  /** Ask the source for a second legacy answer per case and learn the noise from it. */
  readonly learnNoise?: boolean;
  /** Noise learnt by an earlier execution, per case. */
  readonly knownNoise?: ReadonlyMap<string, readonly string[]>;
  /** Shown in the report header (target, run number...). */
  readonly header?: Readonly<Record<string, string>>;
  /**
   * The live legacy's answers for a case, when the source is a recording: forwarding (v1 passing the
   * legacy's answer through) shows only against the legacy v1 talks to, not against a recording.
   */
  readonly liveLegacy?: (parityCase: ParityCase) => Promise<readonly LegacyAnswer[]>;
  /** Why some cases could not even be built (e.g. no filter values to draw from): the run fails. */
  readonly problems?: readonly string[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A case that could not be compared: a failing report with the reason and nothing compared. */
function failedCase(
  endpoint: ParityEndpoint,
  caseName: string,
  reasons: string[],
  tolerance: ToleranceSpec,
): EndpointReport {
  return {
    endpoint,
    caseName,
    tolerance,
    kinds: { count: 0, money: 0, percent: 0, undeclared: 0 },
    comparedCount: 0,
    numericCompared: 0,
    matches: 0,
    drifts: [],
    onlyInV1: [],
    onlyInLegacy: [],
    acknowledged: [],
    noise: [],
    excluded: [],
    expiredDeviations: [],
    verdict: 'fail',
    reasons,
  };
}

function describeCall(call: LegacyCall): string {
  return `${call.method} ${call.path}`;
}

function legacyProblems(answers: readonly LegacyAnswer[]): { fatal: string[]; schema: string[] } {
  const fatal: string[] = [];
  const schema: string[] = [];
  for (const answer of answers) {
    if (answer.status !== 200) {
      const code =
        typeof answer.body === 'object' && answer.body !== null && 'error_code' in answer.body
          ? ` ${String(answer.body.error_code)}`
          : '';
      fatal.push(
        `legacy ${describeCall(answer.call)} answered HTTP ${answer.status}${code}: nothing to compare`,
      );
      continue;
    }
    const result = LEGACY_RESPONSE_BY_PATH[answer.call.path].safeParse(answer.body, { reportInput: true });
    if (!result.success) {
      schema.push(
        `legacy ${describeCall(answer.call)} answer breaks the contract ${describeIssues(result.error).text}`,
      );
    }
  }
  return { fatal, schema };
}

/** What an execution collects case by case. */
interface ExecutionLog {
  readonly reports: EndpointReport[];
  readonly outcomes: CaseOutcome[];
  readonly retries: ParityRetry[];
  readonly noise: Map<string, string[]>;
  readonly forwarding: ForwardedCase[];
  readonly noData: NoDataCase[];
}

/** One parity execution over the source's cases (see the module comment). */
export async function runParityExecution(options: ParityExecutionOptions): Promise<ParityExecution> {
  const cases = options.source.cases.filter(
    (c) => !options.endpoints || options.endpoints.includes(c.endpoint),
  );
  const log: ExecutionLog = {
    reports: [],
    outcomes: [],
    retries: [],
    noise: new Map(),
    forwarding: [],
    noData: [],
  };
  for (const parityCase of cases) await runCase(parityCase, options, log);
  return { run: parityRun(options, log), outcomes: log.outcomes, retries: log.retries, noise: log.noise };
}

function parityRun(options: ParityExecutionOptions, log: ExecutionLog): ParityRun {
  const { source, tolerance } = options;
  return {
    header: {
      source: source.kind,
      dataset: source.dataset,
      legacy: source.location,
      ...Object.fromEntries(
        Object.entries(describeTolerance(tolerance)).map(([kind, rule]) => [`tolerance (${kind})`, rule]),
      ),
      ...options.header,
    },
    reports: log.reports,
    ...(log.noData.length > 0 ? { noData: log.noData } : {}),
    ...(options.problems && options.problems.length > 0 ? { problems: options.problems } : {}),
    ...(options.registryErrors ? { registryErrors: options.registryErrors } : {}),
    ...(log.forwarding.length > 0 ? { forwarding: log.forwarding } : {}),
  };
}

/** Both sides of a case, or why the case failed before any comparison. */
type CaseAnswers =
  | { readonly failed: string[]; readonly legacyCalls: number }
  | {
      readonly failed?: undefined;
      readonly legacy: LegacyFetch;
      readonly legacyCalls: number;
      /** Legacy answers that break the legacy contract: compared anyway, and they fail the case. */
      readonly schemaProblems: string[];
      readonly v1: unknown;
    };

async function fetchCaseAnswers(
  parityCase: ParityCase,
  options: ParityExecutionOptions,
  log: ExecutionLog,
): Promise<CaseAnswers> {
  let legacy: LegacyFetch;
  try {
    legacy = await options.source.legacy(parityCase, { repeat: options.learnNoise === true });
  } catch (error) {
    return { failed: [`legacy: ${message(error)}`], legacyCalls: 0 };
  }
  log.retries.push(
    ...legacy.retries.map((retry) => ({ ...retry, case: parityCase.name, side: 'legacy' as const })),
  );
  const legacyCalls = legacy.answers.length + legacy.repeats.length;
  const problems = legacyProblems(legacy.answers);
  if (problems.fatal.length > 0) return { failed: problems.fatal, legacyCalls };
  // v1 is the system under test: its first answer is the verdict. A retried 5xx would hide an
  // intermittent failure behind the retry that happened to pass.
  try {
    const v1 = await options.fetchV1(parityCase);
    return { legacy, legacyCalls, schemaProblems: problems.schema, v1 };
  } catch (error) {
    return { failed: [`v1: ${message(error)}`], legacyCalls };
  }
}

/** The live legacy's answers for forwarding evidence; none when it is not asked for or not reachable. */
async function liveLegacyAnswers(
  parityCase: ParityCase,
  options: ParityExecutionOptions,
): Promise<readonly LegacyAnswer[]> {
  if (!options.liveLegacy) return [];
  try {
    return await options.liveLegacy(parityCase);
  } catch {
    // The live legacy is not reachable: forwarding cannot be shown this way, the comparison stands.
    return [];
  }
}

/** byGestion is not part of the contract's v1 portfolio (a server may add it): compared when v1 has it. */
function v1LacksByGestion(endpoint: ParityEndpoint, v1: unknown): boolean {
  return endpoint === 'portfolio' && typeof v1 === 'object' && v1 !== null && !('byGestion' in v1);
}

/**
 * Why a case is listed as not compared, if it is: no data on either side, or only the trend recorded
 * while v1 does not carry byGestion (nothing v1 must carry is left).
 */
function whyNotCompared(
  endpoint: ParityEndpoint,
  v1: unknown,
  merged: MergedLegacy,
): { why?: string } | undefined {
  if (isEmptyPayload(endpoint, v1) && isEmptyPayload(endpoint, merged.payload)) return {};
  if (v1LacksByGestion(endpoint, v1) && merged.unrecorded.includes('total')) {
    return {
      why: 'only the trend (byGestion) is recorded and v1 portfolio does not carry it (the contract does not list it)',
    };
  }
  return undefined;
}

/** The case's noise: known from an earlier execution, plus what differs between two legacy answers. */
function caseNoise(
  parityCase: ParityCase,
  options: ParityExecutionOptions,
  legacy: LegacyFetch,
  merged: MergedLegacy,
  exclude: string[],
): string[] {
  const known = [...(options.knownNoise?.get(parityCase.name) ?? [])];
  if (legacy.repeats.length === 0 || !legacy.repeats.every((repeat) => repeat.status === 200)) return known;
  const profile = parityOptions(parityCase.endpoint, { exclude });
  const repeat = mergeLegacyAnswers(parityCase.endpoint, legacy.repeats);
  const learnt = learnNoise(merged.payload, repeat.payload, {
    ...(profile.arrayKeys ? { arrayKeys: profile.arrayKeys } : {}),
    ...(profile.labelArrays ? { labelArrays: profile.labelArrays } : {}),
    ...(profile.exclude ? { exclude: profile.exclude } : {}),
  });
  return [...new Set([...known, ...learnt])].sort();
}

async function runCase(parityCase: ParityCase, options: ParityExecutionOptions, log: ExecutionLog) {
  const { name, endpoint, filters } = parityCase;
  const { tolerance } = options;
  const outcome = (verdict: CaseOutcome['verdict'], unrecorded: string[], legacyCalls: number) =>
    log.outcomes.push({ case: name, endpoint, filters, verdict, unrecorded, legacyCalls });
  const record = (report: EndpointReport, unrecorded: string[], legacyCalls: number) => {
    log.reports.push(report);
    outcome(report.verdict, unrecorded, legacyCalls);
  };

  const answers = await fetchCaseAnswers(parityCase, options, log);
  if (answers.failed) {
    record(failedCase(endpoint, name, answers.failed, tolerance), [], answers.legacyCalls);
    return;
  }
  const { legacy, legacyCalls, v1 } = answers;
  const forwarded = forwardingEvidence(v1, [
    ...legacy.answers,
    ...(await liveLegacyAnswers(parityCase, options)),
  ]);
  if (forwarded) log.forwarding.push({ case: name, endpoint, evidence: forwarded });
  const merged = mergeLegacyAnswers(endpoint, legacy.answers);
  const notComparedCase = whyNotCompared(endpoint, v1, merged);
  if (notComparedCase) {
    log.noData.push({ case: name, endpoint, filters, ...notComparedCase });
    outcome('no-data', merged.unrecorded, legacyCalls);
    return;
  }
  const notCompared = v1LacksByGestion(endpoint, v1)
    ? [...new Set([...merged.unrecorded, 'byGestion'])]
    : merged.unrecorded;
  const noise = caseNoise(parityCase, options, legacy, merged, notCompared);
  log.noise.set(name, noise);
  const report = compare(
    v1,
    merged.payload,
    parityOptions(endpoint, {
      caseName: name,
      tolerance,
      deviations: options.deviations,
      ...(options.today ? { today: options.today } : {}),
      noise,
      exclude: notCompared,
    }),
  );
  const { schemaProblems } = answers;
  record(
    schemaProblems.length > 0
      ? { ...report, verdict: 'fail', reasons: [...schemaProblems, ...report.reasons] }
      : report,
    notCompared,
    legacyCalls,
  );
}
