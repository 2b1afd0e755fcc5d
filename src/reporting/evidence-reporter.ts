// Writes EVIDENCE_DIR/<gate>.json for every gate (Playwright project) of a run: what was checked,
// against what, the figures the tests attached (`evidence:<name>`), the verdict and its reasons.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { loadConfig, SECRET_VARIABLES } from '../config.ts';
import type { EvidenceRecord } from '../evidence/record.ts';
import { suiteVersion } from '../evidence/suite-version.ts';
import { writeEvidence } from '../evidence/writer.ts';
import { resolveTarget } from '../targets/resolve.ts';
import { INCONCLUSIVE_ANNOTATION, skipReason } from './annotations.ts';
import { type GateTests, gateVerdict, resultKind } from './gate-verdict.ts';

interface GateRun extends GateTests {
  startedAt: string;
  figures: Record<string, unknown>;
}

export default class EvidenceReporter implements Reporter {
  private readonly gates = new Map<string, GateRun>();

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const gate = test.parent.project()?.name ?? 'unknown';
    let run = this.gates.get(gate);
    if (!run) {
      run = {
        startedAt: result.startTime.toISOString(),
        checked: [],
        figures: {},
        failures: [],
        inconclusive: [],
        excluded: [],
      };
      this.gates.set(gate, run);
    }
    const title = test.titlePath().slice(3).join(' > ') || test.title;
    const kind = resultKind(result.status, test.annotations);
    run.checked.push(`${title}: ${kind === 'inconclusive' ? 'inconclusive' : result.status}`);
    if (kind === 'excluded') {
      const reason = skipReason(test.annotations);
      run.excluded.push(`${title} excluded${reason ? `: ${reason}` : ''}`);
    } else if (kind === 'failed') {
      const firstLine = (result.error?.message ?? result.status).split('\n')[0] ?? result.status;
      run.failures.push(`${title}: ${firstLine}`);
    } else if (kind === 'inconclusive') {
      for (const annotation of test.annotations) {
        if (annotation.type === INCONCLUSIVE_ANNOTATION)
          run.inconclusive.push(`${title}: ${annotation.description ?? ''}`);
      }
    }
    for (const attachment of result.attachments) {
      if (!attachment.name.startsWith('evidence:') || !attachment.body) continue;
      try {
        run.figures[`${title} / ${attachment.name.slice('evidence:'.length)}`] = JSON.parse(
          attachment.body.toString('utf8'),
        );
      } catch {
        run.figures[`${title} / ${attachment.name}`] = '(unparseable attachment)';
      }
    }
  }

  async onEnd(_result: FullResult): Promise<void> {
    const config = loadConfig();
    let target: EvidenceRecord['target'];
    try {
      target = resolveTarget(config);
    } catch {
      target = { mode: config.TARGET, apiBase: config.API_V1_BASE, legacyBase: config.LEGACY_BASE };
    }
    const secrets = SECRET_VARIABLES.map((name) => config[name]);
    for (const [gate, run] of this.gates) {
      const { verdict, reasons } = gateVerdict(run);
      const record: EvidenceRecord = {
        gate: `${config.EVIDENCE_PREFIX}${gate}`,
        suiteVersion: suiteVersion(),
        target: {
          mode: target.mode,
          apiBase: target.apiBase,
          legacyBase: target.legacyBase,
          ...(target.dataset ? { dataset: target.dataset } : {}),
        },
        checked: run.checked,
        figures: { ...run.figures, ...(run.excluded.length > 0 ? { excluded: run.excluded } : {}) },
        verdict,
        reasons,
        startedAt: run.startedAt,
        finishedAt: new Date().toISOString(),
      };
      await writeEvidence(config.EVIDENCE_DIR, record, secrets);
    }
  }
}
