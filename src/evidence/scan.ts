/**
 * Look for secrets in a run's artifacts (evidence, reports, traces). Each secret is searched
 * as written, JSON-escaped and URL-encoded. Zip archives (Playwright traces) and zips embedded
 * as `data:application/zip;base64,` (Playwright's HTML report) are opened and their entries
 * searched too; entries that cannot be read (encrypted, zip64, unknown compression, too large)
 * are listed as unreadable rather than silently counted as clean.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface SecretFinding {
  /** File path; for a zip entry `archive.zip!entry/name`. */
  readonly file: string;
  /** Indexes into the `secrets` argument. */
  readonly secretIndexes: number[];
  /** `secret #2 (8 chars)`: enough to act on, without printing the secret. */
  readonly secrets: string[];
}

export interface SecretScan {
  readonly scannedFiles: number;
  readonly findings: SecretFinding[];
  readonly unreadable: string[];
}

export interface ScanLimits {
  /** Stop (throw) beyond this many files: a scan that cannot finish must not look clean. */
  readonly maxFiles?: number;
  /** Largest inflated zip entry searched. */
  readonly maxEntryBytes?: number;
  /** How deep zips inside zips are opened. */
  readonly maxZipDepth?: number;
}

const DEFAULT_LIMITS = { maxFiles: 20_000, maxEntryBytes: 256 * 1024 * 1024, maxZipDepth: 3 };

function needlesFor(secret: string): Buffer[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...forms].map((form) => Buffer.from(form, 'utf8'));
}

interface ZipEntry {
  name: string;
  data: Buffer | undefined;
  problem?: string;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function isZip(bytes: Buffer): boolean {
  return bytes.length >= 22 && bytes.readUInt32LE(0) === LOCAL;
}

/** Entries of a zip archive, inflated (stored and deflate only). */
function zipEntries(bytes: Buffer, maxEntryBytes: number): ZipEntry[] {
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset -= 1) {
    if (bytes.readUInt32LE(offset) === EOCD) {
      end = offset;
      break;
    }
  }
  if (end < 0)
    return [{ name: '(archive)', data: undefined, problem: 'no zip end-of-central-directory record' }];
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL) {
      entries.push({ name: '(archive)', data: undefined, problem: 'corrupt central directory' });
      break;
    }
    const flags = bytes.readUInt16LE(offset + 8);
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const problem =
      flags & 1
        ? 'encrypted'
        : compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff
          ? 'zip64'
          : size > maxEntryBytes
            ? `larger than ${maxEntryBytes} bytes`
            : method !== 0 && method !== 8
              ? `compression method ${method}`
              : localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL
                ? 'corrupt local header'
                : undefined;
    if (problem) {
      entries.push({ name, data: undefined, problem });
      continue;
    }
    const start =
      localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
    const raw = bytes.subarray(start, start + compressedSize);
    try {
      entries.push({
        name,
        data: method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: maxEntryBytes }),
      });
    } catch (error) {
      entries.push({ name, data: undefined, problem: `cannot inflate: ${(error as Error).message}` });
    }
  }
  return entries;
}

const EMBEDDED_ZIP = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;

interface Scanner {
  needles: Buffer[][];
  limits: typeof DEFAULT_LIMITS;
  findings: SecretFinding[];
  unreadable: string[];
}

function scanBytes(label: string, bytes: Buffer, scanner: Scanner, depth: number): void {
  const found = scanner.needles.flatMap((forms, index) =>
    forms.some((needle) => bytes.includes(needle)) ? [index] : [],
  );
  if (found.length > 0) {
    scanner.findings.push({
      file: label,
      secretIndexes: found,
      secrets: found.map((index) => `secret #${index} (${scanner.needles[index]?.[0]?.length ?? 0} bytes)`),
    });
  }
  if (depth >= scanner.limits.maxZipDepth) return;
  const archives: { label: string; bytes: Buffer }[] = [];
  if (isZip(bytes)) archives.push({ label, bytes });
  else if (bytes.includes('data:application/zip;base64,')) {
    let embedded = 0;
    for (const match of bytes.toString('latin1').matchAll(EMBEDDED_ZIP)) {
      embedded += 1;
      archives.push({
        label: `${label}#embedded-zip-${embedded}`,
        bytes: Buffer.from(match[1] ?? '', 'base64'),
      });
    }
  }
  for (const archive of archives) {
    for (const entry of zipEntries(archive.bytes, scanner.limits.maxEntryBytes)) {
      const entryLabel = `${archive.label}!${entry.name}`;
      if (entry.data) scanBytes(entryLabel, entry.data, scanner, depth + 1);
      else scanner.unreadable.push(`${entryLabel}: ${entry.problem ?? 'unreadable'}`);
    }
  }
}

/**
 * Files under `dir` (recursively, symlinks not followed) containing any of `secrets`.
 * Throws if `dir` does not exist: an absent folder is not a clean one.
 */
export async function scanForSecrets(
  dir: string,
  secrets: readonly string[],
  limits: ScanLimits = {},
): Promise<SecretScan> {
  const scanner: Scanner = {
    needles: secrets.map((secret) => (secret.length > 0 ? needlesFor(secret) : [])),
    limits: { ...DEFAULT_LIMITS, ...limits },
    findings: [],
    unreadable: [],
  };
  if (!(await lstat(dir)).isDirectory()) throw new Error(`scanForSecrets: ${dir} is not a directory`);
  let scannedFiles = 0;
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(file);
      if (!entry.isFile()) continue;
      scannedFiles += 1;
      if (scannedFiles > scanner.limits.maxFiles) {
        throw new Error(
          `scanForSecrets: more than ${scanner.limits.maxFiles} files under ${dir}; raise maxFiles`,
        );
      }
      scanBytes(file, await readFile(file), scanner, 0);
    }
  }
  scanner.findings.sort((left, right) => left.file.localeCompare(right.file));
  return { scannedFiles, findings: scanner.findings, unreadable: scanner.unreadable };
}
