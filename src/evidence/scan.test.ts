import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from './scan.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWV3ZXIifQ.abc_DEF-123';
const PASSWORD = 'pa"ss word';

/** A minimal zip (what Playwright's traces and report data are): deflate or stored entries. */
function makeZip(entries: { name: string; data: Buffer; method?: 0 | 8; flags?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, method = 8, flags = 0 } of entries) {
    const nameBytes = Buffer.from(name);
    const body = method === 8 ? deflateRawSync(data) : data;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function artifacts(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'artifacts-'));
  mkdirSync(path.join(dir, 'evidence', 'deep'), { recursive: true });
  writeFileSync(path.join(dir, 'evidence', 'clean.json'), '{"verdict":"pass","token":"[REDACTED]"}');
  return dir;
}

describe('scanForSecrets', () => {
  it('finds nothing in clean artifacts and says how many files it read', async () => {
    const dir = artifacts();
    expect(await scanForSecrets(dir, [TOKEN, PASSWORD])).toEqual({
      scannedFiles: 1,
      findings: [],
      unreadable: [],
    });
  });

  it('lists files holding a secret as written, JSON-escaped or URL-encoded, without printing it', async () => {
    const dir = artifacts();
    writeFileSync(path.join(dir, 'evidence', 'deep', 'log.txt'), `Authorization: Bearer ${TOKEN}`);
    writeFileSync(path.join(dir, 'evidence', 'body.json'), JSON.stringify({ password: PASSWORD }));
    writeFileSync(path.join(dir, 'url.txt'), `/login?p=${encodeURIComponent(PASSWORD)}`);
    const scan = await scanForSecrets(dir, [TOKEN, PASSWORD]);
    expect(scan.scannedFiles).toBe(4);
    expect(scan.findings).toEqual([
      {
        file: path.join(dir, 'evidence', 'body.json'),
        secretIndexes: [1],
        secrets: ['secret #1 (10 bytes)'],
      },
      {
        file: path.join(dir, 'evidence', 'deep', 'log.txt'),
        secretIndexes: [0],
        secrets: ['secret #0 (55 bytes)'],
      },
      { file: path.join(dir, 'url.txt'), secretIndexes: [1], secrets: ['secret #1 (10 bytes)'] },
    ]);
    expect(JSON.stringify(scan)).not.toContain(TOKEN);
  });

  it('opens zip archives, zips inside zips, and zips embedded in HTML as base64', async () => {
    const dir = artifacts();
    const trace = makeZip([
      {
        name: 'trace.network',
        data: Buffer.from(`{"headers":[{"name":"authorization","value":"Bearer ${TOKEN}"}]}`),
      },
    ]);
    writeFileSync(path.join(dir, 'trace.zip'), trace);
    writeFileSync(path.join(dir, 'outer.zip'), makeZip([{ name: 'data/inner.zip', data: trace, method: 0 }]));
    const reportZip = makeZip([{ name: 'report.json', data: Buffer.from(`{"stdout":"${TOKEN}"}`) }]);
    writeFileSync(
      path.join(dir, 'index.html'),
      `<html><template id="playwrightReportBase64">data:application/zip;base64,${reportZip.toString('base64')}</template></html>`,
    );
    const scan = await scanForSecrets(dir, [TOKEN]);
    expect(scan.findings.map((finding) => path.relative(dir, finding.file)).sort()).toEqual([
      'index.html#embedded-zip-1!report.json',
      'outer.zip!data/inner.zip!trace.network',
      'trace.zip!trace.network',
    ]);
    expect(scan.unreadable).toEqual([]);
  });

  it('reports zip entries it cannot read instead of counting them clean', async () => {
    const dir = artifacts();
    writeFileSync(
      path.join(dir, 'locked.zip'),
      makeZip([{ name: 'secret.txt', data: Buffer.from('x'), flags: 1 }]),
    );
    const scan = await scanForSecrets(dir, [TOKEN]);
    expect(scan.unreadable).toEqual([`${path.join(dir, 'locked.zip')}!secret.txt: encrypted`]);
  });

  it('refuses a missing folder and stops beyond the file limit', async () => {
    await expect(scanForSecrets(path.join(artifacts(), 'absent'), [TOKEN])).rejects.toThrow(/ENOENT/);
    const dir = artifacts();
    writeFileSync(path.join(dir, 'a.txt'), 'a');
    await expect(scanForSecrets(dir, [TOKEN], { maxFiles: 1 })).rejects.toThrow(/more than 1 files/);
  });

  it('ignores empty secrets', async () => {
    expect((await scanForSecrets(artifacts(), [''])).findings).toEqual([]);
  });
});
