// Login and write rate limits (sliding window over the last `windowSeconds`) and the account
// lockout settings. Time comes from an injected clock so tests never wait.

export interface RateLimitSpec {
  limit: number;
  windowSeconds: number;
}

export interface LockoutSpec {
  /** Failed logins that lock the account. */
  maxFailures: number;
  lockSeconds: number;
}

export const DEFAULT_LOGIN_LIMIT: RateLimitSpec = { limit: 10, windowSeconds: 60 };
export const DEFAULT_WRITE_LIMIT: RateLimitSpec = { limit: 30, windowSeconds: 60 };
export const DEFAULT_LOCKOUT: LockoutSpec = { maxFailures: 5, lockSeconds: 15 * 60 };

/** `N/S` (N requests per S seconds), e.g. `10/60`. */
export function parseRateLimit(text: string): RateLimitSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const limit = Number(m?.[1]);
  const windowSeconds = Number(m?.[2]);
  if (!m || !Number.isInteger(limit) || limit < 1 || !(windowSeconds > 0)) {
    throw new Error(`rate limit "${text}" is not N/S with N >= 1 requests per S > 0 seconds (e.g. 10/60)`);
  }
  return { limit, windowSeconds };
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Allowed requests per key within a sliding window; refused requests are not counted. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly spec: RateLimitSpec,
    private readonly now: () => number,
  ) {}

  hit(key: string): RateDecision {
    const now = this.now();
    const windowMs = this.spec.windowSeconds * 1000;
    if (this.hits.size > 10_000) this.sweep(now - windowMs);
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (recent.length >= this.spec.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  /** Forget the keys matching `predicate` (all keys without one). */
  clear(predicate: (key: string) => boolean = () => true): void {
    for (const key of [...this.hits.keys()]) if (predicate(key)) this.hits.delete(key);
  }

  private sweep(threshold: number): void {
    for (const [key, times] of this.hits) {
      if (times.every((t) => t <= threshold)) this.hits.delete(key);
    }
  }
}
