/**
 * Secrets never reach reports, evidence or logs. `redact` deep-replaces, in strings and in
 * object keys:
 * - every given secret (passwords, issued tokens), longest first;
 * - `Bearer <token>` -> `Bearer [REDACTED]`;
 * - anything JWT-shaped: three (or five, JWE) base64url segments separated by dots whose first
 *   segment is a base64url JSON object (`eyJ...`), and any three dot-separated base64url
 *   segments of 16+ characters each (long enough not to catch host names or versions);
 * - the value of a field whose name says it holds a credential (`password`, `token`,
 *   `authorization`, ...; see SENSITIVE_KEYS).
 */

export const REDACTED = '[REDACTED]';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Field names (compared case-insensitively, `-` read as `_`) whose string values are always redacted. */
const SENSITIVE_KEYS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'proxy_authorization',
  'cookie',
  'set_cookie',
  'api_key',
  'apikey',
  'x_api_key',
];

const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT_JSON_HEADER = /\beyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2}(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)?/g;
const JWT_LONG_SEGMENTS = /\b[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g;

function usableSecrets(secrets: readonly string[]): string[] {
  // An empty secret would match everywhere; longest first so a secret containing another goes whole.
  return [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
}

function redactWith(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(JWT_JSON_HEADER, REDACTED)
    .replace(JWT_LONG_SEGMENTS, REDACTED);
}

/** Redact secrets, bearer tokens and JWT-shaped strings from a piece of text. */
export function redactText(text: string, secrets: readonly string[]): string {
  return redactWith(text, usableSecrets(secrets));
}

function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.includes(key.toLowerCase().replace(/-/g, '_'));
}

function walk(value: unknown, secrets: readonly string[], seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactWith(value, secrets);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item ?? null, secrets, seen));
    if (value instanceof Error) {
      return { name: redactWith(value.name, secrets), message: redactWith(value.message, secrets) };
    }
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return walk(json.call(value), secrets, seen);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
      out[redactWith(key, secrets)] =
        typeof child === 'string' && isSensitiveKey(key) ? REDACTED : walk(child, secrets, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * A redacted deep copy (see the module comment). Non-JSON objects become their JSON form first
 * (Date -> ISO string, Error -> {name, message}); undefined and functions in objects are dropped.
 */
export function redact(value: string, secrets: readonly string[]): string;
export function redact<T extends Json>(value: T, secrets: readonly string[]): T;
export function redact(value: unknown, secrets: readonly string[]): unknown;
export function redact(value: unknown, secrets: readonly string[]): unknown {
  return walk(value, usableSecrets(secrets), new WeakSet());
}
