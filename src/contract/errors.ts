// Error bodies: the v1 error contract (docs/contract.md "API v1") and the legacy dashboard's.
import { z } from 'zod';

/** Every v1 error code the contract names, with its HTTP status. */
export const V1_ERROR_STATUS = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  AUTH_BLOCKED: 403,
  INVALID_PAYLOAD: 422,
  RATE_LIMITED: 429,
  INVALID_EXPORT_ENDPOINT: 400,
  ANALYTICS_BACKEND_ERROR: 502,
  INTERNAL_ERROR: 500,
} as const;
export type V1ErrorCode = keyof typeof V1_ERROR_STATUS;

/**
 * `details` may be null or anything JSON, but the key must be present: z.unknown() alone would
 * accept a body that omits it.
 */
const presentDetails = z.unknown().refine((value) => value !== undefined, {
  message: 'Invalid input: expected a value (null allowed), received undefined',
});

/** `{error_code, message, details, trace_id}`; a further field is additive. */
export const V1ErrorBody = z.object({
  error_code: z.string().min(1),
  message: z.string(),
  details: presentDetails,
  trace_id: z.string().min(1),
});
export type V1ErrorBody = z.output<typeof V1ErrorBody>;

// What the contract promises inside `details` for some codes. Loose: it names these fields only.
export const ForbiddenDetails = z.looseObject({ required: z.string().min(1) });
export const AuthBlockedDetails = z.looseObject({ blocked_until: z.union([z.string().min(1), z.number()]) });
const InvalidPayloadDetails = z.looseObject({ errors: z.array(z.unknown()).min(1) });
export const RateLimitedDetails = z.looseObject({
  limit: z.number().int().positive(),
  window_seconds: z.number().positive(),
  scope: z.string().min(1),
});
export const InvalidExportEndpointDetails = z.looseObject({ allowed: z.array(z.string()).min(1) });

/** The details schema for a code, where the contract defines one. */
export const V1_ERROR_DETAILS: Partial<Record<V1ErrorCode, z.ZodType>> = {
  FORBIDDEN: ForbiddenDetails,
  AUTH_BLOCKED: AuthBlockedDetails,
  INVALID_PAYLOAD: InvalidPayloadDetails,
  RATE_LIMITED: RateLimitedDetails,
  INVALID_EXPORT_ENDPOINT: InvalidExportEndpointDetails,
};

/** `{error_code, code, message, details}`; the legacy repeats the code in both keys. */
export const LegacyErrorBody = z
  .object({
    error_code: z.string().min(1),
    code: z.string().min(1),
    message: z.string(),
    details: presentDetails,
  })
  .refine((body) => body.code === body.error_code, {
    message: 'code and error_code differ',
    path: ['code'],
  });
export type LegacyErrorBody = z.output<typeof LegacyErrorBody>;
