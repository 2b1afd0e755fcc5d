// The reference server's fault switches: each name plants one realistic defect (many of them the
// real system's own). `--faults a,b` / REFERENCE_FAULTS select them; unknown names are refused so a
// typo in the self-test never runs a "fault" that plants nothing.

import type { KpiVariant } from './kpis/types.ts';

export interface FaultSpec {
  description: string;
  /** The service whose behaviour changes. */
  affects: 'api' | 'legacy';
}

export const FAULTS = {
  // Smoke.
  'health-down': { affects: 'api', description: 'GET /api/v1/health answers 503 (ok:false in details)' },
  'check-files-missing': {
    affects: 'legacy',
    description: 'GET /api/check-files reports cobranzas false although the file is there',
  },
  // Auth.
  'refresh-not-rotated': {
    affects: 'api',
    description: 'refresh issues a new pair but does not revoke the presented refresh token',
  },
  'revoke-noop': { affects: 'api', description: 'revoke answers {ok:true} but the session stays usable' },
  'accepts-alg-none': {
    affects: 'api',
    description: 'an access token with alg "none" is accepted on its claims alone',
  },
  'accepts-expired': {
    affects: 'api',
    description:
      'an expired access token goes through a "grace" path that trusts its claims without checking the signature',
  },
  'refresh-as-access': {
    affects: 'api',
    description: 'a refresh token is accepted as an access token (verified with the refresh secret)',
  },
  'example-secrets-accepted': {
    affects: 'api',
    description:
      "tokens are signed with the customer's published example secrets (change_me_jwt_secret / change_me_refresh_secret), as a deployment that copied .env.example does",
  },
  'exp-ignored': {
    affects: 'api',
    description: 'a correctly signed access token is still accepted after its exp',
  },
  'verify-cache-by-signature': {
    affects: 'api',
    description:
      'verified signatures are cached: a payload changed under a signature seen before is trusted as sent',
  },
  'malformed-token-500': {
    affects: 'api',
    description: 'a bearer token that does not decode as a JWT answers 500 INTERNAL_ERROR instead of 401',
  },
  'no-lockout': { affects: 'api', description: 'failed logins never lock the account' },
  'lockout-short': {
    affects: 'api',
    description: 'a locked account is blocked for 60 seconds instead of the contract 15 minutes',
  },
  'error-without-trace-id': {
    affects: 'api',
    description: 'error answers carry neither trace_id in the body nor the x-trace-id header',
  },
  'viewer-can-write-config': {
    affects: 'api',
    description: 'the brokers:write_config check lets the viewer role through',
  },
  'analyst-can-export': {
    affects: 'api',
    description: 'the analytics:export check lets the analyst role through',
  },
  'scope-not-normalized': {
    affects: 'api',
    description: 'the supervisors scope is stored as posted (no trim, upper-case, de-duplication, sort)',
  },
  'rules-reordered': {
    affects: 'api',
    description: 'posted commission/prize rules are stored in reverse order',
  },
  'commission-factor-ignored': {
    affects: 'api',
    description: 'v1 brokers summary reads a `rate` key instead of `factor`: every commission is 0',
  },
  'prefs-shared-between-users': {
    affects: 'api',
    description: 'brokers preferences are one store shared by every user',
  },
  'prefs-lost-between-sessions': {
    affects: 'api',
    description: 'brokers preferences are kept per login session: a fresh login sees the empty default',
  },
  'commission-last-rule-wins': {
    affects: 'api',
    description: 'v1 brokers summary pays the last matching commission rule instead of the first',
  },
  'prize-scales-ignored': {
    affects: 'api',
    description:
      "v1 brokers summary pays a matching prize rule's top scale whatever share of the meta was sold",
  },
  'writes-limited-per-client': {
    affects: 'api',
    description:
      'boundary: the write limit counts every write of a client IP, before authentication (anonymous and refused writes included), as 60e174c does',
  },
  'revoke-twice-ok': {
    affects: 'api',
    description:
      'boundary: revoking an already revoked (known) refresh token answers {ok:true}, as 60e174c does',
  },
  'portfolio-without-bygestion': {
    affects: 'api',
    description:
      'boundary: the v1 portfolio summary is exactly the legacy summary (total, vigente, moroso, cobrador, debito, totalDebt, totalPaid, meta), as 60e174c answers',
  },
  'config-migration-drift': {
    affects: 'api',
    description: 'the v1 prize rules start without the last legacy prize rule (a lossy migration)',
  },
  // Perf and cutover.
  'slow-analytics': {
    affects: 'api',
    description: 'every 10th POST /api/v1/analytics/mora/summary is delayed 1500 ms (10%)',
  },
  'slow-tail-4pct': {
    affects: 'api',
    description: 'boundary: every 25th POST /api/v1/analytics/mora/summary is delayed 1500 ms (4%)',
  },
  'analytics-5xx-3pct': {
    affects: 'api',
    description: 'every 33rd POST /api/v1/analytics/rendimiento/summary answers 500 INTERNAL_ERROR (3%)',
  },
  'metrics-error-burst': {
    affects: 'legacy',
    description:
      'on the 3rd GET of ops/metrics since start or reset, /analytics/portfolio/summary gains 100 requests and 6 errors',
  },
  'legacy-anuales-500': {
    affects: 'legacy',
    description:
      'the legacy GET /analytics/anuales/summary (a low-traffic report) answers 500 on every request, counted as errors in ops/metrics',
  },
  'metrics-frozen': {
    affects: 'legacy',
    description: 'from the 2nd GET on, ops/metrics answers the first snapshot forever',
  },
  'metrics-reset': {
    affects: 'legacy',
    description: 'on the 3rd GET of ops/metrics the counters restart from zero with a new started_at',
  },
  // Exposure.
  'legacy-serves-raw-files': {
    affects: 'legacy',
    description:
      'the legacy app serves its dataset folder as static files (CSVs, data/*.json, .env, listing)',
  },
  'legacy-serves-working-directory': {
    affects: 'legacy',
    description:
      "the legacy app serves its working directory as the customer's system does: the API v1's SQLite database, the analytics cache (gzipped pickle), Python sources and listings (no dataset CSV, no .env)",
  },
  // Analytics, parity and exports; KPI defects apply to v1 only, the legacy stays the truth.
  'vigente-off-by-one': { affects: 'api', description: 'v1 counts tramo 3 as MOROSO' },
  'via-pago-ignored': { affects: 'api', description: 'v1 rendimiento ignores the via_pago filter' },
  'mora-pct-previous-base': {
    affects: 'api',
    description: "v1 mora pct divides by the previous month's vigente base",
  },
  'brokers-montocuota-from-debt': {
    affects: 'api',
    description: 'v1 brokers montoCuota sums cartera debt instead of the instalment',
  },
  'brokers-scope-ignored': {
    affects: 'api',
    description: 'v1 brokers summary ignores the supervisors scope',
  },
  'invalid-month-accepted': {
    affects: 'api',
    description: 'v1 accepts malformed gestion_month/contract_month (13/2025, 1/2025) without 422',
  },
  'bad-month-500': {
    affects: 'api',
    description:
      'v1 analytics answer 500 INTERNAL_ERROR ("Object of type ValueError is not JSON serializable") for a month outside 01-12 or a year not YYYY, and accept one-digit months, as the customer\'s system does',
  },
  'config-not-validated': {
    affects: 'api',
    description:
      "brokers config writes are not validated, as in the customer's system: POST {} to supervisors-scope stores an empty scope, a commission or prize rule without factor/meta is stored as given",
  },
  'v1-forwards-to-legacy': {
    affects: 'api',
    description:
      "v1 portfolio, rendimiento and mora pass the legacy's answer through (its meta.signature included; a legacy refusal such as FILTER_REQUIRED becomes 502), as the customer's v1 does",
  },
  'v1-brokers-empty': {
    affects: 'api',
    description:
      "v1 brokers summary answers 200 with no rows for every filter while the legacy has them (the customer's v1 reads a snapshot table nothing fills)",
  },
  'mora-fallback-200': {
    affects: 'api',
    description:
      'the 1st and every 5th v1 mora summary after it answer 200 {"rows": [], "meta": {"source": "api-v1-fallback"}}, as the customer\'s v1 does on any legacy error',
  },
  'mora3m-off-by-one': {
    affects: 'api',
    description: 'v1 brokers summary reports mora3m one too high on every third row',
  },
  'transitions-minus-one': {
    affects: 'api',
    description: 'v1 mora summary counts one moroso transition fewer in every month that has any',
  },
  'v1-intermittent-5xx': {
    affects: 'api',
    description: 'every 5th request of each v1 analytics summary answers 500 INTERNAL_ERROR (a retry passes)',
  },
  'parity-drift-2pct': { affects: 'api', description: 'v1 portfolio totalDebt is 2% high' },
  'parity-drift-half-pct': { affects: 'api', description: 'boundary: v1 portfolio totalDebt is 0.5% high' },
  'fake-pdf': { affects: 'api', description: 'the PDF export is plain text sent as application/pdf' },
  'csv-drops-last-row': { affects: 'api', description: 'the CSV export loses its last data row' },
  'pdf-wrong-totals': {
    affects: 'api',
    description: 'the PDF shows totalDebt x1.1 (the first total where an export has no totalDebt)',
  },
  'legacy-returns-nothing-comparable': {
    affects: 'legacy',
    description: 'legacy analytics and brokers summary answer 200 with only their `meta` block',
  },
} as const satisfies Record<string, FaultSpec>;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

export class UnknownFaultError extends Error {
  constructor(readonly unknown: string[]) {
    super(`unknown fault(s): ${unknown.join(', ')}. Known faults: ${FAULT_NAMES.join(', ')}`);
    this.name = 'UnknownFaultError';
  }
}

/**
 * Fault names from a list of comma-separated strings (CLI flags and REFERENCE_FAULTS merged);
 * blanks ignored, duplicates merged. Throws UnknownFaultError naming every unknown name.
 */
export function parseFaults(list: readonly string[] | string): Set<FaultName> {
  const items = (typeof list === 'string' ? [list] : list)
    .flatMap((entry) => entry.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = items.filter((name) => !isFaultName(name));
  if (unknown.length > 0) throw new UnknownFaultError([...new Set(unknown)]);
  return new Set(items.filter(isFaultName));
}

/** The KPI variant the v1 endpoints compute with (the legacy endpoints never get one). */
export function kpiVariantOf(faults: ReadonlySet<string>): KpiVariant {
  const variant: KpiVariant = {};
  if (faults.has('vigente-off-by-one')) variant.vigenteMaxTramo = 2;
  if (faults.has('via-pago-ignored')) variant.ignoreViaPago = true;
  if (faults.has('mora-pct-previous-base')) variant.moraPctPreviousBase = true;
  if (faults.has('brokers-montocuota-from-debt')) variant.brokersMontoCuotaFromDebt = true;
  if (faults.has('brokers-scope-ignored')) variant.brokersScopeIgnored = true;
  if (faults.has('commission-factor-ignored')) variant.commissionReadsRate = true;
  if (faults.has('commission-last-rule-wins')) variant.commissionLastRuleWins = true;
  if (faults.has('prize-scales-ignored')) variant.prizeScalesIgnored = true;
  if (faults.has('mora3m-off-by-one')) variant.mora3mOffByOne = true;
  if (faults.has('transitions-minus-one')) variant.transitionsMinusOne = true;
  return variant;
}
