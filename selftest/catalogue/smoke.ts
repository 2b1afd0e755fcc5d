import type { CatalogueEntry } from './entry.ts';

export const SMOKE_FAULTS: CatalogueEntry[] = [
  {
    fault: 'health-down',
    kind: 'fault',
    projects: ['smoke'],
    mustFail: ['API v1 health answers ok'],
    symptom: 'GET /api/v1/health answers 503 {ok:false}',
    failsWith: /GET \/api\/v1\/health -> HTTP 503/,
  },
  {
    fault: 'check-files-missing',
    kind: 'fault',
    projects: ['smoke'],
    mustFail: ['legacy check-files reports every dataset present'],
    symptom: 'GET /api/check-files reports one dataset false',
    failsWith: /datasets missing on the legacy dashboard: \w/,
  },
  {
    fault: 'legacy-serves-raw-files',
    kind: 'fault',
    projects: ['smoke'],
    mustFail: ['no service hands raw data files or secrets to an anonymous client'],
    symptom:
      'GET http://legacy:5000/cartera.csv (or /.env, /data/*.json) downloads the raw file without login',
    failsWith: /served to anonymous clients[\s\S]*legacy GET \/\w+\.csv -> 200/,
  },
  {
    fault: 'legacy-serves-working-directory',
    kind: 'fault',
    projects: ['smoke'],
    mustFail: ['no service hands raw data files or secrets to an anonymous client'],
    symptom:
      'GET http://legacy:5000/data/app_v1.db answers the API v1 SQLite database (and /.cache/ the pickled analytics index, /backend/ the sources) without login',
    failsWith: /served to anonymous clients[\s\S]*legacy GET \/data\/app_v1\.db -> 200/,
  },
];
