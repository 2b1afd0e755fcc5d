// The limits the contract states for API v1 (docs/contract.md, "Limits"); a deployment may set its
// own, which the suite's configuration then names.

/** Failed logins after which an account is blocked (for 15 minutes), by default. */
export const LOCKOUT_FAILURES = 5;

/** Minutes a locked account stays blocked (AUTH_BLOCKED details.blocked_until). */
export const LOCKOUT_MINUTES = 15;

/** Logins per client and window, by default: LIMIT/SECONDS. */
export const LOGIN_RATE_LIMIT = '10/60';

/** Writes (POST on brokers config, preferences, refresh, revoke, exports) per client and window, by default, counted before authentication. */
export const WRITE_RATE_LIMIT = '30/60';

/**
 * The longest access-token lifetime (seconds) the expiry test waits out. The customer's system sets
 * it in whole minutes (its shortest is 60 s), so a staging deployment with a one-minute lifetime fits.
 */
export const ACCESS_TTL_WAIT_MAX_S = 90;
