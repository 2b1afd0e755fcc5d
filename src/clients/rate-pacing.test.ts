import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  pacedKind,
  paceRequest,
  pacingDelayMs,
  pacingStateFile,
  readPacingLedger,
  setRatePacing,
  withoutPacing,
} from './rate-pacing.ts';

const LOGIN = 'http://127.0.0.1:1/api/v1/auth/login';

/** Login pacing only, as the fixtures set it for a target with a login limit. */
function loginPacing(limit: number, stateFile: string, log: (line: string) => void = () => {}) {
  return { login: { limit, windowSeconds: 60, stateFile }, log };
}

const WINDOW = 60_000;

describe('pacingDelayMs', () => {
  it('does not wait while fewer than `limit` attempts are inside the window', () => {
    expect(pacingDelayMs([], 100_000, 10, WINDOW)).toBe(0);
    expect(pacingDelayMs([50_000, 60_000], 100_000, 3, WINDOW)).toBe(0);
    // Attempts older than the window do not count.
    expect(pacingDelayMs([10_000, 20_000, 30_000, 90_000], 100_000, 2, WINDOW)).toBe(0);
  });

  it('waits until the attempt that must leave is a window (plus a second) old', () => {
    // limit 3, attempts at 50, 60, 70 s, now 100 s: the 50 s one leaves at 110 s, +1 s margin.
    expect(pacingDelayMs([60_000, 50_000, 70_000], 100_000, 3, WINDOW)).toBe(11_000);
    // limit 2 with 3 inside: the second-newest (60 s) is the one that must leave: 121 s - 100 s.
    expect(pacingDelayMs([50_000, 60_000, 70_000], 100_000, 2, WINDOW)).toBe(21_000);
  });
});

describe('paceRequest (logins)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pacing-'));
  afterEach(() => setRatePacing(undefined));

  it('keeps one state file per target', () => {
    expect(pacingStateFile('login', 'http://a/api/v1', dir)).not.toBe(
      pacingStateFile('login', 'http://b/api/v1', dir),
    );
    expect(pacingStateFile('login', 'http://a/api/v1', dir)).not.toBe(
      pacingStateFile('write', 'http://a/api/v1', dir),
    );
    expect(pacingStateFile('login', 'http://a/api/v1', dir).startsWith(dir)).toBe(true);
  });

  it('records login POSTs only, and only when switched on', async () => {
    const stateFile = path.join(dir, 'only-logins.json');
    await paceRequest('POST', LOGIN);
    setRatePacing(loginPacing(10, stateFile));
    await paceRequest('GET', 'http://127.0.0.1:1/api/v1/health');
    await paceRequest('POST', 'http://127.0.0.1:1/api/v1/auth/refresh');
    await paceRequest('POST', LOGIN);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toHaveLength(1);
  });

  it('waits and says so when the window is full; a burst is counted without waiting', async () => {
    const stateFile = path.join(dir, 'full.json');
    // One attempt 58.8 s ago fills a 1-per-60-s window: the next one waits about 2.2 s.
    writeFileSync(stateFile, JSON.stringify([Date.now() - 58_800]));
    const lines: string[] = [];
    setRatePacing(loginPacing(1, stateFile, (line) => lines.push(line)));

    await withoutPacing('login', () => paceRequest('POST', LOGIN));
    expect(lines).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toHaveLength(2);

    writeFileSync(stateFile, JSON.stringify([Date.now() - 58_800]));
    const started = Date.now();
    await paceRequest('POST', LOGIN);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[login pacing\] waiting 2\.\d s: the target allows 1 logins per 60 s/);
  });
});

describe('paceRequest onWait', () => {
  afterEach(() => setRatePacing(undefined));

  it('announces each wait before it starts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacing-wait-'));
    const stateFile = path.join(dir, 'wait.json');
    writeFileSync(stateFile, JSON.stringify([Date.now() - 59_500]));
    const waits: number[] = [];
    setRatePacing({ ...loginPacing(1, stateFile), onWait: (ms: number) => waits.push(ms) });
    await paceRequest('POST', LOGIN);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThanOrEqual(1_500);
  });
});

describe('write pacing', () => {
  afterEach(() => setRatePacing(undefined));

  it('counts the contract write routes, not reads or analytics summaries', () => {
    expect(pacedKind('POST', 'http://t/api/v1/brokers/commissions')).toBe('write');
    expect(pacedKind('POST', 'http://t/api/v1/brokers/preferences')).toBe('write');
    expect(pacedKind('POST', 'http://t/api/v1/auth/refresh')).toBe('write');
    expect(pacedKind('POST', 'http://t/api/v1/auth/revoke')).toBe('write');
    expect(pacedKind('POST', 'http://t/api/v1/analytics/export/csv')).toBe('write');
    expect(pacedKind('POST', 'http://t/api/v1/analytics/export')).toBe('write');
    expect(pacedKind('GET', 'http://t/api/v1/brokers/commissions')).toBeUndefined();
    expect(pacedKind('POST', 'http://t/api/v1/analytics/portfolio/summary')).toBeUndefined();
    expect(pacedKind('POST', 'http://t/api/v1/auth/login')).toBe('login');
  });

  it('waits when the write window is full and records every paced request in the ledger', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacing-write-'));
    const stateFile = path.join(dir, 'writes.json');
    const ledgerFile = path.join(dir, 'ledger.jsonl');
    writeFileSync(stateFile, JSON.stringify([Date.now() - 59_500, Date.now() - 1_000]));
    const lines: string[] = [];
    setRatePacing({
      write: { limit: 2, windowSeconds: 60, stateFile },
      log: (line) => lines.push(line),
      ledgerFile,
    });
    const started = Date.now();
    // Anonymous or refused, a write is a write: the path decides, not the answer.
    await paceRequest('POST', 'http://127.0.0.1:1/api/v1/brokers/prizes');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(lines[0]).toMatch(
      /^\[write pacing\] waiting 1\.\d s: the target allows 2 writes per 60 s \(E2E_WRITE_RATE_LIMIT\)/,
    );
    await paceRequest('POST', LOGIN); // no login rule: not paced, not in the ledger
    const figures = readPacingLedger(ledgerFile);
    expect(figures).toMatchObject({ logins: 0, writes: 1, waits: 1 });
  });
});

describe('the time a paced request counts from', () => {
  afterEach(() => setRatePacing(undefined));

  it('moves to when the answer came in: the target counts it no earlier', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacing-answered-'));
    const stateFile = path.join(dir, 'answered.json');
    const earlier = Date.now() - 30_000;
    writeFileSync(stateFile, JSON.stringify([earlier]));
    setRatePacing(loginPacing(10, stateFile));
    const answered = await paceRequest('POST', LOGIN);
    const [, sentAt] = JSON.parse(readFileSync(stateFile, 'utf8')) as number[];
    await new Promise((resolve) => setTimeout(resolve, 50));
    answered();
    const history = JSON.parse(readFileSync(stateFile, 'utf8')) as number[];
    expect(history).toHaveLength(2);
    expect(history[0]).toBe(earlier);
    expect(history[1]).toBeGreaterThanOrEqual((sentAt ?? 0) + 50);
  });
});
