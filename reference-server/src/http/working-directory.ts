// legacy-serves-working-directory: the legacy dashboard as the customer's deployment runs it, a
// static file server over its working directory. The dataset lives elsewhere here (so only what a
// working directory adds is served): the API v1's SQLite database, the analytics cache (a gzipped
// pickle), Python sources, including one in a folder only its listing reveals, and listings in the
// format of Python's http.server. Every file is a stand-in written here: same kind, no real secret.
import { gzipSync } from 'node:zlib';

function sqliteStandIn(): Buffer {
  // The 100-byte SQLite header (page size 4096) on an otherwise empty first page.
  const page = Buffer.alloc(4096);
  page.write('SQLite format 3\0', 0, 'latin1');
  page.writeUInt16BE(4096, 16);
  return page;
}

function pickleStandIn(): Buffer {
  // Pickle protocol 4 framing an (empty) dict, then STOP: what `pickle.dumps({})` starts like.
  return gzipSync(Buffer.from([0x80, 0x04, 0x95, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x2e]));
}

const SETTINGS_SOURCE = `from dataclasses import dataclass
import os


@dataclass
class Settings:
    # stand-in planted by the reference server: the real file holds the secret defaults
    jwt_secret_key: str = os.environ.get('JWT_SECRET_KEY', 'reference-not-a-secret')


def get_settings() -> Settings:
    return Settings()
`;

const SCRIPT_SOURCE = `import json
import sys


def main() -> int:
    json.dump({'planted': 'reference server stand-in'}, sys.stdout)
    return 0
`;

/** The served files by path (folders are derived from them). */
const WORKING_DIRECTORY_FILES: ReadonlyMap<string, Buffer> = new Map([
  ['/data/app_v1.db', sqliteStandIn()],
  ['/.cache/analytics_index.pkl.gz', pickleStandIn()],
  ['/backend/app/core/config.py', Buffer.from(SETTINGS_SOURCE)],
  ['/ops/nightly_snapshot.py', Buffer.from(SCRIPT_SOURCE)],
]);

function folderEntries(folder: string): string[] {
  const entries = new Set<string>();
  for (const file of WORKING_DIRECTORY_FILES.keys()) {
    if (!file.startsWith(folder)) continue;
    const [first, ...rest] = file.slice(folder.length).split('/');
    if (first) entries.add(rest.length > 0 ? `${first}/` : first);
  }
  return [...entries].sort();
}

/** A listing as Python's http.server writes it. */
function listing(folder: string, entries: readonly string[]): string {
  const items = entries.map((name) => `<li><a href="${encodeURI(name)}">${name}</a></li>`).join('\n');
  return `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<title>Directory listing for ${folder}</title>\n</head>\n<body>\n<h1>Directory listing for ${folder}</h1>\n<hr>\n<ul>\n${items}\n</ul>\n<hr>\n</body>\n</html>\n`;
}

/** What the working directory answers for a path: a file, a listing, or nothing. */
export function workingDirectoryAnswer(path: string): { type: string; body: Buffer } | undefined {
  const file = WORKING_DIRECTORY_FILES.get(path);
  if (file) {
    const type = path.endsWith('.py')
      ? 'text/x-python'
      : path.endsWith('.gz')
        ? 'application/gzip'
        : 'application/octet-stream';
    return { type, body: file };
  }
  const folder = path.endsWith('/') ? path : `${path}/`;
  const entries = folderEntries(folder);
  if (entries.length === 0) return undefined;
  return { type: 'text/html; charset=utf-8', body: Buffer.from(listing(folder, entries)) };
}
