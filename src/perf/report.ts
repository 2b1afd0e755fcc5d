// The perf gate's report: one row per endpoint, as a text table for people and as JSON for the
// evidence folder. Figures only; no headers, tokens or login bodies ever reach a report (an analytics
// filter set may be named where a degraded answer is explained).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceRecord } from '../evidence/record.ts';
import type { ResolvedTarget } from '../targets/target.ts';
import type { PerfVerdict } from './judge.ts';

export interface PerfRow {
  endpoint: string;
  method: string;
  path: string;
  samples: number;
  rps: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  mean_ms: number | null;
  non2xx: number;
  rate_limited: number;
  errors: number;
  timeouts: number;
  in_flight_at_stop: number;
  /** Set when requests were cut off in flight; upper null = unbounded. */
  p95_bounds_ms: { lower: number; upper: number | null } | null;
  error_rate_pct: number;
  budget_ms: number;
  verdict: PerfVerdict;
  reasons: string[];
  stopped_by: string;
  elapsed_s: number;
  status_counts: Record<string, number>;
  generator_saturated: boolean;
  /** 2xx answers that were not the data (src/perf/degraded.ts), counted as errors; analytics only. */
  degraded?: number;
  degraded_reasons?: Record<string, number>;
  /** Empty answers whose filters the legacy could not be asked about. */
  empty_unchecked?: string[];
}

export interface PerfReportHeader {
  verdict: PerfVerdict;
  reasons: string[];
  generatorCeilingRps: number | null;
  connections: number;
  /** The request-rate and duration caps of the run (production safety), shown in every report. */
  caps?: RunCaps;
}

export interface RunCaps {
  maxRps: number | null;
  /** PERF_MAX_RPS, or the default applied to a target off this machine. */
  maxRpsSource: string | null;
  /** PERF_DURATION_S, per endpoint. */
  durationSeconds: number;
}

/** One line saying how the load was bounded. */
export function describeCaps(caps: RunCaps): string {
  const rate =
    caps.maxRps === null
      ? 'no request-rate cap (loopback target)'
      : `request rate capped at ${caps.maxRps} req/s (${caps.maxRpsSource ?? 'PERF_MAX_RPS'})`;
  return `${rate}; at most ${caps.durationSeconds} s per endpoint (PERF_DURATION_S)`;
}

function ms(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

function pad(cells: string[], widths: number[]): string {
  return cells
    .map((cell, index) => cell.padEnd(widths[index] ?? 0))
    .join('  ')
    .trimEnd();
}

/** The table as printed by `npm run perf` and attached to the Playwright report. */
export function formatPerfTable(rows: readonly PerfRow[], header?: PerfReportHeader): string {
  const head = [
    'endpoint',
    'samples',
    'rps',
    'p50',
    'p95',
    'p99',
    'max',
    'non2xx',
    'errors',
    'budget',
    'verdict',
  ];
  const body = rows.map((row) => [
    row.endpoint,
    String(row.samples),
    row.rps.toFixed(1),
    ms(row.p50_ms),
    ms(row.p95_ms),
    ms(row.p99_ms),
    ms(row.max_ms),
    String(row.non2xx),
    String(row.errors),
    String(row.budget_ms),
    row.verdict.toUpperCase(),
  ]);
  const widths = head.map((cell, index) =>
    Math.max(cell.length, ...body.map((line) => (line[index] ?? '').length)),
  );
  const lines = [
    pad(head, widths),
    pad(
      widths.map((width) => '-'.repeat(width)),
      widths,
    ),
  ];
  for (const line of body) lines.push(pad(line, widths));
  lines.push('');
  for (const row of rows) {
    for (const reason of row.reasons) lines.push(`${row.endpoint}: ${reason}`);
  }
  if (header) {
    lines.push(
      `generator ceiling: ${header.generatorCeilingRps === null ? 'unknown' : `${header.generatorCeilingRps.toFixed(0)} req/s`} ` +
        `(${header.connections} connections, trivial endpoint)`,
    );
    if (header.caps) lines.push(`caps: ${describeCaps(header.caps)}`);
    for (const reason of header.reasons) lines.push(`gate: ${reason}`);
    lines.push(
      `perf gate: ${header.verdict.toUpperCase()} (times in ms, p95 nearest-rank over every 2xx response)`,
    );
  }
  return lines.join('\n');
}

/** Write a JSON document, creating its folder (mkdir -p). */
export async function writeJsonFile(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
}

/** The gate's evidence record for EVIDENCE_DIR/perf.json (src/evidence/record.ts). */
export function perfEvidenceRecord(
  result: {
    verdict: PerfVerdict;
    reasons: string[];
    startedAt: string;
    finishedAt: string;
    rows: readonly PerfRow[];
    settings: Record<string, unknown>;
    generator: unknown;
  },
  target: ResolvedTarget,
  suiteVersion: string,
): EvidenceRecord {
  const figures: Record<string, unknown> = {};
  // Key figures first: the summary table shows the first few top-level figures.
  for (const row of result.rows) figures[`${row.endpoint}_p95_ms`] = row.p95_ms;
  figures.rows = result.rows;
  figures.generator = result.generator;
  figures.settings = result.settings;
  return {
    gate: 'perf',
    suiteVersion,
    target: {
      mode: target.mode,
      apiBase: target.apiBase,
      legacyBase: target.legacyBase,
      ...(target.dataset ? { dataset: target.dataset } : {}),
    },
    checked: result.rows.map(
      (row) =>
        `${row.method} ${row.path}: p95 (nearest rank over every 2xx response) <= ${row.budget_ms} ms, ` +
        `no failed requests, at least ${String(result.settings.samples ?? '?')} samples`,
    ),
    figures,
    verdict: result.verdict,
    reasons:
      result.verdict === 'pass' && result.reasons.length === 0 ? ['every endpoint passed'] : result.reasons,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
  };
}
