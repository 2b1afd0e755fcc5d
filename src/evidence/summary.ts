/**
 * The evidence folder as a Markdown block for the system's cutover checklist (docs/runbook.md):
 * overall verdict, one table row per gate (verdict, target, key figures, timestamps, suite version), then the
 * reasons of every gate that did not pass and any file that is not valid evidence.
 */
import { FORWARDING_VERDICT } from '../parity/forwarding.ts';
import type { EvidenceRecord, EvidenceVerdict } from './record.ts';
import { readEvidenceDir } from './writer.ts';

export interface SummaryOptions {
  readonly title?: string;
  /** Shown under the title, e.g. the time the summary was made (ISO). */
  readonly generatedAt?: string;
  /** Top-level figures shown per gate (default 6); the rest are counted. */
  readonly maxFigures?: number;
  /** Invalid evidence files (from readEvidenceDir); they make the overall verdict at best inconclusive. */
  readonly problems?: readonly string[];
}

/**
 * pass only if there is evidence, all of it valid, and every gate passed with every check run;
 * a gate that passed with checks excluded makes it partial.
 */
export function overallVerdict(
  records: readonly EvidenceRecord[],
  problems: readonly string[] = [],
): EvidenceVerdict {
  if (records.some((record) => record.verdict === 'fail')) return 'fail';
  if (records.length === 0 || problems.length > 0) return 'inconclusive';
  if (records.some((record) => record.verdict === 'inconclusive')) return 'inconclusive';
  return records.some((record) => record.verdict === 'partial') ? 'partial' : 'pass';
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function figureValue(value: unknown): string {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return String(value);
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (typeof value === 'object') return `{${Object.keys(value).length} fields}`;
  return String(value);
}

/** `name=value` for the first `max` top-level figures, then how many were left out. */
export function keyFigures(figures: Readonly<Record<string, unknown>>, max = 6): string {
  const entries = Object.entries(figures);
  if (entries.length === 0) return '-';
  const shown = entries.slice(0, max).map(([name, value]) => `${name}=${figureValue(value)}`);
  if (entries.length > max) shown.push(`+${entries.length - max} more`);
  return shown.join(', ');
}

function targetText(target: EvidenceRecord['target']): string {
  const parts = [target.mode, `api ${target.apiBase}`, `legacy ${target.legacyBase}`];
  if (target.dataset) parts.push(`dataset ${target.dataset}`);
  return parts.join(', ');
}

/** Render records (any order) as Markdown; pure. */
export function renderEvidenceSummary(
  records: readonly EvidenceRecord[],
  options: SummaryOptions = {},
): string {
  const sorted = [...records].sort((left, right) => left.gate.localeCompare(right.gate));
  const problems = options.problems ?? [];
  const verdict = overallVerdict(sorted, problems);
  const count = (wanted: EvidenceVerdict) => sorted.filter((record) => record.verdict === wanted).length;
  const lines = [`### ${options.title ?? 'Evidence summary'}`, ''];
  if (options.generatedAt) lines.push(`Generated ${options.generatedAt}.`, '');
  lines.push(
    `Overall: **${verdict.toUpperCase()}** — ${sorted.length} gate(s): ${count('pass')} pass, ` +
      `${count('partial')} partial, ${count('fail')} fail, ${count('inconclusive')} inconclusive.`,
    '',
  );
  const forwarding = sorted.flatMap((record) =>
    record.reasons.filter((reason) => reason.includes(FORWARDING_VERDICT)),
  );
  if (forwarding.length > 0) {
    lines.push(
      `**T+60 legacy shutdown ("programar apagado legacy") is UNSAFE**: ${FORWARDING_VERDICT}; ` +
        'v1 analytics would fail once the legacy is off:',
      ...forwarding.map((reason) => `- ${cell(reason)}`),
      '',
    );
  }
  if (sorted.length === 0) {
    lines.push('No evidence records were found.');
  } else {
    lines.push(
      '| gate | verdict | target | key figures | checked | started | finished | suite |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const record of sorted) {
      lines.push(
        `| ${[
          record.gate,
          `**${record.verdict.toUpperCase()}**`,
          targetText(record.target),
          keyFigures(record.figures, options.maxFigures),
          String(record.checked.length),
          record.startedAt,
          record.finishedAt,
          record.suiteVersion,
        ]
          .map(cell)
          .join(' | ')} |`,
      );
    }
  }
  const notPassing = sorted.filter((record) => record.verdict !== 'pass');
  if (notPassing.length > 0) {
    lines.push('', 'Reasons:');
    for (const record of notPassing) {
      for (const reason of record.reasons)
        lines.push(`- **${record.gate}** (${record.verdict}): ${cell(reason)}`);
    }
  }
  if (problems.length > 0) {
    lines.push('', 'Not valid evidence:');
    for (const problem of problems) lines.push(`- ${cell(problem)}`);
  }
  return lines.join('\n');
}

/** Read the folder and render it (invalid files listed, never dropped silently). */
export async function summarizeEvidenceDir(
  dir: string,
  options: Omit<SummaryOptions, 'problems'> = {},
): Promise<string> {
  const { records, problems } = await readEvidenceDir(dir);
  return renderEvidenceSummary(records, { ...options, problems });
}
