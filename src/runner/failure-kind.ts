// Why a test failed, as the self-test needs to know it: a fault is detected only by a failed check
// (an expect assertion or a contract check of a reply), never by a run that broke (a timeout, a
// fixture or hook that could not set up, a refused connection, an unexpected exception).
import { stripVTControlCharacters } from 'node:util';

export const FAILURE_KINDS = ['assertion', 'contract', 'timeout', 'setup', 'connection', 'error'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Kinds that show the test measured something and found it wrong. */
export const CHECK_FAILURES: readonly FailureKind[] = ['assertion', 'contract'];

/** The part of Playwright's TestStep the classification reads. */
export interface StepLike {
  category: string;
  error?: { message?: string } | undefined;
  steps: StepLike[];
}

export interface FailedResult {
  status: string;
  errors: { message?: string; stack?: string }[];
  steps: StepLike[];
}

// Errors the suite's own checks throw when a reply breaks the contract (src/clients/expect-ok.ts,
// src/exports/export-error.ts, src/parity/recording-error.ts).
const CONTRACT_ERROR = /^(ContractError|ExportFormatError|RecordingError)\b/;
const CONNECTION_ERROR =
  /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|UND_ERR_\w+|TransportError|socket hang up|fetch failed|other side closed)\b/;

/** The chain of steps, outermost first, that ends at the innermost step carrying an error. */
function erroredChain(steps: StepLike[]): StepLike[] {
  for (const step of steps) {
    if (!step.error) continue;
    return [step, ...erroredChain(step.steps)];
  }
  for (const step of steps) {
    const inner = erroredChain(step.steps);
    if (inner.length > 0) return [step, ...inner];
  }
  return [];
}

/** Enough of a failure's text for the self-test to find the fault's symptom in it (parity lists its drifts). */
const DETAIL_LIMIT = 4000;

export interface ClassifiedFailure {
  kind: FailureKind;
  /** The first line of the first error. */
  message: string;
  /** The first error's whole message, colour codes dropped, at most DETAIL_LIMIT characters. */
  detail: string;
}

export function classifyFailure(result: FailedResult): ClassifiedFailure {
  const first = result.errors[0];
  const text = first?.stack ?? first?.message ?? '';
  const firstMessage = stripVTControlCharacters(first?.message ?? result.status);
  const message = firstMessage.split('\n').find((line) => line.trim() !== '') ?? '';
  const kind = kindOf(result, text);
  return { kind, message, detail: firstMessage.slice(0, DETAIL_LIMIT) };
}

function kindOf(result: FailedResult, text: string): FailureKind {
  if (result.status === 'timedOut' || result.status === 'interrupted') return 'timeout';
  if (CONNECTION_ERROR.test(text)) return 'connection';
  const chain = erroredChain(result.steps);
  if (chain.some((step) => step.category === 'fixture' || step.category === 'hook')) {
    return 'setup';
  }
  if (chain.at(-1)?.category === 'expect') return 'assertion';
  const firstLine = text.trimStart();
  if (CONTRACT_ERROR.test(firstLine)) return 'contract';
  return 'error';
}
