// The parity report CLI against reference servers listening on loopback (undici, as operators run it).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReferenceServer, type ReferenceServer } from '../reference-server/src/app.ts';
import { UsageError } from '../src/cli/command-line.ts';
import { parseConfig } from '../src/config.ts';
import { RecordingError } from '../src/parity/recording-error.ts';
import { main, parityReportOptions } from './parity-report.ts';

const GOLDEN = 'fixtures/datasets/golden';
const TODAY = new Date('2026-01-15T12:00:00Z');

interface Running {
  server: ReferenceServer;
  apiBase: string;
  legacyBase: string;
}

async function start(faults: string[] = []): Promise<Running> {
  const server = buildReferenceServer({ datasetDir: GOLDEN, faults });
  await server.api.listen({ host: '127.0.0.1', port: 0 });
  await server.legacy.listen({ host: '127.0.0.1', port: 0 });
  const port = (app: typeof server.api) => (app.server.address() as AddressInfo).port;
  return {
    server,
    apiBase: `http://127.0.0.1:${port(server.api)}/api/v1`,
    legacyBase: `http://127.0.0.1:${port(server.legacy)}`,
  };
}

function config(running: Running) {
  return parseConfig({ TARGET: 'external', API_V1_BASE: running.apiBase, LEGACY_BASE: running.legacyBase });
}

async function report(running: Running, argv: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await main(argv, config(running), { write: (chunk) => (text += chunk), today: TODAY });
  return { code, text };
}

describe('parityReportOptions', () => {
  const base = parseConfig({ TARGET: 'external' });

  it('refuses a recorded run whose target dataset is not stated', () => {
    expect(() => parityReportOptions(['--source', 'recorded'], base)).toThrow(UsageError);
    expect(parityReportOptions(['--source', 'recorded', '--dataset', 'golden'], base).recordedDir).toBe(
      'fixtures/golden/golden',
    );
  });

  it('defaults: the configured source (live for an external target), 2 runs, every endpoint, noise learning', () => {
    expect(parityReportOptions([], base)).toMatchObject({
      source: 'live',
      runs: 2,
      endpoints: ['portfolio', 'rendimiento', 'mora', 'brokers'],
      noise: true,
      legacyBase: 'http://localhost:5000',
    });
  });

  it('names an unknown endpoint and a bad run count', () => {
    expect(() => parityReportOptions(['--endpoint', 'mora,anuales'], base)).toThrow(/unknown anuales/);
    expect(() => parityReportOptions(['--runs', '0'], base)).toThrow(/--runs/);
  });
});

describe('npm run parity:report', () => {
  let clean: Running;
  let drifting: Running;
  beforeAll(async () => {
    clean = await start();
    drifting = await start(['parity-drift-2pct']);
  });
  afterAll(async () => {
    await clean.server.close();
    await drifting.server.close();
  });

  it('recorded: two passing runs against the golden recordings, source and dataset stated', async () => {
    const { code, text } = await report(clean, [
      '--source',
      'recorded',
      '--dataset',
      'golden',
      '--endpoint',
      'mora,brokers',
    ]);
    expect(code).toBe(0);
    expect(text).toContain(
      'source: recorded  dataset: golden  legacy: fixtures/golden/golden/legacy_expected.json',
    );
    expect(text).toContain('run: 1 of 2');
    expect(text).toContain('run: 2 of 2');
    expect(text.trimEnd().split('\n').at(-1)).toBe('PARITY PASS: 2 consecutive run(s) passed');
  });

  it('recorded: refuses recordings of another dataset', async () => {
    await expect(
      report(clean, ['--source', 'recorded', '--dataset', 'acme', '--recorded', 'fixtures/golden/golden']),
    ).rejects.toThrow(RecordingError);
  });

  it('live: a 2% portfolio drift fails with the path, both values and the tolerance', async () => {
    const { code, text } = await report(drifting, [
      '--source',
      'live',
      '--endpoint',
      'portfolio',
      '--runs',
      '1',
    ]);
    expect(code).toBe(1);
    expect(text).toContain('source: live');
    expect(text).toContain('first drift: totalDebt');
    expect(text).toContain('legacy = 702610000');
    expect(text).toContain('v1     = 716662200');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'PARITY FAIL: not every one of 1 consecutive run(s) passed',
    );
  });

  it('live: the clean reference passes every endpoint, recorded and drawn cases, the seed stated', async () => {
    const { code, text } = await report(clean, [
      '--source',
      'live',
      '--runs',
      '1',
      '--drawn',
      '3',
      '--seed',
      '7',
    ]);
    expect(code).toBe(0);
    expect(text).toContain('drawn cases: 12 (3 per endpoint, seed 7: PARITY_DRAW_SEED=7 draws them again)');
    expect(text).toMatch(/Parity report: PASS \(0 of \d+ case\(s\) failed/);
    expect(text).toContain('drawn_brokers_3');
  });

  it('recorded: v1 forwarding to the live legacy makes the run inconclusive, not a pass', async () => {
    const forwarding = await start(['v1-forwards-to-legacy']);
    try {
      const { code, text } = await report(forwarding, [
        '--source',
        'recorded',
        '--dataset',
        'golden',
        '--endpoint',
        'mora',
        '--runs',
        '1',
        '--drawn',
        '0',
      ]);
      expect(code).toBe(1);
      expect(text).toContain('Parity report: INCONCLUSIVE');
      expect(text).toContain('v1 forwards to the legacy');
    } finally {
      await forwarding.server.close();
    }
  });
});
