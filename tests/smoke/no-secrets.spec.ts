import type { FullConfig } from '@playwright/test';
import { SECRET_VARIABLES } from '../../src/config.ts';
import { RUNBOOK_FILTERS } from '../../src/contract/filters.ts';
import { describeFindings, scanRunArtifacts } from '../../src/evidence/scan-run.ts';
import { appendJsonLine } from '../../src/evidence/writer.ts';
import { credentialsFor, expect, test } from '../../src/fixtures.ts';

// Style rule 9, "Secrets stay out": tokens and passwords never reach evidence, reports or traces.
// This test sees what exists while the run is going (the evidence and HTML report of a run are
// written at its end, so here they are the previous run's). The run's real artifacts are scanned
// after the run by the last reporter (src/reporting/secrets-reporter.ts), which fails the run on a
// finding; the self-test runner scans all its runs' artifacts the same way.

/** Folders the reporters of this configuration write to: the HTML report's folder. */
function reportFolders(reporters: FullConfig['reporter']): string[] {
  const folders: string[] = [];
  for (const entry of reporters) {
    // Each entry is [name] or [name, options]; only the options matter here.
    const [name, options]: readonly unknown[] = entry;
    if (typeof options === 'object' && options !== null && 'outputFolder' in options) {
      const folder = options.outputFolder;
      if (typeof folder === 'string') folders.push(folder);
    } else if (name === 'html') {
      folders.push(process.env.PLAYWRIGHT_HTML_OUTPUT_DIR ?? 'playwright-report');
    }
  }
  return folders;
}

test.describe('no secrets in the artifacts', { tag: ['@smoke', '@runbook-T0'] }, () => {
  test('the evidence and report folders hold none of the tokens issued to this worker nor any password', async ({
    asAdmin,
    sessions,
    suiteConfig,
    evidence,
  }, testInfo) => {
    await test.step('log in as admin and make an authenticated call', async () => {
      await asAdmin.portfolioSummary(RUNBOOK_FILTERS);
    });
    // An artifact of our own, written the way the suite writes evidence lines (redacted), so the scan
    // always has this run's output to read, and the redaction itself is checked.
    const { password } = credentialsFor(suiteConfig, 'admin');
    const pair = await test.step("record the run's admin login answer as an evidence line", async () => {
      const answer = await sessions.loginAnswer('admin');
      await appendJsonLine(testInfo.outputPath('login-answer.jsonl'), { login: answer }, [password]);
      return answer;
    });
    const tokens = [...sessions.issuedTokens(), pair.access_token, pair.refresh_token];

    const labels = [...tokens.map((_, index) => `issued token #${index}`), ...SECRET_VARIABLES];
    const secrets = [...tokens, ...SECRET_VARIABLES.map((name) => suiteConfig[name])];
    const folders = [
      suiteConfig.EVIDENCE_DIR,
      testInfo.project.outputDir,
      ...reportFolders(testInfo.config.reporter),
    ];
    const scan = await test.step(`scan ${folders.join(', ')}`, () => scanRunArtifacts(folders, secrets));
    const found = scan.findings.map(
      (finding) => `${finding.file}: ${finding.secretIndexes.map((index) => labels[index]).join(', ')}`,
    );
    await evidence('scan', {
      scanned: scan.scanned,
      absent_so_far: scan.absent,
      scanned_files: scan.scannedFiles,
      tokens_looked_for: tokens.length,
      passwords_looked_for: [...SECRET_VARIABLES],
      findings: found,
      unreadable: scan.unreadable,
    });
    expect(
      scan.scannedFiles,
      `the run's own artifact was not scanned (${folders.join(', ')})`,
    ).toBeGreaterThan(0);
    expect(found, `secrets found in the artifacts:\n${describeFindings(scan).join('\n')}`).toEqual([]);
    expect(scan.unreadable, 'artifact entries that could not be searched').toEqual([]);
  });
});
