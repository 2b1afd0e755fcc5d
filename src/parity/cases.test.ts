import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILTER_KEYS } from '../contract/filters.ts';
import { PARITY_CASES, PARITY_ENDPOINTS } from './case-set.ts';
import { casesFromLegacyExpected } from './legacy-expected.ts';
import {
  filtersFromLegacyBrokersBody,
  filtersFromLegacyQuery,
  type LegacyAnswer,
  legacyCallsFor,
  mergeLegacyAnswers,
} from './legacy-mapping.ts';
import { loadRecording } from './load-recording.ts';
import { assertRecordingMatches } from './recording.ts';
import { RecordingError } from './recording-error.ts';

const GOLDEN_DIR = new URL('../../fixtures/golden/golden', import.meta.url).pathname;

describe('the parity case set', () => {
  it('is exactly the golden recording, rebuilt from the recorded legacy queries and bodies', async () => {
    const recording = await loadRecording(GOLDEN_DIR);
    expect(recording.dataset).toBe('golden');
    const rebuilt = recording.cases.map(({ name, endpoint, filters }) => ({ name, endpoint, filters }));
    const sortByName = <T extends { name: string }>(list: readonly T[]) =>
      [...list].sort((a, b) => a.name.localeCompare(b.name));
    expect(sortByName(rebuilt)).toEqual(sortByName(PARITY_CASES));
  });

  it('has at least 12 cases, covers every endpoint and every filter key', () => {
    expect(PARITY_CASES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(PARITY_CASES.map((c) => c.endpoint))).toEqual(new Set(PARITY_ENDPOINTS));
    const keys = new Set(PARITY_CASES.flatMap((c) => Object.keys(c.filters)));
    expect([...keys].sort()).toEqual([...FILTER_KEYS].sort());
    expect(new Set(PARITY_CASES.map((c) => c.name)).size).toBe(PARITY_CASES.length);
  });

  it('sends at least one filter to every legacy GET (the legacy refuses none with FILTER_REQUIRED)', () => {
    for (const parityCase of PARITY_CASES.filter((c) => c.endpoint !== 'brokers')) {
      expect(Object.keys(parityCase.filters).length, parityCase.name).toBeGreaterThan(0);
    }
  });
});

describe('legacy requests of a case', () => {
  it('portfolio calls the legacy summary and trend with the same query', () => {
    const calls = legacyCallsFor({ name: 'x', endpoint: 'portfolio', filters: { un: ['A'], tramo: ['4'] } });
    expect(calls).toEqual([
      { method: 'GET', path: '/analytics/portfolio/summary', query: { un: ['A'], tramo: ['4'] } },
      { method: 'GET', path: '/analytics/portfolio/trend', query: { un: ['A'], tramo: ['4'] } },
    ]);
  });

  it('brokers posts the contract mapping of the filters, unmapped filters dropped', () => {
    const calls = legacyCallsFor({
      name: 'x',
      endpoint: 'brokers',
      filters: { supervisor: ['S'], anio: ['2025'], contract_month: ['01/2025'], gestion_month: ['02/2025'] },
    });
    expect(calls).toEqual([
      {
        method: 'POST',
        path: '/api/brokers/summary',
        body: { supervisors: ['S'], years: ['2025'], months: ['01/2025'] },
      },
    ]);
  });

  it('mora and rendimiento call their mapped GET', () => {
    expect(legacyCallsFor({ name: 'x', endpoint: 'mora', filters: { anio: ['2025'] } })[0]?.path).toBe(
      '/analytics/movement/moroso-trend',
    );
    expect(legacyCallsFor({ name: 'x', endpoint: 'rendimiento', filters: { anio: ['2025'] } })[0]?.path).toBe(
      '/analytics/performance/by-management-month',
    );
  });
});

describe('v1 filters from recorded legacy requests', () => {
  it('splits comma-joined query values and keeps repeated ones', () => {
    expect(filtersFromLegacyQuery({ un: ['ODONTOLOGIA,OFTALMOLOGIA'], tramo: ['0', '1'] })).toEqual({
      un: ['ODONTOLOGIA', 'OFTALMOLOGIA'],
      tramo: ['0', '1'],
    });
  });

  it('refuses a query key that is not a filter (v1 would silently ignore it)', () => {
    expect(() => filtersFromLegacyQuery({ unidad: ['A'] })).toThrow(RecordingError);
  });

  it('maps the brokers body back: supervisors, uns, vias, years, months', () => {
    expect(
      filtersFromLegacyBrokersBody({
        supervisors: ['S'],
        uns: ['U'],
        vias: ['cobrador'],
        years: ['2025'],
        months: ['06/2025'],
      }),
    ).toEqual({
      un: ['U'],
      anio: ['2025'],
      contract_month: ['06/2025'],
      via_cobro: ['cobrador'],
      supervisor: ['S'],
    });
    expect(() => filtersFromLegacyBrokersBody({ gestores: ['x'] })).toThrow(RecordingError);
  });
});

describe('mergeLegacyAnswers', () => {
  const summary: LegacyAnswer = {
    call: { method: 'GET', path: '/analytics/portfolio/summary' },
    status: 200,
    body: { total: 3, totalDebt: 10, meta: { cutoff: '01/2026' } },
  };
  const trend: LegacyAnswer = {
    call: { method: 'GET', path: '/analytics/portfolio/trend' },
    status: 200,
    body: { byGestion: { '01/2026': { total: 3 } }, meta: { cutoff: '01/2026', from: 'trend' } },
  };

  it('portfolio: the summary plus the trend byGestion, the summary meta', () => {
    expect(mergeLegacyAnswers('portfolio', [summary, trend])).toEqual({
      payload: {
        total: 3,
        totalDebt: 10,
        byGestion: { '01/2026': { total: 3 } },
        meta: { cutoff: '01/2026' },
      },
      unrecorded: [],
    });
  });

  it('portfolio with one side recorded names what v1 must not be compared on', () => {
    expect(mergeLegacyAnswers('portfolio', [summary]).unrecorded).toEqual(['byGestion']);
    expect(mergeLegacyAnswers('portfolio', [trend]).unrecorded).toEqual([
      'total',
      'vigente',
      'moroso',
      'cobrador',
      'debito',
      'totalDebt',
      'totalPaid',
    ]);
  });

  it('other endpoints: the one answer as is', () => {
    const answer: LegacyAnswer = {
      call: { method: 'POST', path: '/api/brokers/summary' },
      status: 200,
      body: { rows: [] },
    };
    expect(mergeLegacyAnswers('brokers', [answer])).toEqual({ payload: { rows: [] }, unrecorded: [] });
    expect(() => mergeLegacyAnswers('brokers', [])).toThrow();
  });
});

describe('recordings', () => {
  it('groups a portfolio summary and trend with the same filters and keeps a repeated call as the Diffy repeat', async () => {
    const recording = await loadRecording(GOLDEN_DIR);
    const runbook = recording.cases.find((c) => c.name === 'runbook_portfolio_summary');
    expect(runbook?.recordedAs).toEqual(['runbook_portfolio_summary', 'runbook_portfolio_trend']);
    expect(runbook?.answers.map((a) => a.call.path)).toEqual([
      '/analytics/portfolio/summary',
      '/analytics/portfolio/trend',
    ]);
    const odontologia = recording.cases.find((c) => c.name === 'summary_un_odontologia');
    expect(odontologia?.recordedAs).toEqual(['summary_un_odontologia', 'summary_un_odontologia_repeat']);
    expect(odontologia?.repeats).toHaveLength(1);
    // 49 recorded calls: 37 become 33 cases, the rest are skipped with a reason
    expect(recording.cases).toHaveLength(33);
    expect(recording.skipped.map((s) => s.case)).toEqual(
      expect.arrayContaining([
        'error_summary_no_filter',
        'anuales_un_odontologia',
        'check_files',
        'brokers_body_not_json',
      ]),
    );
  });

  it('refuses recordings of another dataset, naming both', () => {
    const recording = casesFromLegacyExpected([], 'golden', 'x/legacy_expected.json');
    expect(() => assertRecordingMatches(recording, 'golden')).not.toThrow();
    expect(() => assertRecordingMatches(recording, 'acme')).toThrow(
      /dataset "golden" but the target serves dataset "acme"/,
    );
  });

  describe('index.json folders written by record-golden', () => {
    const dirs: string[] = [];
    afterAll(async () => {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    });

    async function folder(files: Record<string, unknown>): Promise<string> {
      const dir = await mkdtemp(path.join(tmpdir(), 'recording-'));
      dirs.push(dir);
      for (const [name, content] of Object.entries(files))
        await writeFile(path.join(dir, name), JSON.stringify(content));
      return dir;
    }

    const caseFile = {
      case: 'mora_2025',
      dataset: 'acme',
      endpoint: 'mora',
      filters: { anio: ['2025'] },
      recordedAt: '2026-01-15T10:00:00Z',
      legacyBase: 'http://127.0.0.1:5000',
      answers: [
        {
          method: 'GET',
          path: '/analytics/movement/moroso-trend',
          query: { anio: ['2025'] },
          status: 200,
          response: { labels: [] },
        },
      ],
    };
    const index = {
      dataset: 'acme',
      recordedAt: '2026-01-15T10:00:00Z',
      legacyBase: 'http://127.0.0.1:5000',
      cases: [{ case: 'mora_2025', endpoint: 'mora', file: 'mora_2025.json' }],
    };

    it('loads the index and its case files, dataset from the index', async () => {
      const recording = await loadRecording(
        await folder({ 'index.json': index, 'mora_2025.json': caseFile }),
      );
      expect(recording.dataset).toBe('acme');
      expect(recording.cases).toEqual([
        expect.objectContaining({
          name: 'mora_2025',
          endpoint: 'mora',
          filters: { anio: ['2025'] },
          repeats: [],
        }),
      ]);
    });

    it('refuses a case file of another dataset or with a path of another endpoint', async () => {
      const otherDataset = await folder({
        'index.json': index,
        'mora_2025.json': { ...caseFile, dataset: 'golden' },
      });
      await expect(loadRecording(otherDataset)).rejects.toThrow(
        /recorded on dataset golden, the index says acme/,
      );
      const otherPath = await folder({
        'index.json': index,
        'mora_2025.json': {
          ...caseFile,
          answers: [{ ...caseFile.answers[0], path: '/analytics/portfolio/summary' }],
        },
      });
      await expect(loadRecording(otherPath)).rejects.toThrow(/not a legacy endpoint of mora/);
    });

    it('says what is missing in an empty folder', async () => {
      await expect(loadRecording(await folder({}))).rejects.toThrow(
        /expected index.json .* or legacy_expected.json/,
      );
    });
  });
});
