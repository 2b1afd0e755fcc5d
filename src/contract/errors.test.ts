import { describe, expect, it } from 'vitest';
import { V1_ERROR_DETAILS, V1_ERROR_STATUS, V1ErrorBody } from './errors.ts';

describe('v1 error body', () => {
  const body = {
    error_code: 'FORBIDDEN',
    message: 'no',
    details: { required: 'analytics:export' },
    trace_id: 't-1',
  };

  it('accepts the four keys, details may be null', () => {
    expect(V1ErrorBody.safeParse(body).success).toBe(true);
    expect(V1ErrorBody.safeParse({ ...body, details: null }).success).toBe(true);
  });

  it('rejects a missing details and an empty trace id; a further key is additive', () => {
    const { details: _details, ...noDetails } = body;
    expect(V1ErrorBody.safeParse(noDetails).error?.issues[0]?.path).toEqual(['details']);
    expect(V1ErrorBody.safeParse({ ...body, trace_id: '' }).error?.issues[0]?.path).toEqual(['trace_id']);
    expect(V1ErrorBody.parse({ ...body, code: 'FORBIDDEN' })).toEqual(body);
  });

  it('maps the codes to the contract statuses', () => {
    expect(V1_ERROR_STATUS).toEqual({
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      AUTH_BLOCKED: 403,
      INVALID_PAYLOAD: 422,
      RATE_LIMITED: 429,
      INVALID_EXPORT_ENDPOINT: 400,
      ANALYTICS_BACKEND_ERROR: 502,
      INTERNAL_ERROR: 500,
    });
  });

  it('checks the details the contract promises', () => {
    expect(V1_ERROR_DETAILS.FORBIDDEN?.safeParse({ required: 'analytics:export' }).success).toBe(true);
    expect(V1_ERROR_DETAILS.FORBIDDEN?.safeParse({}).success).toBe(false);
    expect(
      V1_ERROR_DETAILS.RATE_LIMITED?.safeParse({ limit: 30, window_seconds: 60, scope: 'c' }).success,
    ).toBe(true);
    expect(V1_ERROR_DETAILS.RATE_LIMITED?.safeParse({ limit: 30, window_seconds: 60 }).success).toBe(false);
    expect(V1_ERROR_DETAILS.INVALID_PAYLOAD?.safeParse({ errors: [] }).success).toBe(false);
    expect(V1_ERROR_DETAILS.INVALID_EXPORT_ENDPOINT?.safeParse({ allowed: ['portfolio'] }).success).toBe(
      true,
    );
  });
});
