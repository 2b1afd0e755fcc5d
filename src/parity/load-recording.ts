/** Which recording format a folder holds, and its cases. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadRecordingIndex, RECORDING_INDEX_FILE } from './golden-recording.ts';
import { casesFromLegacyExpected, LEGACY_EXPECTED_FILE } from './legacy-expected.ts';
import { type Recording, readRecordingJson } from './recording.ts';
import { RecordingError } from './recording-error.ts';

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Load a recording folder: `index.json` (+ case files) when present, else `legacy_expected.json`
 * (whose dataset is the folder's name).
 */
export async function loadRecording(dir: string): Promise<Recording> {
  if (await exists(path.join(dir, RECORDING_INDEX_FILE))) return loadRecordingIndex(dir);
  const legacyFile = path.join(dir, LEGACY_EXPECTED_FILE);
  if (await exists(legacyFile)) {
    return casesFromLegacyExpected(
      await readRecordingJson(legacyFile),
      path.basename(path.resolve(dir)),
      legacyFile,
    );
  }
  throw new RecordingError(
    `no recording in ${dir}: expected ${RECORDING_INDEX_FILE} (npm run record:golden) or ${LEGACY_EXPECTED_FILE}`,
  );
}
