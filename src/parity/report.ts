/**
 * A parity run (several endpoints and cases) as a plain-text table for failure messages and
 * consoles, and as JSON for the evidence folder. The run fails if any case fails, if the
 * registry has an expired entry, if there were no cases at all, or if an endpoint had cases but
 * none with data on either side (nothing compared for it).
 */
import { describeDrift, type EndpointReport, groupByRow, round } from './compare.ts';
import type { ExpiredDeviation } from './deviations.ts';
import { describeForwarding, type ForwardedCase } from './forwarding.ts';
import { describeTolerance } from './kinds.ts';

/** A case where v1 and the legacy both answered an empty summary: reported, never counted as compared. */
export interface NoDataCase {
  readonly case: string;
  readonly endpoint: string;
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** Why it was not compared when not for lack of data (e.g. it recorded only what v1 need not carry). */
  readonly why?: string;
}

export interface ParityRun {
  /** What was compared with what, e.g. { source: 'recorded', dataset: 'golden', target: ... }. */
  readonly header?: Readonly<Record<string, string>>;
  readonly reports: readonly EndpointReport[];
  /** Expired registry entries found when loading (they fail the run even if no case used them). */
  readonly registryErrors?: readonly ExpiredDeviation[];
  /** Cases v1 answered with the legacy's own answer (./forwarding.ts): the run proves nothing. */
  readonly forwarding?: readonly ForwardedCase[];
  /** Cases with no data on either side (not compared). */
  readonly noData?: readonly NoDataCase[];
  /** Why cases could not be built (no filter values to draw from...): the run fails. */
  readonly problems?: readonly string[];
}

export interface ParityRunVerdict {
  /** inconclusive: v1 forwards to the legacy, so the comparison says nothing (never a pass). */
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly reasons: string[];
  readonly cases: number;
  readonly failedCases: number;
  /** Cases with no data on either side: not in `cases`, not compared. */
  readonly noDataCases: number;
  readonly comparedCount: number;
  readonly numericCompared: number;
  readonly drifts: number;
  readonly onlyOnOneSide: number;
  readonly acknowledged: number;
  readonly expiredDeviations: ExpiredDeviation[];
}

function caseLabel(report: EndpointReport): string {
  return report.caseName ? `${report.endpoint} / ${report.caseName}` : report.endpoint;
}

function uniqueExpired(run: ParityRun): ExpiredDeviation[] {
  const seen = new Set<string>();
  const all = [...(run.registryErrors ?? []), ...run.reports.flatMap((report) => report.expiredDeviations)];
  return all.filter((entry) => {
    const key = JSON.stringify(entry.deviation);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The run's overall verdict and totals. */
export function judgeRun(run: ParityRun): ParityRunVerdict {
  const failed = run.reports.filter((report) => report.verdict !== 'pass');
  const expired = uniqueExpired(run);
  const reasons: string[] = [];
  const noData = run.noData ?? [];
  reasons.push(...(run.problems ?? []));
  if (run.reports.length === 0 && noData.length === 0)
    reasons.push('nothing comparable: the run compared no cases');
  const compared = new Set(run.reports.map((report) => report.endpoint));
  for (const endpoint of new Set(noData.map((entry) => entry.endpoint))) {
    if (compared.has(endpoint)) continue;
    const left = noData.filter((entry) => entry.endpoint === endpoint);
    const explained = left.filter((entry) => entry.why !== undefined).length;
    const why =
      explained === 0
        ? 'had no data on either side'
        : `had no data on either side (${left.length - explained}) or recorded nothing v1 must carry (${explained})`;
    reasons.push(
      `${endpoint}: no comparable case: all ${left.length} case(s) ${why}, so nothing was compared`,
    );
  }
  if (failed.length > 0) {
    reasons.push(
      `${failed.length} of ${run.reports.length} case(s) failed: ${failed.map(caseLabel).slice(0, 5).join(', ')}` +
        (failed.length > 5 ? ', ...' : ''),
    );
  }
  for (const entry of expired) reasons.push(entry.message);
  const forwarding = run.forwarding ?? [];
  const casesByEndpoint = new Map<string, number>();
  // Forwarding is shown on any case v1 answered, compared or with no data on either side.
  for (const { endpoint } of [...run.reports, ...noData])
    casesByEndpoint.set(endpoint, (casesByEndpoint.get(endpoint) ?? 0) + 1);
  // First: it is what an operator must read before any drift.
  reasons.unshift(...describeForwarding(forwarding, casesByEndpoint));
  const sum = (pick: (report: EndpointReport) => number) =>
    run.reports.reduce((total, report) => total + pick(report), 0);
  return {
    verdict: forwarding.length > 0 ? 'inconclusive' : reasons.length === 0 ? 'pass' : 'fail',
    reasons,
    cases: run.reports.length,
    failedCases: failed.length,
    noDataCases: noData.length,
    comparedCount: sum((report) => report.comparedCount),
    numericCompared: sum((report) => report.numericCompared),
    drifts: sum((report) => report.drifts.length),
    onlyOnOneSide: sum((report) => report.onlyInV1.length + report.onlyInLegacy.length),
    acknowledged: sum((report) => report.acknowledged.length),
    expiredDeviations: expired,
  };
}

/** Numbers compared per kind with the rule each kind is judged by. */
function describeKinds(report: EndpointReport): string {
  const rules = describeTolerance(report.tolerance);
  if (report.tolerance.mode === 'runbook')
    return Object.entries(rules)
      .map(([kind, rule]) => `${kind} ${rule}`)
      .join('; ');
  const counted = Object.entries(report.kinds).filter(([, count]) => count > 0);
  return (
    counted.map(([kind, count]) => `${count} ${kind}${rules[kind] ? ` (${rules[kind]})` : ''}`).join('; ') ||
    'no number'
  );
}

/**
 * A failure message for one case: its reasons, the first drift with path, both values and
 * tolerance, and the first one-sided paths. Empty string for a passing case.
 */
export function describeFailure(report: EndpointReport): string {
  if (report.verdict === 'pass') return '';
  const lines = [
    `parity FAIL ${caseLabel(report)} (compared ${report.comparedCount}, numeric ${report.numericCompared}: ` +
      `${describeKinds(report)})`,
    ...report.reasons.map((reason) => `  - ${reason}`),
  ];
  const [firstDrift] = report.drifts;
  if (firstDrift) {
    lines.push(
      `  first drift: ${firstDrift.path}`,
      `    v1     = ${JSON.stringify(firstDrift.v1)}`,
      `    legacy = ${JSON.stringify(firstDrift.legacy)}`,
      firstDrift.absDiff === null
        ? '    (values must be equal)'
        : `    |diff| = ${round(firstDrift.absDiff)}, tolerance = ${round(firstDrift.tolerance ?? 0)}`,
    );
  }
  return lines.join('\n');
}

function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Plain-text report: header, one table row per case, then details of every failing case. */
export function renderTextReport(run: ParityRun): string {
  const verdict = judgeRun(run);
  const lines = [
    `Parity report: ${verdict.verdict.toUpperCase()} (${verdict.failedCases} of ${verdict.cases} case(s) failed` +
      `${verdict.noDataCases > 0 ? `, ${verdict.noDataCases} with no data on either side not compared` : ''})`,
  ];
  const header = Object.entries(run.header ?? {});
  if (header.length > 0) lines.push(header.map(([name, value]) => `${name}: ${value}`).join('  '));
  for (const reason of verdict.reasons) lines.push(`- ${reason}`);
  lines.push('');
  lines.push(
    table([
      [
        'endpoint',
        'case',
        'compared',
        'numeric',
        'matches',
        'drifts',
        'only v1',
        'only legacy',
        'ack',
        'noise',
        'verdict',
      ],
      ...run.reports.map((report) => [
        report.endpoint,
        report.caseName ?? '-',
        String(report.comparedCount),
        String(report.numericCompared),
        String(report.matches),
        String(report.drifts.length),
        String(report.onlyInV1.length),
        String(report.onlyInLegacy.length),
        String(report.acknowledged.length),
        String(report.noise.length),
        report.verdict,
      ]),
    ]),
  );
  const noData = run.noData ?? [];
  if (noData.length > 0) {
    lines.push('', `Not compared: no data on either side unless said (${noData.length}):`);
    for (const entry of noData)
      lines.push(
        `  ${entry.endpoint} / ${entry.case} ${JSON.stringify(entry.filters)}${entry.why ? `: ${entry.why}` : ''}`,
      );
  }
  for (const report of run.reports) {
    if (report.verdict === 'pass') continue;
    lines.push('', describeFailure(report));
    for (const drift of report.drifts.slice(1, 10)) lines.push(`  drift: ${describeDrift(drift)}`);
    if (report.drifts.length > 10) lines.push(`  ... ${report.drifts.length - 10} more drift(s)`);
    for (const path of groupByRow(report.onlyInV1).slice(0, 5)) lines.push(`  only in v1: ${path}`);
    for (const path of groupByRow(report.onlyInLegacy).slice(0, 5)) lines.push(`  only in legacy: ${path}`);
  }
  const acknowledged = run.reports.flatMap((report) =>
    report.acknowledged.map(
      (entry) => `  ${caseLabel(report)} ${entry.kind} ${entry.path}: ${entry.deviation.reason}`,
    ),
  );
  if (acknowledged.length > 0) lines.push('', 'Acknowledged deviations:', ...acknowledged);
  return lines.join('\n');
}

/** JSON report: the verdict, the header and every case report in full. */
export function renderJsonReport(run: ParityRun): string {
  const { expiredDeviations, ...verdict } = judgeRun(run);
  return JSON.stringify(
    {
      ...verdict,
      header: run.header ?? {},
      expiredDeviations: expiredDeviations.map((entry) => ({ ...entry.deviation, message: entry.message })),
      reports: run.reports,
      noData: run.noData ?? [],
    },
    null,
    2,
  );
}
