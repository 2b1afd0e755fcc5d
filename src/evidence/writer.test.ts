import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceError, type EvidenceRecord, parseEvidenceRecord } from './record.ts';
import { appendJsonLine, evidenceFile, readEvidenceDir, writeEvidence } from './writer.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.sig-nature_bytes';

function record(overrides: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return {
    gate: 'parity',
    suiteVersion: '0.1.0',
    target: {
      mode: 'reference',
      apiBase: 'http://127.0.0.1:8000/api/v1',
      legacyBase: 'http://127.0.0.1:5000',
      dataset: 'golden',
    },
    checked: ['portfolio summary parity (8 cases)'],
    figures: { cases: 14, drifts: 0 },
    verdict: 'pass',
    reasons: [],
    startedAt: '2026-04-01T10:00:00.000Z',
    finishedAt: '2026-04-01T10:00:05.000Z',
    ...overrides,
  };
}

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'evidence-'));

describe('parseEvidenceRecord', () => {
  it('accepts a complete record and optional retries', () => {
    const withRetries = record({
      retries: [{ what: 'GET /analytics/portfolio/summary', attempt: 2, reason: '502' }],
    });
    expect(parseEvidenceRecord(withRetries)).toEqual(withRetries);
  });

  it('refuses a failing verdict without reasons, reversed timestamps, bad gate names and unknown fields', () => {
    expect(() => parseEvidenceRecord(record({ verdict: 'fail' }))).toThrow(
      'reasons: a partial, fail or inconclusive verdict needs at least one reason',
    );
    expect(() => parseEvidenceRecord(record({ finishedAt: '2026-04-01T09:59:59.000Z' }))).toThrow(
      'finishedAt is before startedAt',
    );
    expect(() => parseEvidenceRecord(record({ gate: '../etc' }))).toThrow(EvidenceError);
    expect(() => parseEvidenceRecord({ ...record(), extra: 1 })).toThrow(/extra/);
    expect(() => parseEvidenceRecord(record({ startedAt: 'yesterday' }))).toThrow(/startedAt/);
  });
});

describe('writeEvidence', () => {
  it('writes <dir>/<gate>.json, redacted, creating the folder', async () => {
    const dir = path.join(freshDir(), 'nested', 'evidence');
    const file = await writeEvidence(
      dir,
      record({ figures: { cases: 14, loginPassword: 'admin123', header: `Bearer ${TOKEN}` } }),
      ['admin123', TOKEN],
    );
    expect(file).toBe(path.join(dir, 'parity.json'));
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('admin123');
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text).figures).toEqual({
      cases: 14,
      loginPassword: '[REDACTED]',
      header: 'Bearer [REDACTED]',
    });
    expect(readdirSync(dir)).toEqual(['parity.json']);
  });

  it('replaces an earlier file for the same gate', async () => {
    const dir = freshDir();
    await writeEvidence(dir, record({ figures: { run: 1 } }), []);
    await writeEvidence(dir, record({ figures: { run: 2 } }), []);
    expect(JSON.parse(readFileSync(path.join(dir, 'parity.json'), 'utf8')).figures).toEqual({ run: 2 });
  });

  it('refuses an invalid record without writing anything', async () => {
    const dir = freshDir();
    await expect(writeEvidence(dir, record({ verdict: 'inconclusive' }), [])).rejects.toThrow(EvidenceError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps gate names inside the folder', () => {
    expect(evidenceFile('/x', 'perf-smoke')).toBe(path.join('/x', 'perf-smoke.json'));
    expect(() => evidenceFile('/x', '../../etc/passwd')).toThrow(EvidenceError);
    expect(() => evidenceFile('/x', 'Perf')).toThrow(EvidenceError);
  });
});

describe('appendJsonLine', () => {
  it('appends one redacted JSON object per line', async () => {
    const file = path.join(freshDir(), 'deep', 'window.jsonl');
    await appendJsonLine(file, { at: 1, token: 'opaque-refresh' }, []);
    await appendJsonLine(file, { at: 2, note: 'pw admin123' }, ['admin123']);
    expect(readFileSync(file, 'utf8')).toBe(
      '{"at":1,"token":"[REDACTED]"}\n{"at":2,"note":"pw [REDACTED]"}\n',
    );
  });
});

describe('readEvidenceDir', () => {
  it('returns valid records by gate and lists invalid files', async () => {
    const dir = freshDir();
    await writeEvidence(dir, record({ gate: 'perf' }), []);
    await writeEvidence(dir, record({ gate: 'analytics' }), []);
    writeFileSync(path.join(dir, 'broken.json'), '{');
    writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    const folder = await readEvidenceDir(dir);
    expect(folder.records.map((entry) => entry.gate)).toEqual(['analytics', 'perf']);
    expect(folder.problems).toHaveLength(1);
    expect(folder.problems[0]).toContain('broken.json');
  });

  it('reports a missing folder as a problem', async () => {
    const folder = await readEvidenceDir(path.join(freshDir(), 'absent'));
    expect(folder.records).toEqual([]);
    expect(folder.problems[0]).toMatch(/^cannot read evidence folder/);
  });
});
