import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loginDelayMs,
  loginStateFile,
  paceLogin,
  setLoginPacing,
  withoutLoginPacing,
} from './login-pacing.ts';

const WINDOW = 60_000;

describe('loginDelayMs', () => {
  it('does not wait while fewer than `limit` attempts are inside the window', () => {
    expect(loginDelayMs([], 100_000, 10, WINDOW)).toBe(0);
    expect(loginDelayMs([50_000, 60_000], 100_000, 3, WINDOW)).toBe(0);
    // Attempts older than the window do not count.
    expect(loginDelayMs([10_000, 20_000, 30_000, 90_000], 100_000, 2, WINDOW)).toBe(0);
  });

  it('waits until the attempt that must leave is a window (plus a second) old', () => {
    // limit 3, attempts at 50, 60, 70 s, now 100 s: the 50 s one leaves at 110 s, +1 s margin.
    expect(loginDelayMs([60_000, 50_000, 70_000], 100_000, 3, WINDOW)).toBe(11_000);
    // limit 2 with 3 inside: the second-newest (60 s) is the one that must leave: 121 s - 100 s.
    expect(loginDelayMs([50_000, 60_000, 70_000], 100_000, 2, WINDOW)).toBe(21_000);
  });
});

describe('paceLogin', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pacing-'));
  afterEach(() => setLoginPacing(undefined));

  it('keeps one state file per target', () => {
    expect(loginStateFile('http://a/api/v1', dir)).not.toBe(loginStateFile('http://b/api/v1', dir));
    expect(loginStateFile('http://a/api/v1', dir).startsWith(dir)).toBe(true);
  });

  it('records login POSTs only, and only when switched on', async () => {
    const stateFile = path.join(dir, 'only-logins.json');
    await paceLogin('POST', 'http://127.0.0.1:1/api/v1/auth/login');
    setLoginPacing({ limit: 10, windowSeconds: 60, stateFile, log: () => {} });
    await paceLogin('GET', 'http://127.0.0.1:1/api/v1/health');
    await paceLogin('POST', 'http://127.0.0.1:1/api/v1/auth/refresh');
    await paceLogin('POST', 'http://127.0.0.1:1/api/v1/auth/login');
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toHaveLength(1);
  });

  it('waits and says so when the window is full; a burst is counted without waiting', async () => {
    const stateFile = path.join(dir, 'full.json');
    // One attempt 58.8 s ago fills a 1-per-60-s window: the next one waits about 2.2 s.
    writeFileSync(stateFile, JSON.stringify([Date.now() - 58_800]));
    const lines: string[] = [];
    setLoginPacing({ limit: 1, windowSeconds: 60, stateFile, log: (line) => lines.push(line) });

    await withoutLoginPacing(() => paceLogin('POST', 'http://127.0.0.1:1/api/v1/auth/login'));
    expect(lines).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toHaveLength(2);

    writeFileSync(stateFile, JSON.stringify([Date.now() - 58_800]));
    const started = Date.now();
    await paceLogin('POST', 'http://127.0.0.1:1/api/v1/auth/login');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[login pacing\] waiting 2\.\d s: the target allows 1 logins per 60 s/);
  });
});

describe('paceLogin onWait', () => {
  afterEach(() => setLoginPacing(undefined));

  it('announces each wait before it starts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pacing-wait-'));
    const stateFile = path.join(dir, 'wait.json');
    writeFileSync(stateFile, JSON.stringify([Date.now() - 59_500]));
    const waits: number[] = [];
    setLoginPacing({ limit: 1, windowSeconds: 60, stateFile, log: () => {}, onWait: (ms) => waits.push(ms) });
    await paceLogin('POST', 'http://127.0.0.1:1/api/v1/auth/login');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThanOrEqual(1_500);
  });
});
