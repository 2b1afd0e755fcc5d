/**
 * Parity that proves nothing: when v1 answers with the legacy's own answer (the customer's v1 GETs
 * the legacy and passes its payload through), comparing the two compares the legacy with itself,
 * and the runbook's T+60 step "programar apagado legacy" would then break v1 analytics. Evidence,
 * per case, for the same filters on both sides:
 * - the same `meta.signature`: the legacy's signature names its own data files and their times, an
 *   independent v1 has a signature of its own (or none);
 * - no signature of its own and the same answer outside `meta` (a pass-through that rewrote or
 *   dropped the legacy's meta). An independent v1 that matches the legacy exactly is what parity
 *   wants, so identity alone is not held against a v1 that signs its answers itself.
 */
import { isDeepStrictEqual } from 'node:util';
import type { LegacyAnswer } from './legacy-mapping.ts';

/** The verdict line every report and the evidence summary use (searched for by the summary). */
export const FORWARDING_VERDICT = 'v1 forwards to the legacy: parity proves nothing';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function signatureOf(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.meta)) return undefined;
  const signature = body.meta.signature;
  return typeof signature === 'string' && signature !== '' ? signature : undefined;
}

function withoutMeta(body: Record<string, unknown>): Record<string, unknown> {
  const { meta: _meta, ...rest } = body;
  return rest;
}

/** Why the v1 answer looks like the legacy's own, or undefined when it does not. */
export function forwardingEvidence(v1: unknown, legacy: readonly LegacyAnswer[]): string | undefined {
  const v1Signature = signatureOf(v1);
  for (const answer of legacy) {
    if (answer.status !== 200) continue;
    const where = `${answer.call.method} ${answer.call.path}`;
    if (v1Signature !== undefined && v1Signature === signatureOf(answer.body)) {
      return `v1 carries the legacy's meta.signature of ${where} (${v1Signature.slice(0, 60)}${v1Signature.length > 60 ? '...' : ''})`;
    }
    if (v1Signature === undefined && isRecord(v1) && isRecord(answer.body)) {
      const mine = withoutMeta(v1);
      if (Object.keys(mine).length > 0 && isDeepStrictEqual(mine, withoutMeta(answer.body))) {
        return `v1 has no signature of its own and answers exactly the legacy's ${where} outside meta`;
      }
    }
  }
  return undefined;
}

export interface ForwardedCase {
  readonly case: string;
  readonly endpoint: string;
  readonly evidence: string;
}

/**
 * One line per endpoint that v1 forwards: how many of its cases, the first case's evidence, and
 * what it means for the runbook.
 */
export function describeForwarding(
  forwarded: readonly ForwardedCase[],
  casesByEndpoint: ReadonlyMap<string, number>,
): string[] {
  const endpoints = [...new Set(forwarded.map((entry) => entry.endpoint))];
  return endpoints.map((endpoint) => {
    const mine = forwarded.filter((entry) => entry.endpoint === endpoint);
    const first = mine[0];
    return (
      `${endpoint}: ${FORWARDING_VERDICT} (${mine.length} of ${casesByEndpoint.get(endpoint) ?? mine.length} case(s); ` +
      `${first ? `${first.case}: ${first.evidence}` : ''}): the legacy was compared with itself, ` +
      "and the runbook's T+60 legacy shutdown would break v1"
    );
  });
}
