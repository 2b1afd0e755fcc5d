/**
 * The recording format written by cli/record-golden.ts: `index.json` naming the dataset and one JSON
 * file per case with the legacy answers (and, when made, a second recording of the same calls).
 */
import path from 'node:path';
import { z } from 'zod';
import { compactFilters } from '../contract/filters.ts';
import { endpointOfLegacyPath } from './legacy-mapping.ts';
import { answerOf, type RecordedCase, type Recording, readRecordingJson } from './recording.ts';
import { RecordingError } from './recording-error.ts';

const StringLists = z.record(z.string(), z.array(z.string()));

const RecordedAnswer = z.strictObject({
  method: z.enum(['GET', 'POST']),
  path: z.string().startsWith('/'),
  query: StringLists.optional(),
  body: StringLists.optional(),
  status: z.number().int(),
  response: z.unknown(),
});
export type RecordedAnswer = z.output<typeof RecordedAnswer>;

/** One case file written by cli/record-golden.ts. */
export const RecordedCaseFile = z.strictObject({
  case: z.string().min(1),
  dataset: z.string().min(1),
  endpoint: z.enum(['portfolio', 'rendimiento', 'mora', 'brokers']),
  filters: StringLists,
  recordedAt: z.string().min(1),
  legacyBase: z.string().min(1),
  answers: z.array(RecordedAnswer).min(1),
  /** A second recording of the same calls (Diffy noise), when made. */
  repeats: z.array(RecordedAnswer).optional(),
});
export type RecordedCaseFile = z.output<typeof RecordedCaseFile>;

/** index.json written by cli/record-golden.ts. */
export const RecordingIndex = z.strictObject({
  dataset: z.string().min(1),
  recordedAt: z.string().min(1),
  legacyBase: z.string().min(1),
  cases: z.array(
    z.strictObject({ case: z.string().min(1), endpoint: z.string().min(1), file: z.string().min(1) }),
  ),
});
export type RecordingIndex = z.output<typeof RecordingIndex>;

export const RECORDING_INDEX_FILE = 'index.json';

/** The cases of a recording folder with an index.json, every case file checked against the index. */
export async function loadRecordingIndex(dir: string): Promise<Recording> {
  const indexFile = path.join(dir, RECORDING_INDEX_FILE);
  const index = RecordingIndex.safeParse(await readRecordingJson(indexFile));
  if (!index.success) throw new RecordingError(`${indexFile}: ${index.error.issues[0]?.message}`);
  const cases: RecordedCase[] = [];
  for (const entry of index.data.cases) {
    cases.push(await loadRecordedCase(path.join(dir, entry.file), index.data.dataset));
  }
  return { dataset: index.data.dataset, source: indexFile, cases, skipped: [] };
}

async function loadRecordedCase(file: string, indexDataset: string): Promise<RecordedCase> {
  const parsed = RecordedCaseFile.safeParse(await readRecordingJson(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RecordingError(`${file}: at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const recorded = parsed.data;
  const strayPath = [...recorded.answers, ...(recorded.repeats ?? [])].find(
    (answer) => endpointOfLegacyPath(answer.path) !== recorded.endpoint,
  );
  if (strayPath) {
    throw new RecordingError(`${file}: ${strayPath.path} is not a legacy endpoint of ${recorded.endpoint}`);
  }
  if (recorded.dataset !== indexDataset) {
    throw new RecordingError(
      `${file} was recorded on dataset ${recorded.dataset}, the index says ${indexDataset}`,
    );
  }
  return {
    name: recorded.case,
    endpoint: recorded.endpoint,
    filters: compactFilters(recorded.filters),
    answers: recorded.answers.map(answerOf),
    repeats: (recorded.repeats ?? []).map(answerOf),
    recordedAs: [recorded.case],
  };
}
