// Server-side refresh sessions (keyed by refresh jti) and login lockouts.

import type { LockoutSpec } from '../http/limits.ts';

export interface RefreshSession {
  sub: string;
  /** Login session id: a family of rotated refresh tokens. */
  sid: string;
  revoked: boolean;
  /** Epoch ms. */
  expiresAt: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, RefreshSession>();

  constructor(private readonly now: () => number) {}

  add(jti: string, session: RefreshSession): void {
    if (this.sessions.size > 50_000) this.sweep();
    this.sessions.set(jti, session);
  }

  /** The live (known, not revoked, not expired) session of a jti. */
  live(jti: string): RefreshSession | undefined {
    const session = this.sessions.get(jti);
    return session && !session.revoked && session.expiresAt > this.now() ? session : undefined;
  }

  /** A session the server issued, revoked or not (undefined: never issued, or swept). */
  known(jti: string): RefreshSession | undefined {
    return this.sessions.get(jti);
  }

  revoke(jti: string): boolean {
    const session = this.live(jti);
    if (!session) return false;
    session.revoked = true;
    return true;
  }

  get size(): number {
    return this.sessions.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [jti, s] of this.sessions) if (s.revoked || s.expiresAt <= now) this.sessions.delete(jti);
  }
}

interface LockoutEntry {
  failures: number;
  /** Epoch ms; 0 = not blocked. */
  blockedUntil: number;
}

/** Failed-login counting: `maxFailures` failures block the account for `lockSeconds`. */
export class LockoutTracker {
  private readonly entries = new Map<string, LockoutEntry>();

  constructor(
    readonly spec: LockoutSpec,
    private readonly now: () => number,
    private readonly enabled: boolean,
  ) {}

  /** Epoch ms until which the account is blocked, or null. */
  blockedUntil(username: string): number | null {
    const entry = this.entries.get(username);
    if (!entry || entry.blockedUntil === 0) return null;
    if (entry.blockedUntil > this.now()) return entry.blockedUntil;
    this.entries.delete(username);
    return null;
  }

  recordFailure(username: string): void {
    if (!this.enabled) return;
    if (this.entries.size > 10_000) this.sweep();
    const entry = this.entries.get(username) ?? { failures: 0, blockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures >= this.spec.maxFailures) {
      entry.failures = 0;
      entry.blockedUntil = this.now() + this.spec.lockSeconds * 1000;
    }
    this.entries.set(username, entry);
  }

  recordSuccess(username: string): void {
    this.entries.delete(username);
  }

  /** Clears failures and any block; true when the account was blocked. */
  unlock(username: string): boolean {
    const wasBlocked = this.blockedUntil(username) !== null;
    this.entries.delete(username);
    return wasBlocked;
  }

  /** Accounts blocked right now, sorted. */
  blocked(): string[] {
    return [...this.entries.keys()].filter((name) => this.blockedUntil(name) !== null).sort();
  }

  private sweep(): void {
    const now = this.now();
    for (const [name, e] of this.entries)
      if (e.blockedUntil !== 0 && e.blockedUntil <= now) this.entries.delete(name);
  }
}
