// Listed last among the reporters: once the others have written the run's real artifacts (HTML
// report, JUnit, JSON, evidence records, test output and attachments, the cutover lines), scans
// them for a token or a password and fails the run when it finds one, naming the file and which
// secret (never its text). Tokens are found by the header every HS256 JWT of the target starts with
// (src/evidence/scan-run.ts), so any token, issued to any worker, is caught without knowing it.
import path from 'node:path';
import type { FullConfig, FullResult, Reporter } from '@playwright/test/reporter';
import { loadConfig, SECRET_VARIABLES } from '../config.ts';
import { describeFindings, jwtHeaderMarker, scanRunArtifacts } from '../evidence/scan-run.ts';

/** The header the reference server and the customer's system (PyJWT) put on their HS256 tokens. */
const TOKEN_MARKER = jwtHeaderMarker({ alg: 'HS256', typ: 'JWT' });

/** Folders the run writes to: project output, reporters' folders and files, evidence, cutover lines. */
function runArtifactFolders(config: FullConfig, suite: ReturnType<typeof loadConfig>): string[] {
  const folders = config.projects.map((project) => project.outputDir);
  for (const [, options] of config.reporter) {
    if (typeof options !== 'object' || options === null) continue;
    if ('outputFolder' in options && typeof options.outputFolder === 'string')
      folders.push(options.outputFolder);
    if ('outputFile' in options && typeof options.outputFile === 'string')
      folders.push(path.dirname(options.outputFile));
  }
  return [...folders, suite.EVIDENCE_DIR, path.dirname(suite.CUTOVER_OUT_FILE)];
}

/** What the scan of `folders` found: one line per leak or unreadable entry; empty = clean. */
async function secretsInArtifacts(
  folders: readonly string[],
  secrets: readonly string[],
): Promise<{ problems: string[]; scannedFiles: number; scanned: string[] }> {
  const scan = await scanRunArtifacts(folders, secrets);
  return {
    problems: [
      ...describeFindings(scan),
      ...scan.unreadable.map((entry) => `${entry}: could not be searched`),
    ],
    scannedFiles: scan.scannedFiles,
    scanned: scan.scanned,
  };
}

export default class SecretsScanReporter implements Reporter {
  private folders: string[] = [];

  /** `folders`: scan these instead of the run's own (unit tests). */
  constructor(private readonly options: { folders?: string[] } = {}) {}

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig): void {
    this.folders = this.options.folders ?? runArtifactFolders(config, loadConfig());
  }

  async onEnd(_result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    const config = loadConfig();
    const secrets = [TOKEN_MARKER, ...SECRET_VARIABLES.map((name) => config[name])];
    const labels = ['a token (HS256 JWT)', ...SECRET_VARIABLES];
    const { problems, scannedFiles, scanned } = await secretsInArtifacts(this.folders, secrets);
    if (problems.length === 0) {
      process.stdout.write(
        `== Secrets in the run's artifacts: none (${scannedFiles} files in ${scanned.join(', ')})\n`,
      );
      return undefined;
    }
    process.stdout.write(
      `== SECRETS IN THE RUN'S ARTIFACTS (the run fails; secret #0 is ${labels[0]}, #1.. are ${labels.slice(1).join(', ')}):\n`,
    );
    for (const line of problems) process.stdout.write(`   - ${line}\n`);
    return { status: 'failed' };
  }
}
