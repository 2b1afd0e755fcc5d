import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { V1Client } from '../clients/v1-client.ts';
import { FAKE_PATHS, FakeStateServer } from './fake-state-server.ts';
import {
  checkAndRestore,
  loadRunSnapshot,
  overallStateVerdict,
  type RoleSessions,
  runSnapshotFile,
  saveRunSnapshot,
  takeRunSnapshot,
} from './run-snapshot.ts';

const API = 'http://fake-target/api/v1';
// As the customer's system answers them: Python's JSON text, `1.0` kept as written.
const SCOPE = '{"supervisors": ["A", "B"]}';
const COMMISSIONS =
  '{"rules": [{"supervisors": ["__ALL__"], "uns": ["__ALL__"], "vias": ["__ALL__"], "months": [], "factor": 1.0}]}';
const PRIZES = '{"rules": []}';
const ANALYST_PREFERENCES =
  '{"filters": {"supervisors": ["A"], "uns": [], "vias": [], "years": [], "months": []}}';

async function target() {
  const server = new FakeStateServer(
    { admin: 'admin', analyst: 'analyst' },
    {
      config: {
        [FAKE_PATHS.scope]: SCOPE,
        [FAKE_PATHS.commissions]: COMMISSIONS,
        [FAKE_PATHS.prizes]: PRIZES,
      },
      preferences: { analyst: ANALYST_PREFERENCES },
    },
  );
  const api = new V1Client(API, server.transport);
  const sessions: RoleSessions = {};
  for (const role of ['admin', 'analyst'] as const) {
    const pair = await api.login(role, 'any');
    sessions[role] = { username: role, client: api.withToken(pair.access_token) };
  }
  const admin = sessions.admin?.client;
  if (!admin) throw new Error('no admin session');
  server.calls.length = 0;
  return { server, api, sessions, admin };
}

async function savedSnapshot() {
  const fixture = await target();
  const file = runSnapshotFile(mkdtempSync(path.join(tmpdir(), 'run-snapshot-')), 'run-1');
  saveRunSnapshot(file, await takeRunSnapshot(API, fixture.admin, fixture.sessions));
  fixture.server.calls.length = 0;
  return { ...fixture, file, snapshot: loadRunSnapshot(file) };
}

describe('the run snapshot file', () => {
  it('keeps every part as the JSON text the target answered', async () => {
    const { file, snapshot } = await savedSnapshot();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.config).toEqual({ scope: SCOPE, commissions: COMMISSIONS, prizes: PRIZES });
    expect(saved.preferences.analyst).toEqual({ username: 'analyst', value: ANALYST_PREFERENCES });
    expect(snapshot.config.commissions.text).toBe(COMMISSIONS);
    expect(snapshot.config.commissions.value).toMatchObject({ rules: [{ factor: 1 }] });
  });

  it('reads a file of an earlier version that holds parsed values', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'run-snapshot-')), 'old.json');
    const old = {
      kind: 'cobranzas-suite-state-snapshot',
      apiBase: API,
      takenAt: '2026-11-30T10:00:00.000Z',
      config: { scope: { supervisors: ['A'] }, commissions: { rules: [] }, prizes: { rules: [] } },
      preferences: { viewer: { username: 'viewer', value: { filters: {} } } },
    };
    writeFileSync(file, JSON.stringify(old));
    const snapshot = loadRunSnapshot(file);
    expect(snapshot.config.scope.text).toBe('{"supervisors":["A"]}');
    expect(snapshot.preferences.viewer?.value.value).toEqual({ filters: {} });
  });

  it('refuses a file that is not a snapshot of this suite, naming the file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'run-snapshot-')), 'other.json');
    writeFileSync(file, JSON.stringify({ kind: 'something-else' }));
    expect(() => loadRunSnapshot(file)).toThrow(`${file} is not a state snapshot of this suite`);
  });
});

describe('checkAndRestore', () => {
  it('writes nothing when every part holds the saved text', async () => {
    const { snapshot, admin, sessions, server } = await savedSnapshot();
    const verdicts = await checkAndRestore(snapshot, admin, sessions);
    expect(verdicts.map((verdict) => verdict.part)).toEqual([
      'supervisors scope',
      'commission rules',
      'prize rules',
      'preferences of admin (admin)',
      'preferences of analyst (analyst)',
    ]);
    expect(verdicts.every((verdict) => verdict.verdict === 'as found')).toBe(true);
    expect(server.calls.filter((call) => call.startsWith('POST'))).toEqual([]);
  });

  it('posts the saved bytes back when only the text differs (1 where 1.0 was saved)', async () => {
    const { snapshot, admin, sessions, server } = await savedSnapshot();
    server.texts.set(FAKE_PATHS.commissions, COMMISSIONS.replace('1.0', '1'));
    const verdicts = await checkAndRestore(snapshot, admin, sessions);
    expect(verdicts[1]).toMatchObject({ part: 'commission rules', verdict: 'restored' });
    expect(verdicts[1]?.detail).toContain('the same content in other JSON text');
    expect(server.text(FAKE_PATHS.commissions)).toBe(COMMISSIONS);
    expect(overallStateVerdict(verdicts)).toBe('restored');
  });

  it('restores a part whose current value does not parse, and preferences through their own session', async () => {
    const { snapshot, admin, sessions, server } = await savedSnapshot();
    server.texts.set(FAKE_PATHS.prizes, '{"rules": [');
    await sessions.analyst?.client.send('setPreferences', { filters: { supervisors: ['CHANGED'] } });
    const verdicts = await checkAndRestore(snapshot, admin, sessions);
    expect(verdicts[2]).toMatchObject({ part: 'prize rules', verdict: 'restored' });
    expect(verdicts[2]?.detail).toMatch(/could not be read/);
    expect(verdicts[4]).toMatchObject({ part: 'preferences of analyst (analyst)', verdict: 'restored' });
    expect(server.text(FAKE_PATHS.prizes)).toBe(PRIZES);
    expect(server.preferencesOf('analyst')).toBe(ANALYST_PREFERENCES);
  });

  it('names what is left when a restore does not take', async () => {
    const { snapshot, admin, sessions, server } = await savedSnapshot();
    server.texts.set(FAKE_PATHS.scope, '{"supervisors": []}');
    server.texts.set(FAKE_PATHS.commissions, '{"rules": []}');
    server.refused.add(FAKE_PATHS.scope);
    server.ignored.add(FAKE_PATHS.commissions);
    const verdicts = await checkAndRestore(snapshot, admin, sessions);
    expect(verdicts[0]).toMatchObject({ part: 'supervisors scope', verdict: 'left changed' });
    expect(verdicts[0]?.detail).toMatch(
      /writing the snapshot back failed: POST .*supervisors-scope -> HTTP 422/,
    );
    expect(verdicts[1]).toEqual({
      part: 'commission rules',
      verdict: 'left changed',
      detail: `commission rules: after the restore the server holds {"rules": []}, expected ${COMMISSIONS}`,
    });
    expect(overallStateVerdict(verdicts)).toBe('left changed');
  });

  it('names a part that stays unreadable after the write', async () => {
    const { snapshot, admin, sessions, server } = await savedSnapshot();
    server.unreadable.add(FAKE_PATHS.prizes);
    const verdicts = await checkAndRestore(snapshot, admin, sessions);
    expect(verdicts[2]).toMatchObject({ part: 'prize rules', verdict: 'left changed' });
    expect(verdicts[2]?.detail).toMatch(
      /^prize rules: the snapshot was written but reading it back failed: GET /,
    );
  });

  it('names the preferences of a role it has no session for', async () => {
    const { snapshot, admin, sessions } = await savedSnapshot();
    const verdicts = await checkAndRestore(snapshot, admin, { admin: sessions.admin });
    expect(verdicts[4]).toEqual({
      part: 'preferences of analyst (analyst)',
      verdict: 'left changed',
      detail: 'no session of analyst to read or restore them with',
    });
  });
});
