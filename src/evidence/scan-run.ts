/**
 * Scan the artifacts of a whole run (evidence folder, Playwright output and report folders) for
 * secrets: scanForSecrets over every folder that exists, folders nested in another listed one scanned
 * once, absent folders listed (an absent folder is reported, never counted as clean).
 *
 * Playwright's JSON and HTML reports keep attachment bodies as base64, where a byte search for the
 * secret sees nothing: every secret is therefore also searched in its base64 and base64url forms
 * (the part of the encoding fixed by the secret alone, at each of the three byte alignments).
 *
 * Who calls it: the in-run smoke test (tests/smoke/no-secrets.spec.ts) with the tokens its worker
 * was issued, and the self-test runner after a complete run, which no longer knows the tokens: it
 * passes `jwtHeaderMarker(...)` of the target's tokens, which every token that target issued
 * starts with, so any of them in any artifact is found without knowing it.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { type ScanLimits, type SecretFinding, scanForSecrets } from './scan.ts';

export interface RunArtifactScan {
  /** Folders scanned (absolute), outermost only. */
  readonly scanned: string[];
  /** Folders asked for that do not exist (yet). */
  readonly absent: string[];
  readonly scannedFiles: number;
  readonly findings: SecretFinding[];
  readonly unreadable: string[];
}

/**
 * The first segment of a JWT with this protected header, and its dot: e.g. the reference server's
 * `{ alg: 'HS256', typ: 'JWT' }` -> `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.`. Key order matters (the
 * header is encoded as the issuer serialised it).
 */
export function jwtHeaderMarker(header: Readonly<Record<string, string>>): string {
  return `${Buffer.from(JSON.stringify(header), 'utf8').toString('base64url')}.`;
}

/** Shorter encoded cores would match by chance. */
const MIN_ENCODED_CORE = 8;

/**
 * The substrings every base64 (and base64url) encoding of a text containing `secret` holds, one per
 * byte alignment: the characters that depend on the secret's bytes only.
 */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>();
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Leading characters mix in the alignment bytes; trailing ones the bytes that follow.
    const start = [0, 2, 3][offset] ?? 0;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    const core = encoded.slice(start, end);
    if (core.length < MIN_ENCODED_CORE) continue;
    forms.add(core);
    forms.add(core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...forms];
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await lstat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function inside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Every existing folder of `dirs` scanned once for `secrets` (see the module comment). */
export async function scanRunArtifacts(
  dirs: readonly string[],
  secrets: readonly string[],
  limits: ScanLimits = {},
): Promise<RunArtifactScan> {
  const resolved = [...new Set(dirs.map((dir) => path.resolve(dir)))];
  const absent: string[] = [];
  const present: string[] = [];
  for (const dir of resolved) {
    if (await isDirectory(dir)) present.push(dir);
    else absent.push(dir);
  }
  const outermost = present.filter((dir) => !present.some((other) => other !== dir && inside(dir, other)));
  // Every needle remembers the secret it stands for and whether it is an encoded form.
  const needles: { text: string; secret: number; encoded: boolean }[] = [];
  secrets.forEach((secret, index) => {
    if (secret === '') return;
    needles.push({ text: secret, secret: index, encoded: false });
    for (const form of base64Forms(secret)) needles.push({ text: form, secret: index, encoded: true });
  });
  let scannedFiles = 0;
  const findings: SecretFinding[] = [];
  const unreadable: string[] = [];
  for (const dir of outermost.sort()) {
    const scan = await scanForSecrets(
      dir,
      needles.map((needle) => needle.text),
      limits,
    );
    scannedFiles += scan.scannedFiles;
    unreadable.push(...scan.unreadable);
    for (const finding of scan.findings) {
      const hits = finding.secretIndexes.flatMap((index) => {
        const needle = needles[index];
        return needle ? [needle] : [];
      });
      const indexes = [...new Set(hits.map((hit) => hit.secret))].sort((a, b) => a - b);
      findings.push({
        file: finding.file,
        secretIndexes: indexes,
        secrets: indexes.map((index) => {
          const plain = hits.some((hit) => hit.secret === index && !hit.encoded);
          const bytes = Buffer.byteLength(secrets[index] ?? '', 'utf8');
          return `secret #${index} (${bytes} bytes)${plain ? '' : ' as base64'}`;
        }),
      });
    }
  }
  return { scanned: outermost, absent, scannedFiles, findings, unreadable };
}

/** One line per finding, naming the file and which secret (by index and length, never its text). */
export function describeFindings(scan: RunArtifactScan): string[] {
  return scan.findings.map((finding) => `${finding.file}: ${finding.secrets.join(', ')}`);
}
