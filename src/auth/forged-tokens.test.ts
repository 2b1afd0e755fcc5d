import { base64url, errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  algNoneToken,
  EXPIRED_FOR_SECONDS,
  expiredAccessToken,
  inspectToken,
  MALFORMED_TOKENS,
  tamperPayload,
  tamperSignature,
  wrongKeyAccessToken,
  wrongKeyRefreshToken,
} from './forged-tokens.ts';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const CLAIMS = { sub: 'admin', role: 'admin', permissions: ['brokers:read', 'analytics:export'] };
const KEY = new TextEncoder().encode('k'.repeat(32));
const OTHER_KEY = new TextEncoder().encode('o'.repeat(32));

function decodeSegment(segment: string): unknown {
  return JSON.parse(new TextDecoder().decode(base64url.decode(segment)));
}

async function realToken(): Promise<string> {
  return new SignJWT({ role: 'viewer', permissions: ['brokers:read'], typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('viewer')
    .setIssuedAt(NOW)
    .setExpirationTime(NOW + 900)
    .sign(KEY);
}

describe('algNoneToken', () => {
  it('is unsigned, says alg none and carries the claims with a valid lifetime', () => {
    const token = algNoneToken(CLAIMS, { nowSeconds: NOW });
    const [header, payload, signature] = token.split('.');
    expect(signature).toBe('');
    expect(decodeSegment(header ?? '')).toEqual({ alg: 'none' });
    expect(decodeSegment(payload ?? '')).toEqual({
      sub: 'admin',
      role: 'admin',
      permissions: ['brokers:read', 'analytics:export'],
      typ: 'access',
      iat: NOW,
      exp: NOW + 900,
    });
  });

  it('can spell the algorithm otherwise', () => {
    const token = algNoneToken(CLAIMS, { nowSeconds: NOW, algSpelling: 'NONE' });
    expect(inspectToken(token).alg).toBe('NONE');
    expect(token.endsWith('.')).toBe(true);
    expect(inspectToken(token).claims.exp).toBe(NOW + 900);
  });
});

describe('expiredAccessToken', () => {
  it('is HS256 with the contract claims, exp an hour ago, and verifies only with its own key', async () => {
    const token = await expiredAccessToken(CLAIMS, { nowSeconds: NOW, key: KEY });
    const { alg, claims } = inspectToken(token);
    expect(alg).toBe('HS256');
    expect(claims).toEqual({
      sub: 'admin',
      role: 'admin',
      permissions: ['brokers:read', 'analytics:export'],
      typ: 'access',
      iat: NOW - 3600 - 900,
      exp: NOW - 3600,
    });
    expect(EXPIRED_FOR_SECONDS).toBe(3600);
    // Signed correctly with KEY: at a date inside its lifetime it verifies, at NOW it is expired.
    const inside = new Date((NOW - 3600 - 60) * 1000);
    await expect(jwtVerify(token, KEY, { currentDate: inside })).resolves.toBeDefined();
    await expect(jwtVerify(token, KEY, { currentDate: new Date(NOW * 1000) })).rejects.toBeInstanceOf(
      errors.JWTExpired,
    );
    await expect(jwtVerify(token, OTHER_KEY, { currentDate: inside })).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });

  it('uses a fresh random key when none is given', async () => {
    const a = await expiredAccessToken(CLAIMS, { nowSeconds: NOW });
    const b = await expiredAccessToken(CLAIMS, { nowSeconds: NOW });
    expect(a.split('.').slice(0, 2)).toEqual(b.split('.').slice(0, 2));
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });
});

describe('wrongKeyAccessToken', () => {
  it('has a valid lifetime and fails verification with any other key', async () => {
    const token = await wrongKeyAccessToken(CLAIMS, { nowSeconds: NOW, key: KEY });
    expect(inspectToken(token).claims.exp).toBe(NOW + 900);
    const at = { currentDate: new Date(NOW * 1000) };
    await expect(jwtVerify(token, KEY, at)).resolves.toBeDefined();
    await expect(jwtVerify(token, OTHER_KEY, at)).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });
});

describe('wrongKeyRefreshToken', () => {
  it('says typ refresh, has a new jti each time and a 7-day lifetime', async () => {
    const a = inspectToken(await wrongKeyRefreshToken('viewer', { nowSeconds: NOW, key: KEY }));
    const b = inspectToken(await wrongKeyRefreshToken('viewer', { nowSeconds: NOW, key: KEY }));
    expect(a.alg).toBe('HS256');
    expect(a.claims).toMatchObject({ sub: 'viewer', typ: 'refresh', iat: NOW, exp: NOW + 604_800 });
    expect(typeof a.claims.jti).toBe('string');
    expect(a.claims.jti).not.toBe(b.claims.jti);
  });
});

describe('tampering', () => {
  it('tamperSignature changes the first signature byte and nothing else', async () => {
    const token = await realToken();
    const tampered = tamperSignature(token);
    const [h1, p1, s1] = token.split('.');
    const [h2, p2, s2] = tampered.split('.');
    expect([h2, p2]).toEqual([h1, p1]);
    const original = base64url.decode(s1 ?? '');
    const changed = base64url.decode(s2 ?? '');
    expect(changed.length).toBe(original.length);
    expect((original[0] ?? 0) ^ (changed[0] ?? 0)).toBe(0b1000_0000);
    expect(changed.slice(1)).toEqual(original.slice(1));
    const at = { currentDate: new Date(NOW * 1000) };
    await expect(jwtVerify(token, KEY, at)).resolves.toBeDefined();
    await expect(jwtVerify(tampered, KEY, at)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('tamperPayload rewrites claims and keeps the old signature, which then no longer verifies', async () => {
    const token = await realToken();
    const tampered = tamperPayload(token, { role: 'admin', permissions: ['brokers:write_config'] });
    expect(tampered.split('.')[2]).toBe(token.split('.')[2]);
    expect(inspectToken(tampered).claims).toEqual({
      sub: 'viewer',
      role: 'admin',
      permissions: ['brokers:write_config'],
      typ: 'access',
      iat: NOW,
      exp: NOW + 900,
    });
    await expect(jwtVerify(tampered, KEY, { currentDate: new Date(NOW * 1000) })).rejects.toBeInstanceOf(
      errors.JWSSignatureVerificationFailed,
    );
  });

  it('refuses to tamper with something that is not a compact JWS', () => {
    expect(() => tamperSignature('a.b')).toThrow('expected 3 segments, got 2');
    expect(() => tamperSignature('a.b.')).toThrow('no base64url signature');
  });
});

describe('MALFORMED_TOKENS', () => {
  it('are distinct and none of them verifies or even decodes as a signed JWT', async () => {
    const values = MALFORMED_TOKENS.map((token) => token.value);
    expect(new Set(values).size).toBe(values.length);
    expect(MALFORMED_TOKENS.length).toBe(9);
    for (const { name, value } of MALFORMED_TOKENS) {
      await expect(jwtVerify(value, KEY), name).rejects.toThrow();
    }
  });
});
