/**
 * Rate pacing for targets that rate-limit per client (the contract: logins 10 per 60 s; writes — POST
 * on brokers config, preferences, refresh, revoke, exports — 30 per 60 s, counted before
 * authentication, so anonymous and refused writes spend the same budget). A 429 the suite did not
 * ask for says nothing about the release: a flaky fail. Instead every login and every write first
 * waits until it fits in the target's window — a wait, never a retry — and the wait is printed. The
 * history is kept in a file per target and kind, so consecutive runs and the command-line tools
 * (parity:report, verify:legacy-config, perf, rehearsal, restore) share it as the target's counter does.
 *
 * Off by default: enableRatePacing switches it on (the fixtures for targets other than the suite's own
 * reference server, every CLI). Tests that burst on purpose (the login rate-limit test) run inside
 * withoutPacing: their requests are counted, not spaced.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SuiteConfig } from '../config.ts';
import { V1_PATHS, V1_RATE_LIMITED_WRITES, V1_ROUTES } from '../contract/endpoints.ts';

export type PacedKind = 'login' | 'write';

interface PacingRule {
  limit: number;
  windowSeconds: number;
  /** JSON array of epoch milliseconds of this target's recent requests of this kind. */
  stateFile: string;
}

export interface RatePacing {
  login?: PacingRule;
  write?: PacingRule;
  log: (line: string) => void;
  /** Told each wait before it starts (the fixtures lengthen the running test's timeout by it). */
  onWait?: (delayMs: number) => void;
  /** JSON lines `{kind, at, waitedMs}`, one per paced request: the run's budget figures. */
  ledgerFile?: string;
}

/** Past the window's edge, so a server counting whole seconds has let the oldest request go. */
const EDGE_MARGIN_MS = 1000;

/**
 * How long to wait before the next request so that at most `limit` fall in any `windowMs`: 0 while
 * fewer than `limit` requests are inside the window ending now.
 */
export function pacingDelayMs(
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

/** The state file of a target and kind: one per API base, in the machine's temporary folder. */
export function pacingStateFile(kind: PacedKind, apiBase: string, dir: string = tmpdir()): string {
  const key = createHash('sha256').update(apiBase.replace(/\/+$/, '')).digest('hex').slice(0, 16);
  return path.join(dir, 'cobranzas-suite', `${kind === 'login' ? 'logins' : 'writes'}-${key}.json`);
}

const WRITE_PATHS = new Set(V1_RATE_LIMITED_WRITES.map((route) => V1_ROUTES[route].path as string));

/** 'login' for POST /auth/login, 'write' for a POST the contract's write limit counts, else undefined. */
export function pacedKind(method: string, url: string): PacedKind | undefined {
  if (method.toUpperCase() !== 'POST') return undefined;
  const pathname = new URL(url).pathname;
  if (pathname.endsWith(V1_PATHS.login)) return 'login';
  for (const writePath of WRITE_PATHS) if (pathname.endsWith(writePath)) return 'write';
  return undefined;
}

let active: RatePacing | undefined;
const bursting = new Set<PacedKind>();

export function setRatePacing(pacing: RatePacing | undefined): void {
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

const VARIABLE: Record<PacedKind, string> = { login: 'E2E_LOGIN_RATE_LIMIT', write: 'E2E_WRITE_RATE_LIMIT' };

/**
 * Before sending: waits (bounded by one window) when the request would exceed the target's limit.
 * Returns what to call once the answer is in: the request's place in the history moves to that moment.
 * The target counts the request when it handles it, which on a loaded machine can be seconds after the
 * client sent it; a window reckoned from the send time would let the next request in while the target
 * still counts this one (a 429 the suite did not ask for). The answer's time is never earlier than the
 * target's.
 */
export async function paceRequest(method: string, url: string): Promise<() => void> {
  const pacing = active;
  const kind = pacing ? pacedKind(method, url) : undefined;
  const rule = kind ? pacing?.[kind] : undefined;
  if (!pacing || !kind || !rule) return () => {};
  const windowMs = rule.windowSeconds * 1000;
  const history = readHistory(rule.stateFile);
  const delay = bursting.has(kind)
    ? 0
    : Math.min(pacingDelayMs(history, Date.now(), rule.limit, windowMs), windowMs + EDGE_MARGIN_MS);
  if (delay > 0) {
    pacing.log(
      `[${kind} pacing] waiting ${(delay / 1000).toFixed(1)} s: the target allows ${rule.limit} ${kind}s per ${rule.windowSeconds} s (${VARIABLE[kind]})`,
    );
    pacing.onWait?.(delay);
    await sleep(delay);
  }
  const sentAt = Date.now();
  writeHistory(rule.stateFile, [
    ...readHistory(rule.stateFile).filter((at) => at > sentAt - windowMs),
    sentAt,
  ]);
  if (pacing.ledgerFile) {
    mkdirSync(path.dirname(pacing.ledgerFile), { recursive: true });
    appendFileSync(
      pacing.ledgerFile,
      `${JSON.stringify({ kind, at: sentAt, waitedMs: Math.round(delay) })}\n`,
    );
  }
  return () => {
    const answeredAt = Date.now();
    const current = readHistory(rule.stateFile);
    const index = current.indexOf(sentAt);
    if (index >= 0) current[index] = answeredAt;
    else current.push(answeredAt);
    writeHistory(rule.stateFile, current);
  };
}

/** Runs `burst` with its requests of `kind` counted but not paced (the rate-limit test). */
export async function withoutPacing<T>(kind: PacedKind, burst: () => Promise<T>): Promise<T> {
  bursting.add(kind);
  try {
    return await burst();
  } finally {
    bursting.delete(kind);
  }
}

/**
 * Switches pacing on for `apiBase` with the configured limits: logins always (E2E_LOGIN_RATE_LIMIT;
 * on the suite's own reference server the limit it was started with), writes when the target has a
 * write limit to respect (E2E_WRITE_RATE_LIMIT; see SuiteConfig.writeRateLimit).
 */
export function enableRatePacing(
  config: SuiteConfig,
  apiBase: string,
  log: (line: string) => void,
  options: Pick<RatePacing, 'onWait' | 'ledgerFile'> = {},
): void {
  setRatePacing({
    login: { ...config.loginRateLimit, stateFile: pacingStateFile('login', apiBase) },
    ...(config.writeRateLimit
      ? { write: { ...config.writeRateLimit, stateFile: pacingStateFile('write', apiBase) } }
      : {}),
    log,
    ...options,
  });
}

export interface PacingFigures {
  logins: number;
  writes: number;
  waits: number;
  waitedSeconds: number;
}

/** The figures of a ledger file (missing file: zeros). */
export function readPacingLedger(file: string): PacingFigures {
  const figures: PacingFigures = { logins: 0, writes: 0, waits: 0, waitedSeconds: 0 };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return figures;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { kind?: unknown; waitedMs?: unknown };
    if (entry.kind === 'login') figures.logins += 1;
    if (entry.kind === 'write') figures.writes += 1;
    if (typeof entry.waitedMs === 'number' && entry.waitedMs > 0) {
      figures.waits += 1;
      figures.waitedSeconds += entry.waitedMs / 1000;
    }
  }
  figures.waitedSeconds = Math.round(figures.waitedSeconds * 10) / 10;
  return figures;
}
