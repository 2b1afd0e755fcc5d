// A transport for the clients' unit tests: records every request and answers from a queue, so a test
// can check exactly what a client sent and how it reads a given answer. No network.
import { createReply, type HttpReply, type HttpRequest, type HttpTransport } from './transport.ts';

export interface FakeAnswer {
  status?: number;
  /** Sent as JSON text unless `body` is given. */
  json?: unknown;
  /** Raw body text, for answers that are not JSON. */
  body?: string;
  headers?: Record<string, string>;
}

/**
 * Answers each request with the next queued answer (200 with `{}` once the queue is empty), as JSON
 * unless the answer says otherwise; the reply echoes the request's x-trace-id as a real server does.
 */
export function fakeTransport(answers: FakeAnswer[] = []): { transport: HttpTransport; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const transport: HttpTransport = {
    async send(request): Promise<HttpReply> {
      sent.push(request);
      const answer = answers.shift() ?? { json: {} };
      return createReply({
        status: answer.status ?? 200,
        headers: { 'content-type': 'application/json', ...answer.headers },
        body: answer.body ?? JSON.stringify(answer.json),
        url: request.url,
        method: request.method,
        ...(request.headers?.['x-trace-id'] ? { requestTraceId: request.headers['x-trace-id'] } : {}),
      });
    },
  };
  return { transport, sent };
}
