/**
 * Writing and reading the evidence folder. Everything written is redacted first (./redact.ts);
 * the folder path and the secrets are parameters (the caller takes them from the config).
 */
import { appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EvidenceError, type EvidenceRecord, GATE_NAME, parseEvidenceRecord } from './record.ts';
import { redact } from './redact.ts';

/** The file a gate's evidence goes to: `<dir>/<gate>.json`. */
export function evidenceFile(dir: string, gate: string): string {
  if (!GATE_NAME.test(gate))
    throw new EvidenceError(`gate must be lower-case kebab (a-z, 0-9, -), got ${JSON.stringify(gate)}`);
  return path.join(dir, `${gate}.json`);
}

/**
 * Redact, validate and write `<dir>/<gate>.json` (replacing an older one atomically).
 * Returns the file path. Throws EvidenceError on an invalid record.
 */
export async function writeEvidence(
  dir: string,
  record: EvidenceRecord,
  secrets: readonly string[],
): Promise<string> {
  const clean = parseEvidenceRecord(
    redact(record, secrets),
    `evidence for gate ${JSON.stringify(record.gate)}`,
  );
  const file = evidenceFile(dir, clean.gate);
  await mkdir(dir, { recursive: true });
  // Write then rename: a reader (or a crash) never sees half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(clean, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
  return file;
}

/** Append one redacted JSON line to `file`, creating the folder if needed. */
export async function appendJsonLine(
  file: string,
  value: unknown,
  secrets: readonly string[],
): Promise<void> {
  const line = JSON.stringify(redact(value, secrets));
  if (line === undefined) throw new EvidenceError('cannot write undefined as a JSON line');
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${line}\n`, 'utf8');
}

export interface EvidenceFolder {
  /** Valid records, sorted by gate. */
  readonly records: EvidenceRecord[];
  /** Files that are not valid evidence records, or why the folder could not be read. */
  readonly problems: string[];
}

/** Read every `*.json` in the folder (not recursive) as an evidence record. */
export async function readEvidenceDir(dir: string): Promise<EvidenceFolder> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    return { records: [], problems: [`cannot read evidence folder ${dir}: ${(error as Error).message}`] };
  }
  const records: EvidenceRecord[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      records.push(parseEvidenceRecord(JSON.parse(await readFile(file, 'utf8')), file));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  records.sort((left, right) => left.gate.localeCompare(right.gate));
  return { records, problems };
}
