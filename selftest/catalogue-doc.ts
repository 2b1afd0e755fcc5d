// docs/fault-catalogue.md is generated from the catalogue (`npm run docs:faults`); a unit test keeps
// the two in step, so the document never names a test that no longer catches the fault.
import { writeFileSync } from 'node:fs';
import { FAULTS } from '../reference-server/src/faults.ts';
import { TEST_EXEMPTIONS } from './catalogue/exemptions.ts';
import { CATALOGUE } from './catalogue.ts';
import { listSuiteTests, type SuiteTest } from './suite-tests.ts';

/** Defects the customer's real system had (issues and runbook history), flagged in the document. */
const REAL_SYSTEM_DEFECTS: Record<string, string> = {
  'commission-factor-ignored': 'v1 read a `rate` key instead of `factor`: every commission came out 0',
  'brokers-montocuota-from-debt': 'v1 summed the cartera debt instead of the contract instalment',
  'fake-pdf': 'the PDF export was plain text sent as application/pdf',
  'legacy-serves-raw-files': 'the legacy dashboard is a static file server rooted at its data folder',
  'legacy-returns-nothing-comparable': 'the old parity script reported "ok" when nothing was comparable',
};

export const FAULT_CATALOGUE_DOC = 'docs/fault-catalogue.md';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderCatalogue(tests: SuiteTest[]): string {
  const lines = [
    '# Fault catalogue',
    '',
    'Generated from `selftest/catalogue/*.ts` by `npm run docs:faults`; do not edit by hand.',
    '',
    'Each fault is a defect the reference server can plant (`--faults name` or `REFERENCE_FAULTS`).',
    '`npm run selftest` runs the named tests against it (only those, in the listed gates; with the',
    'setup and teardown projects only for an entry naming one of their tests) and checks that each',
    'test named to catch it fails on a check, saying what the fault does (the pattern under "failure',
    'says", read in the whole failure message), and each test named to survive it passes; a',
    "**boundary** plants a harmless deviation and runs its gates' tests (but those tagged",
    '`@target-independent`, which never load the target), which must stay green. Faults marked',
    "**real system** are defects the customer's own system had.",
    '',
    '| fault | kind | gate | test that catches it | what an operator sees | real system |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const entry of CATALOGUE) {
    const names = entry.fault.split(',');
    const description = names
      .map((name) => FAULTS[name as keyof typeof FAULTS]?.description ?? '')
      .join('; ');
    const real = names
      .map((name) => REAL_SYSTEM_DEFECTS[name])
      .filter(Boolean)
      .join('; ');
    lines.push(
      `| \`${entry.fault}\` | ${entry.kind} | ${entry.projects.join(', ')} | ${entry.mustFail.map((title) => `"${cell(title)}"`).join('<br>') || '(must stay green)'}${entry.failsWith ? `<br>failure says: \`${cell(String(entry.failsWith))}\`` : ''}${(entry.mustPass ?? []).map((title) => `<br>must still pass: "${cell(title)}"`).join('')} | ${cell(entry.symptom)}${description ? ` — planted: ${cell(description)}` : ''} | ${cell(real)} |`,
    );
  }
  lines.push(
    '',
    '## Coverage: every test and what shows it can fail',
    '',
    'Each test of the suite (`npx playwright test --list`, the cutover project included) with the faults',
    'whose run must see it fail on an assertion or a contract check, or the reason no fault names it',
    '(`selftest/catalogue/exemptions.ts`). A unit test keeps this table complete.',
    '',
    '| gate | file | test | faults that fail it / reason for no fault |',
    '| --- | --- | --- | --- |',
  );
  for (const test of tests) {
    const faults = CATALOGUE.filter((entry) => entry.mustFail.includes(test.title)).map(
      (entry) => `\`${entry.fault}\``,
    );
    const coverage =
      faults.length > 0 ? faults.join(', ') : `exempt: ${TEST_EXEMPTIONS[test.title] ?? 'NONE'}`;
    lines.push(`| ${test.project} | ${test.file} | ${cell(test.title)} | ${cell(coverage)} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1]?.endsWith('catalogue-doc.ts')) {
  writeFileSync(FAULT_CATALOGUE_DOC, renderCatalogue(listSuiteTests()));
  process.stdout.write(`wrote ${FAULT_CATALOGUE_DOC} (${CATALOGUE.length} entries)\n`);
}
