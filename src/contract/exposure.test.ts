import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classifyExposure, listedPaths } from './exposure.ts';

const text = (value: string) => new Uint8Array(Buffer.from(value, 'utf8'));

describe('exposure judged by content', () => {
  it('recognises a SQLite database, a gzip archive and a gzipped pickle by their magic bytes', () => {
    const sqlite = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)]);
    expect(classifyExposure(new Uint8Array(sqlite))).toBe('sqlite-database');
    expect(classifyExposure(new Uint8Array(gzipSync(Buffer.from('plain text'))))).toBe('gzip-archive');
    const pickle = Buffer.from([0x80, 0x04, 0x95, 0x00]);
    expect(classifyExposure(new Uint8Array(gzipSync(pickle)))).toBe('python-pickle');
  });

  it('recognises dotenv lines, Python source, a dataset header and config JSON', () => {
    expect(classifyExposure(text('# env\nJWT_SECRET_KEY=x\nDATABASE_URL=sqlite:///a.db\n'))).toBe(
      'dotenv-secrets',
    );
    expect(
      classifyExposure(text('\uFEFFimport csv\nfrom pathlib import Path\n\ndef main():\n  pass\n')),
    ).toBe('python-source');
    expect(classifyExposure(text('\uFEFFid_contrato,Fecha gestion,UN\n1,01/2025,X\n'))).toBe('dataset-csv');
    expect(classifyExposure(text('{"rules": []}'))).toBe('config-json');
  });

  it('recognises Python and nginx style directory listings', () => {
    const python =
      '<title>Directory listing for /data/</title><ul><li><a href="app_v1.db">app_v1.db</a></li></ul>';
    expect(classifyExposure(text(python))).toBe('directory-listing');
    expect(classifyExposure(text('<h1>Index of /data/</h1><a href="x.json">x.json</a>'))).toBe(
      'directory-listing',
    );
  });

  it('does not count an ordinary page, an error body, prose or an empty body', () => {
    expect(classifyExposure(text('<!DOCTYPE html><html><body>Cobranzas BI</body></html>'))).toBeUndefined();
    expect(classifyExposure(text('{"error_code":"NOT_FOUND","message":"x"}'))).toBeUndefined();
    expect(classifyExposure(text('KEY=VALUE and then some prose\nthat is not dotenv'))).toBeUndefined();
    expect(classifyExposure(text('from here on, import nothing'))).toBeUndefined();
    expect(classifyExposure(new Uint8Array())).toBeUndefined();
  });

  it('follows a listing only below the listed folder', () => {
    const html =
      '<a href="app_v1.db">a</a><a href="../">up</a><a href="/data/x.json">x</a>' +
      '<a href="http://elsewhere.example/y">y</a><a href="?C=N">sort</a><a href="sub/">sub</a>';
    expect(listedPaths('/data/', html)).toEqual(['/data/app_v1.db', '/data/sub/', '/data/x.json']);
    expect(listedPaths('/.cache', '<a href="analytics_index.pkl.gz">i</a>')).toEqual([
      '/.cache/analytics_index.pkl.gz',
    ]);
  });
});
