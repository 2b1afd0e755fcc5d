// One small HTTP interface so the same clients run inside Playwright tests (APIRequestContext, calls
// show in the report) and in CLI tools (undici). Bodies are read completely before a reply is
// returned, so text() and bytes() are synchronous.
import type { APIRequestContext } from '@playwright/test';
import { request as undiciRequest } from 'undici';
import { paceRequest } from './rate-pacing.ts';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Serialized as JSON with content-type application/json (unless headers set one). */
  json?: unknown;
  /** Sent as is (for malformed-body tests); ignored when json is set. */
  body?: string | Uint8Array;
  /** Whole exchange, connect to last body byte. */
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text(): string;
  bytes(): Uint8Array;
  url: string;
  method: string;
  /** The x-trace-id the request carried, if any: error messages quote it, echo checks compare it. */
  requestTraceId?: string;
  /** Send to last body byte, milliseconds. */
  elapsedMs: number;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpReply>;
}

/** A request that got no HTTP answer (refused, reset, timed out). `code` is 'TIMEOUT' or the errno. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly code: string,
    readonly method: string,
    readonly url: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${pathOf(url)}: no HTTP answer (${code}): ${detail}`, options);
  }
}

export interface ReplyParts {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  url: string;
  method: string;
  requestTraceId?: string;
  elapsedMs?: number;
}

/** Builds an HttpReply; also what fake transports in unit tests return. */
export function createReply(parts: ReplyParts): HttpReply {
  const bytes =
    typeof parts.body === 'string' ? new TextEncoder().encode(parts.body) : (parts.body ?? new Uint8Array());
  let text: string | undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parts.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    status: parts.status,
    headers,
    text: () => {
      text ??= new TextDecoder().decode(bytes);
      return text;
    },
    bytes: () => bytes,
    url: parts.url,
    method: parts.method.toUpperCase(),
    ...(parts.requestTraceId === undefined ? {} : { requestTraceId: parts.requestTraceId }),
    elapsedMs: parts.elapsedMs ?? 0,
  };
}

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

interface EncodedRequest {
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  traceId: string | undefined;
}

function encode(request: HttpRequest): EncodedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  let body = request.body;
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers['content-type'] ??= 'application/json';
  }
  return { method: request.method.toUpperCase(), headers, body, traceId: headers['x-trace-id'] };
}

/** The errno-like code of a network error; undici nests it in `cause`. Matched by code, not class. */
function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'NETWORK';
  const named = error as { name?: unknown; code?: unknown; cause?: unknown };
  if (named.name === 'TimeoutError') return 'TIMEOUT';
  if (named.name === 'AbortError' && named.cause !== undefined) return errorCode(named.cause);
  if (typeof named.code === 'string' && named.code !== 'UND_ERR_SOCKET') return named.code;
  if (named.cause !== undefined) return errorCode(named.cause);
  return typeof named.code === 'string' ? named.code : 'NETWORK';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** CLI tools: undici's request with a whole-exchange AbortSignal.timeout (precise, unlike headersTimeout). */
export function undiciTransport(): HttpTransport {
  return {
    async send(request) {
      const answered = await paceRequest(request.method, request.url);
      const encoded = encode(request);
      const started = performance.now();
      const signal = AbortSignal.timeout(request.timeoutMs);
      try {
        const response = await undiciRequest(request.url, {
          method: encoded.method as 'GET',
          headers: encoded.headers,
          body: encoded.body,
          signal,
        });
        const body = new Uint8Array(await response.body.arrayBuffer());
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        return createReply({
          status: response.statusCode,
          headers,
          body,
          url: request.url,
          method: encoded.method,
          ...(encoded.traceId === undefined ? {} : { requestTraceId: encoded.traceId }),
          elapsedMs: performance.now() - started,
        });
      } catch (error) {
        const code = signal.aborted ? 'TIMEOUT' : errorCode(error);
        const detail =
          code === 'TIMEOUT' ? `no complete answer within ${request.timeoutMs} ms` : messageOf(error);
        throw new TransportError(code, encoded.method, request.url, detail, { cause: error });
      } finally {
        answered();
      }
    },
  };
}

const PLAYWRIGHT_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE'];

/** Playwright tests: the test's APIRequestContext, no redirects followed, never throws on a status. */
export function playwrightTransport(context: APIRequestContext): HttpTransport {
  return {
    async send(request) {
      const answered = await paceRequest(request.method, request.url);
      const encoded = encode(request);
      const started = performance.now();
      try {
        const response = await context.fetch(request.url, {
          method: encoded.method,
          headers: encoded.headers,
          ...(encoded.body === undefined
            ? {}
            : { data: typeof encoded.body === 'string' ? encoded.body : Buffer.from(encoded.body) }),
          timeout: request.timeoutMs,
          maxRedirects: 0,
          failOnStatusCode: false,
        });
        const body = new Uint8Array(await response.body());
        const headers: Record<string, string> = {};
        for (const { name, value } of response.headersArray()) {
          const key = name.toLowerCase();
          headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
        }
        const reply = createReply({
          status: response.status(),
          headers,
          body,
          url: request.url,
          method: encoded.method,
          ...(encoded.traceId === undefined ? {} : { requestTraceId: encoded.traceId }),
          elapsedMs: performance.now() - started,
        });
        await response.dispose();
        return reply;
      } catch (error) {
        const message = messageOf(error);
        const code = /timeout \d+ ?ms exceeded|timed out/i.test(message)
          ? 'TIMEOUT'
          : (PLAYWRIGHT_CODES.find((known) => message.includes(known)) ?? 'NETWORK');
        throw new TransportError(code, encoded.method, request.url, message.split('\n')[0] ?? message, {
          cause: error,
        });
      } finally {
        answered();
      }
    },
  };
}
