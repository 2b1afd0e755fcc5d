import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FullConfig, FullResult } from '@playwright/test/reporter';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SecretsScanReporter from './secrets-reporter.ts';

const PASSED = { status: 'passed' } as FullResult;

async function runOver(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'secrets-reporter-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const reporter = new SecretsScanReporter({ folders: [dir] });
  reporter.onBegin({} as FullConfig);
  return reporter.onEnd(PASSED);
}

describe('secrets scan of the run artifacts', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a token leaked into a report fails the run, naming the file', async () => {
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('any key at all, the header gives it away'));
    const output = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const outcome = await runOver({ 'junit.xml': `<failure>Authorization: Bearer ${token}</failure>` });
    expect(outcome).toEqual({ status: 'failed' });
    const printed = output.mock.calls.map(([text]) => String(text)).join('');
    expect(printed).toContain('junit.xml: secret #0');
    expect(printed).not.toContain(token);
  });

  it('a password in an evidence file fails the run; clean artifacts leave the status alone', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runOver({ 'auth.json': '{"figures": {"tried": "admin123"}}' })).toEqual({
      status: 'failed',
    });
    expect(await runOver({ 'auth.json': '{"verdict": "pass"}' })).toBeUndefined();
  });
});
