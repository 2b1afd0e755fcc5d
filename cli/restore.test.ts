// npm run restore against an in-process target (src/brokers/fake-state-server.ts): the evidence file
// is put back byte for byte whatever the target holds now, and a restore that does not take exits 1
// naming what is left.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_PATHS, FakeStateServer } from '../src/brokers/fake-state-server.ts';
import { UsageError } from '../src/cli/command-line.ts';
import { parseConfig } from '../src/config.ts';
import { main } from './restore.ts';

const API = 'http://restore-target/api/v1';
const SCOPE = '{"supervisors": ["A"]}';
const COMMISSIONS =
  '{"rules": [{"supervisors": ["__ALL__"], "uns": [], "vias": [], "months": [], "factor": 1.0}]}';
const PRIZES = '{"rules": []}';
const VIEWER_PREFERENCES =
  '{"filters": {"supervisors": ["MINE"], "uns": [], "vias": [], "years": [], "months": []}}';

/** The evidence file a run saved before its first write (parts as the JSON text the target answered). */
function evidenceFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'restore-cli-')), 'run.json');
  writeFileSync(
    file,
    JSON.stringify({
      kind: 'cobranzas-suite-state-snapshot',
      apiBase: API,
      takenAt: '2026-11-30T10:00:00.000Z',
      config: { scope: SCOPE, commissions: COMMISSIONS, prizes: PRIZES },
      preferences: { viewer: { username: 'viewer', value: VIEWER_PREFERENCES } },
    }),
  );
  return file;
}

function changedTarget() {
  return new FakeStateServer(
    { admin: 'admin', viewer: 'viewer' },
    {
      // Left by a run that died: the commissions replaced by one test rule, the prizes unparseable.
      config: {
        [FAKE_PATHS.scope]: SCOPE,
        [FAKE_PATHS.commissions]: '{"rules": [{"supervisors": ["ZZ-E2E SUP A"]}]}',
        [FAKE_PATHS.prizes]: '{"rules": [',
      },
      preferences: { viewer: '{"filters": {"supervisors": ["ZZ-E2E"]}}' },
    },
  );
}

// Limits far above what a test sends: pacing never waits here.
const config = parseConfig({
  TARGET: 'external',
  E2E_LOGIN_RATE_LIMIT: '1000/60',
  E2E_WRITE_RATE_LIMIT: '1000/60',
});

async function restore(server: FakeStateServer, argv: string[]) {
  let text = '';
  const code = await main(argv, { config, transport: server.transport, stdout: (chunk) => (text += chunk) });
  return {
    code,
    report: JSON.parse(text) as {
      verdict: string;
      parts: { part: string; verdict: string; detail?: string }[];
    },
  };
}

describe('npm run restore', () => {
  it('puts every part back byte for byte from the evidence file and exits 0', async () => {
    const server = changedTarget();
    const { code, report } = await restore(server, ['--from', evidenceFile()]);
    expect(code).toBe(0);
    expect(report.verdict).toBe('restored');
    expect(report.parts.map((part) => `${part.part}: ${part.verdict}`)).toEqual([
      'supervisors scope: as found',
      'commission rules: restored',
      'prize rules: restored',
      'preferences of viewer (viewer): restored',
    ]);
    expect(server.text(FAKE_PATHS.commissions)).toBe(COMMISSIONS);
    expect(server.text(FAKE_PATHS.prizes)).toBe(PRIZES);
    expect(server.preferencesOf('viewer')).toBe(VIEWER_PREFERENCES);
  });

  it('exits 1 naming each part the target did not take back', async () => {
    const server = changedTarget();
    server.refused.add(FAKE_PATHS.commissions);
    server.ignored.add(FAKE_PATHS.prizes);
    const { code, report } = await restore(server, ['--from', evidenceFile()]);
    expect(code).toBe(1);
    expect(report.verdict).toBe('left changed');
    const left = report.parts.filter((part) => part.verdict === 'left changed');
    expect(left.map((part) => part.part)).toEqual(['commission rules', 'prize rules']);
    expect(left[0]?.detail).toMatch(
      /commission rules: writing the snapshot back failed: POST .* -> HTTP 422/,
    );
    expect(left[1]?.detail).toMatch(/prize rules: the snapshot was written but reading it back failed/);
  });

  it('fails without an admin session, and without --from', async () => {
    const server = new FakeStateServer({}, { config: {} });
    await expect(restore(server, ['--from', evidenceFile()])).rejects.toThrow(
      /cannot log in as the admin account/,
    );
    await expect(restore(server, [])).rejects.toThrow(UsageError);
  });
});
