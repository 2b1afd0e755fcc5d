// A dataset in the customer's CSV format that the suite has never seen: another period, other UNs,
// supervisors, branches and sellers, so no probe fitted to the golden dataset finds anything in it.
//   npm run dataset:generate -- [--out fixtures/datasets/second-2031] [--seed 2031]
// Deterministic: the same seed writes the same bytes (fast-check's seeded generator draws every
// random choice). Clean rows only: the golden dataset already carries the dirty spellings.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';

/** The period, names and rules of the generated dataset. */
const PLAN = {
  contracts: 160,
  firstContractId: 70001,
  /** Gestion months (the cartera snapshots): 01/2031 .. 06/2031. */
  gestionYear: 2031,
  gestionMonths: [1, 2, 3, 4, 5, 6],
  /** Contracts are signed from 01/2029 to 05/2031. */
  contractStart: { year: 2029, month: 1 },
  contractMonths: 29,
  uns: ['KINESIOLOGIA', 'DERMATOLOGIA', 'PEDIATRIA', 'NUTRICION'],
  branches: ['CASA CENTRAL', 'SUC. VILLARRICA', 'SUC. CAACUPE'],
  supervisors: ['ROSA PAREDES', 'HUGO BRITEZ', 'FVBROKERSUR', 'NILDA ESCOBAR'],
  sellers: ['ANDRES FERREIRA', 'LORENA BAEZ', 'SILVIA ORTIZ', 'RAMON CENTURION', 'FVBROKERSUR'],
  collectors: ['GLADYS ROMERO', 'TOMAS VERA', 'MIRIAM SANABRIA', 'OSVALDO GAONA'],
  /** Raw vias as the customer's exports spell them: banks are debits. */
  vias: ['COBRADOR', 'COBRADOR', 'DEBITO', 'BANCO FAMILIAR', 'BANCO GNB'],
  cuotas: [12, 18, 24, 36],
  brokers: ['FVBROKERSUR', 'ROSA PAREDES', 'HUGO BRITEZ'],
} as const;

/** A seeded stream of uniform draws in [0, 1) from fast-check (no bias towards edge values). */
function randomStream(seed: number): () => number {
  const draws = fc.sample(fc.noBias(fc.integer({ min: 0, max: 999_999 })), { seed, numRuns: 200_000 });
  let next = 0;
  return () => {
    const value = draws[next % draws.length] ?? 0;
    next += 1;
    return value / 1_000_000;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

interface Contract {
  id: number;
  un: string;
  branch: string;
  year: number;
  month: number;
  day: number;
  via: string;
  cuota: number;
  cuotas: number;
  supervisor: string;
  seller: string;
  collector: string;
  /** Gestion month index (into PLAN.gestionMonths) after which it culminated, if it did. */
  culminatedAfter: number | undefined;
}

export interface GeneratedDataset {
  files: Record<string, string>;
}

type Row = (string | number)[];
type Random = () => number;
type PickOne = <T>(values: readonly T[]) => T;

/** The contracts, every field drawn in a fixed order (the seed decides everything). */
function drawContracts(random: Random, pick: PickOne): Contract[] {
  const contracts: Contract[] = [];
  for (let index = 0; index < PLAN.contracts; index++) {
    const offset = Math.floor(random() * PLAN.contractMonths);
    const year = PLAN.contractStart.year + Math.floor((PLAN.contractStart.month - 1 + offset) / 12);
    const month = ((PLAN.contractStart.month - 1 + offset) % 12) + 1;
    const supervisor = pick(PLAN.supervisors);
    contracts.push({
      id: PLAN.firstContractId + index,
      un: pick(PLAN.uns),
      branch: pick(PLAN.branches),
      year,
      month,
      day: 1 + Math.floor(random() * 28),
      via: pick(PLAN.vias),
      cuota: (40 + Math.floor(random() * 400)) * 1000,
      cuotas: pick(PLAN.cuotas),
      supervisor,
      seller: supervisor === 'FVBROKERSUR' ? 'FVBROKERSUR' : pick(PLAN.sellers.slice(0, -1)),
      collector: pick(PLAN.collectors),
      culminatedAfter: random() < 0.15 ? Math.floor(random() * PLAN.gestionMonths.length) : undefined,
    });
  }
  return contracts;
}

/** A contract's cartera snapshot for one gestion month at the given tramo. */
function carteraRow(contract: Contract, year: number, month: number, tramo: number, random: Random): Row {
  const closeYear = month === 1 ? year - 1 : year;
  const closeMonth = month === 1 ? 12 : month - 1;
  const overdue = tramo * contract.cuota;
  return [
    contract.un,
    contract.branch,
    contract.id,
    `${contract.year}-${pad(contract.month)}-${pad(contract.day)}`,
    contract.via,
    contract.cuota,
    contract.cuotas,
    `${closeYear}-${pad(closeMonth)}-${lastDay(closeYear, closeMonth)}`,
    tramo,
    overdue,
    overdue + Math.floor(random() * 6) * contract.cuota,
    tramo === 0 ? 0 : tramo * 30 - Math.floor(random() * 20),
    tramo,
    tramo <= 3 ? 'Vigentes' : 'Morosos',
    `${pad(month)}/${year}`,
  ];
}

/** A payment of the month's installment (twice it, now and then, for a late contract). */
function paymentRow(
  contract: Contract,
  year: number,
  month: number,
  tramo: number,
  paymentId: number,
  random: Random,
): Row {
  const paidVia = contract.via === 'COBRADOR' ? 'COBRADOR' : 'DEBITO';
  return [
    year,
    month,
    1 + Math.floor(random() * 28),
    paymentId,
    contract.un,
    contract.branch,
    contract.id,
    random() < 0.1 ? (paidVia === 'COBRADOR' ? 'DEBITO' : 'COBRADOR') : paidVia,
    contract.cuota * (tramo > 0 && random() < 0.3 ? 2 : 1),
  ];
}

/** Each contract's months: its cartera snapshots, its gestor, its payments. */
function drawHistories(contracts: readonly Contract[], random: Random) {
  const cartera: Row[] = [];
  const cobranzas: Row[] = [];
  const gestores: Row[] = [];
  let paymentId = 990001;
  for (const contract of contracts) {
    const start = random();
    let tramo = start < 0.65 ? 0 : start < 0.92 ? 1 + Math.floor(random() * 3) : 4 + Math.floor(random() * 3);
    let assigned = false;
    PLAN.gestionMonths.forEach((month, index) => {
      const year = PLAN.gestionYear;
      const signed = contract.year * 12 + contract.month <= year * 12 + month - 1;
      const ended = contract.culminatedAfter !== undefined && index > contract.culminatedAfter;
      if (!signed || ended) return;
      // Tramo (installments overdue) moves one step a month at most: most stay current, some slide.
      const step = random();
      tramo = Math.max(0, Math.min(7, tramo + (step < 0.22 ? 1 : step < 0.4 ? -1 : 0)));
      cartera.push(carteraRow(contract, year, month, tramo, random));
      if (!assigned) {
        gestores.push([contract.collector, contract.id, `${year}-${pad(month)}-01`]);
        assigned = true;
      }
      // Current contracts mostly pay their installment in the month; late ones seldom.
      if (random() < (tramo === 0 ? 0.85 : tramo <= 3 ? 0.4 : 0.1)) {
        cobranzas.push(paymentRow(contract, year, month, tramo, paymentId++, random));
      }
    });
  }
  return { cartera, cobranzas, gestores };
}

function contratoRows(contracts: readonly Contract[], random: Random): Row[] {
  return contracts.map((contract) => {
    const culminated = contract.culminatedAfter !== undefined;
    const endMonth = PLAN.gestionMonths[contract.culminatedAfter ?? 0] ?? 1;
    return [
      contract.id,
      `${contract.year}-${pad(contract.month)}-${pad(contract.day)}`,
      contract.cuota,
      culminated ? 6 : 5,
      contract.seller,
      contract.supervisor,
      contract.un,
      culminated ? `${PLAN.gestionYear}-${pad(endMonth)}-${pad(10 + Math.floor(random() * 15))}` : '',
    ];
  });
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The legacy JSON config of the dataset: brokers, commission and prize rules. */
function configFiles(): Record<string, string> {
  return {
    [path.join('data', 'brokers_supervisors.json')]: json({ supervisors: PLAN.brokers }),
    [path.join('data', 'commissions_rules.json')]: json({
      rules: [
        {
          supervisors: ['FVBROKERSUR'],
          uns: ['KINESIOLOGIA'],
          vias: ['COBRADOR'],
          months: [],
          factor: 2.2,
        },
        { supervisors: ['FVBROKERSUR'], uns: ['__ALL__'], vias: ['__ALL__'], months: [], factor: 1.6 },
        { supervisors: ['__ALL__'], uns: ['__ALL__'], vias: ['__ALL__'], months: [], factor: 1 },
      ],
    }),
    [path.join('data', 'prizes_rules.json')]: json({
      rules: [
        {
          supervisors: ['FVBROKERSUR'],
          uns: ['__ALL__'],
          months: [],
          meta: 2,
          scales: [
            { minPct: 80, prize: 1500000 },
            { minPct: 100, prize: 2500000 },
          ],
        },
      ],
    }),
  };
}

const CARTERA_HEADER = [
  'UN',
  'sucursal',
  'id_contrato',
  'fecha_contrato',
  'via_de_cobro',
  'monto_cuota',
  'total_cuotas',
  'fecha_cierre',
  'cuotas_vencidas',
  'monto_vencido',
  'total_saldo',
  'dias_atraso',
  'tramo',
  'categoria_tramo',
  'Fecha gestion',
];

/** Every file of the dataset, as text (pure: the same seed gives the same text). */
export function generateDataset(seed: number): GeneratedDataset {
  const random = randomStream(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const contracts = drawContracts(random, pick);
  const { cartera, cobranzas, gestores } = drawHistories(contracts, random);
  const contratos = contratoRows(contracts, random);
  return {
    files: {
      'cartera.csv': csv(CARTERA_HEADER, cartera),
      // The customer's payments export starts with a byte-order mark.
      'cobranzas_prepagas.csv': `\uFEFF${csv(['Año', 'Mes', 'Dia', 'id', 'UN', 'Suc', 'contract_id', 'VP', 'monto'], cobranzas)}`,
      'contratos.csv': csv(
        ['id', 'date', 'monto_cuota', 'status', 'Vendedor', 'Supervisor', 'UN', 'fecha_de_culminacion'],
        contratos,
      ),
      'gestores.csv': csv(['Gestor', 'contract_id', 'from_date'], gestores),
      ...configFiles(),
      'generator_manifest.json': json({
        generator: 'reference-server/src/data/generate-dataset.ts',
        seed,
        window: [`01/${PLAN.gestionYear}`, `06/${PLAN.gestionYear}`],
        rows: {
          cartera_rows: cartera.length,
          cobranzas_rows: cobranzas.length,
          gestores_rows: gestores.length,
          contratos_rows: contratos.length,
        },
      }),
    },
  };
}

/** Write the dataset into `out` (folders created). */
export function writeDataset(out: string, dataset: GeneratedDataset): void {
  for (const [file, text] of Object.entries(dataset.files)) {
    const target = path.join(out, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** The committed second dataset (the self-test's clean run on data the suite has never seen). */
export const SECOND_DATASET = { dir: 'fixtures/datasets/second-2031', seed: 2031 } as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: SECOND_DATASET.dir }, seed: { type: 'string' } },
  });
  const seed = Number(values.seed ?? SECOND_DATASET.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: an integer`);
  writeDataset(values.out, generateDataset(seed));
  process.stdout.write(`wrote ${values.out} (seed ${seed})\n`);
}
