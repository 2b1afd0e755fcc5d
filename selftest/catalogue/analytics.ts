import type { CatalogueEntry } from './entry.ts';

// Test titles of tests/analytics (exact `test('...')` strings).
const PARITY = (endpoint: 'portfolio' | 'rendimiento' | 'mora' | 'brokers') =>
  `${endpoint} summary matches the legacy dashboard in 2 consecutive parity runs`;
const CATEGORIA_RULE = 'categoria follows the tramo rule: VIGENTE is tramo <= 3, MOROSO is tramo >= 4';
const VIA_PAGO = 'the via_pago filter restricts rendimiento paid to that channel';
const MORA_INVARIANTS =
  'mora summary: series aligned with labels, months in order, pct = transitions / vigente base * 100';
const INVALID_FILTERS =
  'generated invalid filters and bodies are refused with 4xx and the error contract, never 5xx';
const CSV_EXPORT = 'CSV export of each summary parses and its rows and totals equal the JSON summary';
const PDF_EXPORT =
  'PDF export of each summary is a real PDF showing the applied filters and the totals in PYG';

export const ANALYTICS_FAULTS: CatalogueEntry[] = [
  {
    fault: 'vigente-off-by-one',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [CATEGORIA_RULE, PARITY('portfolio'), PARITY('mora')],
    symptom:
      'v1 counts tramo 3 as MOROSO: fewer vigentes than the legacy, categoria VIGENTE no longer equals tramo <= 3',
    failsWith: /categoria VIGENTE vs tramo|first: vigente \(count\)|first: moroso_transition_count\[/,
  },
  {
    fault: 'via-pago-ignored',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [VIA_PAGO, PARITY('rendimiento')],
    symptom: 'rendimiento with via_pago=COBRADOR still reports what every channel paid',
    failsWith: /via_pago[ _]cobrador[\s\S]*totalPaid/i,
  },
  {
    fault: 'mora-pct-previous-base',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [MORA_INVARIANTS, PARITY('mora')],
    symptom: "mora moroso_transition_pct divides by the previous month's vigente base, not its own",
    failsWith: /moroso_transition_pct/,
  },
  {
    fault: 'brokers-montocuota-from-debt',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PARITY('brokers')],
    symptom: 'v1 brokers montoCuota is the cartera debt, not the instalment: far above the legacy',
    failsWith: /\.montoCuota \(money\)/,
  },
  {
    fault: 'invalid-month-accepted',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [INVALID_FILTERS],
    symptom: 'gestion_month/contract_month 13/2025 or 1/2025 answer 200 instead of 422 INVALID_PAYLOAD',
    failsWith: /-> HTTP 200 \(trace_id [^)]*\): expected status 422 INVALID_PAYLOAD/,
  },
  {
    fault: 'bad-month-500',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [INVALID_FILTERS],
    symptom:
      'gestion_month 13/2025, contract_month 00/2025 or anio 25 answer 500 INTERNAL_ERROR ("Object of type ValueError is not JSON serializable"); 1/2025 answers 200',
    failsWith: /-> HTTP 500 \(trace_id [^)]*\): expected status 422 INVALID_PAYLOAD/,
  },
  {
    fault: 'v1-forwards-to-legacy',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PARITY('portfolio'), PARITY('rendimiento'), PARITY('mora')],
    // Forwarding turns a call with no filter into 502 (the legacy's FILTER_REQUIRED), as 60e174c
    // does: the contract leaves that call open, so the bad-input test must not judge it.
    mustPass: [INVALID_FILTERS],
    symptom:
      "v1 portfolio, rendimiento and mora answers carry the legacy's own meta.signature: parity compares the legacy with itself (reported inconclusive, T+60 legacy shutdown flagged unsafe)",
    failsWith: /v1 forwards to the legacy: parity proves nothing/,
  },
  {
    fault: 'v1-brokers-empty',
    kind: 'fault',
    projects: ['analytics', 'brokers'],
    mustFail: [
      'every analytics summary answers for the whole dataset, not empty where the legacy has data',
      // The brokers checks built on the summary's rows say the same, not a precondition.
      'T0: a fresh admin login reads the brokers summary',
      'a one-supervisor scope limits the brokers summary to that supervisor',
      'a commission rule with factor f pays montoCuota * f on its row and 0 on every other row',
      'the first matching commission rule wins over a later catch-all',
      'a prize rule with meta and scales pays the prize its scales give for the month and supervisor',
    ],
    symptom:
      'v1 brokers summary answers 200 with 0 rows where the legacy answers hundreds: "0 rows, the legacy answers N for the same filters", from the baselines test and from each brokers check built on its rows',
    failsWith: /0 rows, the legacy answers \d+ for the same filters/,
  },
  {
    fault: 'parity-drift-2pct',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PARITY('portfolio')],
    symptom: 'v1 portfolio totalDebt 2% above the legacy: beyond abs 1.0 + rel 1%',
    failsWith: /first: totalDebt \(money\)/,
  },
  {
    fault: 'mora3m-off-by-one',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PARITY('brokers')],
    symptom:
      'v1 brokers mora3m one too high on every third row: a count, compared exactly (the runbook tolerance of 1.0 + 1% passed it)',
    failsWith: /\.mora3m \(count\)/,
  },
  {
    fault: 'transitions-minus-one',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PARITY('mora')],
    symptom:
      'v1 mora moroso_transition_count one lower every month (pct consistent with it): counts compared exactly catch it',
    failsWith: /moroso_transition_count\[[^\]]*\] \(count\)/,
  },
  {
    fault: 'v1-intermittent-5xx',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PARITY('portfolio'), PARITY('rendimiento'), PARITY('mora'), PARITY('brokers')],
    symptom:
      'every 5th v1 summary answers 500: parity judges v1\'s first answer and never retries it ("v1: ... HTTP 500")',
    failsWith: /v1: POST \/api\/v1\/analytics\/\w+\/summary -> HTTP 500/,
  },
  {
    fault: 'parity-drift-half-pct',
    kind: 'boundary',
    projects: ['analytics'],
    mustFail: [],
    symptom: 'v1 portfolio totalDebt 0.5% above the legacy: within the tolerance, the gate stays green',
  },
  {
    fault: 'portfolio-without-bygestion',
    kind: 'boundary',
    projects: ['analytics', 'perf'],
    mustFail: [],
    symptom:
      'v1 portfolio answers the legacy portfolio summary without byGestion (60e174c): the contract does not list it, the gate stays green',
  },
  {
    fault: 'fake-pdf',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PDF_EXPORT, 'the legacy alias /analytics/export serves the same CSV and a real PDF'],
    symptom:
      'the PDF export is plain text sent as application/pdf (the real system defect): "not a PDF: header ..."',
    failsWith: /not a PDF: header/,
  },
  {
    fault: 'csv-drops-last-row',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [CSV_EXPORT],
    symptom:
      'the CSV export has one data row fewer than the JSON summary, and its column sums miss the totals',
    failsWith: /CSV has \d+ data row\(s\), the JSON summary has \d+/,
  },
  {
    fault: 'pdf-wrong-totals',
    kind: 'fault',
    projects: ['analytics'],
    mustFail: [PDF_EXPORT],
    symptom: 'the PDF shows a total 10% above the JSON summary (e.g. "Deuda total: Gs. ..." differs)',
    failsWith: /PDF text lacks these lines/,
  },
  {
    fault: 'legacy-returns-nothing-comparable',
    kind: 'fault',
    projects: ['analytics'],
    // The recorded source never sees the live legacy's answers: this needs the live source.
    env: { PARITY_SOURCE: 'live' },
    mustFail: [PARITY('portfolio'), PARITY('rendimiento'), PARITY('mora'), PARITY('brokers')],
    symptom:
      'the legacy answers 200 with only {meta}: parity reports "nothing comparable" and the contract break, never "ok"',
    failsWith: /no parity case could be drawn from the target's data[\s\S]*does not match the contract/,
  },
];
