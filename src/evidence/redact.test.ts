import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactText } from './redact.ts';

// A real HS256 JWT shape: header {"alg":"HS256","typ":"JWT"}, payload {"sub":"admin"}.
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('redactText', () => {
  it('replaces every occurrence of each secret, longest first', () => {
    expect(redactText('pw admin123 and admin123!', ['admin123'])).toBe(`pw ${REDACTED} and ${REDACTED}!`);
    expect(redactText('key abcdef', ['abc', 'abcdef'])).toBe(`key ${REDACTED}`);
  });

  it('ignores empty secrets instead of redacting everything', () => {
    expect(redactText('plain text', [''])).toBe('plain text');
  });

  it('redacts bearer tokens and JWT-shaped strings it was not told about', () => {
    expect(redactText('Authorization: Bearer abc.def-ghi_jkl=', [])).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
    expect(redactText(`token=${JWT}; path=/`, [])).toBe(`token=${REDACTED}; path=/`);
    expect(redactText('unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', [])).toBe(`unsigned ${REDACTED}`);
    expect(redactText('AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBB.CCCCCCCCCCCCCCCCCCCC', [])).toBe(REDACTED);
  });

  it('keeps host names, versions, dotted paths and ISO times readable', () => {
    const text =
      'http://127.0.0.1:8000/api/v1 api.cobranzas.example.com 1.65.1 meta.signature ' +
      'byGestion["01/2026"].total 2026-04-01T10:00:00.123Z';
    expect(redactText(text, [])).toBe(text);
  });
});

describe('redact', () => {
  it('deep-replaces in values and keys of nested objects and arrays without touching the input', () => {
    const input = {
      user: 'admin',
      headers: [{ note: `Bearer ${JWT}` }],
      nested: { deep: { list: ['x', 'admin123'] } },
      admin123: 1,
      count: 3,
      ok: true,
      none: null,
    };
    expect(redact(input, ['admin123'])).toEqual({
      user: 'admin',
      headers: [{ note: `Bearer ${REDACTED}` }],
      nested: { deep: { list: ['x', REDACTED] } },
      [REDACTED]: 1,
      count: 3,
      ok: true,
      none: null,
    });
    expect(input.nested.deep.list[1]).toBe('admin123');
  });

  it('redacts the string value of credential-named fields whatever it is', () => {
    expect(
      redact(
        {
          password: 'hunter2',
          refresh_token: 'opaque',
          'Set-Cookie': 'sid=1',
          tokenCount: 2,
          token_type: 'bearer',
        },
        [],
      ),
    ).toEqual({
      password: REDACTED,
      refresh_token: REDACTED,
      'Set-Cookie': REDACTED,
      tokenCount: 2,
      token_type: 'bearer',
    });
  });

  it('turns non-JSON objects into their JSON form, drops undefined, survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(
      redact(
        {
          at: new Date('2026-04-01T00:00:00Z'),
          error: new Error('login failed for admin123'),
          gone: undefined,
          cyclic,
          big: 10n,
        },
        ['admin123'],
      ),
    ).toEqual({
      at: '2026-04-01T00:00:00.000Z',
      error: { name: 'Error', message: `login failed for ${REDACTED}` },
      cyclic: { name: 'loop', self: '[Circular]' },
      big: '10',
    });
  });

  it('keeps a value shared twice (not a cycle) in both places', () => {
    const shared = { n: 1 };
    expect(redact({ a: shared, b: shared }, [])).toEqual({ a: { n: 1 }, b: { n: 1 } });
  });

  it('redacts a bare string', () => {
    expect(redact('secret-value', ['secret-value'])).toBe(REDACTED);
  });
});
