// The reference server as a command:
//   node --import tsx reference-server/src/main.ts --api-port 8000 --legacy-port 5000 \
//     --dataset fixtures/datasets/golden [--faults a,b] [--latency endpoint=ms[,p=fraction]] \
//     [--host 127.0.0.1] [--login-limit 10/60] [--write-limit 30/60] [--lockout 5/900] [--access-ttl 900]
//     [--production-like] [--user-traffic] [--log]
// --user-traffic: simulated dashboard users (http/simulated-users.ts). REFERENCE_FAULTS
// (comma-separated) is merged with --faults. Prints exactly one line
// `READY api=<url>/api/v1 legacy=<url>` once both apps listen. Exit 2 on a bad argument, an
// unknown fault or an unusable dataset.
//
//   node --import tsx reference-server/src/main.ts --instances [--host 127.0.0.1]
// serves fresh servers on request instead (instances.ts): one process, each server with its own
// state, for a driver that starts many short-lived servers (the self-test). Prints
// `READY control=<url>`.

import { build, type Launch, type Listening, listen, parseLaunch, USAGE } from './launch.ts';

// Signals are handled before anything slow (loading the server's modules and the dataset takes
// seconds): as a container's PID 1 an unhandled SIGTERM is ignored, and `docker stop` would wait
// out its timeout before killing the server.
let closeServing: (() => Promise<void>) | undefined;
let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  if (!closeServing) process.exit(0);
  closeServing().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`reference-server: error while closing on ${signal}: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

function describeRefusal(error: unknown, unknownFault: (error: unknown) => boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  return unknownFault(error) ? message : `${message}\n${USAGE}`;
}

async function main(argv: string[]): Promise<number> {
  const { UnknownFaultError } = await import('./faults.ts');
  const isUnknownFault = (error: unknown) => error instanceof UnknownFaultError;
  if (argv[0] === '--instances') {
    const { serveInstances } = await import('./instances.ts');
    try {
      const { controlUrl, close } = await serveInstances(argv.slice(1));
      closeServing = close;
      process.stdout.write(`READY control=${controlUrl}\n`);
      return -1;
    } catch (error) {
      process.stderr.write(`reference-server: ${describeRefusal(error, isUnknownFault)}\n`);
      return 2;
    }
  }
  let launch: Launch;
  let server: Awaited<ReturnType<typeof build>>;
  try {
    const parsed = await parseLaunch(argv, process.env.REFERENCE_FAULTS ?? '');
    if (parsed === 'help') return 0;
    launch = parsed;
    server = await build(launch);
  } catch (error) {
    process.stderr.write(`reference-server: ${describeRefusal(error, isUnknownFault)}\n`);
    return 2;
  }
  let listening: Listening;
  try {
    listening = await listen(launch, server);
  } catch (error) {
    process.stderr.write(
      `reference-server: cannot listen: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  closeServing = listening.close;
  process.stdout.write(`READY api=${listening.apiBase} legacy=${listening.legacyBase}\n`);
  return -1;
}

main(process.argv.slice(2)).then((code) => {
  // -1: serving until a signal arrives.
  if (code >= 0) process.exit(code);
});
