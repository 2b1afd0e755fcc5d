import type { CatalogueEntry } from './entry.ts';

export const PERF_FAULTS: CatalogueEntry[] = [
  {
    fault: 'slow-analytics',
    kind: 'fault',
    projects: ['perf'],
    mustFail: ['mora summary p95 is within budget, with no failed requests'],
    symptom:
      'perf smoke: mora summary p95 about 1500 ms (> 1200 ms budget) while the other endpoints stay within budget',
    failsWith: /mora summary fails: p95 [\d.]+ ms > budget [\d.]+ ms/,
  },
  {
    fault: 'slow-tail-4pct',
    kind: 'boundary',
    projects: ['perf'],
    mustFail: [],
    symptom: 'a 4% tail of slow mora summaries: p95 stays at the fast latencies, every endpoint passes',
  },
  {
    fault: 'analytics-5xx-3pct',
    kind: 'fault',
    projects: ['perf'],
    mustFail: ['rendimiento summary p95 is within budget, with no failed requests'],
    symptom: 'perf smoke: about 3% of rendimiento summaries answer 500; the p95 alone would have passed',
    failsWith: /rendimiento summary fails: [1-9]\d* non-2xx/,
  },
];
