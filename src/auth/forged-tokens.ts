// Tokens a correct API v1 must refuse, built the way an attacker would: the suite never knows the
// server's secrets, so every forged token is either unsigned, signed with a random key of our own,
// or a real token with a byte changed. Claims follow the contract ("Access tokens are HS256 JWTs
// with sub, role, permissions, exp"), so a server that skips one check accepts them.
import { randomBytes, randomUUID } from 'node:crypto';
import { base64url, decodeJwt, decodeProtectedHeader, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';

/** The claims the contract puts in an access token (besides exp); `typ: 'access'` is added. */
export interface AccessClaims {
  sub: string;
  role: string;
  permissions: readonly string[];
}

export interface ForgeOptions {
  /** Epoch seconds "now" (default: the clock). */
  nowSeconds?: number;
  /** HMAC key to sign with (default: 32 random bytes, i.e. a key the server cannot know). */
  key?: Uint8Array;
}

/** A named token for a table of refusals; `value` is what follows `Bearer `. */
export interface NamedToken {
  name: string;
  value: string;
}

/** Access-token lifetime the forgeries claim, as the contract's servers issue them (15 min). */
const ACCESS_TTL_SECONDS = 15 * 60;
/** How far in the past an expired forgery's exp lies: well beyond any clock-skew leeway. */
export const EXPIRED_FOR_SECONDS = 60 * 60;

function nowOf(options: ForgeOptions): number {
  return options.nowSeconds ?? Math.floor(Date.now() / 1000);
}

function randomKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

function accessPayload(claims: AccessClaims): JWTPayload {
  return { role: claims.role, permissions: [...claims.permissions], typ: 'access' };
}

/**
 * An unsigned token (`alg: "none"`, empty signature) carrying `claims` and a valid lifetime; with
 * `algSpelling` the header's alg can be spelled otherwise ("None", "NONE"), which naive
 * case-insensitive checks let through.
 */
export function algNoneToken(
  claims: AccessClaims,
  options: ForgeOptions & { algSpelling?: string } = {},
): string {
  const now = nowOf(options);
  const alg = options.algSpelling ?? 'none';
  if (alg === 'none') {
    return new UnsecuredJWT(accessPayload(claims))
      .setSubject(claims.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TTL_SECONDS)
      .encode();
  }
  // UnsecuredJWT always writes "none"; other spellings are assembled by hand.
  const header = base64url.encode(JSON.stringify({ alg, typ: 'JWT' }));
  const payload = base64url.encode(
    JSON.stringify({ ...accessPayload(claims), sub: claims.sub, iat: now, exp: now + ACCESS_TTL_SECONDS }),
  );
  return `${header}.${payload}.`;
}

/** HS256 with the contract's claims, exp `EXPIRED_FOR_SECONDS` ago, signed with a key of our own. */
export function expiredAccessToken(claims: AccessClaims, options: ForgeOptions = {}): Promise<string> {
  const now = nowOf(options);
  const exp = now - EXPIRED_FOR_SECONDS;
  return new SignJWT(accessPayload(claims))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(exp - ACCESS_TTL_SECONDS)
    .setExpirationTime(exp)
    .sign(options.key ?? randomKey());
}

/** HS256 with the contract's claims and a valid lifetime, signed with a key the server cannot know. */
export function wrongKeyAccessToken(claims: AccessClaims, options: ForgeOptions = {}): Promise<string> {
  const now = nowOf(options);
  return new SignJWT(accessPayload(claims))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + ACCESS_TTL_SECONDS)
    .sign(options.key ?? randomKey());
}

/**
 * The example JWT secrets the customer's system publishes (its settings' defaults and
 * `.env.example`): a deployment that kept them accepts any token forged with them.
 */
export const PUBLISHED_EXAMPLE_SECRETS = {
  access: 'change_me_jwt_secret',
  refresh: 'change_me_refresh_secret',
} as const;

/** A key given as text, as the customer's settings hold it. */
export function textKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A refresh-shaped token (`typ: "refresh"`, a fresh jti, 7-day lifetime) the server never issued. */
export function wrongKeyRefreshToken(sub: string, options: ForgeOptions = {}): Promise<string> {
  const now = nowOf(options);
  return new SignJWT({ typ: 'refresh' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 7 * 24 * 60 * 60)
    .sign(options.key ?? randomKey());
}

function segmentsOf(token: string): [string, string, string] {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
    throw new Error(`not a compact JWS (expected 3 segments, got ${parts.length})`);
  }
  return [header, payload, signature];
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The same token with its signature's first character changed so the first signature byte's top
 * bit flips (the last character may carry padding bits a decoder ignores, the first never does).
 */
export function tamperSignature(token: string): string {
  const [header, payload, signature] = segmentsOf(token);
  // indexOf('') is 0, so an empty signature is refused explicitly.
  const index = signature === '' ? -1 : BASE64URL_ALPHABET.indexOf(signature.charAt(0));
  if (index < 0) throw new Error('the token has no base64url signature to tamper with');
  const flipped = BASE64URL_ALPHABET.charAt(index ^ 0b100000);
  return `${header}.${payload}.${flipped}${signature.slice(1)}`;
}

/** The same token with `changes` merged into its payload and the original signature kept. */
export function tamperPayload(token: string, changes: JWTPayload): string {
  const [header, , signature] = segmentsOf(token);
  const payload = base64url.encode(JSON.stringify({ ...decodeJwt(token), ...changes }));
  return `${header}.${payload}.${signature}`;
}

const HS256_HEADER = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Strings that are not a JWT at all, or only look like one. */
export const MALFORMED_TOKENS: readonly NamedToken[] = [
  { name: 'plain word', value: 'not-a-jwt' },
  { name: 'three tiny segments', value: 'a.b.c' },
  { name: 'header only', value: HS256_HEADER },
  { name: 'header and empty payload', value: `${HS256_HEADER}..` },
  { name: 'characters outside base64url', value: '###.$$$.%%%' },
  { name: 'header segment is not JSON', value: `${base64url.encode('{not json')}.e30.c2ln` },
  { name: 'payload segment is not JSON', value: `${HS256_HEADER}.${base64url.encode('[1,2')}.c2ln` },
  { name: 'four segments', value: `${HS256_HEADER}.e30.c2ln.c2ln` },
  { name: 'very long garbage', value: 'A'.repeat(4096) },
];

/** What a token says about itself, unverified (the suite cannot verify: it has no server secret). */
export interface TokenInspection {
  alg: unknown;
  claims: JWTPayload;
}

export function inspectToken(token: string): TokenInspection {
  return { alg: decodeProtectedHeader(token).alg, claims: decodeJwt(token) };
}
