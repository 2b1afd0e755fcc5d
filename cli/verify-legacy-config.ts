// npm run verify:legacy-config -- [--dir DIR] [--source files|endpoints] [--api URL] [--legacy URL]
//   [--timeout-ms N]
// The runbook's legacy configuration migration check: logs in to API v1 as the admin account
// (E2E_ADMIN_USER / E2E_ADMIN_PASSWORD), reads the v1 supervisors scope, commission and prize rules,
// and compares them by count and canonical sha256 with the legacy configuration — the JSON files of
// LEGACY_CONFIG_DIR (or --dir; bare-list or {"rules": [...]} form) when given, else the legacy
// endpoints (GET /api/brokers-supervisors, /api/commissions, /api/prizes on LEGACY_BASE).
// Prints one JSON report on stdout. Exit 0 same, 1 any difference, 2 misconfigured or unreachable.
// Never prints a token or a password.

import {
  type LegacyConfigReport,
  type LegacySource,
  runLegacyConfigCheck,
} from '../src/brokers/legacy-config-check.ts';
import { parseCommandLine, runWhenMain } from '../src/cli/command-line.ts';
import { redactSecrets } from '../src/clients/expect-ok.ts';
import { enableRatePacing } from '../src/clients/rate-pacing.ts';
import { undiciTransport } from '../src/clients/transport.ts';
import { ConfigError, loadConfig, SECRET_VARIABLES, type SuiteConfig } from '../src/config.ts';
import { redact } from '../src/evidence/redact.ts';
import { targetForCli } from '../src/targets/resolve.ts';

export const USAGE =
  'usage: npm run verify:legacy-config -- [--dir DIR] [--source files|endpoints] [--api URL] [--legacy URL] [--timeout-ms N]';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function secretsOf(config: SuiteConfig | undefined): string[] {
  return config ? SECRET_VARIABLES.map((name) => config[name]) : [];
}

/** Exit 2 with a JSON line saying why (stdout stays machine-readable) and the reason on stderr. */
function misconfigured(io: CliIo, message: string, secrets: readonly string[]): number {
  const text = redact(redactSecrets(message), secrets);
  io.stdout(
    `${JSON.stringify({ check: 'legacy-config-migration', verdict: 'error', error: text }, null, 2)}\n`,
  );
  io.stderr(`verify-legacy-config: ${text}\n`);
  return 2;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let config: SuiteConfig | undefined;
  try {
    const { values } = parseCommandLine(
      {
        args: argv,
        options: {
          dir: { type: 'string' },
          source: { type: 'string' },
          api: { type: 'string' },
          legacy: { type: 'string' },
          'timeout-ms': { type: 'string', default: '15000' },
        },
      },
      USAGE,
    );
    config = loadConfig();
    const dir = values.dir ?? config.LEGACY_CONFIG_DIR;
    const source = values.source ?? (dir === undefined ? 'endpoints' : 'files');
    if (source !== 'files' && source !== 'endpoints') {
      return misconfigured(
        io,
        `--source must be files or endpoints, got ${JSON.stringify(source)}. ${USAGE}`,
        [],
      );
    }
    if (source === 'files' && dir === undefined) {
      return misconfigured(io, `--source files needs LEGACY_CONFIG_DIR or --dir. ${USAGE}`, []);
    }
    const timeoutMs = Number(values['timeout-ms']);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      return misconfigured(io, `--timeout-ms must be a positive integer. ${USAGE}`, []);
    }
    const target = targetForCli(config, values.api);
    // The admin login shares the target's rate budget with the suite's runs and the other tools.
    enableRatePacing(config, target.apiBase, (line) => process.stderr.write(`${line}\n`));
    const report: LegacyConfigReport = await runLegacyConfigCheck({
      apiBase: target.apiBase,
      legacyBase: (values.legacy ?? target.legacyBase).replace(/\/+$/, ''),
      username: config.E2E_ADMIN_USER,
      password: config.E2E_ADMIN_PASSWORD,
      source: source satisfies LegacySource,
      ...(dir === undefined ? {} : { dir }),
      transport: undiciTransport(),
      timeoutMs,
    });
    // Belt and braces: the report carries no credential, and a leak would be redacted here.
    const plain: unknown = JSON.parse(JSON.stringify(report));
    const safe = redact(plain, secretsOf(config));
    io.stdout(`${JSON.stringify(safe, null, 2)}\n`);
    return report.verdict === 'same' ? 0 : 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // ConfigError already names the variable and the accepted forms; others name the request or file.
    return misconfigured(
      io,
      error instanceof ConfigError ? message : `check failed: ${message}`,
      secretsOf(config),
    );
  }
}

runWhenMain(import.meta.url, (argv) => main(argv), 'verify legacy config');
