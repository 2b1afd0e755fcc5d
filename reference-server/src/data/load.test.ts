import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFiles, loadDataset, loadLegacyConfig, parseCsv } from './load.ts';

const GOLDEN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'fixtures',
  'datasets',
  'golden',
);

const CSV = {
  cartera:
    '\uFEFFUN,id_contrato,via_de_cobro,monto_cuota,monto_vencido,tramo,Fecha gestion,fecha_cierre\n' +
    'ODONTOLOGIA,10,COBRADOR,100,"1,5",0,04/2025,2025-04-30\n',
  cobranzas: '\uFEFFAño,Mes,Dia,contract_id,VP,monto\n2025,4,3,10,DEBITO,"99,5"\n',
  contratos: 'id,date,monto_cuota,Supervisor,UN\n10,2024-01-01,100,ANA,ODONTOLOGIA\n',
  gestores: 'Gestor,contract_id,from_date\nBETO,10,2025-04-01\n',
};

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-load-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
const fullFolder = (overrides: Record<string, string> = {}): string =>
  folder({
    'cartera.csv': CSV.cartera,
    'cobranzas_prepagas.csv': CSV.cobranzas,
    'contratos.csv': CSV.contratos,
    'gestores.csv': CSV.gestores,
    ...overrides,
  });

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseCsv', () => {
  it('strips the BOM, keeps quoted commas', () => {
    const { header, records } = parseCsv('\uFEFFa,b\n1,"2,5"\n');
    expect(header).toEqual(['a', 'b']);
    expect(records).toEqual([{ a: '1', b: '2,5' }]);
  });
});

describe('loadDataset', () => {
  it('loads a folder with BOMs and decimal commas', () => {
    const ds = loadDataset(fullFolder());
    expect(ds.cartera).toHaveLength(1);
    expect(ds.cartera[0]?.debt).toBe(101.5);
    expect(ds.payments[0]).toMatchObject({ month: '04/2025', amount: 99.5, viaPago: 'DEBITO' });
    expect(ds.indexes.rowGestor[0]).toBe('BETO');
  });

  it('accepts the alternative cobranzas column names', () => {
    const ds = loadDataset(
      fullFolder({ 'cobranzas_prepagas.csv': 'year,month,id_contrato,monto\n2025,4,10,5\n' }),
    );
    expect(ds.payments[0]).toMatchObject({ contractId: '10', month: '04/2025', amount: 5 });
  });

  it('names the file and the missing required column', () => {
    const noVencido = CSV.cartera.replace('monto_vencido', 'vencido');
    expect(() => loadDataset(fullFolder({ 'cartera.csv': noVencido }))).toThrow(
      'cartera.csv: missing required column "monto_vencido"',
    );
    expect(() => loadDataset(fullFolder({ 'cobranzas_prepagas.csv': 'Año,Mes,contract_id\n' }))).toThrow(
      'cobranzas_prepagas.csv: missing required column "monto"',
    );
    expect(() => loadDataset(fullFolder({ 'gestores.csv': 'Gestor,id,from_date\n' }))).toThrow(
      'gestores.csv: missing required column "contract_id"',
    );
  });

  it('names a missing file', () => {
    const dir = folder({ 'cartera.csv': CSV.cartera });
    expect(() => loadDataset(dir)).toThrow(/cobranzas_prepagas\.csv: file not found/);
  });

  it('loads the golden folder (5534 cartera rows minus 3 blank ids)', () => {
    const ds = loadDataset(GOLDEN);
    expect(ds.cartera).toHaveLength(5531);
    expect(ds.contracts.size).toBe(797);
    expect(ds.indexes.latestMonth).toBe('03/2026');
  });
});

describe('checkFiles', () => {
  it('reports each export and the analytics cache files', () => {
    expect(checkFiles(fullFolder())).toEqual({
      cartera: true,
      cobranzas: true,
      gestores: true,
      contratos: true,
      analytics: false,
      analytics_meta: false,
    });
    const partial = folder({ 'cartera.csv': CSV.cartera, '.cache/analytics.json': '{}' });
    expect(checkFiles(partial)).toEqual({
      cartera: true,
      cobranzas: false,
      gestores: false,
      contratos: false,
      analytics: true,
      analytics_meta: false,
    });
  });
});

describe('loadLegacyConfig', () => {
  it('reads the object forms', () => {
    const dir = folder({
      'data/brokers_supervisors.json': '{"supervisors": ["ANA"]}',
      'data/commissions_rules.json':
        '{"rules": [{"supervisors": ["ANA"], "uns": ["__ALL__"], "vias": [], "months": [], "factor": 1.5}]}',
      'data/prizes_rules.json':
        '{"rules": [{"supervisors": ["ANA"], "uns": [], "months": [], "meta": 2, "scales": [{"minPct": 50, "prize": 10}]}]}',
    });
    expect(loadLegacyConfig(dir)).toEqual({
      supervisors: ['ANA'],
      commissions: [{ supervisors: ['ANA'], uns: ['__ALL__'], vias: [], months: [], factor: 1.5 }],
      prizes: [{ supervisors: ['ANA'], uns: [], months: [], meta: 2, scales: [{ minPct: 50, prize: 10 }] }],
    });
  });

  it('reads bare lists and treats missing files as empty', () => {
    const dir = folder({
      'data/brokers_supervisors.json': '["ANA", "BETO"]',
      'data/commissions_rules.json': '[{"supervisors": ["X"], "factor": "2"}]',
    });
    expect(loadLegacyConfig(dir)).toEqual({
      supervisors: ['ANA', 'BETO'],
      commissions: [{ supervisors: ['X'], uns: [], vias: [], months: [], factor: 2 }],
      prizes: [],
    });
  });

  it('names a config file that is not JSON', () => {
    const dir = folder({ 'data/prizes_rules.json': '{rules' });
    expect(() => loadLegacyConfig(dir)).toThrow(/prizes_rules\.json: not valid JSON/);
  });
});
