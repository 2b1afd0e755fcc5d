import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from './record.ts';
import { keyFigures, overallVerdict, renderEvidenceSummary, summarizeEvidenceDir } from './summary.ts';
import { writeEvidence } from './writer.ts';

function record(overrides: Partial<EvidenceRecord>): EvidenceRecord {
  return {
    gate: 'parity',
    suiteVersion: '0.1.0',
    target: {
      mode: 'reference',
      apiBase: 'http://127.0.0.1:8000/api/v1',
      legacyBase: 'http://127.0.0.1:5000',
    },
    checked: ['a', 'b'],
    figures: {},
    verdict: 'pass',
    reasons: [],
    startedAt: '2026-04-01T10:00:00Z',
    finishedAt: '2026-04-01T10:01:00Z',
    ...overrides,
  };
}

describe('overallVerdict', () => {
  it('passes only with evidence, all valid, all passing', () => {
    expect(overallVerdict([record({})])).toBe('pass');
    expect(overallVerdict([])).toBe('inconclusive');
    expect(overallVerdict([record({})], ['bad.json: invalid'])).toBe('inconclusive');
    expect(
      overallVerdict([record({}), record({ gate: 'perf', verdict: 'inconclusive', reasons: ['x'] })]),
    ).toBe('inconclusive');
    expect(overallVerdict([record({ verdict: 'fail', reasons: ['x'] })], ['bad'])).toBe('fail');
  });

  it('a gate that passed with checks excluded makes the whole partial, never pass', () => {
    const partial = record({ gate: 'brokers', verdict: 'partial', reasons: ['partial: 2 of 19 checks ran'] });
    expect(overallVerdict([record({}), partial])).toBe('partial');
    expect(overallVerdict([partial, record({ gate: 'perf', verdict: 'inconclusive', reasons: ['x'] })])).toBe(
      'inconclusive',
    );
  });
});

describe('keyFigures', () => {
  it('shows the first top-level figures and counts the rest', () => {
    expect(
      keyFigures({ cases: 14, p95Ms: 812.5, ok: true, rows: [1, 2, 3], byEndpoint: { a: 1, b: 2 } }),
    ).toBe('cases=14, p95Ms=812.5, ok=true, rows=[3 items], byEndpoint={2 fields}');
    expect(keyFigures({ a: 1, b: 2, c: 3 }, 2)).toBe('a=1, b=2, +1 more');
    expect(keyFigures({})).toBe('-');
  });
});

describe('renderEvidenceSummary', () => {
  it('renders the overall verdict, one row per gate sorted by name, and the reasons of non-passing gates', () => {
    const markdown = renderEvidenceSummary(
      [
        record({
          gate: 'perf',
          verdict: 'fail',
          reasons: ['mora p95 1500 ms > budget 1200 ms'],
          figures: { samples: 1200, p95Ms: 1500 },
          target: { mode: 'external', apiBase: 'https://api.example', legacyBase: 'https://legacy.example' },
        }),
        record({
          gate: 'parity',
          figures: { cases: 14, drifts: 0 },
          target: { ...record({}).target, dataset: 'golden' },
        }),
      ],
      { title: 'Runbook gates', generatedAt: '2026-04-01T11:00:00Z' },
    );
    expect(markdown).toBe(
      [
        '### Runbook gates',
        '',
        'Generated 2026-04-01T11:00:00Z.',
        '',
        'Overall: **FAIL** — 2 gate(s): 1 pass, 0 partial, 1 fail, 0 inconclusive.',
        '',
        '| gate | verdict | target | key figures | checked | started | finished | suite |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| parity | **PASS** | reference, api http://127.0.0.1:8000/api/v1, legacy http://127.0.0.1:5000, dataset golden | cases=14, drifts=0 | 2 | 2026-04-01T10:00:00Z | 2026-04-01T10:01:00Z | 0.1.0 |',
        '| perf | **FAIL** | external, api https://api.example, legacy https://legacy.example | samples=1200, p95Ms=1500 | 2 | 2026-04-01T10:00:00Z | 2026-04-01T10:01:00Z | 0.1.0 |',
        '',
        'Reasons:',
        '- **perf** (fail): mora p95 1500 ms > budget 1200 ms',
      ].join('\n'),
    );
  });

  it('flags the T+60 legacy shutdown as unsafe when parity found v1 forwarding to the legacy', () => {
    const forwarding = record({
      gate: 'analytics',
      verdict: 'fail',
      reasons: ['mora parity: mora: v1 forwards to the legacy: parity proves nothing (6 of 6 case(s))'],
    });
    const text = renderEvidenceSummary([forwarding, record({ gate: 'perf' })]);
    expect(text).toContain('**T+60 legacy shutdown ("programar apagado legacy") is UNSAFE**');
    expect(text).toContain('- mora parity: mora: v1 forwards to the legacy');
    expect(renderEvidenceSummary([record({ verdict: 'fail', reasons: ['drift'] })])).not.toContain('T+60');
  });

  it('escapes table separators inside cells', () => {
    const markdown = renderEvidenceSummary([record({ figures: { note: 'a|b\nc' } })]);
    expect(markdown).toContain('note=a\\|b c');
  });

  it('says so when there is no evidence, and lists invalid files', () => {
    const markdown = renderEvidenceSummary([], { problems: ['results/evidence/x.json: invalid'] });
    expect(markdown).toContain('Overall: **INCONCLUSIVE** — 0 gate(s)');
    expect(markdown).toContain('No evidence records were found.');
    expect(markdown).toContain('Not valid evidence:\n- results/evidence/x.json: invalid');
  });
});

describe('summarizeEvidenceDir', () => {
  it('reads the folder written by writeEvidence', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'summary-'));
    await writeEvidence(dir, record({ gate: 'smoke', figures: { health: 'ok' } }), []);
    writeFileSync(path.join(dir, 'other.json'), '{"not":"evidence"}');
    const markdown = await summarizeEvidenceDir(dir);
    expect(markdown).toContain('| smoke | **PASS** |');
    expect(markdown).toContain('Overall: **INCONCLUSIVE** — 1 gate(s): 1 pass');
    expect(markdown).toContain('other.json');
  });
});
