// npm run record:golden -- --legacy URL --dataset NAME [--out DIR] [--repeat] [--force]
// Records the parity case set (src/parity/case-set.ts PARITY_CASES) from a live legacy dashboard serving
// dataset NAME into fixtures/golden/NAME/ (or --out DIR): one JSON per case with the exact legacy
// calls and answers (volatile meta.signature / meta.generated_at dropped), plus index.json naming the
// dataset. `--repeat` records every call twice (Diffy noise for recorded runs). A recorded run of the
// gate (PARITY_SOURCE=recorded) then compares a target serving NAME with these answers, and refuses
// any other dataset. It never writes next to a customer's legacy_expected.json, and never overwrites
// an earlier recording without --force. Exit 0 recorded, 1 a call did not answer 200, 2 usage error.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCommandLine, runWhenMain, UsageError } from '../src/cli/command-line.ts';
import { LegacyClient } from '../src/clients/legacy-client.ts';
import type { RetryPolicy } from '../src/clients/retry.ts';
import { type HttpTransport, undiciTransport } from '../src/clients/transport.ts';
import { loadConfig, type SuiteConfig } from '../src/config.ts';
import { PARITY_CASES, type ParityCase } from '../src/parity/case-set.ts';
import {
  RECORDING_INDEX_FILE,
  type RecordedAnswer,
  type RecordedCaseFile,
  type RecordingIndex,
} from '../src/parity/golden-recording.ts';
import { LEGACY_EXPECTED_FILE } from '../src/parity/legacy-expected.ts';
import { type LegacyCall, legacyCallsFor } from '../src/parity/legacy-mapping.ts';
import { parityRetryPolicy, sendLegacyCall } from '../src/parity/sources.ts';

const USAGE = 'usage: npm run record:golden -- --legacy URL --dataset NAME [--out DIR] [--repeat] [--force]';
const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Dropped from every recorded answer: they change from call to call (docs/contract.md). */
const VOLATILE_META = ['signature', 'generated_at'];

export interface RecordGoldenOptions {
  legacyBase: string;
  dataset: string;
  outDir: string;
  repeat: boolean;
  force: boolean;
}

export function recordGoldenOptions(argv: string[]): RecordGoldenOptions {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        legacy: { type: 'string' },
        dataset: { type: 'string' },
        out: { type: 'string' },
        repeat: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    },
    USAGE,
  );
  if (!values.legacy) throw new UsageError(`--legacy URL is required\n${USAGE}`);
  if (!/^https?:\/\//.test(values.legacy))
    throw new UsageError(`--legacy must be an http(s) URL, got ${values.legacy}`);
  if (!values.dataset || !DATASET_NAME.test(values.dataset)) {
    throw new UsageError(`--dataset NAME is required (letters, digits, . _ -)\n${USAGE}`);
  }
  return {
    legacyBase: values.legacy.replace(/\/+$/, ''),
    dataset: values.dataset,
    outDir: values.out ?? path.join('fixtures', 'golden', values.dataset),
    repeat: values.repeat === true,
    force: values.force === true,
  };
}

function withoutVolatile(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('meta' in body)) return body;
  const { meta, ...rest } = body as { meta: unknown } & Record<string, unknown>;
  if (typeof meta !== 'object' || meta === null) return body;
  const kept = Object.fromEntries(Object.entries(meta).filter(([key]) => !VOLATILE_META.includes(key)));
  return { ...rest, meta: kept };
}

async function record(legacy: LegacyClient, call: LegacyCall, retry: RetryPolicy): Promise<RecordedAnswer> {
  const { status, body: response } = await sendLegacyCall(legacy, call, retry);
  return {
    method: call.method,
    path: call.path,
    ...(call.query
      ? { query: Object.fromEntries(Object.entries(call.query).map(([k, v]) => [k, [...v]])) }
      : {}),
    ...(call.body
      ? { body: Object.fromEntries(Object.entries(call.body).map(([k, v]) => [k, [...v]])) }
      : {}),
    status,
    response: withoutVolatile(response),
  };
}

export interface RecordGoldenDeps {
  transport?: HttpTransport;
  now?: () => Date;
  write?: (text: string) => void;
  cases?: readonly ParityCase[];
}

export async function main(
  argv: string[],
  config: SuiteConfig = loadConfig(),
  deps: RecordGoldenDeps = {},
): Promise<number> {
  const options = recordGoldenOptions(argv);
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  const existing = await readdir(options.outDir).catch(() => [] as string[]);
  if (existing.includes(LEGACY_EXPECTED_FILE)) {
    throw new UsageError(
      `${options.outDir} holds the customer's ${LEGACY_EXPECTED_FILE}: an index.json beside it would shadow those ` +
        'recordings; record into another folder (--out DIR) or another dataset name',
    );
  }
  if (existing.includes(RECORDING_INDEX_FILE) && !options.force) {
    throw new UsageError(
      `${options.outDir} already has a recording (${RECORDING_INDEX_FILE}); pass --force to replace it`,
    );
  }
  const retry = parityRetryPolicy(config.PARITY_RETRIES);
  const legacy = new LegacyClient(options.legacyBase, deps.transport ?? undiciTransport(), {
    traceIdPrefix: 'record-golden',
  });
  const recordedAt = (deps.now ?? (() => new Date()))().toISOString();
  await mkdir(options.outDir, { recursive: true });
  const index: RecordingIndex = {
    dataset: options.dataset,
    recordedAt,
    legacyBase: options.legacyBase,
    cases: [],
  };
  const failures: string[] = [];
  for (const parityCase of deps.cases ?? PARITY_CASES) {
    const calls = legacyCallsFor(parityCase);
    const answers: RecordedAnswer[] = [];
    for (const call of calls) answers.push(await record(legacy, call, retry));
    const repeats: RecordedAnswer[] = [];
    if (options.repeat) for (const call of calls) repeats.push(await record(legacy, call, retry));
    const bad = [...answers, ...repeats].filter((answer) => answer.status !== 200);
    if (bad.length > 0) {
      failures.push(
        `${parityCase.name}: ${bad.map((answer) => `${answer.method} ${answer.path} -> HTTP ${answer.status}`).join(', ')}`,
      );
      continue;
    }
    const file = `${parityCase.name.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
    const content: RecordedCaseFile = {
      case: parityCase.name,
      dataset: options.dataset,
      endpoint: parityCase.endpoint,
      filters: Object.fromEntries(
        Object.entries(parityCase.filters).map(([key, values]) => [key, [...(values ?? [])]]),
      ),
      recordedAt,
      legacyBase: options.legacyBase,
      answers,
      ...(options.repeat ? { repeats } : {}),
    };
    await writeFile(path.join(options.outDir, file), `${JSON.stringify(content, null, 2)}\n`);
    index.cases.push({ case: parityCase.name, endpoint: parityCase.endpoint, file });
    write(
      `recorded ${parityCase.endpoint} ${parityCase.name} (${answers.length + repeats.length} call(s))\n`,
    );
  }
  await writeFile(path.join(options.outDir, RECORDING_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  write(`${index.cases.length} case(s) of dataset ${options.dataset} recorded in ${options.outDir}\n`);
  for (const failure of failures) write(`NOT RECORDED ${failure}\n`);
  return failures.length > 0 ? 1 : 0;
}

runWhenMain(import.meta.url, main, 'record golden');
