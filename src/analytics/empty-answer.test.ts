import { describe, expect, it } from 'vitest';
import { ContractError } from '../clients/expect-ok.ts';
import { fakeTransport } from '../clients/fake-transport.ts';
import { createReply } from '../clients/transport.ts';
import type { BrokersSummary } from '../contract/v1.ts';
import type { AnySummary } from '../parity/invariants.ts';
import { recordedAnswer } from '../parity/recorded-answers.ts';
import { emptyAnswerProblem, requireData } from './empty-answer.ts';

const legacy = recordedAnswer<BrokersSummary>('brokers_2026_all');
const emptyV1: AnySummary = { endpoint: 'brokers', payload: { ...legacy, rows: [] } };
const v1Reply = createReply({
  status: 200,
  headers: { 'x-trace-id': 't-9' },
  body: JSON.stringify(emptyV1.payload),
  url: 'http://api.test/api/v1/analytics/brokers/summary',
  method: 'POST',
});
const SAID = `POST /api/v1/analytics/brokers/summary -> HTTP 200 (trace_id t-9) for {}: 0 rows, the legacy answers ${legacy.rows.length} for the same filters`;

describe('an empty v1 summary the checks build on', () => {
  it("fails as a contract error in the baselines test's words, with the legacy's count", async () => {
    const { transport, sent } = fakeTransport([{ json: legacy }]);
    const failure = await requireData(v1Reply, emptyV1, {}, transport, 'http://legacy.test').catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ContractError);
    expect((failure as ContractError).message).toBe(SAID);
    expect((failure as ContractError).facts).toMatchObject({ status: 200, traceId: 't-9' });
    // The legacy is asked the same filters, at its own brokers route.
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST http://legacy.test/api/brokers/summary',
    ]);
    // The same sentence the baselines test reports.
    const again = fakeTransport([{ json: legacy }]);
    expect(await emptyAnswerProblem(v1Reply, emptyV1, {}, again.transport, 'http://legacy.test')).toBe(SAID);
  });

  it('says so when the legacy cannot be asked', async () => {
    const { transport } = fakeTransport([{ status: 503, json: {} }]);
    await expect(requireData(v1Reply, emptyV1, {}, transport, 'http://legacy.test')).rejects.toThrow(
      'for {}: an empty brokers summary (the legacy could not be asked for the same filters)',
    );
  });

  it('passes a summary with rows without asking the legacy', async () => {
    const { transport, sent } = fakeTransport();
    await requireData(v1Reply, { endpoint: 'brokers', payload: legacy }, {}, transport, 'http://legacy.test');
    expect(sent).toEqual([]);
  });
});
