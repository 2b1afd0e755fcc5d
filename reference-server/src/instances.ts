// `main.ts --instances`: one process that starts and stops reference servers on request, for a
// driver that needs many short-lived ones (the self-test starts one per run). Each server is built
// fresh, as `main.ts` builds one, with its own state, tokens' keys, limits and faults: nothing of one
// reaches another. What they share is read-only: the loaded modules and each dataset folder's
// parsed files (loaded once), which are what a server spends most of its start on.
//
//   POST   /instances      {"args": ["--dataset", "DIR", "--faults", "a,b", ...]}  (main.ts's options)
//          -> 201 {"id": "1", "api": "<url>/api/v1", "legacy": "<url>"}, or 400 {"error": "..."}
//   DELETE /instances/<id> -> 204 once that server has closed
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Dataset } from './data/dataset.ts';
import { build, type Listening, listen, parseLaunch, urlHost } from './launch.ts';

const StartRequest = z.object({ args: z.array(z.string()) });

const MAX_BODY_BYTES = 64 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) reject(new Error('request body too large'));
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

export async function serveInstances(
  argv: string[],
): Promise<{ controlUrl: string; close(): Promise<void> }> {
  const { values } = parseArgs({ args: argv, options: { host: { type: 'string' } }, strict: true });
  const host = values.host ?? '127.0.0.1';
  const { loadDataset } = await import('./data/load.ts');
  const datasets = new Map<string, Dataset>();
  const running = new Map<string, Listening>();
  let lastId = 0;

  async function start(body: string): Promise<{ id: string; api: string; legacy: string }> {
    const { args } = StartRequest.parse(JSON.parse(body));
    // Free ports on the control's host, whatever the request says.
    const launch = await parseLaunch([...args, '--host', host, '--api-port', '0', '--legacy-port', '0'], '');
    if (launch === 'help') throw new Error('--help is not a server');
    const dir = launch.options.datasetDir;
    const dataset = datasets.get(dir) ?? loadDataset(dir);
    datasets.set(dir, dataset);
    const listening = await listen(launch, await build(launch, dataset));
    lastId += 1;
    const id = String(lastId);
    running.set(id, listening);
    return { id, api: listening.apiBase, legacy: listening.legacyBase };
  }

  async function stop(id: string): Promise<boolean> {
    const listening = running.get(id);
    if (!listening) return false;
    running.delete(id);
    await listening.close();
    return true;
  }

  const control = createServer((request, response) => {
    const path = request.url ?? '';
    if (request.method === 'POST' && path === '/instances') {
      readBody(request)
        .then(start)
        .then(
          (started) => reply(response, 201, started),
          (error: unknown) =>
            reply(response, 400, { error: error instanceof Error ? error.message : String(error) }),
        );
      return;
    }
    const match = /^\/instances\/(\d+)$/.exec(path);
    if (request.method === 'DELETE' && match?.[1]) {
      stop(match[1]).then(
        (found) =>
          reply(response, found ? 204 : 404, found ? undefined : { error: `no instance ${match[1]}` }),
        (error: unknown) => reply(response, 500, { error: String(error) }),
      );
      return;
    }
    reply(response, 404, { error: `${request.method} ${path}: not a control route` });
  });
  await new Promise<void>((resolve, reject) => {
    control.once('error', reject);
    control.listen(0, host, () => resolve());
  });
  const address = control.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    controlUrl: `http://${urlHost(host)}:${port}`,
    close: async () => {
      await Promise.all([...running.keys()].map((id) => stop(id)));
      await new Promise<void>((resolve) => {
        control.close(() => resolve());
        control.closeAllConnections();
      });
    },
  };
}
