// The v1 error contract (docs/contract.md): every error is `{error_code, message, details, trace_id}`
// with an `x-trace-id` header equal to trace_id. Handlers throw ApiError; the app's error handler
// turns it (and Fastify's own errors) into that body.

const V1_ERROR_STATUS = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  AUTH_BLOCKED: 403,
  NOT_FOUND: 404,
  INVALID_PAYLOAD: 422,
  RATE_LIMITED: 429,
  INVALID_EXPORT_ENDPOINT: 400,
  PAYLOAD_TOO_LARGE: 413,
  ANALYTICS_BACKEND_ERROR: 502,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type V1ErrorCode = keyof typeof V1_ERROR_STATUS;

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: V1ErrorCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = V1_ERROR_STATUS[code];
  }
}

/** A field error inside `details.errors` of 422 INVALID_PAYLOAD (FastAPI's shape). */
export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export function invalidPayload(errors: FieldError[]): ApiError {
  return new ApiError('INVALID_PAYLOAD', 'Request body is invalid', { errors });
}

export interface V1ErrorBody {
  error_code: string;
  message: string;
  details: unknown;
  trace_id?: string;
}

/** The request's own x-trace-id when it is a plain token; otherwise a fresh one. */
export function traceIdOf(header: string | string[] | undefined, fresh: () => string): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : fresh();
}

/** Fastify's own errors (body parsing, limits, 404s) mapped onto the contract's codes. */
export function apiErrorFromUnknown(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status =
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number'
      ? error.statusCode
      : 500;
  const message = error instanceof Error ? error.message : 'error';
  if (status === 404) return new ApiError('NOT_FOUND', 'Not found');
  if (status === 413) return new ApiError('PAYLOAD_TOO_LARGE', 'Request body is too large');
  if (status >= 400 && status < 500) {
    // Body parsing and media-type problems: FastAPI answers these 422 as well.
    return invalidPayload([{ loc: ['body'], msg: message, type: 'value_error' }]);
  }
  return new ApiError('INTERNAL_ERROR', 'Internal server error');
}
