import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request as playwrightRequest } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpTransport, playwrightTransport, TransportError, undiciTransport } from './transport.ts';

// A tiny server: /echo answers what it received, /stall never answers, /stall-body sends headers and
// half a body, /many-headers repeats a header.
function handler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/stall') return;
    if (req.url === '/stall-body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      return;
    }
    if (req.url === '/many-headers') {
      res.setHeader('x-repeated', ['a', 'b']);
      res.end('');
      return;
    }
    const echo = {
      method: req.method,
      contentType: req.headers['content-type'] ?? null,
      traceId: req.headers['x-trace-id'] ?? null,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    res.writeHead(201, { 'Content-Type': 'application/json', 'X-Trace-Id': 'srv-1' });
    res.end(JSON.stringify(echo));
  });
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function transportContract(name: string, makeTransport: () => Promise<HttpTransport>) {
  describe(name, () => {
    let transport: HttpTransport;
    beforeAll(async () => {
      transport = await makeTransport();
    });

    it('sends JSON and returns status, lower-case headers, text, bytes and the sent trace id', async () => {
      const reply = await transport.send({
        method: 'post',
        url: `${base}/echo`,
        headers: { 'X-Trace-Id': 'e2e-unit-1' },
        json: { a: 1 },
        timeoutMs: 5000,
      });
      expect(reply.status).toBe(201);
      expect(reply.method).toBe('POST');
      expect(reply.url).toBe(`${base}/echo`);
      expect(reply.headers['x-trace-id']).toBe('srv-1');
      expect(reply.headers['content-type']).toBe('application/json');
      expect(reply.requestTraceId).toBe('e2e-unit-1');
      expect(JSON.parse(reply.text())).toEqual({
        method: 'POST',
        contentType: 'application/json',
        traceId: 'e2e-unit-1',
        body: '{"a":1}',
      });
      expect(new TextDecoder().decode(reply.bytes())).toBe(reply.text());
      expect(reply.elapsedMs).toBeGreaterThan(0);
    });

    it('sends a raw body as is', async () => {
      const reply = await transport.send({
        method: 'POST',
        url: `${base}/echo`,
        body: '{not json',
        timeoutMs: 5000,
      });
      expect(JSON.parse(reply.text()).body).toBe('{not json');
    });

    it('joins a repeated header', async () => {
      const reply = await transport.send({ method: 'GET', url: `${base}/many-headers`, timeoutMs: 5000 });
      expect(reply.headers['x-repeated']).toBe('a, b');
    });

    it('honours the timeout when the server never answers', async () => {
      const started = performance.now();
      const error = await rejection(transport.send({ method: 'GET', url: `${base}/stall`, timeoutMs: 200 }));
      const elapsed = performance.now() - started;
      expect(error.code).toBe('TIMEOUT');
      expect(error.message).toContain('GET /stall');
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(2000);
    });

    it('honours the timeout when the body stalls after the headers', async () => {
      const started = performance.now();
      const error = await rejection(
        transport.send({ method: 'GET', url: `${base}/stall-body`, timeoutMs: 200 }),
      );
      expect(error.code).toBe('TIMEOUT');
      expect(performance.now() - started).toBeLessThan(2000);
    });

    it('reports a refused connection by its code', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await rejection(
        transport.send({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }),
      );
      expect(error.code).toBe('ECONNREFUSED');
    });
  });
}

transportContract('undiciTransport', async () => undiciTransport());

const contexts: { dispose(): Promise<void> }[] = [];
transportContract('playwrightTransport', async () => {
  const context = await playwrightRequest.newContext();
  contexts.push(context);
  return playwrightTransport(context);
});
afterAll(async () => {
  for (const context of contexts) await context.dispose();
});
