import { LEFT_AS_FOUND_TEST } from '../focus.ts';
import type { CatalogueEntry } from './entry.ts';

// Brokers gate (tests/brokers): configuration round trips, preferences, the summary following the
// configuration, and the legacy-config migration. Titles are the `test('...')` strings exactly.
export const BROKERS_FAULTS: CatalogueEntry[] = [
  {
    fault: 'scope-not-normalized',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: [
      'supervisors scope round trip stores the contract normalization (trimmed, upper-cased, de-duplicated, sorted)',
    ],
    symptom:
      'GET /brokers/supervisors-scope returns the scope as posted (spaces, lower case, duplicates, unsorted)',
    failsWith: /is not the contract normalization of the input/,
  },
  {
    fault: 'config-not-validated',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: [
      'invalid supervisors scope are refused with 422 INVALID_PAYLOAD and change nothing',
      'invalid commission rules are refused with 422 INVALID_PAYLOAD and change nothing',
      'generated invalid config bodies are refused with 422 and change nothing',
    ],
    // The probes the target wrongly stored are undone: the run still leaves the configuration as found.
    mustPass: [LEFT_AS_FOUND_TEST],
    symptom:
      'POST {} to /brokers/supervisors-scope answers 200 {"supervisors": []} and wipes the scope; a commission rule without factor is stored',
    failsWith:
      /not refused with 422 INVALID_PAYLOAD|GET \/api\/v1\/brokers\/\w+ -> HTTP 200 .*body does not match the contract/,
  },
  {
    fault: 'rules-reordered',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: [
      'commission rules round trip keeps every rule, field and the rule order',
      'prize rules round trip keeps every rule, field, scale and the rule order',
    ],
    symptom: 'GET /brokers/commissions and /brokers/prizes return the posted rules in reverse order',
    failsWith: /are not the rules as posted|is not the rules as posted|differs from the posted order/,
  },
  {
    fault: 'commission-factor-ignored',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: ['a commission rule with factor f pays montoCuota * f on its row and 0 on every other row'],
    symptom: 'the v1 brokers summary reports commission 0 on a row a rule with factor f matches',
    failsWith: /commission 0 for montoCuota [\d.]+ \* factor/,
  },
  {
    fault: 'commission-last-rule-wins',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: ['the first matching commission rule wins over a later catch-all'],
    symptom: 'a row matched by a specific rule and a later catch-all is paid with the catch-all factor',
    failsWith: /is not montoCuota \* 2\.5 \(the first matching rule's factor\)/,
  },
  {
    fault: 'prize-scales-ignored',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: [
      'a prize rule with meta and scales pays the prize its scales give for the month and supervisor',
    ],
    symptom: "a supervisor below every scale of a prize rule's meta is paid the top scale's prize",
    failsWith: /the prize is not the 650 000 its scale gives/,
  },
  {
    fault: 'prefs-shared-between-users',
    kind: 'fault',
    projects: ['preferences'],
    mustFail: [
      "preferences round trip: each user reads back exactly what they saved, never another user's, also in a new session",
    ],
    symptom: "the analyst's GET /brokers/preferences returns the filters the admin saved",
    failsWith: /analyst sees the admin's saved filters/,
  },
  {
    fault: 'prefs-lost-between-sessions',
    kind: 'fault',
    projects: ['preferences'],
    mustFail: [
      "preferences round trip: each user reads back exactly what they saved, never another user's, also in a new session",
    ],
    symptom: 'a new login of the same user reads the empty default instead of the saved filters',
    failsWith: /a new session of the same user does not see the saved filters/,
  },
  {
    fault: 'config-migration-drift',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: [
      'v1 configuration matches the legacy endpoints by count and canonical hash',
      'v1 configuration matches the legacy config files by count and canonical hash',
    ],
    symptom: 'v1 holds 2 prize rules where the legacy holds 3 (npm run verify:legacy-config exits 1)',
    failsWith: /prizes: v1 2 \(sha256 \w+\) vs legacy 3/,
  },
  {
    fault: 'brokers-scope-ignored',
    kind: 'fault',
    projects: ['brokers'],
    mustFail: ['a one-supervisor scope limits the brokers summary to that supervisor'],
    symptom: 'with one supervisor enabled, the v1 brokers summary still shows every supervisor',
    failsWith: /supervisors outside the enabled scope \[.+\] still have rows/,
  },
];
