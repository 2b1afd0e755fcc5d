/**
 * The evidence record every gate writes to `EVIDENCE_DIR/<gate>.json`: what was checked, against
 * what, the figures, the verdict with its reasons, and when. Read by auditors and by
 * `renderEvidenceSummary` for the system's cutover checklist (docs/runbook.md).
 */
import { z } from 'zod';
import type { TargetMode } from '../targets/target.ts';

/** Gate names become file names: lower-case kebab, nothing that could leave the folder. */
export const GATE_NAME = /^[a-z0-9][a-z0-9-]*$/;

const TARGET_MODES = ['reference', 'external', 'compose'] as const satisfies readonly TargetMode[];

const timestamp = z.iso.datetime({ offset: true });

const RetrySchema = z.object({
  /** What was retried, e.g. "GET /analytics/portfolio/summary". */
  what: z.string().min(1),
  attempt: z.number().int().positive(),
  reason: z.string().min(1),
  at: timestamp.optional(),
});

const EvidenceRecordSchema = z
  .strictObject({
    gate: z.string().regex(GATE_NAME, { message: 'gate must be lower-case kebab (a-z, 0-9, -)' }),
    suiteVersion: z.string().min(1),
    target: z.object({
      mode: z.enum(TARGET_MODES),
      apiBase: z.string().min(1),
      legacyBase: z.string().min(1),
      dataset: z.string().min(1).optional(),
    }),
    checked: z.array(z.string().min(1)),
    figures: z.record(z.string(), z.unknown()),
    // partial: every check that ran passed, but some were excluded (never a plain pass).
    verdict: z.enum(['pass', 'partial', 'fail', 'inconclusive']),
    reasons: z.array(z.string()),
    retries: z.array(RetrySchema).optional(),
    startedAt: timestamp,
    finishedAt: timestamp,
  })
  .refine((record) => record.verdict === 'pass' || record.reasons.length > 0, {
    message: 'a partial, fail or inconclusive verdict needs at least one reason',
    path: ['reasons'],
  })
  .refine((record) => Date.parse(record.finishedAt) >= Date.parse(record.startedAt), {
    message: 'finishedAt is before startedAt',
    path: ['finishedAt'],
  });

export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;
export type EvidenceVerdict = EvidenceRecord['verdict'];

export class EvidenceError extends Error {
  override name = 'EvidenceError';
}

/** Validate a record, throwing EvidenceError naming each bad field. */
export function parseEvidenceRecord(data: unknown, source = 'evidence record'): EvidenceRecord {
  const result = EvidenceRecordSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
  );
  throw new EvidenceError(`invalid ${source}:\n${lines.join('\n')}`);
}
