import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { base64Forms, describeFindings, jwtHeaderMarker, scanRunArtifacts } from './scan-run.ts';

// base64url('{"alg":"HS256","typ":"JWT"}'), worked out by hand from the bytes.
const HS256_JWT_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
const TOKEN = `${HS256_JWT_HEADER}.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl`;
const OTHER_TOKEN = `${HS256_JWT_HEADER}.eyJzdWIiOiJ2aWV3ZXIifQ.b3RoZXItc2ln`;
const PASSWORD = 'admin123';

function runFolders(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'run-'));
  mkdirSync(path.join(root, 'evidence'), { recursive: true });
  mkdirSync(path.join(root, 'test-output', 'a-test'), { recursive: true });
  writeFileSync(path.join(root, 'evidence', 'smoke.json'), '{"verdict":"pass"}');
  writeFileSync(path.join(root, 'test-output', 'a-test', 'error-context.md'), '# nothing secret');
  return root;
}

describe('jwtHeaderMarker', () => {
  it('encodes a protected header as the first segment of the tokens it starts', () => {
    expect(jwtHeaderMarker({ alg: 'HS256', typ: 'JWT' })).toBe(`${HS256_JWT_HEADER}.`);
  });
});

describe('base64Forms', () => {
  it('gives the secret-only part of its encoding at each byte alignment, in base64 and base64url', () => {
    // "admin123" = 61 64 6d 69 6e 31 32 33. Aligned: "YWRtaW4xMjM=" -> the 8 characters of the two
    // whole groups. One byte before it: 00 61 64 | 6d 69 6e | 31 32 33 -> "AGFk bWlu MTIz": without
    // the first two characters "FkbWluMTIz". Two bytes before: 00 00 61 | 64 6d 69 | 6e 31 32 | 33 ->
    // "AABh ZG1p bjEy": without the first three "hZG1pbjEy".
    expect(base64Forms('admin123')).toEqual(['YWRtaW4x', 'FkbWluMTIz', 'hZG1pbjEy']);
    expect(base64Forms('short')).toEqual([]);
    expect(base64Forms('\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff')).toContain('w7/Dv8O/w7/Dv8O/');
    expect(base64Forms('\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff')).toContain('w7_Dv8O_w7_Dv8O_');
  });
});

describe('scanRunArtifacts', () => {
  it('scans every existing folder once (nested ones inside the outer scan), lists absent ones', async () => {
    const root = runFolders();
    const scan = await scanRunArtifacts(
      [path.join(root, 'evidence'), root, path.join(root, 'test-output'), path.join(root, 'html')],
      [TOKEN, PASSWORD],
    );
    expect(scan).toEqual({
      scanned: [root],
      absent: [path.join(root, 'html')],
      scannedFiles: 2,
      findings: [],
      unreadable: [],
    });
  });

  it('finds a password and, through the header marker, a token nobody told it about', async () => {
    const root = runFolders();
    writeFileSync(path.join(root, 'test-output', 'a-test', 'stdout.txt'), `login admin/${PASSWORD}`);
    writeFileSync(
      path.join(root, 'evidence', 'perf.json'),
      JSON.stringify({ header: `Bearer ${OTHER_TOKEN}` }),
    );
    const scan = await scanRunArtifacts(
      [path.join(root, 'evidence'), path.join(root, 'test-output')],
      [PASSWORD, jwtHeaderMarker({ alg: 'HS256', typ: 'JWT' })],
    );
    expect(scan.scanned).toEqual([path.join(root, 'evidence'), path.join(root, 'test-output')]);
    expect(
      scan.findings.map((finding) => [path.relative(root, finding.file), finding.secretIndexes]),
    ).toEqual([
      [path.join('evidence', 'perf.json'), [1]],
      [path.join('test-output', 'a-test', 'stdout.txt'), [0]],
    ]);
    const lines = describeFindings(scan);
    expect(lines).toEqual([
      `${path.join(root, 'evidence', 'perf.json')}: secret #1 (37 bytes)`,
      `${path.join(root, 'test-output', 'a-test', 'stdout.txt')}: secret #0 (8 bytes)`,
    ]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('finds a secret inside a base64 attachment body, as Playwright reports keep them', async () => {
    const root = runFolders();
    for (const prefix of ['', 'x', 'xy']) {
      const body = Buffer.from(`${prefix}{"headers":{"authorization":"Bearer ${TOKEN}"}}`).toString('base64');
      writeFileSync(
        path.join(root, `report-${prefix.length}.json`),
        JSON.stringify({ attachments: [{ body }] }),
      );
    }
    const scan = await scanRunArtifacts([root], [PASSWORD, TOKEN]);
    expect(scan.findings.map((finding) => [path.basename(finding.file), finding.secrets])).toEqual([
      ['report-0.json', ['secret #1 (70 bytes) as base64']],
      ['report-1.json', ['secret #1 (70 bytes) as base64']],
      ['report-2.json', ['secret #1 (70 bytes) as base64']],
    ]);
  });

  it('with no folder present scans nothing and says so', async () => {
    const root = runFolders();
    const scan = await scanRunArtifacts([path.join(root, 'absent')], [PASSWORD]);
    expect(scan).toEqual({
      scanned: [],
      absent: [path.join(root, 'absent')],
      scannedFiles: 0,
      findings: [],
      unreadable: [],
    });
  });
});
