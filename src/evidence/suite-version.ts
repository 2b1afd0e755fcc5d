// The suite version every evidence record carries: package.json's version, read once.
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** package.json's version ('unknown' when it names none). */
export function suiteVersion(): string {
  if (version === undefined) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const parsed: unknown = JSON.parse(text);
    const found =
      typeof parsed === 'object' && parsed !== null && 'version' in parsed ? String(parsed.version) : '';
    version = found === '' ? 'unknown' : found;
  }
  return version;
}
