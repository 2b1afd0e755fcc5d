import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MoraSummary } from '../contract/v1.ts';
import {
  ContractError,
  expectError,
  expectFile,
  formatIssuePath,
  parseReply,
  redactSecrets,
} from './expect-ok.ts';
import { createReply, type ReplyParts } from './transport.ts';

const URL_MORA = 'http://127.0.0.1:8000/api/v1/analytics/mora/summary';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk';

function reply(parts: Partial<ReplyParts> & { json?: unknown }): ReturnType<typeof createReply> {
  const { json, ...rest } = parts;
  return createReply({
    status: 200,
    url: URL_MORA,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    ...rest,
  });
}

function caught(action: () => unknown): ContractError {
  try {
    action();
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected a ContractError');
}

const meta = { source: 'api', cutoff: '01/2026', filters: {} };
const mora = {
  labels: ['01/2026', '02/2026'],
  moroso_transition_count: [1, 2],
  vigente_base_count: [10, 20],
  moroso_transition_pct: [10, 10],
  avg_cuota: [100, 200],
  meta,
};

describe('parseReply', () => {
  it('returns the parsed body', () => {
    expect(parseReply(reply({ json: mora }), MoraSummary)).toEqual(mora);
  });

  it('names method, path, status, trace id and the first zod path with expected/received', () => {
    const bad = { ...mora, labels: ['01/2026', 202602] };
    const error = caught(() =>
      parseReply(reply({ json: bad, headers: { 'x-trace-id': 'e2e-mora-7' } }), MoraSummary),
    );
    expect(error.message).toContain('POST /api/v1/analytics/mora/summary');
    expect(error.message).toContain('HTTP 200');
    expect(error.message).toContain('trace_id e2e-mora-7');
    expect(error.message).toContain('at labels[1]: expected string, received number 202602');
    expect(error.facts).toEqual({
      method: 'POST',
      path: '/api/v1/analytics/mora/summary',
      status: 200,
      traceId: 'e2e-mora-7',
      issuePath: 'labels[1]',
    });
  });

  it('lists every issue with its path, expected and received, never "+N more"', () => {
    const { avg_cuota: _dropped, ...rest } = mora;
    const bad = { ...rest, labels: ['01/2026', 202602], moroso_transition_count: 'x', total: 1 };
    const error = caught(() => parseReply(reply({ json: bad }), MoraSummary));
    expect(error.message).toContain('3 issues: ');
    expect(error.message).toContain('at labels[1]: expected string, received number 202602');
    expect(error.message).toContain('at moroso_transition_count: expected array, received string "x"');
    expect(error.message).toContain('at avg_cuota: expected array, received nothing (missing)');
    expect(error.message).not.toMatch(/more issue|total/);
    expect(error.facts.issuePath).toBe('labels[1]');
  });

  it('reports a missing field and an unexpected one', () => {
    const { avg_cuota: _dropped, ...missing } = mora;
    expect(caught(() => parseReply(reply({ json: missing }), MoraSummary)).message).toContain(
      'at avg_cuota: expected array, received nothing (missing)',
    );
    // A field beyond the documented ones is additive in the contract's answers; a closed schema (the
    // suite's own files) names it.
    expect(parseReply(reply({ json: { ...mora, total: 1 } }), MoraSummary)).toEqual(mora);
    const closed = z.strictObject({ ok: z.literal(true) });
    const extra = caught(() => parseReply(reply({ json: { ok: true, total: 1 } }), closed));
    expect(extra.message).toContain('at (root): unexpected key(s) "total"');
  });

  it('takes the trace id from body.trace_id without a header, else says none and what was sent', () => {
    const schema = z.strictObject({ ok: z.literal(true) });
    const fromBody = caught(() => parseReply(reply({ json: { ok: false, trace_id: 'body-1' } }), schema));
    expect(fromBody.facts.traceId).toBe('body-1');
    const none = caught(() => parseReply(reply({ json: { ok: false }, requestTraceId: 'e2e-x-1' }), schema));
    expect(none.message).toContain('(trace_id none, sent e2e-x-1)');
  });

  it('on an unexpected status names it with the error code of the body', () => {
    const forbidden = reply({
      status: 403,
      json: { error_code: 'FORBIDDEN', message: 'missing analytics:read', details: {}, trace_id: 't-9' },
    });
    const error = caught(() => parseReply(forbidden, MoraSummary));
    expect(error.message).toBe(
      'POST /api/v1/analytics/mora/summary -> HTTP 403 (trace_id t-9): expected status 2xx; error_code FORBIDDEN: missing analytics:read',
    );
    expect(error.facts.errorCode).toBe('FORBIDDEN');
    expect(() => parseReply(reply({ status: 201, json: mora }), MoraSummary, { expectStatus: 200 })).toThrow(
      /expected status 200/,
    );
  });

  it('says when the body is not JSON', () => {
    const html = reply({ body: '<html>502 Bad Gateway</html>', headers: { 'content-type': 'text/html' } });
    expect(caught(() => parseReply(html, MoraSummary)).message).toContain(
      'body is not JSON (content-type text/html): <html>502 Bad Gateway</html>',
    );
  });

  it('never shows a token, even when the body under test carries one', () => {
    const schema = z.strictObject({ access_token: z.number() });
    const error = caught(() => parseReply(reply({ json: { access_token: JWT } }), schema));
    expect(error.message).not.toContain(JWT);
    expect(error.message).not.toContain(JWT.split('.')[2]);
    expect(error.message).toContain('[REDACTED');
  });
});

describe('redactSecrets', () => {
  it('removes JWTs, Authorization values and token fields, keeps ordinary dotted names', () => {
    expect(redactSecrets(`token ${JWT} end`)).toBe('token [REDACTED-JWT] end');
    expect(redactSecrets('Authorization: Bearer abc.def')).toBe('Authorization: [REDACTED]');
    expect(redactSecrets('{"authorization":"Bearer xyz"}')).toBe('{"authorization":"[REDACTED]"}');
    expect(redactSecrets('sent Bearer opaque-token-123 to')).toBe('sent Bearer [REDACTED] to');
    expect(redactSecrets('{"refresh_token":"opaque","password":"admin123"}')).toBe(
      '{"refresh_token":"[REDACTED]","password":"[REDACTED]"}',
    );
    // Three long base64url segments without a JOSE header are still a token.
    const opaque = `${'a'.repeat(20)}.${'b'.repeat(20)}.${'c'.repeat(20)}`;
    expect(redactSecrets(opaque)).toBe('[REDACTED-JWT]');
    expect(redactSecrets('GET http://api.example.com/v1.2.3 ok')).toBe(
      'GET http://api.example.com/v1.2.3 ok',
    );
  });
});

describe('formatIssuePath', () => {
  it('writes indexes in brackets', () => {
    expect(formatIssuePath(['rows', 0, 'month'])).toBe('rows[0].month');
    expect(formatIssuePath([])).toBe('(root)');
  });
});

describe('expectError', () => {
  const forbidden = {
    error_code: 'FORBIDDEN',
    message: 'no',
    details: { required: 'analytics:export' },
    trace_id: 'e2e-t-1',
  };
  const make = (body: unknown, headers: Record<string, string>, requestTraceId?: string) =>
    reply({ status: 403, json: body, headers, ...(requestTraceId ? { requestTraceId } : {}) });

  it('accepts the full contract and returns the body', () => {
    expect(expectError(make(forbidden, { 'x-trace-id': 'e2e-t-1' }, 'e2e-t-1'), 403, 'FORBIDDEN')).toEqual(
      forbidden,
    );
  });

  it('fails without the header, with a header that differs, or without the echo', () => {
    expect(() => expectError(make(forbidden, {}), 403, 'FORBIDDEN')).toThrow(/no x-trace-id header/);
    expect(() => expectError(make(forbidden, { 'x-trace-id': 'other' }), 403, 'FORBIDDEN')).toThrow(
      /x-trace-id header other differs from body trace_id e2e-t-1/,
    );
    expect(() =>
      expectError(make(forbidden, { 'x-trace-id': 'e2e-t-1' }, 'e2e-t-2'), 403, 'FORBIDDEN'),
    ).toThrow(/does not echo the request's x-trace-id e2e-t-2/);
  });

  it('fails on another code, another status or missing details; a further body key is additive', () => {
    const headers = { 'x-trace-id': 'e2e-t-1' };
    expect(() => expectError(make(forbidden, headers), 403, 'AUTH_BLOCKED')).toThrow(
      /expected error_code AUTH_BLOCKED, got FORBIDDEN/,
    );
    expect(() => expectError(make(forbidden, headers), 401, 'UNAUTHORIZED')).toThrow(
      /HTTP 403 .*expected status 401 UNAUTHORIZED; error_code FORBIDDEN/,
    );
    expect(() => expectError(make({ ...forbidden, details: {} }, headers), 403, 'FORBIDDEN')).toThrow(
      /FORBIDDEN details do not match the contract at required/,
    );
    expect(expectError(make({ ...forbidden, code: 'FORBIDDEN' }, headers), 403, 'FORBIDDEN').error_code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('expectFile', () => {
  it('checks the file content type and that it is not empty', () => {
    const csv = reply({ body: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(expectFile(csv, 'text/csv').bytes.length).toBe(8);
    expect(() => expectFile(csv, 'application/pdf')).toThrow(
      /expected content-type application\/pdf, got text\/csv/,
    );
    const empty = reply({ body: '', headers: { 'content-type': 'application/pdf' } });
    expect(() => expectFile(empty, 'application/pdf')).toThrow(/body is empty/);
  });
});
