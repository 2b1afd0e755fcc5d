/**
 * Login pacing for targets that rate-limit logins per client (the contract: 10 per 60 s). A full run
 * logs in about 36 times (fresh sessions are what the auth and brokers checks are about), so against
 * such a target the suite would collect 429s that say nothing about the release: a flaky fail. Instead
 * every login POST first waits until it fits in the target's window — a wait, never a retry — and the
 * wait is printed. The history is kept in a file per target so consecutive runs (the rehearsal's
 * steps, one gate after another) share it as the target's counter does.
 *
 * Off by default: the fixtures switch it on for targets other than the suite's own reference server.
 * The login rate-limit test bursts on purpose (withoutLoginPacing) and its attempts are still counted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { V1_PATHS } from '../contract/endpoints.ts';

export interface LoginPacing {
  limit: number;
  windowSeconds: number;
  /** JSON array of epoch milliseconds of this target's recent login attempts. */
  stateFile: string;
  log: (line: string) => void;
  /** Told each wait before it starts (the fixtures lengthen the running test's timeout by it). */
  onWait?: (delayMs: number) => void;
}

/** Past the window's edge, so a server counting whole seconds has let the oldest attempt go. */
const EDGE_MARGIN_MS = 1000;

/**
 * How long to wait before the next attempt so that at most `limit` attempts fall in any `windowMs`:
 * 0 while fewer than `limit` attempts are inside the window ending now.
 */
export function loginDelayMs(
  history: readonly number[],
  now: number,
  limit: number,
  windowMs: number,
): number {
  const recent = history.filter((at) => at > now - windowMs).sort((a, b) => a - b);
  if (recent.length < limit) return 0;
  const oldestThatMustLeave = recent[recent.length - limit] ?? now;
  return Math.max(0, oldestThatMustLeave + windowMs + EDGE_MARGIN_MS - now);
}

/** The state file of a target: one per API base, in the machine's temporary folder. */
export function loginStateFile(apiBase: string, dir: string = tmpdir()): string {
  const key = createHash('sha256').update(apiBase).digest('hex').slice(0, 16);
  return path.join(dir, 'cobranzas-suite', `logins-${key}.json`);
}

let active: LoginPacing | undefined;
let bursting = false;

export function setLoginPacing(pacing: LoginPacing | undefined): void {
  active = pacing;
}

function readHistory(file: string): number[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((value): value is number => typeof value === 'number') : [];
  } catch {
    return [];
  }
}

function writeHistory(file: string, history: number[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(history));
}

function isLoginRequest(method: string, url: string): boolean {
  return method.toUpperCase() === 'POST' && new URL(url).pathname.endsWith(V1_PATHS.login);
}

/** Before sending: waits (bounded by one window) when a login would exceed the target's limit. */
export async function paceLogin(method: string, url: string): Promise<void> {
  const pacing = active;
  if (!pacing || !isLoginRequest(method, url)) return;
  const windowMs = pacing.windowSeconds * 1000;
  const history = readHistory(pacing.stateFile);
  const delay = bursting
    ? 0
    : Math.min(loginDelayMs(history, Date.now(), pacing.limit, windowMs), windowMs + EDGE_MARGIN_MS);
  if (delay > 0) {
    pacing.log(
      `[login pacing] waiting ${(delay / 1000).toFixed(1)} s: the target allows ${pacing.limit} logins per ${pacing.windowSeconds} s (E2E_LOGIN_RATE_LIMIT)`,
    );
    pacing.onWait?.(delay);
    await sleep(delay);
  }
  const now = Date.now();
  writeHistory(pacing.stateFile, [...history.filter((at) => at > now - windowMs), now]);
}

/** Runs `burst` with its logins counted but not paced (the rate-limit test). */
export async function withoutLoginPacing<T>(burst: () => Promise<T>): Promise<T> {
  bursting = true;
  try {
    return await burst();
  } finally {
    bursting = false;
  }
}
