// record:golden against a reference legacy on loopback, then the recording read back and used.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReferenceServer, type ReferenceServer } from '../reference-server/src/app.ts';
import { UsageError } from '../src/cli/command-line.ts';
import { undiciTransport } from '../src/clients/transport.ts';
import { V1Client } from '../src/clients/v1-client.ts';
import { parseConfig } from '../src/config.ts';
import { PARITY_CASES } from '../src/parity/case-set.ts';
import { DEFAULT_TOLERANCE } from '../src/parity/kinds.ts';
import { loadRecording } from '../src/parity/load-recording.ts';
import { judgeRun } from '../src/parity/report.ts';
import { runParityExecution, v1Fetch } from '../src/parity/run.ts';
import { recordedSource } from '../src/parity/sources.ts';
import { main, recordGoldenOptions } from './record-golden.ts';

let server: ReferenceServer;
let legacyBase: string;
let apiBase: string;
const dirs: string[] = [];

beforeAll(async () => {
  server = buildReferenceServer({ datasetDir: 'fixtures/datasets/golden' });
  await server.api.listen({ host: '127.0.0.1', port: 0 });
  await server.legacy.listen({ host: '127.0.0.1', port: 0 });
  apiBase = `http://127.0.0.1:${(server.api.server.address() as AddressInfo).port}/api/v1`;
  legacyBase = `http://127.0.0.1:${(server.legacy.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'record-golden-'));
  dirs.push(dir);
  return dir;
}

const config = () => parseConfig({ TARGET: 'external' });
const quiet = { write: () => {}, now: () => new Date('2026-01-15T12:00:00Z') };

describe('recordGoldenOptions', () => {
  it('needs --legacy and a plain --dataset name; defaults the folder to fixtures/golden/NAME', () => {
    expect(() => recordGoldenOptions(['--dataset', 'x'])).toThrow(UsageError);
    expect(() => recordGoldenOptions(['--legacy', 'http://l', '--dataset', '../x'])).toThrow(UsageError);
    expect(recordGoldenOptions(['--legacy', 'http://l/', '--dataset', 'acme'])).toEqual({
      legacyBase: 'http://l',
      dataset: 'acme',
      outDir: path.join('fixtures', 'golden', 'acme'),
      repeat: false,
      force: false,
    });
  });
});

describe('npm run record:golden', () => {
  it('records every parity case with its index; the recording reads back and judges v1', async () => {
    const out = await tempDir();
    const code = await main(
      ['--legacy', legacyBase, '--dataset', 'golden-reference', '--out', out, '--repeat'],
      config(),
      quiet,
    );
    expect(code).toBe(0);
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8')) as {
      dataset: string;
      cases: unknown[];
    };
    expect(index.dataset).toBe('golden-reference');
    expect(index.cases).toHaveLength(PARITY_CASES.length);
    const runbook = JSON.parse(await readFile(path.join(out, 'runbook_portfolio_summary.json'), 'utf8')) as {
      answers: { path: string; response: { meta: Record<string, unknown> } }[];
    };
    expect(runbook.answers.map((answer) => answer.path)).toEqual([
      '/analytics/portfolio/summary',
      '/analytics/portfolio/trend',
    ]);
    expect(runbook.answers[0]?.response.meta).not.toHaveProperty('signature');

    const recording = await loadRecording(out);
    expect(recording.dataset).toBe('golden-reference');
    expect(recording.cases.map(({ name, endpoint, filters }) => ({ name, endpoint, filters }))).toEqual(
      PARITY_CASES,
    );
    const anonymous = new V1Client(apiBase, undiciTransport());
    const pair = await anonymous.login('viewer', 'viewer123');
    const execution = await runParityExecution({
      source: recordedSource(recording),
      fetchV1: v1Fetch(anonymous.withToken(pair.access_token)),
      tolerance: DEFAULT_TOLERANCE,
      deviations: [],
      learnNoise: true,
      today: '2026-01-15',
    });
    // Cases with no data on either side are listed, not compared: every case is one or the other.
    const verdict = judgeRun(execution.run);
    expect(verdict.verdict).toBe('pass');
    expect(verdict.cases + verdict.noDataCases).toBe(PARITY_CASES.length);
  });

  it("never writes beside the customer's legacy_expected.json, nor over a recording without --force", async () => {
    const customer = await tempDir();
    await writeFile(path.join(customer, 'legacy_expected.json'), '[]');
    await expect(
      main(['--legacy', legacyBase, '--dataset', 'golden', '--out', customer], config(), quiet),
    ).rejects.toThrow(/would shadow those recordings/);
    const earlier = await tempDir();
    await writeFile(path.join(earlier, 'index.json'), '{}');
    await expect(
      main(['--legacy', legacyBase, '--dataset', 'x', '--out', earlier], config(), quiet),
    ).rejects.toThrow(/pass --force/);
  });

  it('reports a case whose legacy call does not answer 200 and exits 1', async () => {
    const out = await tempDir();
    let text = '';
    const code = await main(['--legacy', legacyBase, '--dataset', 'x', '--out', out], config(), {
      ...quiet,
      write: (chunk) => (text += chunk),
      // The legacy refuses an analytics GET without any filter (400 FILTER_REQUIRED).
      cases: [{ name: 'no_filter', endpoint: 'mora', filters: {} }],
    });
    expect(code).toBe(1);
    expect(text).toContain('NOT RECORDED no_filter: GET /analytics/movement/moroso-trend -> HTTP 400');
  });
});
