// Every response is parsed, never trusted: parseReply / expectError / expectFile fail with a
// ContractError naming METHOD path, status, trace id and every mismatch, with secrets redacted.
import type { z } from 'zod';
import { V1_ERROR_DETAILS, V1ErrorBody } from '../contract/errors.ts';
import { type HttpReply, pathOf } from './transport.ts';

export interface ContractErrorFacts {
  method: string;
  path: string;
  status: number;
  traceId: string;
  /** Dotted path of the first schema mismatch, when the body was the problem. */
  issuePath?: string;
  /** error_code of the body, when the status was the problem. */
  errorCode?: string;
}

export class ContractError extends Error {
  override name = 'ContractError';
  constructor(
    message: string,
    readonly facts: ContractErrorFacts,
  ) {
    super(redactSecrets(message));
  }
}

// JWT-looking text: a JOSE header ("eyJ" = base64url of '{"') or three long base64url segments.
const JWT_IN_TEXT =
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g;
const AUTHORIZATION_VALUE = /(authorization["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi;
const BEARER_VALUE = /\bBearer\s+[^\s"',}]+/gi;
const SECRET_FIELDS = /("(?:access_token|refresh_token|password)"\s*:\s*")[^"]*"/gi;

/** Removes anything that looks like a JWT, an Authorization value or a token/password JSON field. */
export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_FIELDS, '$1[REDACTED]"')
    .replace(AUTHORIZATION_VALUE, '$1[REDACTED]')
    .replace(BEARER_VALUE, 'Bearer [REDACTED]')
    .replace(JWT_IN_TEXT, '[REDACTED-JWT]');
}

/** The reply's trace id: x-trace-id header, else body.trace_id, else 'none'. */
function traceIdOf(reply: HttpReply, body?: unknown): string {
  const header = reply.headers['x-trace-id'];
  if (header) return header;
  if (typeof body === 'object' && body !== null && 'trace_id' in body && typeof body.trace_id === 'string') {
    return body.trace_id;
  }
  return 'none';
}

function where(reply: HttpReply, body?: unknown): { line: string; facts: ContractErrorFacts } {
  const traceId = traceIdOf(reply, body);
  const path = pathOf(reply.url);
  const sent = traceId === 'none' && reply.requestTraceId ? `, sent ${reply.requestTraceId}` : '';
  return {
    line: `${reply.method} ${path} -> HTTP ${reply.status} (trace_id ${traceId}${sent})`,
    facts: { method: reply.method, path, status: reply.status, traceId },
  };
}

/** `POST /api/v1/... -> HTTP 200 (trace_id ...)`: where an answer came from, for messages about its content. */
export function describeReply(reply: HttpReply): string {
  const parsed = jsonBody(reply);
  return where(reply, parsed.ok ? parsed.value : undefined).line;
}

/**
 * A ContractError about what a well-formed answer says (an empty summary where data exists):
 * "<where the answer came from> <problem>", with the reply's facts.
 */
export function contentError(reply: HttpReply, problem: string): ContractError {
  const parsed = jsonBody(reply);
  const { line, facts } = where(reply, parsed.ok ? parsed.value : undefined);
  return new ContractError(`${line} ${problem}`, facts);
}

function jsonBody(reply: HttpReply): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(reply.text()) };
  } catch {
    return { ok: false };
  }
}

function snippet(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}...` : flat;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${snippet(JSON.stringify(value), 60)}`;
}

/** `rows[0].month`; the root is `(root)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  }
  return text === '' ? '(root)' : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, received ${describeValue(input)}`;
    case 'unrecognized_keys':
      return `unexpected key(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
    default:
      return `${issue.message}; received ${describeValue(input)}`;
  }
}

/**
 * Every issue, "at <path>: expected X, received Y", joined with "; " (a count like "+5 more" hides
 * what differs); `path` is the first issue's, for the error's facts.
 */
export function describeIssues(error: z.ZodError): { path: string; text: string } {
  const [first] = error.issues;
  if (!first) return { path: '(root)', text: 'invalid' };
  const lines = error.issues.map((issue) => `at ${formatIssuePath(issue.path)}: ${describeIssue(issue)}`);
  const count = lines.length > 1 ? `${lines.length} issues: ` : '';
  return { path: formatIssuePath(first.path), text: `${count}${lines.join('; ')}` };
}

function statusMatches(status: number, expected: number | readonly number[] | undefined): boolean {
  if (expected === undefined) return status >= 200 && status < 300;
  return typeof expected === 'number' ? status === expected : expected.includes(status);
}

function describeExpected(expected: number | readonly number[] | undefined): string {
  if (expected === undefined) return '2xx';
  return typeof expected === 'number' ? String(expected) : expected.join(' or ');
}

function errorCodeOf(body: unknown): string {
  if (
    typeof body === 'object' &&
    body !== null &&
    'error_code' in body &&
    typeof body.error_code === 'string'
  ) {
    return body.error_code;
  }
  return 'none';
}

function unexpectedStatus(reply: HttpReply, expected: string): ContractError {
  const parsed = jsonBody(reply);
  const body = parsed.ok ? parsed.value : undefined;
  const { line, facts } = where(reply, body);
  const errorCode = errorCodeOf(body);
  const message =
    typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
      ? body.message
      : snippet(reply.text());
  return new ContractError(`${line}: expected status ${expected}; error_code ${errorCode}: ${message}`, {
    ...facts,
    errorCode,
  });
}

export interface ParseOptions {
  /** Default: any 2xx. */
  expectStatus?: number | readonly number[];
}

/** The reply's JSON body parsed by `schema`, or a ContractError saying what is wrong and where. */
export function parseReply<S extends z.ZodType>(
  reply: HttpReply,
  schema: S,
  options: ParseOptions = {},
): z.output<S> {
  if (!statusMatches(reply.status, options.expectStatus)) {
    throw unexpectedStatus(reply, describeExpected(options.expectStatus));
  }
  const parsed = jsonBody(reply);
  if (!parsed.ok) {
    const { line, facts } = where(reply);
    const type = reply.headers['content-type'] ?? 'none';
    throw new ContractError(
      `${line}: body is not JSON (content-type ${type}): ${snippet(reply.text())}`,
      facts,
    );
  }
  const result = schema.safeParse(parsed.value, { reportInput: true });
  if (!result.success) {
    const { line, facts } = where(reply, parsed.value);
    const first = describeIssues(result.error);
    throw new ContractError(`${line}: body does not match the contract ${first.text}`, {
      ...facts,
      issuePath: first.path,
    });
  }
  return result.data;
}

export interface ExpectErrorOptions {
  /** Check that body.trace_id echoes the x-trace-id the request sent (default true). */
  checkEcho?: boolean;
}

/**
 * The full v1 error contract: status, body `{error_code, message, details, trace_id}`, the expected
 * code, the details the contract promises for it, an `x-trace-id` header equal to body.trace_id,
 * and (when the request sent one) body.trace_id equal to the sent x-trace-id.
 */
export function expectError(
  reply: HttpReply,
  status: number,
  errorCode: string,
  options: ExpectErrorOptions = {},
): V1ErrorBody {
  if (reply.status !== status) throw unexpectedStatus(reply, `${status} ${errorCode}`);
  const body = parseReply(reply, V1ErrorBody, { expectStatus: status });
  const { line, facts } = where(reply, body);
  if (body.error_code !== errorCode) {
    throw new ContractError(
      `${line}: expected error_code ${errorCode}, got ${body.error_code}: ${body.message}`,
      {
        ...facts,
        errorCode: body.error_code,
      },
    );
  }
  const detailsSchema = V1_ERROR_DETAILS[errorCode as keyof typeof V1_ERROR_DETAILS];
  const details = detailsSchema?.safeParse(body.details, { reportInput: true });
  if (details && !details.success) {
    const first = describeIssues(details.error);
    throw new ContractError(`${line}: ${errorCode} details do not match the contract ${first.text}`, {
      ...facts,
      issuePath: `details.${first.path}`,
    });
  }
  const header = reply.headers['x-trace-id'];
  if (!header) {
    throw new ContractError(
      `${line}: error reply has no x-trace-id header (body trace_id ${body.trace_id})`,
      facts,
    );
  }
  if (header !== body.trace_id) {
    throw new ContractError(
      `${line}: x-trace-id header ${header} differs from body trace_id ${body.trace_id}`,
      facts,
    );
  }
  if (
    (options.checkEcho ?? true) &&
    reply.requestTraceId !== undefined &&
    body.trace_id !== reply.requestTraceId
  ) {
    throw new ContractError(
      `${line}: trace_id ${body.trace_id} does not echo the request's x-trace-id ${reply.requestTraceId}`,
      facts,
    );
  }
  return body;
}

/** The error contract for a reply whose error_code the contract does not fix (404): any code. */
export function expectAnyError(reply: HttpReply, status: number): V1ErrorBody {
  let code = '(no error_code)';
  try {
    const body: unknown = JSON.parse(reply.text());
    if (
      typeof body === 'object' &&
      body !== null &&
      'error_code' in body &&
      typeof body.error_code === 'string'
    )
      code = body.error_code;
  } catch {
    // expectError below reports the body that is not JSON.
  }
  return expectError(reply, status, code);
}

export interface FileReply {
  contentType: string;
  bytes: Uint8Array;
  reply: HttpReply;
}

/** A 200 file download whose content-type starts with `contentType` and whose body is not empty. */
export function expectFile(reply: HttpReply, contentType: string): FileReply {
  if (reply.status !== 200) throw unexpectedStatus(reply, '200');
  const { line, facts } = where(reply);
  const actual = reply.headers['content-type'] ?? '';
  if (!actual.toLowerCase().startsWith(contentType)) {
    throw new ContractError(`${line}: expected content-type ${contentType}, got ${actual || 'none'}`, facts);
  }
  const bytes = reply.bytes();
  if (bytes.length === 0) throw new ContractError(`${line}: ${contentType} body is empty`, facts);
  return { contentType: actual, bytes, reply };
}
