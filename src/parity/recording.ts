/**
 * A parity recording: legacy answers recorded for parity cases, whichever file format they came from
 * (golden-recording.ts, legacy-expected.ts), and what every format shares: reading the file, turning a
 * recorded call into a legacy answer, and refusing recordings of another dataset than the target's.
 */
import { readFile } from 'node:fs/promises';
import type { LegacyPath } from '../contract/endpoints.ts';
import type { ParityCase } from './case-set.ts';
import type { LegacyAnswer } from './legacy-mapping.ts';
import { RecordingError } from './recording-error.ts';

export interface RecordedCase extends ParityCase {
  readonly answers: readonly LegacyAnswer[];
  /** A second recording of the same calls: fields that differ between the two are noise. */
  readonly repeats: readonly LegacyAnswer[];
  /** The recorded case names this case was built from. */
  readonly recordedAs: readonly string[];
}

export interface Recording {
  /** The dataset the recordings were made on. */
  readonly dataset: string;
  /** The file the cases came from. */
  readonly source: string;
  readonly cases: readonly RecordedCase[];
  /** Recorded entries that are not parity cases, with the reason (errors, anuales, config...). */
  readonly skipped: readonly { case: string; reason: string }[];
}

export function answerOf(recorded: {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string[]> | undefined;
  body?: Record<string, string[]> | undefined;
  status: number;
  response: unknown;
}): LegacyAnswer {
  return {
    call: {
      method: recorded.method,
      path: recorded.path as LegacyPath,
      ...(recorded.query ? { query: recorded.query } : {}),
      ...(recorded.body ? { body: recorded.body } : {}),
    },
    status: recorded.status,
    body: recorded.response,
  };
}

export async function readRecordingJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new RecordingError(`cannot read recording ${file}: ${(error as Error).message}`);
  }
}

/** Refuse to compare a target with recordings of another dataset. */
export function assertRecordingMatches(recording: Recording, targetDataset: string | undefined): void {
  if (targetDataset === undefined) return;
  if (recording.dataset !== targetDataset) {
    throw new RecordingError(
      `refusing recorded parity: the recordings in ${recording.source} are of dataset "${recording.dataset}" ` +
        `but the target serves dataset "${targetDataset}"; record this dataset (npm run record:golden -- ` +
        `--legacy URL --dataset ${targetDataset}) or use PARITY_SOURCE=live`,
    );
  }
}
