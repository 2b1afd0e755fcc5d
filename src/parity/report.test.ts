import { describe, expect, it } from 'vitest';
import { compare } from './compare.ts';
import { activeDeviations } from './deviations.ts';
import { describeFailure, judgeRun, renderJsonReport, renderTextReport } from './report.ts';

const TODAY = '2026-04-01';
const passing = compare(
  { total: 10, moroso: 2 },
  { total: 10, moroso: 2 },
  {
    endpoint: 'portfolio',
    caseName: 'summary_un',
    today: TODAY,
  },
);
// |130 - 100| = 30 > 1 + 0.01 * 130 = 2.3
const failing = compare(
  { total: 130, extra: 1 },
  { total: 100 },
  {
    endpoint: 'brokers',
    caseName: 'brokers_all',
    tolerance: { mode: 'runbook', absTol: 1, relTol: 0.01 },
    today: TODAY,
  },
);

describe('judgeRun', () => {
  it('is inconclusive, never a pass, when v1 forwards to the legacy, and says so first', () => {
    const run = judgeRun({
      reports: [passing],
      forwarding: [
        { case: 'summary_un', endpoint: 'portfolio', evidence: "v1 carries the legacy's meta.signature" },
      ],
    });
    expect(run.verdict).toBe('inconclusive');
    expect(run.reasons[0]).toContain(
      'portfolio: v1 forwards to the legacy: parity proves nothing (1 of 1 case(s)',
    );
  });

  it('counts forwarding over every case v1 answered, no-data cases included', () => {
    const run = judgeRun({
      reports: [passing],
      noData: [{ case: 'empty', endpoint: passing.endpoint, filters: { anio: ['1999'] } }],
      forwarding: ['summary_un', 'empty'].map((name) => ({
        case: name,
        endpoint: passing.endpoint,
        evidence: "v1 carries the legacy's meta.signature",
      })),
    });
    expect(run.reasons[0]).toContain('v1 forwards to the legacy: parity proves nothing (2 of 2 case(s)');
    expect(run).toMatchObject({ cases: 1, noDataCases: 1 });
  });

  it('passes only when every case passes', () => {
    expect(judgeRun({ reports: [passing] })).toMatchObject({
      verdict: 'pass',
      cases: 1,
      failedCases: 0,
      reasons: [],
    });
    const run = judgeRun({ reports: [passing, failing] });
    expect(run).toMatchObject({
      verdict: 'fail',
      cases: 2,
      failedCases: 1,
      comparedCount: 3,
      numericCompared: 3,
      drifts: 1,
      onlyOnOneSide: 1,
    });
    expect(run.reasons).toEqual(['1 of 2 case(s) failed: brokers / brokers_all']);
  });

  it('fails a run with no cases as nothing comparable', () => {
    expect(judgeRun({ reports: [] })).toMatchObject({
      verdict: 'fail',
      reasons: ['nothing comparable: the run compared no cases'],
    });
  });

  it('fails on expired registry entries even when every case passed, listing each once', () => {
    const { expired } = activeDeviations([{ path: 'zzz', reason: 'old', until: '2026-01-31' }], TODAY);
    const run = judgeRun({ reports: [passing], registryErrors: [...expired, ...expired] });
    expect(run.verdict).toBe('fail');
    expect(run.expiredDeviations).toHaveLength(1);
    expect(run.reasons[0]).toContain('expired on 2026-01-31');
  });
});

describe('describeFailure', () => {
  it('names the first drift with path, both values and tolerance', () => {
    expect(describeFailure(failing)).toBe(
      [
        'parity FAIL brokers / brokers_all (compared 1, numeric 1: every number (runbook) |a-b| <= 1 + 0.01 * max(1, |a|, |b|))',
        '  - 1 drift(s) beyond tolerance; first: total: v1=130 legacy=100 |diff|=30 > tolerance 2.3 (rel 23.07692308%)',
        '  - 1 path(s) only in v1: extra',
        '  first drift: total',
        '    v1     = 130',
        '    legacy = 100',
        '    |diff| = 30, tolerance = 2.3',
      ].join('\n'),
    );
    expect(describeFailure(passing)).toBe('');
  });
});

describe('renderTextReport', () => {
  it('prints the verdict, header, one row per case and failure details', () => {
    const text = renderTextReport({
      header: { source: 'recorded', dataset: 'golden' },
      reports: [passing, failing],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Parity report: FAIL (1 of 2 case(s) failed)');
    expect(lines[1]).toBe('source: recorded  dataset: golden');
    expect(lines[2]).toBe('- 1 of 2 case(s) failed: brokers / brokers_all');
    expect(lines[4]).toMatch(
      /^endpoint\s+case\s+compared\s+numeric\s+matches\s+drifts\s+only v1\s+only legacy\s+ack\s+noise\s+verdict$/,
    );
    expect(lines[5]?.split(/\s{2,}/)).toEqual([
      'portfolio',
      'summary_un',
      '2',
      '2',
      '2',
      '0',
      '0',
      '0',
      '0',
      '0',
      'pass',
    ]);
    expect(lines[6]?.split(/\s{2,}/)).toEqual([
      'brokers',
      'brokers_all',
      '1',
      '1',
      '0',
      '1',
      '1',
      '0',
      '0',
      '0',
      'fail',
    ]);
    expect(text).toContain('  only in v1: extra');
    expect(text).toContain('    |diff| = 30, tolerance = 2.3');
  });
});

describe('renderJsonReport', () => {
  it('round-trips the verdict and every case report', () => {
    const parsed = JSON.parse(renderJsonReport({ header: { source: 'live' }, reports: [passing, failing] }));
    expect(parsed.verdict).toBe('fail');
    expect(parsed.header).toEqual({ source: 'live' });
    expect(parsed.reports).toHaveLength(2);
    expect(parsed.reports[1].drifts[0]).toMatchObject({ path: 'total', v1: 130, legacy: 100, absDiff: 30 });
    expect(parsed.expiredDeviations).toEqual([]);
  });
});
