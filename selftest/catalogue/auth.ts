import type { CatalogueEntry } from './entry.ts';

/** A refresh token that must be refused (already used, or revoked) still gets a new pair. */
const SPENT_REFRESH_ACCEPTED = /POST \/api\/v1\/auth\/refresh -> HTTP 200 .*expected status 401 UNAUTHORIZED/;
/** A token the contract refuses still opens a protected route. */
const REFUSED_TOKEN_ACCEPTED = /-> HTTP 200 .*expected status 401 UNAUTHORIZED/;

export const AUTH_FAULTS: CatalogueEntry[] = [
  {
    fault: 'refresh-not-rotated',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['refresh rotates the pair and refuses the old refresh token'],
    symptom:
      'POST /auth/refresh with an already used refresh token answers 200 with a new pair instead of 401',
    failsWith: SPENT_REFRESH_ACCEPTED,
  },
  {
    fault: 'revoke-noop',
    kind: 'fault',
    projects: ['auth'],
    mustFail: [
      'revoke makes the refresh token unusable; revoking it again answers 200 with ok true or false and it stays revoked',
    ],
    symptom: 'POST /auth/revoke answers {ok:true} every time and the revoked refresh token still refreshes',
    failsWith: SPENT_REFRESH_ACCEPTED,
  },
  {
    fault: 'accepts-alg-none',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['an alg "none" token with admin claims is refused with 401'],
    symptom: 'an unsigned token (alg "none") claiming admin opens protected routes with 200',
    failsWith: REFUSED_TOKEN_ACCEPTED,
  },
  {
    fault: 'accepts-expired',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['an expired token signed with a wrong key is refused with 401'],
    symptom: 'an expired access token, even one signed with a foreign key, is answered 200 instead of 401',
    failsWith: REFUSED_TOKEN_ACCEPTED,
  },
  {
    fault: 'exp-ignored',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['an access token the target issued is refused with 401 once its lifetime is over'],
    symptom:
      'a correctly signed access token still opens protected routes with 200 after its exp: the forged expired token is refused (wrong key), the real one waited out is not',
    failsWith: REFUSED_TOKEN_ACCEPTED,
  },
  {
    fault: 'verify-cache-by-signature',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['a token with a tampered signature or payload is refused with 401'],
    symptom:
      'a real viewer token whose payload is changed to claim admin, signature kept, is answered 200 instead of 401',
    failsWith: REFUSED_TOKEN_ACCEPTED,
  },
  {
    fault: 'malformed-token-500',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['malformed tokens are refused with 401'],
    symptom: 'a bearer token that is not a JWT ("not-a-jwt", four segments, ...) answers 500 instead of 401',
    failsWith: /-> HTTP 500 .*expected status 401 UNAUTHORIZED/,
  },
  {
    fault: 'refresh-as-access',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['a refresh token used as an access token is refused with 401'],
    symptom: 'a refresh token sent as Authorization: Bearer opens protected routes with 200',
    failsWith: REFUSED_TOKEN_ACCEPTED,
  },
  {
    fault: 'example-secrets-accepted',
    kind: 'fault',
    projects: ['auth'],
    mustFail: ['tokens forged with the published example secrets are refused with 401'],
    symptom:
      'an admin token signed with change_me_jwt_secret (the example secret of .env.example) opens protected routes with 200',
    failsWith: /accepts a token signed with the published example/,
  },
  {
    fault: 'no-lockout',
    kind: 'fault',
    projects: ['auth-limits'],
    mustFail: ['the lockout account is blocked with 403 AUTH_BLOCKED after 5 failed logins, for 15 minutes'],
    symptom: 'after 5 failed logins the right password still logs in (no 403 AUTH_BLOCKED)',
    failsWith: /POST \/api\/v1\/auth\/login -> HTTP 200 .*expected status 403 AUTH_BLOCKED/,
  },
  {
    fault: 'lockout-short',
    kind: 'fault',
    projects: ['auth-limits'],
    mustFail: ['the lockout account is blocked with 403 AUTH_BLOCKED after 5 failed logins, for 15 minutes'],
    symptom:
      "the account is locked after 5 failed logins, but blocked_until is 1 minute away: shorter than the contract's 15 minutes",
    failsWith: /shorter than the contract's 15 minutes/,
  },
  {
    fault: 'error-without-trace-id',
    kind: 'fault',
    projects: ['auth', 'permissions'],
    // Every test that reads an error answer checks the whole error contract, trace id included.
    mustFail: [
      'error answers carry a trace id: header equals body, a sent x-trace-id is echoed',
      '401 UNAUTHORIZED answers follow the error contract',
      '404 for an unknown v1 route follows the error contract',
      '422 INVALID_PAYLOAD lists the field errors for bad login bodies',
      '422 INVALID_PAYLOAD lists the field errors for bad refresh and revoke bodies',
      '400 INVALID_EXPORT_ENDPOINT lists the allowed endpoints',
      'a request without a bearer token is refused with 401',
      'a token signed with an unknown key is refused with 401',
      'an access token presented as a refresh token is refused with 401',
      "permission matrix: anonymous gets exactly what the contract's role table allows on every v1 read and export endpoint",
      "permission matrix: anonymous gets exactly what the contract's role table allows on the configuration and preference writes",
      // The matrix's 403 refusals (details.required included) are the suite's 403 probes.
      "permission matrix: viewer gets exactly what the contract's role table allows on every v1 read and export endpoint",
      "permission matrix: viewer gets exactly what the contract's role table allows on the configuration and preference writes",
      "permission matrix: analyst gets exactly what the contract's role table allows on every v1 read and export endpoint",
      "permission matrix: analyst gets exactly what the contract's role table allows on the configuration and preference writes",
    ],
    symptom: 'error answers have no trace_id in the body and no x-trace-id header',
    failsWith: /trace_id none, sent [\s\S]*at trace_id: expected string, received nothing/,
  },
  {
    fault: 'viewer-can-write-config',
    kind: 'fault',
    projects: ['permissions'],
    mustFail: [
      "permission matrix: viewer gets exactly what the contract's role table allows on the configuration and preference writes",
    ],
    symptom:
      'the viewer role gets 200 instead of 403 on POST /brokers/supervisors-scope, commissions and prizes',
    failsWith: /POST \/brokers\/(supervisors-scope|commissions|prizes): expected 403, got 200/,
  },
  {
    fault: 'analyst-can-export',
    kind: 'fault',
    projects: ['permissions'],
    mustFail: [
      "permission matrix: analyst gets exactly what the contract's role table allows on every v1 read and export endpoint",
    ],
    symptom: 'the analyst role gets CSV/PDF exports (200) instead of 403 FORBIDDEN analytics:export',
    failsWith: /POST \/analytics\/export\/(csv|pdf): expected 403, got 200/,
  },
  {
    fault: 'revoke-twice-ok',
    kind: 'boundary',
    projects: ['auth'],
    mustFail: [],
    symptom:
      'a second revoke of a known token answers {ok:true} (60e174c): the contract allows either answer, the token stays revoked',
  },
  {
    fault: 'writes-limited-per-client',
    kind: 'boundary',
    projects: ['permissions', 'auth', 'brokers', 'preferences'],
    mustFail: [],
    // The contract's 30 writes a window, which the suite paces its writes under (anonymous and refused
    // ones too), in a 10-second window instead of 60: the same pacing, without waiting out minutes.
    env: { E2E_WRITE_RATE_LIMIT: '30/10' },
    serverArgs: ['--write-limit', '30/10'],
    symptom:
      'every write of the client IP, anonymous and refused ones included, spends one 30/60 budget (60e174c): the permission matrix must not starve refresh and revoke into 429',
  },
];
