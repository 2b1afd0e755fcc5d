// A tiny in-process HTTP server for the perf engine's own tests: deterministic delays (every k-th
// request of a path), status codes chosen by body, and a record of the bodies it received. Not a
// stand-in for the reference server; it only lets the engine be checked against known truth.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServerBehaviour {
  /** path -> delay every `every`-th request (1-based count per path) by `delayMs`. */
  delays?: Record<string, { every: number; delayMs: number }>;
  /** A body containing this text is answered with this status. */
  statusByBodyText?: Record<string, number>;
  /** Paths that never answer (for timeouts). */
  silentPaths?: string[];
}

export interface TestServer {
  url: string;
  bodies: string[];
  countsByPath: Map<string, number>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTestServer(behaviour: TestServerBehaviour = {}): Promise<TestServer> {
  const bodies: string[] = [];
  const countsByPath = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const body = await readBody(request);
      if (behaviour.silentPaths?.includes(path)) return;
      const count = (countsByPath.get(path) ?? 0) + 1;
      countsByPath.set(path, count);
      if (body !== '') bodies.push(body);
      let status = 200;
      for (const [text, code] of Object.entries(behaviour.statusByBodyText ?? {})) {
        if (body.includes(text)) status = code;
      }
      const delay = behaviour.delays?.[path];
      const wait = delay && count % delay.every === 0 ? delay.delayMs : 0;
      const answer = () => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: status < 400, count }));
      };
      if (wait > 0) setTimeout(answer, wait);
      else answer();
    })();
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    countsByPath,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
