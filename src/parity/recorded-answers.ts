// Test support: the legacy answers recorded for the golden dataset, by case name (a fresh copy each
// time, so a test may change it).
import { readFileSync } from 'node:fs';

const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/golden/legacy_expected.json', import.meta.url), 'utf8'),
) as { case: string; response: unknown }[];

export function recordedAnswer<T>(name: string): T {
  const found = recorded.find((entry) => entry.case === name);
  if (!found) throw new Error(`no recorded case ${name}`);
  return structuredClone(found.response) as T;
}
